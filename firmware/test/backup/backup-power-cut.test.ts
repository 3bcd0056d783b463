// Power cuts, not kills, under database backups and restores (issue 17 item 6). The SD card (the
// database and <dataDir>/backups, ext4) and the backup disk (exFAT) are real filesystem images
// seen through the power-cut harness's lossy_fs (test/ingest/power-cut/, docs/power-cut-harness.md):
// on a cut every write, create, rename and unlink that no fsync covered is thrown away. The
// moment of each cut is an operation number, drawn from a dry run's log of the same work (so
// named moments can be hit: a backup's rename to its final name, a pruning unlink), never a clock.
//
// - `studio-box backup now` (the built CLI) into new folders, and the power goes right after it
//   said which backup it made: that backup is there, whole, in both places.
// - `backup now` with 50 older backups to prune, cut at the rename, the pruning and anywhere:
//   after every cut the database passes integrity_check, every file under a backup name in
//   either place unpacks and passes verification, the older backups are byte for byte as they
//   were and the newest older one is always there; an uncut run then ends with exactly the
//   backups retention keeps, and the temporary files cut backups left (an hour old) removed.
// - A restore (staged, then switched at start) cut anywhere, then the box starts again: the
//   database is either the old one (with what its WAL held) or the restored one, never a mix,
//   and when it is the restored one the old one is kept aside whole.
//
// Seeded (CRASH_SEED=n replays; the default is fixed). POWER_CUTS sets the cuts per part (4).
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { backupName, backupsToKeep, parseBackupName } from '../../src/backup/backup-names.js';
import { takeBackup, verifyBackup } from '../../src/backup/db-backup.js';
import { schemaVersion } from '../../src/db/migrate.js';
import { seededRandom, type Rand } from '../helpers/seeded-random.js';
import { addCustomer, hashFile, sh, testDb } from '../ingest/engine-helpers.js';
import { PowerCutLab, powerCutSkipReason, runUntilFrozen, type CutStats, type LoggedOp, type LossyMount } from '../ingest/power-cut/power-cut-lab.js';

const skip = powerCutSkipReason();
if (skip) console.warn(`SKIPPED backup-power-cut: ${skip}`);
const CUTS = Number(process.env.POWER_CUTS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? 17);
const CLI = join(import.meta.dirname, '../../../dist/firmware/src/bin.cjs');
const DISK_FOLDER = 'studio-box-database-backups';
const lab = new PowerCutLab('sb-backup-power-cut-');
afterAll(() => lab.cleanup());

async function bundleChild(): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = join(import.meta.dirname, '../../../node_modules/.cache/studio-box-tests');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `restore-child-${process.pid}.mjs`);
  await esbuild.build({ entryPoints: [join(import.meta.dirname, 'restore-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'warning' });
  lab.scratch.onCleanup(() => rmSync(out, { force: true }));
  return out;
}

/** A copy of a database (and its WAL) opened elsewhere: integrity_check and the customers' names. */
function readDb(dir: string): { integrity: string; customers: string[] } {
  const copy = mkdtempSync(join(lab.scratch.dir, 'open-'));
  try {
    for (const s of ['', '-wal']) if (existsSync(join(dir, `studio-box.db${s}`))) copyFileSync(join(dir, `studio-box.db${s}`), join(copy, `studio-box.db${s}`));
    const db = new Database(join(copy, 'studio-box.db'), { fileMustExist: true });
    try {
      const integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
      const customers = db.prepare('SELECT name FROM customers ORDER BY name').pluck().all() as string[];
      return { integrity, customers };
    } finally {
      db.close();
    }
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

/** The n of an operation of a dry run's log chosen by `pick` (null when none matches). */
function pickOp(log: LoggedOp[], random: Rand, match: (op: LoggedOp) => boolean, after: 0 | 1 = 0): number | null {
  const hits = log.filter(match);
  if (!hits.length) return null;
  return hits[Math.floor(random() * hits.length)]!.n + after;
}

describe.skipIf(!!skip)('database backups and restores survive power cuts', () => {
  let data: string;
  let bak: string;
  let newest: number;
  const checkDir = () => lab.scratch.folder('verify');

  /** Every file under a backup name in `dir` unpacks and passes verification; their names. */
  async function soundBackups(dir: string, label: string): Promise<string[]> {
    const names = existsSync(dir) ? readdirSync(dir).filter((n) => parseBackupName(n)) : [];
    for (const n of names) {
      await expect(verifyBackup(join(dir, n), checkDir(), newest), `${label}: ${dir}/${n}`).resolves.toMatchObject({ schemaVersion: newest });
    }
    return names.sort();
  }

  it('backup now: a backup it reported is there after the power goes; cut at the rename, the pruning or anywhere, no backup name holds a bad backup and the older ones are intact', async () => {
    data = await lab.disk('sd', 'ext4', 64);
    bak = await lab.disk('bak', 'exfat', 64);
    const lib = lab.scratch.folder('library');
    const random = seededRandom(SEED);
    const why = `(replay with CRASH_SEED=${SEED})`;
    const setup = testDb(join(data, 'studio-box.db'));
    newest = schemaVersion(setup);
    const names: string[] = [];
    for (let i = 0; i < 300; i++) names.push(`Khách ${i} 客户 ${'x'.repeat(i % 50)}`);
    for (const [i, n] of names.entries()) addCustomer(setup, `C${String(i).padStart(6, '0')}`, n);
    // The bytes of the older backups: one real backup, under 50 older names below.
    const template = await takeBackup(setup, lab.scratch.folder('template'), newest, new Date());
    setup.close();
    sh('sync', []);

    let run = 0;
    const mountBoth = async (at: { disk: 0 | 1; op: number } | 'dry' | null): Promise<[LossyMount, LossyMount]> => {
      run++;
      const f = (d: number) => (at === 'dry' ? 'dry' : at?.disk === d ? at.op : 0);
      return [await lab.lossy(data, 'sd', SEED + run * 2, f(0)), await lab.lossy(bak, 'bak', SEED + run * 2 + 1, f(1))];
    };
    const env = (m: [LossyMount, LossyMount]) => ({
      TZ: 'UTC',
      STUDIO_BOX_DATA_DIR: m[0].path,
      STUDIO_BOX_DISKS__BACKUP__PATH: m[1].path,
      STUDIO_BOX_DISKS__LIBRARY__PATH: lib,
      STUDIO_BOX_BACKUP__KEEP_DAILY: '3',
      STUDIO_BOX_BACKUP__KEEP_MONTHLY: '2',
    });
    const places = () => [join(data, 'backups'), join(bak, DISK_FOLDER)];
    const madeBackup = (out: string) => /\/(studio-box-db-\S+) \(\d+ bytes\)/.exec(out)?.[1] ?? null;
    const dbSound = (label: string) => {
      const d = readDb(data);
      expect(d.integrity, `${label} ${why}`).toBe('ok');
      expect(d.customers, `${label} ${why}`).toEqual([...names].sort());
    };

    // 1. The first backup, into folders that do not exist yet; the power goes right after it
    //    said which backup it made. Only what was fsynced is left: the backup must be.
    {
      const m = await mountBoth(null);
      const r = await runUntilFrozen(CLI, ['backup', 'now'], env(m), m);
      const stats = [await m[0].cut(), await m[1].cut()];
      expect(r.code, `${r.out}\n${r.err}`).toBe(0);
      const made = madeBackup(r.out);
      expect(made, r.out).not.toBeNull();
      expect(stats[0]!.foldersLostNames + stats[0]!.filesLostData, 'the cut threw nothing away: the check proves nothing').toBeGreaterThan(0);
      for (const dir of places()) expect(await soundBackups(dir, 'right after the first backup'), `the backup reported made is gone from ${dir} after the power cut ${why}`).toContain(made);
      dbSound('after the first backup');
    }

    // 2. 50 older backups in both places: daily ones for 40 days, then monthly ones.
    const now = Date.now();
    const older: string[] = [];
    for (let d = 2; d < 42; d++) older.push(backupName(new Date(now - d * 86_400_000 - 3_600_000), newest));
    for (let mo = 2; mo < 12; mo++) older.push(backupName(new Date(now - mo * 31 * 86_400_000), newest));
    const olderHash = hashFile(template.file);
    for (const dir of places()) for (const n of older) copyFileSync(template.file, join(dir, n));
    sh('sync', []);
    const newestOlder = [...older].sort().at(-1)!;

    const kinds = ['prune on the SD card', 'prune on the backup disk', 'rename to a backup name', 'anywhere'] as const;
    let cuts = 0;
    let misses = 0;
    const lost: CutStats[] = [];
    while (cuts < CUTS) {
      const kind = kinds[cuts % kinds.length]!;
      const dry = await mountBoth('dry');
      const measured = await runUntilFrozen(CLI, ['backup', 'now'], env(dry), dry);
      for (const m of dry) await m.unmount();
      expect(measured.code, `the dry run failed ${why}\n${measured.out}\n${measured.err}`).toBe(0);
      const logs = dry.map((m) => m.opLog());
      const isBackupName = (p: string) => !!parseBackupName(p.slice(p.lastIndexOf('/') + 1));
      let at: { disk: 0 | 1; op: number } | null = null;
      const one = (disk: 0 | 1, match: (op: LoggedOp) => boolean, after: 0 | 1 = 0) => {
        const op = pickOp(logs[disk]!, random, match, after);
        return op === null ? null : { disk, op };
      };
      // Right before (the op itself never happens) or right after (the next op is cut) it.
      const side = () => (random() < 0.5 ? 0 : 1) as 0 | 1;
      if (kind === 'prune on the SD card') at = one(0, (o) => o.kind === 'unlink' && isBackupName(o.path), side());
      else if (kind === 'prune on the backup disk') at = one(1, (o) => o.kind === 'unlink' && isBackupName(o.path), side());
      else if (kind === 'rename to a backup name') at = one(random() < 0.5 ? 0 : 1, (o) => o.kind === 'rename' && isBackupName(o.path), side());
      if (!at) {
        const disk = (random() < 0.5 ? 0 : 1) as 0 | 1;
        at = { disk, op: 1 + Math.floor(random() * logs[disk]!.length) };
      }
      const m = await mountBoth(at);
      const r = await runUntilFrozen(CLI, ['backup', 'now'], env(m), m);
      const stats = [await m[0].cut(), await m[1].cut()];
      const label = `after cut ${cuts} (${kind}: ${at.disk ? 'backup disk' : 'SD card'} operation ${at.op} of ${logs[at.disk]!.length}, ${logs[at.disk]![at.op - 1]?.kind ?? 'end'} ${logs[at.disk]![at.op - 1]?.path ?? ''}: ${r.cut ? 'cut' : `ended by itself, exit ${r.code}`})`;
      if (process.env.POWER_CUT_DEBUG) console.log(label, JSON.stringify(stats));
      dbSound(label);
      for (const dir of places()) {
        const there = await soundBackups(dir, label);
        // The older backups: byte for byte as they were; the newest of them is always kept.
        for (const n of there.filter((x) => older.includes(x))) expect(hashFile(join(dir, n)), `${label}: ${dir}/${n} changed ${why}`).toBe(olderHash);
        expect(there, `${label}: ${dir} lost the newest older backup ${why}`).toContain(newestOlder);
      }
      if (r.cut) {
        cuts++;
        lost.push(...stats);
      } else {
        if (r.code !== 0) throw new Error(`${label}: the run failed by itself ${why}\n${r.out}\n${r.err}`);
        // It ended before its cut point (a run can make fewer operations than its dry run), and
        // then the power went: what it reported made is there.
        for (const dir of places()) expect(await soundBackups(dir, label), `${label} ${why}`).toContain(madeBackup(r.out));
        if (++misses > CUTS) throw new Error(`${misses} runs ended before their cut point ${why}`);
      }
    }
    expect(lost.reduce((n, s) => n + s.filesLostData + s.foldersLostNames, 0), `no cut threw anything away ${why}`).toBeGreaterThan(0);

    // 3. An uncut run finishes: in each place exactly what retention keeps, every one sound,
    //    and the temporary files the cut backups left (a raw copy of the database among them)
    //    are gone once they are an hour old (made so here: younger ones may be a backup being
    //    written by another process).
    const leftovers = places().flatMap((dir) => readdirSync(dir).filter((n) => n.startsWith('.studio-box-tmp-')).map((n) => join(dir, n)));
    expect(leftovers.length, 'the cuts left no temporary file: the clean-up is not tested').toBeGreaterThan(0);
    const hourAgo = new Date(Date.now() - 2 * 3_600_000);
    for (const f of leftovers) utimesSync(f, hourAgo, hourAgo);
    const m = await mountBoth(null);
    const end = await runUntilFrozen(CLI, ['backup', 'now'], env(m), m);
    for (const x of m) await x.unmount();
    expect(end.code, `${end.out}\n${end.err}`).toBe(0);
    for (const dir of places()) {
      const there = await soundBackups(dir, 'after the uncut run');
      expect(there, dir).toEqual([...backupsToKeep(there, 3, 2, 'UTC')].sort());
      expect(there).toContain(madeBackup(end.out));
      expect(there).toContain(newestOlder);
      expect(readdirSync(dir).filter((n) => n.startsWith('.studio-box-tmp-')), `temporary files left in ${dir}`).toEqual([]);
    }
    dbSound('after the uncut run');
  }, 240_000);

  it(`a restore cut anywhere: at the next start the database is the old one or the restored one, never a mix; the old one kept aside`, async () => {
    // A restore leaves 256 MB free on the SD card (db-backup.ts sizeGuard): a sparse 320 MB image.
    const disk = await lab.disk('restore-sd', 'ext4', 320);
    const child = await bundleChild();
    const random = seededRandom(SEED + 1000);
    const why = `(replay with CRASH_SEED=${SEED})`;
    // The old database: 20 customers, the last 10 only in its WAL, as a daemon that lost its
    // power leaves it (the files copied while it is open and not checkpointed).
    const crashImage = lab.scratch.folder('old-db');
    const work = lab.scratch.folder('old-db-work');
    const old = testDb(join(work, 'studio-box.db'));
    const oldNames = Array.from({ length: 20 }, (_, i) => `Cũ ${i}`);
    for (const [i, n] of oldNames.slice(0, 10).entries()) addCustomer(old, `O${i}`, n);
    old.pragma('wal_checkpoint(TRUNCATE)');
    old.pragma('wal_autocheckpoint = 0');
    for (const [i, n] of oldNames.slice(10).entries()) addCustomer(old, `O${i + 10}`, n);
    for (const s of ['', '-wal']) copyFileSync(join(work, `studio-box.db${s}`), join(crashImage, `studio-box.db${s}`));
    old.close();
    expect(readDb(crashImage).customers).toEqual([...oldNames].sort());
    // The backup restored: another database with other customers.
    const nb = testDb(join(lab.scratch.folder('new-db'), 'studio-box.db'));
    newest = schemaVersion(nb);
    const newNames = Array.from({ length: 15 }, (_, i) => `Mới ${i} 新`);
    for (const [i, n] of newNames.entries()) addCustomer(nb, `N${i}`, n);
    const backup = await takeBackup(nb, lab.scratch.folder('new-backup'), newest, new Date());
    nb.close();
    const sorted = { old: [...oldNames].sort(), new: [...newNames].sort() };

    /** The SD card as the old box left it, with the backup in its backups folder. */
    const reset = () => {
      for (const n of readdirSync(disk)) rmSync(join(disk, n), { recursive: true, force: true });
      for (const s of ['', '-wal']) copyFileSync(join(crashImage, `studio-box.db${s}`), join(disk, `studio-box.db${s}`));
      mkdirSync(join(disk, 'backups'));
      copyFileSync(backup.file, join(disk, 'backups', backup.name));
      sh('sync', []);
    };
    let run = 0;
    const results = { old: 0, new: 0 };
    let cuts = 0;
    for (let attempt = 0; cuts < CUTS + 2; attempt++) {
      if (attempt > 2 * (CUTS + 2)) throw new Error(`too many restores ended before their cut point ${why}`);
      reset();
      const dry = await lab.lossy(disk, 'restore-sd', SEED + ++run, 'dry');
      const measured = await runUntilFrozen(child, ['restore', dry.path, join(dry.path, 'backups', backup.name)], {}, [dry]);
      await dry.unmount();
      expect(measured.code, `${measured.out}\n${measured.err}`).toBe(0);
      const log = dry.opLog();
      // Named moments first: each rename of the switch at start, then the folder syncs, then anywhere.
      // (Not the kernel's own renames to .fuse_hidden* of files unlinked while open.)
      const renames = log.filter((o) => o.kind === 'rename' && !o.path.includes('.fuse_hidden'));
      const choice = cuts < renames.length ? renames[cuts]!.n + (random() < 0.5 ? 0 : 1) : 1 + Math.floor(random() * log.length);
      const m = await lab.lossy(disk, 'restore-sd', SEED + ++run, choice);
      const r = await runUntilFrozen(child, ['restore', m.path, join(m.path, 'backups', backup.name)], {}, [m]);
      const stats = await m.cut();
      const label = `restore cut at operation ${choice} of ${log.length} (${log[choice - 1]?.kind ?? 'end'} ${log[choice - 1]?.path ?? ''}; ${r.cut ? 'cut' : `ended by itself, exit ${r.code}`})`;
      if (process.env.POWER_CUT_DEBUG) console.log(label, JSON.stringify(stats));
      if (!r.cut) {
        expect(r.code, `${label}\n${r.out}\n${r.err}`).toBe(0);
        continue;
      }
      cuts++;
      // The power comes back: the box starts (and finishes a switch that was staged).
      const s = await lab.lossy(disk, 'restore-sd', SEED + ++run, 0);
      const started = await runUntilFrozen(child, ['start', s.path], {}, [s]);
      await s.unmount();
      expect(started.code, `${label}: the start failed ${why}\n${started.out}\n${started.err}`).toBe(0);
      const now = readDb(disk);
      expect(now.integrity, `${label} ${why}`).toBe('ok');
      const which = now.customers.join() === sorted.old.join() ? 'old' : now.customers.join() === sorted.new.join() ? 'new' : null;
      expect(which, `${label}: the database is neither the old one nor the restored one: ${now.customers.join(', ')} ${why}`).not.toBeNull();
      results[which!]++;
      if (which === 'new') {
        // The old database, with all its WAL held, is kept aside.
        const asideRoot = join(disk, 'before-restore');
        const kept = existsSync(asideRoot) ? readdirSync(asideRoot).map((d) => join(asideRoot, d)).filter((d) => existsSync(join(d, 'studio-box.db'))) : [];
        expect(kept.map((d) => readDb(d)).some((d) => d.integrity === 'ok' && d.customers.join() === sorted.old.join()), `${label}: the replaced database is not kept aside whole ${why}`).toBe(true);
      }
      expect(existsSync(join(disk, 'restore-pending.sqlite')), `${label}: a staged restore is left after the start ${why}`).toBe(false);
    }
    // Cuts fell both before the switch and after it (or the test proved only one side).
    expect(results.old, why).toBeGreaterThan(0);
    expect(results.new, why).toBeGreaterThan(0);
  }, 180_000);
});
