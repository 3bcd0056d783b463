// The second copy of a card copied without the backup disk (an admin's override) waits in the
// holding folder on the library disk; backup-holding.ts moves it to the backup disk once that
// is back: verified against the recorded hash, the held copy removed, the job's backup root
// moved to the backup disk. A copy already on the backup disk (a crash after the rename) is
// recognised; other bytes under the same name are never overwritten.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DiskHealth } from '../../src/api-types.js';
import type { Db } from '../../src/db/connection.js';
import { BackupHolding, HOLDING_FOLDER } from '../../src/ingest/disks/backup-holding.js';
import type { Disk } from '../../src/ingest/disks/disk.js';
import { IngestService } from '../../src/ingest/ingest-service.js';
import { addCustomer, cameraJpeg, hashFile, listFiles, Scratch, silentLog, testDb, writeTree } from './engine-helpers.js';

class Backup implements Disk {
  readonly role = 'backup' as const;
  present = true;
  constructor(readonly root: string) {}
  async start() {}
  async health(): Promise<DiskHealth> {
    return this.present
      ? { role: 'backup', path: this.root, state: 'ok', freeBytes: 1e12, totalBytes: 2e12, error: null }
      : { role: 'backup', path: this.root, state: 'down', freeBytes: null, totalBytes: null, error: 'not connected', reason: 'not-connected' };
  }
  async lowSpace() {
    return false;
  }
  async stillMounted() {
    return this.present;
  }
}

describe('backup holding', () => {
  let scratch: Scratch;
  let db: Db;
  let engine: IngestService;
  let lib: string;
  let bak: string;
  let holding: string;

  beforeEach(async () => {
    scratch = new Scratch('holding-test-');
    db = testDb(scratch.path('db.sqlite'));
    lib = scratch.folder('library');
    bak = scratch.folder('backup');
    holding = join(lib, HOLDING_FOLDER);
    mkdirSync(holding);
    engine = new IngestService({ db, clock: () => new Date('2026-11-23T04:00:00Z'), log: silentLog, libraryRoot: lib, backupRoot: holding, timeZone: () => 'Asia/Shanghai' });
    await engine.start();
  });
  afterEach(async () => {
    await engine.stop();
    db.close();
    scratch.cleanup();
  });

  const copyCard = async (name: string, n: number) => {
    const card = scratch.folder('cards', name);
    const files: Record<string, Buffer> = {};
    for (let i = 0; i < n; i++) files[`IMG_${name}${i}.JPG`] = await cameraJpeg(i + name.length * 7);
    writeTree(card, { '100CANON': files });
    const customerId = addCustomer(db, `C00000${name.length}`, `Customer ${name}`);
    const job = await engine.waitForJob((await engine.startJob({ sourceRoot: card, customerId, cardId: `folder-${name}` })).id);
    expect(job.state).toBe('done');
    return job;
  };
  const backupRootOf = (jobId: number) => (db.prepare('SELECT backup_root FROM ingest_jobs WHERE id = ?').get(jobId) as { backup_root: string }).backup_root;

  it('waits for the backup disk, then moves every held copy there, verified, and says where the copies are', async () => {
    const job = await copyCard('A', 3);
    const disk = new Backup(bak);
    disk.present = false;
    let busy = false;
    const h = new BackupHolding({ root: holding, backup: disk, db, log: silentLog, busy: () => busy });
    expect(await h.catchUp()).toMatchObject({ moved: 0, skipped: expect.stringContaining('not there') });
    disk.present = true;
    busy = true;
    expect(await h.catchUp()).toMatchObject({ moved: 0, skipped: expect.stringContaining('running') });
    busy = false;

    const held = listFiles(join(holding, job.folder));
    expect(held).toHaveLength(3);
    const hashes = Object.fromEntries(held.map((f) => [f, hashFile(join(holding, job.folder, f))]));
    expect(backupRootOf(job.id)).toBe(resolve(holding));
    expect(await h.catchUp()).toEqual({ moved: 3, left: 0, skipped: null });
    for (const f of held) expect(hashFile(join(bak, job.folder, f))).toBe(hashes[f]);
    expect(existsSync(join(holding, job.folder))).toBe(false);
    expect(backupRootOf(job.id)).toBe(resolve(bak));
    expect(listFiles(bak).some((f) => f.includes('.studio-box-tmp'))).toBe(false);
    // Nothing left: a second run does nothing.
    expect(await h.catchUp()).toEqual({ moved: 0, left: 0, skipped: null });
  });

  it('recognises a copy already on the backup disk, and never overwrites other bytes', async () => {
    const job = await copyCard('BB', 2);
    const names = listFiles(join(holding, job.folder));
    // A crash after the rename, before the held copy was removed: the first file is already there.
    const first = join(bak, job.folder, names[0]!);
    mkdirSync(join(first, '..'), { recursive: true });
    writeFileSync(first, readFileSync(join(holding, job.folder, names[0]!)));
    // Someone put other bytes under the second name.
    const second = join(bak, job.folder, names[1]!);
    writeFileSync(second, 'not the photo');
    const h = new BackupHolding({ root: holding, backup: new Backup(bak), db, log: silentLog, busy: () => false });
    const r = await h.catchUp();
    expect(r).toEqual({ moved: 1, left: 1, skipped: null });
    expect(existsSync(join(holding, job.folder, names[0]!))).toBe(false);
    expect(existsSync(join(holding, job.folder, names[1]!))).toBe(true);
    expect(readFileSync(second, 'utf8')).toBe('not the photo');
    // Not all of the job's files are on the backup disk: its copies are still said to be held.
    expect(backupRootOf(job.id)).toBe(resolve(holding));
  });
});
