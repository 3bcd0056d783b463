// Start-up recovery, window by window (file-commit.ts lists them): `studio-box ingest` is killed
// at a named step of the second file's copy, then a new start recovers and the same card is
// ingested again. Also what only a power cut can do (a fsynced temporary lost: the disk lied)
// and a daemon stopping in the middle of a job.
import { existsSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { IngestService } from '../../src/ingest/ingest-service.js';
import type { RecoveryReport } from '../../src/ingest/copy/recovery.js';
import { isTempName } from '../../src/ingest/copy/library-layout.js';
import { addCustomer, auditDisks, bundleCrashChild, rawLike, runCrashChild, Scratch, silentLog, testDb, writeTree, type CardFile } from './engine-helpers.js';

const scratch = new Scratch('sb-ingest-recovery-');
afterAll(() => scratch.cleanup());

const DIR = 'C000300 Bùi Lan/2026-11-23 shoot/originals';
const NOW = '2026-11-23T03:00:00Z';
// The killed `studio-box ingest` gets the same clock (CLOCK): the dated folder is DIR on any day.
const clock = () => new Date(NOW);
let bundle: string;
let card: string;
let files: CardFile[];

beforeAll(async () => {
  bundle = await bundleCrashChild(scratch);
  card = scratch.folder('card');
  files = writeTree(card, { '100CANON': { 'IMG_0001.CR2': rawLike(250_000), 'IMG_0002.CR2': rawLike(260_000), 'IMG_0003.CR2': rawLike(270_000), 'IMG_0004.CR2': rawLike(280_000) } });
}, 60_000);

interface Case {
  db: Db;
  roots: { library: string; backup: string };
  service: () => IngestService;
}

/** A fresh box whose `studio-box ingest` was killed at `crashAt`; nothing recovered yet. */
async function crashed(name: string, crashAt: string): Promise<Case> {
  const dataDir = scratch.folder(name, 'data');
  const roots = { library: scratch.folder(name, 'library'), backup: scratch.folder(name, 'backup') };
  const db0 = testDb(join(dataDir, 'studio-box.db'));
  addCustomer(db0, 'C000300', 'Bùi Lan');
  db0.close();
  const r = await runCrashChild(bundle, [card, 'C000300'], {
    STUDIO_BOX_DATA_DIR: dataDir,
    STUDIO_BOX_DISKS__LIBRARY__PATH: roots.library,
    STUDIO_BOX_DISKS__BACKUP__PATH: roots.backup,
    CRASH_AT: crashAt,
    CLOCK: NOW,
    // One file per commit group: the windows of file-commit.ts, one file at a time.
    BATCH_FILES: '1',
  });
  expect(r.signal, r.out + r.err).toBe('SIGKILL');
  const db = testDb(join(dataDir, 'studio-box.db'));
  scratch.onCleanup(() => db.close());
  return { db, roots, service: () => new IngestService({ db, clock, log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'UTC' }) };
}

const temps = (c: Case) => [c.roots.library, c.roots.backup].flatMap((r) => (existsSync(join(r, DIR)) ? readdirSync(join(r, DIR)).filter(isTempName) : []));
/** Temporaries of file n of the job (its n-th in copy order). */
const tempsOf = (c: Case, n: number) => temps(c).filter((t) => Number(t.split('-').pop()) === n);
/**
 * Temporaries of files after the one killed at: the card is read ahead of the commits, so the
 * next file may be (partly) written when the kill comes. Recovery removes them with the rest.
 */
const ahead = (c: Case, killed: number) => temps(c).filter((t) => Number(t.split('-').pop()) > killed).length;
const rowStates = (c: Case) => (c.db.prepare('SELECT library_path AS p, state FROM ingest_files ORDER BY id').all() as { p: string; state: string }[]).map((r) => `${r.p.split('/').pop()}:${r.state}`);

/** Recover, check the report, then ingest the card again: done, all four verified, disks agree. */
async function recoverAndFinish(c: Case, expected: Partial<RecoveryReport>, copiedAgain: number): Promise<void> {
  const readAhead = ahead(c, 2);
  const s = c.service();
  const report = await s.start();
  const removed = expected.tempFilesRemoved === undefined ? {} : { tempFilesRemoved: expected.tempFilesRemoved + readAhead };
  expect(report).toMatchObject({ filesDropped: 0, filesDamaged: 0, jobsInterrupted: 1, ...expected, ...removed });
  expect(temps(c)).toEqual([]);
  const first = s.listJobs().at(-1)!;
  expect(first).toMatchObject({ state: 'interrupted', errorCode: 'crashed' });
  expect(first.error).toMatch(/^The box stopped during this copy \(power cut, crash or restart\)\. \d+ of 4 files were stored on both disks/);
  expect(auditDisks(c.db, c.roots).problems).toEqual([]);
  const job = await s.waitForJob((await s.startJob({ sourceRoot: card, customerId: 1 })).id);
  expect(job).toMatchObject({ state: 'done', filesCopied: copiedAgain, filesSkipped: 4 - copiedAgain });
  expect(rowStates(c)).toEqual(['IMG_0001.CR2:verified', 'IMG_0002.CR2:verified', 'IMG_0003.CR2:verified', 'IMG_0004.CR2:verified']);
  expect(auditDisks(c.db, c.roots).problems).toEqual([]);
  expect(s.listFiles(1).map((f) => f.hash)).toEqual(files.map((f) => f.hash));
  await s.stop();
}

describe('recovery after a kill in each window of the copy', () => {
  it('before the intent is recorded: the temporary files are removed, the file is copied again', async () => {
    const c = await crashed('w1', 'temps-written:2');
    expect(tempsOf(c, 2)).toHaveLength(2);
    expect(rowStates(c)).toEqual([expect.stringMatching(/^IMG_0001\.CR2:(copied|verified)$/)]);
    await recoverAndFinish(c, { filesRecorded: 0, tempFilesRemoved: 2 }, 3);
  });

  it('intent recorded, nothing renamed yet: recovery checks both temporaries and gives them their names', async () => {
    const c = await crashed('w2', 'pending-recorded:2');
    expect(rowStates(c)[1]).toBe('IMG_0002.CR2:pending');
    expect(tempsOf(c, 2)).toHaveLength(2);
    await recoverAndFinish(c, { filesRecorded: 1, tempFilesRemoved: 0 }, 2);
  });

  it('library renamed, backup not: recovery finishes the backup', async () => {
    const c = await crashed('w3', 'library-placed:2');
    expect(existsSync(join(c.roots.library, DIR, 'IMG_0002.CR2'))).toBe(true);
    expect(existsSync(join(c.roots.backup, DIR, 'IMG_0002.CR2'))).toBe(false);
    await recoverAndFinish(c, { filesRecorded: 1 }, 2);
  });

  it('both renamed, folders maybe not synced, or synced but not recorded: recovery verifies and records', async () => {
    for (const [name, point] of [['w4', 'backup-placed:2'], ['w5', 'folders-synced:2']] as const) {
      const c = await crashed(name, point);
      expect(tempsOf(c, 2)).toEqual([]);
      expect(temps(c)).toHaveLength(ahead(c, 2));
      expect(rowStates(c)[1]).toBe('IMG_0002.CR2:pending');
      await recoverAndFinish(c, { filesRecorded: 1 }, 2);
    }
  });

  it('recorded but not read back yet: nothing to repair; the next ingest of the card reads it back', async () => {
    const c = await crashed('w6', 'file-recorded:2');
    expect(rowStates(c)[1]).toBe('IMG_0002.CR2:copied');
    await recoverAndFinish(c, { filesRecorded: 0, tempFilesRemoved: 0 }, 2);
  });

  it('recorded but not read back, and the card never comes back: verifyUnverified reads both copies back', async () => {
    const c = await crashed('w7', 'file-recorded:2');
    const s = c.service();
    await s.start();
    const unverified = rowStates(c).filter((r) => r.endsWith(':copied')).length;
    expect(unverified).toBeGreaterThanOrEqual(1);
    // One copy went bad on the backup disk meanwhile: found, not silent.
    const bad = s.listFiles(1).find((f) => f.name === 'IMG_0002.CR2')!;
    rmSync(join(c.roots.backup, bad.backupPath));
    expect(await s.verifyUnverified()).toEqual({ verified: unverified - 1, failed: 1, unverified: 0 });
    expect(rowStates(c)).toEqual(['IMG_0001.CR2:verified', 'IMG_0002.CR2:mismatch']);
    expect(s.listFiles(1)[1]!.error).toMatch(/^backup copy .*IMG_0002\.CR2 could not be read back: ENOENT/);
    await s.stop();
  });
});

describe('what only a power cut (a disk that lied about fsync) can leave', () => {
  it('one temporary lost: the row is kept as missing with the good copy; the card again writes both', async () => {
    const c = await crashed('p1', 'pending-recorded:2');
    unlinkSync(join(c.roots.backup, DIR, tempsOf(c, 2)[0]!));
    const s = c.service();
    expect(await s.start()).toMatchObject({ filesRecorded: 0, filesDamaged: 1 });
    const f = s.listFiles(1).find((x) => x.name === 'IMG_0002.CR2')!;
    expect(f.state).toBe('missing');
    expect(f.error).toMatch(/^after a crash: backup copy not found$/);
    expect(existsSync(join(c.roots.library, f.libraryPath))).toBe(true);
    const job = await s.waitForJob((await s.startJob({ sourceRoot: card, customerId: 1 })).id);
    expect(job).toMatchObject({ state: 'done', filesCopied: 3 });
    expect(rowStates(c)).toEqual(['IMG_0001.CR2:verified', 'IMG_0002.CR2:verified', 'IMG_0003.CR2:verified', 'IMG_0004.CR2:verified']);
    expect(auditDisks(c.db, c.roots).problems).toEqual([]);
    await s.stop();
  });

  it('both temporaries lost: nothing was stored, the row goes, the card again copies the file', async () => {
    const c = await crashed('p2', 'pending-recorded:2');
    for (const root of [c.roots.library, c.roots.backup]) for (const t of readdirSync(join(root, DIR)).filter(isTempName)) rmSync(join(root, DIR, t));
    const s = c.service();
    expect(await s.start()).toMatchObject({ filesRecorded: 0, filesDropped: 1, filesDamaged: 0 });
    expect(rowStates(c)).toEqual([expect.stringMatching(/^IMG_0001\.CR2:/)]);
    await s.stop();
    await recoverAndFinish(c, { jobsInterrupted: 0 }, 3);
  });
});

describe('the daemon stopping during a job', () => {
  it('stop() interrupts the job at the next chunk, leaves no temporary file; the card again finishes it', async () => {
    const dataDir = scratch.folder('stop', 'data');
    const roots = { library: scratch.folder('stop', 'library'), backup: scratch.folder('stop', 'backup') };
    const db = testDb(join(dataDir, 'studio-box.db'));
    scratch.onCleanup(() => db.close());
    addCustomer(db, 'C000300', 'Bùi Lan');
    let s: IngestService | null = null;
    let stopping: Promise<void> | null = null;
    s = new IngestService({
      db,
      clock,
      log: silentLog,
      libraryRoot: roots.library,
      backupRoot: roots.backup,
      timeZone: () => 'UTC',
      batch: { files: 1 },
      hooks: { point: (name, info) => void (name === 'file-recorded' && info.fileIndex === 2 && (stopping = s!.stop())) },
    });
    await s.start();
    const queued = await s.startJob({ sourceRoot: card, customerId: 1 });
    const job = await s.waitForJob(queued.id);
    await stopping;
    expect(job).toMatchObject({ state: 'interrupted', errorCode: 'stopped', filesCopied: 2 });
    const c: Case = { db, roots, service: () => new IngestService({ db, clock, log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'UTC' }) };
    expect(temps(c)).toEqual([]);
    expect(auditDisks(db, roots).problems).toEqual([]);
    const s2 = c.service();
    expect(await s2.start()).toMatchObject({ jobsInterrupted: 0, tempFilesRemoved: 0 });
    const again = await s2.waitForJob((await s2.startJob({ sourceRoot: card, customerId: 1 })).id);
    expect(again).toMatchObject({ state: 'done', filesCopied: 2, filesSkipped: 2 });
    expect(rowStates(c).every((r) => r.endsWith(':verified'))).toBe(true);
    await s2.stop();
  });
});

describe('two engines on one database (the box runs a second one whose backup is a holding folder)', () => {
  it('each recovers only what it wrote, with its own roots', async () => {
    const dataDir = scratch.folder('two', 'data');
    const library = scratch.folder('two', 'library');
    const backup = scratch.folder('two', 'backup');
    const holding = scratch.folder('two', 'library', '.studio-box-backup-pending');
    const db0 = testDb(join(dataDir, 'studio-box.db'));
    addCustomer(db0, 'C000300', 'Bùi Lan');
    db0.close();
    // The library-only engine is killed with a file half-way through its commit.
    const r = await runCrashChild(bundle, [card, 'C000300'], {
      STUDIO_BOX_DATA_DIR: dataDir,
      STUDIO_BOX_DISKS__LIBRARY__PATH: library,
      STUDIO_BOX_DISKS__BACKUP__PATH: holding,
      CRASH_AT: 'library-placed:2',
      CLOCK: NOW,
      BATCH_FILES: '1',
    });
    expect(r.signal).toBe('SIGKILL');
    const db = testDb(join(dataDir, 'studio-box.db'));
    scratch.onCleanup(() => db.close());
    const make = (b: string) => new IngestService({ db, clock, log: silentLog, libraryRoot: library, backupRoot: b, timeZone: () => 'UTC' });
    const main = make(backup);
    const libraryOnly = make(holding);
    // The box's engine first: the other engine's pending file and job are not its business.
    expect(await main.start()).toEqual({ filesRecorded: 0, filesDropped: 0, filesDamaged: 0, tempFilesRemoved: 0, jobsInterrupted: 0 });
    expect(rowStates({ db, roots: { library, backup }, service: () => main })[1]).toBe('IMG_0002.CR2:pending');
    expect(await libraryOnly.start()).toMatchObject({ filesRecorded: 1, jobsInterrupted: 1 });
    const held = { library, backup: holding };
    expect(auditDisks(db, held, { ignore: (rel) => rel.startsWith('.studio-box-backup-pending/') }).problems).toEqual([]);

    // Both engines now take the same card for the same customer at the same time: every file
    // is stored once, whichever engine got it first; no job fails.
    const [a, b] = await Promise.all([main, libraryOnly].map(async (s) => s.waitForJob((await s.startJob({ sourceRoot: card, customerId: 1 })).id)));
    expect(a!.state).toBe('done');
    expect(b!.state).toBe('done');
    expect(a!.filesCopied + b!.filesCopied).toBe(2);
    const rows = db.prepare('SELECT library_path AS p, state FROM ingest_files ORDER BY library_path').all() as { p: string; state: string }[];
    expect(rows.map((x) => `${x.p.split('/').pop()}:${x.state}`)).toEqual(['IMG_0001.CR2:verified', 'IMG_0002.CR2:verified', 'IMG_0003.CR2:verified', 'IMG_0004.CR2:verified']);
    expect(readdirSync(join(library, DIR)).sort()).toEqual(['IMG_0001.CR2', 'IMG_0002.CR2', 'IMG_0003.CR2', 'IMG_0004.CR2']);
    await main.stop();
    await libraryOnly.stop();
  });
});
