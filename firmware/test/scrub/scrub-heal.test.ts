// The scrub on real files: a card copied by the real engine onto two ext4 disks (loop images),
// then damage: a bit flipped on the library disk UNDER the page cache (in the image file, as a
// failing disk would), a backup copy deleted, both copies of one file bad, a disk gone. Every
// check of a copy reads the disk (O_DIRECT), like the scrub.
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, readSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServerEvent } from '../../src/api-types.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import type { Db } from '../../src/db/connection.js';
import { EventHub } from '../../src/events/event-hub.js';
import { readBack } from '../../src/ingest/copy/read-back.js';
import { ScrubService, type ScrubServiceOptions } from '../../src/scrub/scrub-service.js';
import { addCustomer, auditDisks, cameraJpeg, hashOf, mountSkipReason, Scratch, sh, silentLog, testDb, type Mounted } from '../ingest/engine-helpers.js';
import { waitFor } from '../helpers/wait-for.js';
import { ingestCard, type StoredRow } from './scrub-helpers.js';

const skip = mountSkipReason();
if (skip) console.warn(`SKIPPED scrub-heal: ${skip}`);
const scratch = new Scratch('sb-scrub-');
afterAll(() => scratch.cleanup());

const clock = () => new Date();

/** Flips one bit of `file` in its ext4 image, below the filesystem and its page cache. */
function flipBitOnDisk(img: string, file: string, byte: number): void {
  const out = sh('filefrag', ['-v', '-b4096', file]);
  const m = /^\s*0:\s+0\.\.\s*\d+:\s+(\d+)\.\./m.exec(out);
  if (!m) throw new Error(`no extent in filefrag output:\n${out}`);
  const at = Number(m[1]) * 4096 + byte;
  const fd = openSync(img, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, at);
    b[0] = b[0]! ^ 0x10;
    writeSync(fd, b, 0, 1, at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(!!skip)('scrub and self-heal on two ext4 disks', () => {
  let db: Db;
  let disks: { library: Mounted; backup: Mounted };
  let roots: { library: string; backup: string };
  let rows: StoredRow[];
  const events: ServerEvent[] = [];
  let hub: EventHub;
  let diskGone: string | null = null;

  const scrubService = (extra: Partial<ScrubServiceOptions> = {}) =>
    new ScrubService({
      db,
      clock,
      log: silentLog,
      audit: new AuditLog(db, clock),
      events: hub,
      roots: { library: roots.library, backups: [roots.backup] },
      disksReady: async () => diskGone,
      readBytesPerSecond: () => 0,
      pollMs: 0,
      ...extra,
    });
  const runOnce = async (customerId: number | null = null) => {
    const s = scrubService();
    const run = s.request('admin', customerId, null);
    s.start();
    const end = await s.waitForRun(run.id);
    await s.stop();
    return { s, run: end };
  };
  const onDisk = async (path: string) => (existsSync(path) ? (await readBack(path)).hash : null);

  beforeAll(async () => {
    db = testDb(scratch.path('data/studio-box.db'));
    hub = new EventHub(clock, silentLog);
    hub.subscribe((e) => events.push(e));
    const customer = addCustomer(db, 'C000321', 'Trần Minh');
    const t = new Date().toISOString();
    db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'admin', 'Admin', 'x', 1, ?, ?)`).run(t, t);
    disks = { library: scratch.ext4Disk('library', 64), backup: scratch.ext4Disk('backup', 64) };
    roots = { library: disks.library.path, backup: disks.backup.path };
    const jpegs = await Promise.all([1, 2, 3].map((i) => cameraJpeg(i)));
    rows = await ingestCard(db, roots, customer, scratch.folder('card'), 36, { 'IMG_0001.JPG': jpegs[0]!, 'IMG_0002.JPG': jpegs[1]!, 'IMG_0003.JPG': jpegs[2]! });
    expect(rows).toHaveLength(39);
  }, 60_000);
  afterAll(() => db?.close());

  it('a clean library: every file read on both disks, nothing found, nothing written', async () => {
    const { run } = await runOnce();
    expect(run).toMatchObject({ state: 'done', filesTotal: 39, filesChecked: 39, filesRepaired: 0, filesBad: 0, filesLost: 0 });
    expect(run.bytesChecked).toBe(2 * rows.reduce((n, r) => n + r.size, 0));
    expect(auditDisks(db, roots).problems).toEqual([]);
  });

  it('a bit flipped on the library disk under the page cache is found and repaired from the backup', async () => {
    const r = rows[0]!;
    const lib = join(roots.library, r.library_path);
    readFileSync(lib); // in the page cache: a buffered read would still see the good bytes
    flipBitOnDisk(join(scratch.dir, 'library.img'), lib, 1234);
    expect(hashOf(readFileSync(lib))).toBe(r.hash); // the cache lies
    expect(await onDisk(lib)).not.toBe(r.hash); // the disk does not

    events.length = 0;
    const { s, run } = await runOnce();
    expect(run).toMatchObject({ state: 'done', filesChecked: 39, filesRepaired: 1, filesBad: 1, filesLost: 0 });
    expect(await onDisk(lib)).toBe(r.hash);
    const [finding] = s.store.findings({ runId: run.id, limit: 10 });
    expect(finding).toMatchObject({ fileId: r.id, disk: 'library', path: r.library_path, kind: 'mismatch', outcome: 'repaired', customer: { customerNo: 'C000321' } });
    expect(db.prepare('SELECT state, error FROM ingest_files WHERE id = ?').get(r.id)).toEqual({ state: 'verified', error: null });
    expect(events.some((e) => e.type === 'scrub.finding' && (e.data as { outcome: string }).outcome === 'repaired')).toBe(true);
    const audit = db.prepare(`SELECT action, entity_id FROM audit_log WHERE action LIKE 'scrub.%' ORDER BY id`).all() as { action: string; entity_id: number }[];
    expect(audit).toContainEqual({ action: 'scrub.repair', entity_id: r.id });
    expect(auditDisks(db, roots).problems).toEqual([]);
  });

  it('a deleted backup copy is restored from the library', async () => {
    const r = rows[5]!;
    const bak = join(roots.backup, r.backup_path);
    unlinkSync(bak);
    const { s, run } = await runOnce();
    expect(run).toMatchObject({ state: 'done', filesRepaired: 1, filesLost: 0 });
    expect(await onDisk(bak)).toBe(r.hash);
    expect(s.store.findings({ runId: run.id, limit: 10 })).toMatchObject([{ disk: 'backup', kind: 'missing', outcome: 'repaired' }]);
    expect(auditDisks(db, roots).problems).toEqual([]);
  });

  it('both copies bad: an alarm to every screen, nothing overwritten, until an admin acknowledges it', async () => {
    const r = rows[7]!;
    const lib = join(roots.library, r.library_path);
    const bak = join(roots.backup, r.backup_path);
    const damaged = readFileSync(lib);
    damaged[100] = damaged[100]! ^ 0xff;
    writeFileSync(lib, damaged);
    unlinkSync(bak);
    events.length = 0;
    const { s, run } = await runOnce();
    expect(run).toMatchObject({ state: 'done', filesRepaired: 0, filesBad: 1, filesLost: 1 });
    // Nothing was overwritten or made up: the damaged bytes are still there, the backup still absent.
    expect(readFileSync(lib).equals(damaged)).toBe(true);
    expect(existsSync(bak)).toBe(false);
    const alarms = s.status().alarms;
    expect(alarms).toMatchObject([{ fileId: r.id, disk: 'both', kind: 'both_bad', outcome: 'unrepairable' }]);
    expect(alarms[0]!.detail).toMatch(/library copy has other bytes.*backup copy is missing.*network mirror is not set up/);
    expect(events.filter((e) => e.type === 'scrub.alarm').map((e) => e.data)).toEqual([{ open: 1 }]);
    // The row says so: the next ingest of the card writes both copies again.
    expect(db.prepare('SELECT state FROM ingest_files WHERE id = ?').get(r.id)).toEqual({ state: 'mismatch' });

    // The next pass finds it again but it stays ONE alarm.
    const again = await runOnce();
    expect(again.run.filesLost).toBe(1);
    expect(s.status().alarms).toHaveLength(1);
    const acked = s.acknowledge({ id: 1, name: 'admin' }, s.status().alarms[0]!.id);
    expect(acked.acknowledgedAt).not.toBeNull();
    expect(acked.acknowledgedBy).toEqual({ id: 1, name: 'Admin' });
    expect(s.status().alarms).toEqual([]);
    expect(() => s.acknowledge(null, acked.id)).toThrow(/open alarm/);
    expect(readFileSync(lib).equals(damaged)).toBe(true);
    // Put the file back for the tests after this one (as a re-ingest would).
    writeFileSync(lib, Buffer.from(damaged.map((b, i) => (i === 100 ? b ^ 0xff : b))));
    writeFileSync(bak, readFileSync(lib));
    db.prepare(`UPDATE ingest_files SET state = 'verified', error = NULL WHERE id = ?`).run(r.id);
  });

  it('a disk that goes away pauses the pass without a finding; it goes on when the disk is back', async () => {
    const r = rows[10]!;
    const bak = join(roots.backup, r.backup_path);
    const saved = readFileSync(bak);
    unlinkSync(bak); // what a vanished disk looks like from the file's side
    diskGone = 'the backup disk is not available (not-connected)';
    const s = scrubService();
    const run = s.request('admin', null, null);
    s.start();
    const paused = await s.waitForRun(run.id);
    expect(paused).toMatchObject({ state: 'paused', pauseReason: 'disk', error: diskGone });
    expect(s.store.findings({ runId: run.id, limit: 10 })).toEqual([]);
    expect(s.store.position(run.id)).toBeLessThan(r.id);
    await s.stop();

    writeFileSync(bak, saved);
    diskGone = null;
    const s2 = scrubService({ pollMs: 50 });
    s2.start();
    await waitFor(() => s2.store.run(run.id)!.state === 'done', 'the paused pass to go on and finish');
    await s2.stop();
    expect(s2.store.run(run.id)).toMatchObject({ filesChecked: 39, filesBad: 0 });
  });

  it('paused by an admin and cut by a restart, a pass goes on from its saved position', async () => {
    // ~2 MB/s over both disks: the 39 files take a few seconds, long enough to stop half-way.
    const slow = () => 2e6;
    const s1 = scrubService({ readBytesPerSecond: slow });
    const run = s1.request('cli', null, null);
    s1.start();
    await waitFor(() => s1.store.position(run.id) > 0, 'the first saved position', 30_000);
    await s1.stop(); // the box stops: the run stays open
    const cut = s1.store.run(run.id)!;
    expect(cut.state).toBe('running');
    const position = s1.store.position(run.id);
    const remaining = rows.filter((r) => r.id > position);
    expect(remaining.length).toBeGreaterThan(0);

    // Damage one file before the position and one after: only the one after is read again.
    const before = rows.find((r) => r.id <= position)!;
    const after = remaining.at(-1)!;
    unlinkSync(join(roots.backup, before.backup_path));
    unlinkSync(join(roots.backup, after.backup_path));

    // After the restart an admin pauses it at once; another restart keeps it paused.
    const s2 = scrubService({ readBytesPerSecond: slow });
    s2.start();
    expect(s2.pause({ id: 1, name: 'admin' }).state).toBe('paused');
    await s2.stop();
    const s3 = scrubService();
    s3.start();
    expect(s3.running).toBe(false);
    expect(s3.store.run(run.id)).toMatchObject({ state: 'paused', pauseReason: 'admin' });
    s3.resume({ id: 1, name: 'admin' });
    const end = await s3.waitForRun(run.id);
    await s3.stop();
    expect(end.state).toBe('done');
    expect(s3.store.findings({ runId: run.id, limit: 10 })).toMatchObject([{ fileId: after.id, disk: 'backup', outcome: 'repaired' }]);
    expect(existsSync(join(roots.backup, before.backup_path))).toBe(false); // not read again in this run
    const audit = db.prepare(`SELECT action FROM audit_log WHERE entity = 'scrub_run' AND entity_id = ? ORDER BY id`).all(run.id) as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['scrub.start', 'scrub.pause', 'scrub.resume', 'scrub.done']);

    // The next pass puts the other one right.
    const next = await runOnce();
    expect(next.run).toMatchObject({ filesRepaired: 1, filesLost: 0 });
    expect(auditDisks(db, roots).problems).toEqual([]);
  }, 60_000);

  it('one customer only, and a second open run is refused', async () => {
    const other = addCustomer(db, 'C000999', 'Lê Văn');
    const { run } = await runOnce(other);
    expect(run).toMatchObject({ state: 'done', customerId: other, filesTotal: 0, filesChecked: 0 });
    const s = scrubService();
    s.request('admin', null, null);
    expect(() => s.request('admin', null, null)).toThrow(/already requested/);
    s.cancel(null);
    expect(() => s.request('admin', 123456, null)).toThrow(/customer/);
  });

  it('the schedule\'s window: the morning pauses a scheduled pass, the night continues it; an admin\'s pass is not paused', async () => {
    const s = scrubService({ readBytesPerSecond: () => 2e6 });
    s.start();
    s.scheduledStart();
    const run = s.store.openRun()!;
    expect(run.trigger).toBe('schedule');
    s.nightEnd();
    expect(s.store.run(run.id)).toMatchObject({ state: 'paused', pauseReason: 'window' });
    s.scheduledStart(); // the next week's start while it is still open: it goes on, no second run
    expect(s.store.openRun()!.id).toBe(run.id);
    expect(s.store.run(run.id)!.state).toBe('running');
    s.nightEnd();
    s.nightStart();
    expect(s.store.run(run.id)!.state).toBe('running');
    s.cancel(null);
    await s.stop();
    const a = scrubService();
    a.request('admin', null, null);
    a.nightEnd();
    expect(a.store.openRun()!.state).toBe('requested');
    a.cancel(null);
  });
});
