// `studio-box ingest` killed (SIGKILL: no clean-up, like a power cut for the process) 50 times
// while copying a card, and started again each time. Real filesystems: the card is a FAT or an
// exFAT image (by seed) mounted read-only through fusefat / exfat-fuse, the library and backup
// are ext4 loop images (kernel filesystems: read-backs with O_DIRECT, so "verified" holds).
// SIGKILL keeps the page cache; what a power cut loses is engine-power-cut.test.ts's job. After every kill, BEFORE any recovery, the
// disks and the database must agree: nothing partial or unrecorded under a final name, no
// stored file without both copies. At the end one clean run finishes the card: every file is on
// both disks with the right hash, none stored twice, no temporary file left.
//
// Kills land at each named step of the copy (file-commit.ts, in turn, then at random), during
// start-up recovery, and at random times after the process starts (during start-up, recovery,
// scanning, copying or reading back). The child is engine-crash-child.ts: ingestCommand with the
// configuration from the environment, as cli.ts runs it; it is bundled once with esbuild so each
// start costs ~0.3 s instead of ~1.5 s through tsx.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCustomer, auditDisks, bundleCrashChild, cameraJpeg, rawLike, runCrashChild, Scratch, testDb, videoLike, writeTree, type CardFile } from './engine-helpers.js';
import { seededRandom } from '../helpers/seeded-random.js';

const scratch = new Scratch('sb-ingest-crash-');
afterAll(() => scratch.cleanup());

const KILLS = 50;
const STEPS = ['job-planned', 'temps-written', 'pending-recorded', 'library-placed', 'backup-placed', 'folders-synced', 'file-recorded'] as const;
// Kills here leave a pending row for the next start's recovery to settle.
const LEAVES_PENDING = new Set(['pending-recorded', 'library-placed', 'backup-placed', 'folders-synced']);

describe('ingest survives being killed at any moment', () => {
  let bundle: string;

  beforeAll(async () => {
    bundle = await bundleCrashChild(scratch);
  }, 60_000);

  it(`${KILLS} kills during a copy, then a clean run: every file in both places with the right hash, none twice, no temporary file`, async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1e9);
    const random = seededRandom(seed);

    const tree = scratch.folder('card-tree');
    const spec: Record<string, Record<string, Buffer>> = { '100CANON': {}, '101CANON': {} };
    for (let i = 0; i < 150; i++) spec[i < 100 ? '100CANON' : '101CANON']![`IMG_${String(i).padStart(4, '0')}.CR2`] = rawLike(100_000 + Math.floor(random() * 300_000));
    for (let i = 0; i < 8; i++) spec['100CANON']![`IMG_${String(200 + i).padStart(4, '0')}.JPG`] = await cameraJpeg(i, 320, 240);
    spec['101CANON']!['MVI_0300.MP4'] = videoLike(1_500_000);
    // The same photo twice on the card (under other names): stored once.
    spec['101CANON']!['COPY_0001.CR2'] = spec['100CANON']!['IMG_0001.CR2']!;
    spec['101CANON']!['COPY_0002.JPG'] = spec['100CANON']!['IMG_0201.JPG']!;
    const files: CardFile[] = writeTree(tree, spec);
    const distinct = new Set(files.map((f) => f.hash));
    const cardFs = random() < 0.5 ? 'FAT' : 'exFAT';
    const why = `(${cardFs} card; replay with CRASH_SEED=${seed})`;
    const card = cardFs === 'FAT' ? (await scratch.mountFat(scratch.fatImage('card', tree, 96), 'card')).path : scratch.mountExfat(scratch.exfatImage('card', tree, 96), 'card').path;

    const dataDir = scratch.ext4Disk('sd', 48).path;
    const roots = { library: scratch.ext4Disk('library', 128).path, backup: scratch.ext4Disk('backup', 128).path };
    const setupDb = testDb(join(dataDir, 'studio-box.db'));
    addCustomer(setupDb, 'C000777', 'Hoàng Yến');
    setupDb.close();

    const env = {
      STUDIO_BOX_DATA_DIR: dataDir,
      STUDIO_BOX_DISKS__LIBRARY__PATH: roots.library,
      STUDIO_BOX_DISKS__BACKUP__PATH: roots.backup,
    };
    // Files are committed in groups (ingest-job.ts): each run takes a group size of 1-3, so kills
    // land between the steps of a single file and in the middle of a group's steps.
    const runChild = (crashAt: string, killAfterMs: number | null, batch = 32) => runCrashChild(bundle, [card, 'C000777'], { ...env, CRASH_AT: crashAt, BATCH_FILES: String(batch) }, killAfterMs);

    const check = (label: string) => {
      const db = testDb(join(dataDir, 'studio-box.db'));
      try {
        const audit = auditDisks(db, roots, { allowPending: true });
        expect(audit.problems, `${label} ${why}`).toEqual([]);
        return audit.rows;
      } finally {
        db.close();
      }
    };

    const log: string[] = [];
    let previous = '';
    let recoveredFiles = 0;
    for (let i = 0; i < KILLS; i++) {
      let crashAt: string;
      let killAfter: number | null = null;
      if (i < STEPS.length) crashAt = `${STEPS[i]}:1`; // each step once, in order
      else if (LEAVES_PENDING.has(previous) && random() < 0.5) crashAt = 'recovery-file-settled:1';
      else if (random() < 0.7) crashAt = `${STEPS[Math.floor(random() * STEPS.length)]}:${1 + Math.floor(random() * 2)}`;
      else {
        crashAt = '';
        killAfter = Math.floor(random() * 900);
      }
      // Never let a run reach the end: a fallback kill once a file of its first group is
      // recorded; with groups of at most 3, 50 runs store at most 150 of the card's 159 distinct files.
      const batch = 1 + Math.floor(random() * 3);
      const r = await runChild(crashAt ? `${crashAt},file-recorded:1` : 'file-recorded:1', killAfter, batch);
      const m = /(\d+) files completed/.exec(r.out);
      if (m) recoveredFiles += Number(m[1]);
      log.push(`${i}: ${crashAt || `timer ${killAfter} ms`} (groups of ${batch}) -> ${r.signal ?? r.code}`);
      expect(r.signal, `run ${i} (${crashAt || `timer ${killAfter} ms`}) was not killed: exit ${r.code}\n${r.out}\n${r.err} ${why}`).toBe('SIGKILL');
      previous = crashAt.split(':')[0] ?? '';
      check(`after kill ${i} (${crashAt || `timer ${killAfter} ms`})`);
    }
    // Recovery completed files that were left between the intent and the final record.
    expect(recoveredFiles, log.join('\n')).toBeGreaterThan(0);
    // Every kill came while there was still copying to do.
    const storedBeforeEnd = check('before the clean run').filter((r) => r.state !== 'pending').length;
    expect(storedBeforeEnd).toBeLessThan(distinct.size);
    expect(storedBeforeEnd).toBeGreaterThan(KILLS / 2);

    const end = await runChild('', null);
    expect(end.code, `${end.out}\n${end.err}`).toBe(0);
    expect(end.out).toMatch(/done: \d+ new files copied to library and backup, verified; \d+ were already there\. Safe to remove the card\./);
    const rows = check('after the clean run');

    const db = testDb(join(dataDir, 'studio-box.db'));
    try {
      const strict = auditDisks(db, roots);
      expect(strict.problems, why).toEqual([]);
      expect(rows).toHaveLength(distinct.size);
      expect(rows.every((r) => r.state === 'verified'), why).toBe(true);
      expect(new Set(rows.map((r) => r.hash))).toEqual(distinct);
      // Every card file is known and points to a stored file with its bytes.
      const byIdentity = db
        .prepare('SELECT s.source_path AS path, f.hash FROM ingest_sources s JOIN ingest_files f ON f.id = s.file_id')
        .all() as { path: string; hash: string }[];
      expect(new Map(byIdentity.map((s) => [s.path, s.hash]))).toEqual(new Map(files.map((f) => [f.relPath, f.hash])));
      const jobs = db.prepare('SELECT state, COUNT(*) AS n FROM ingest_jobs GROUP BY state').all() as { state: string; n: number }[];
      expect(jobs.filter((j) => j.state !== 'interrupted' && j.state !== 'done'), why).toEqual([]);
      expect(db.prepare(`SELECT state, error_code FROM ingest_jobs ORDER BY id DESC LIMIT 1`).get()).toEqual({ state: 'done', error_code: null });
    } finally {
      db.close();
    }
  }, 180_000);
});
