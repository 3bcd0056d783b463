// `studio-box ingest` in-process: arguments, messages and exit codes. (The crash tests run it
// as a separate process.)
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ingestCommand, type IngestIo } from '../../src/cli/ingest-command.js';
import { bootId } from '../../src/ingest/ingest-lock.js';
import { IngestService } from '../../src/ingest/ingest-service.js';
import { loadConfig } from '../../src/config.js';
import { addCustomer, rawLike, Scratch, silentLog, testDb, writeTree } from './engine-helpers.js';

const scratch = new Scratch('sb-ingest-cli-');
afterAll(() => scratch.cleanup());

function io(dataDir: string, disks: { library: string; backup: string }) {
  let out = '';
  let err = '';
  const value: IngestIo = {
    config: loadConfig({ env: {}, overrides: { dataDir, disks: { library: { path: disks.library }, backup: { path: disks.backup } } } }),
    stdout: { write: (s: string) => ((out += s), true) } as unknown as IngestIo['stdout'],
    stderr: { write: (s: string) => ((err += s), true) } as unknown as IngestIo['stderr'],
    log: silentLog,
    plainProgressMs: 0,
  };
  return { io: value, out: () => out, err: () => err };
}

describe('studio-box ingest', () => {
  const dataDir = scratch.folder('data');
  const disks = { library: scratch.folder('library'), backup: scratch.folder('backup') };
  const card = scratch.folder('card');
  writeTree(card, { '100CANON': { 'IMG_0001.CR2': rawLike(300_000), 'IMG_0002.CR2': rawLike(300_000) } });
  const db = testDb(join(dataDir, 'studio-box.db'));
  const id = addCustomer(db, 'C000123', 'Nguyễn Thị Lan');
  afterAll(() => db.close());

  it('copies a card for a customer given by number, with progress lines and a summary', async () => {
    const t = io(dataDir, disks);
    expect(await ingestCommand({ from: card, customer: 'c000123', order: 'Album 2026' }, t.io)).toBe(0);
    expect(t.out()).toMatch(/^ingest: 2 files \(0\.6 MB\) from .*card into "C000123 Nguyễn Thị Lan\/Album 2026\/originals"$/m);
    expect(t.out()).toMatch(/^(copying|verifying) /m);
    expect(t.out()).toMatch(/^done: 2 new files copied to library and backup, verified; 0 were already there\. Safe to remove the card\.$/m);
    expect(t.err()).toBe('');
    // Again, by id: nothing copied.
    const again = io(dataDir, disks);
    expect(await ingestCommand({ from: card, customer: String(id), order: 'Album 2026' }, again.io)).toBe(0);
    expect(again.out()).toMatch(/done: 0 new files copied to library and backup, verified; 2 were already there/);
  });

  it('never skips on path, size and time alone: another card whose file has all three but other bytes is copied (CLI and daemon alike)', async () => {
    const other = scratch.folder('other-card');
    // Same names and sizes as `card`, same mtimes (writeTree gives each n-th file the same time), other bytes.
    writeTree(other, { '100CANON': { 'IMG_0001.CR2': rawLike(300_000), 'IMG_0002.CR2': rawLike(300_000) } });
    const t = io(dataDir, disks);
    expect(await ingestCommand({ from: other, customer: 'C000123', order: 'Album 2026' }, t.io)).toBe(0);
    expect(t.out()).toMatch(/done: 2 new files copied to library and backup, verified; 0 were already there\. Safe to remove the card\./);
    const stored = db.prepare('SELECT COUNT(*) AS n FROM ingest_files WHERE customer_id = ?').get(id) as { n: number };
    expect(stored.n).toBe(4);
    // The daemon's engine takes the same rule: a third card, same identities again, other bytes.
    const third = scratch.folder('third-card');
    writeTree(third, { '100CANON': { 'IMG_0001.CR2': rawLike(300_000), 'IMG_0002.CR2': rawLike(300_000) } });
    const s = new IngestService({ db, clock: () => new Date('2026-11-23T03:00:00Z'), log: silentLog, libraryRoot: disks.library, backupRoot: disks.backup, timeZone: () => 'UTC' });
    await s.start();
    const job = await s.waitForJob((await s.startJob({ sourceRoot: third, customerId: id, orderLabel: 'Album 2026' })).id);
    expect(job).toMatchObject({ state: 'done', filesCopied: 2, filesSkipped: 0 });
    // The first card again: proved the same by its bytes, so skipped.
    const back = await s.waitForJob((await s.startJob({ sourceRoot: card, customerId: id, orderLabel: 'Album 2026' })).id);
    expect(back).toMatchObject({ state: 'done', filesCopied: 0, filesSkipped: 2, bytesSkipped: 600_000 });
    await s.stop();
  });

  it('says what is wrong: usage, unknown customer, a disk that is not there, a busy ingest', async () => {
    let t = io(dataDir, disks);
    expect(await ingestCommand({ from: card }, t.io)).toBe(2);
    expect(t.err()).toMatch(/^usage: studio-box ingest --from PATH --customer/);
    t = io(dataDir, disks);
    expect(await ingestCommand({ from: card, customer: 'C999999' }, t.io)).toBe(1);
    expect(t.err()).toBe('studio-box: customer C999999 not found\n');
    t = io(dataDir, disks);
    expect(await ingestCommand({ from: card, customer: '4242' }, t.io)).toBe(1);
    expect(t.err()).toBe('studio-box: customer 4242 not found\n');
    t = io(dataDir, disks);
    expect(await ingestCommand({ from: join(card, 'nope'), customer: 'C000123' }, t.io)).toBe(1);
    expect(t.err()).toMatch(/is not a readable folder/);
    t = io(dataDir, { ...disks, backup: join(scratch.dir, 'unplugged') });
    expect(await ingestCommand({ from: card, customer: 'C000123' }, t.io)).toBe(1);
    expect(t.err()).toMatch(/^studio-box: the backup disk is not there \(.*unplugged is not a folder\); is it plugged in and mounted\?/);
    db.prepare(`INSERT INTO ingest_owner (id, pid, boot_id, what, since) VALUES (1, 1, ?, 'studio-box daemon', '2026-11-23T03:00:00Z')`).run(bootId());
    t = io(dataDir, disks);
    expect(await ingestCommand({ from: card, customer: 'C000123' }, t.io)).toBe(75);
    expect(t.err()).toMatch(/^studio-box: ingest is in use by studio-box daemon \(pid 1, since 2026-11-23T03:00:00Z\); stop it first/);
    db.prepare('DELETE FROM ingest_owner').run();
  });
});
