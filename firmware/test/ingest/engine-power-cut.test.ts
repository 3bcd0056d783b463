// Power cuts, not just kills: `studio-box ingest` copies a card onto library and backup disks
// that are real FAT, exFAT or ext4 images, and the database lives on an ext4 "SD card"; all
// three are seen through lossy_fs.py (power-cut/), which on a cut throws away every write,
// create, rename and unlink that no fsync covered (docs/power-cut-harness.md). The process is
// SIGKILLed at a random moment, then the power goes. After each cut, with the database as the
// cut left it:
//   - no file the database records as stored (copied or verified) is missing or different on
//     either disk, and nothing is under a final name without its row or with other bytes than
//     its row says (a pending row's final file may be absent, never partial);
// and in the end one uncut run finishes the card: every file on both disks with its hash.
// Only the engine's public face is used (the CLI command and the database), so the test holds
// whatever the copy loop looks like inside.
//
// Default: POWER_CUTS=3 cuts per filesystem. `npm run soak` runs more (POWER_CUTS=25).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../helpers/seeded-random.js';
import { addCustomer, auditDisks, bundleCrashChild, hashFile, listFiles, rawLike, runCrashChild, testDb, videoLike, writeTree, type CardFile } from './engine-helpers.js';
import { PowerCutLab, powerCutSkipReason, fsSkipReason, runUntilFrozen, type CutStats, type DiskFs } from './power-cut/power-cut-lab.js';

const skip = powerCutSkipReason();
if (skip) console.warn(`SKIPPED engine-power-cut: ${skip}`);
const CUTS = Number(process.env.POWER_CUTS ?? 3);
const lab = new PowerCutLab('sb-power-cut-');

/**
 * A run that was not cut finished the card. Through a FUSE layer no read-back can be proved to
 * come from the disk, so the engine (rightly) ends with "copied to both disks but not verified"
 * and holds "safe to remove" back; on a kernel filesystem without the layer the same run says
 * done. Either way the audit afterwards requires every file on both disks.
 */
function endedWell(r: { code: number | null; out: string }): boolean {
  if (r.code === 0) return /done: \d+ new files copied/.test(r.out);
  return r.code === 1 && /failed: \d+ files were copied to both disks but not verified: the library disk .* is mounted through FUSE/.test(r.out) && !/[Ss]afe to remove/.test(r.out);
}
afterAll(() => lab.cleanup());

describe.skipIf(!!skip)('ingest survives power cuts on real filesystems', () => {
  let bundle: string;
  let card: string;
  let files: CardFile[];

  beforeAll(async () => {
    bundle = await bundleCrashChild(lab.scratch);
    const tree = lab.scratch.folder('card-tree');
    const spec: Record<string, Buffer> = {};
    for (let i = 0; i < 40; i++) spec[`IMG_${String(i).padStart(4, '0')}.CR2`] = rawLike(150_000 + i * 7_000);
    spec['MVI_0100.MP4'] = videoLike(2_500_000);
    spec['COPY_0001.CR2'] = spec['IMG_0001.CR2']!; // the same bytes twice: stored once
    files = writeTree(tree, { '100CANON': spec });
    // The card is a real FAT image, read-only through fusefat (the disks are what lose power).
    card = (await lab.scratch.mountFat(lab.scratch.fatImage('card', tree, 48), 'card')).path;
  }, 60_000);

  for (const fs of ['vfat', 'exfat', 'ext4'] as DiskFs[]) {
    const fsSkip = fsSkipReason(fs);
    if (fsSkip) console.warn(`SKIPPED engine-power-cut ${fs}: ${fsSkip}`);
    it.skipIf(!!fsSkip)(`${fs}: ${CUTS} cuts at random moments, then an uncut run finishes the card`, async () => {
      // Any seed cuts CUTS times: each cut point is drawn within the operations a dry run from the
      // same state made. CRASH_SEED=n replays a run; npm run soak makes 25 cuts.
      const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1e9);
      const random = seededRandom(seed);
      const why = `(${fs}; replay with CRASH_SEED=${seed})`;
      const backing = {
        library: await lab.disk(`lib-${fs}`, fs),
        backup: await lab.disk(`bak-${fs}`, fs),
        data: await lab.disk(`sd-${fs}`, 'ext4', 48),
      };
      const setup = testDb(join(backing.data, 'studio-box.db'));
      addCustomer(setup, 'C000888', 'Đỗ Hà');
      setup.close();

      /** The disks as the cut left them, checked against the database as the cut left it. */
      const check = (label: string, strict = false) => {
        const db = testDb(join(backing.data, 'studio-box.db'));
        try {
          const audit = auditDisks(db, { library: backing.library, backup: backing.backup }, strict ? {} : { allowPending: true });
          expect(audit.problems, `${label} ${why}`).toEqual([]);
          return audit.rows;
        } finally {
          db.close();
        }
      };

      /** Every file on the three disks with its hash. */
      const fingerprint = () =>
        Object.values(backing).map((root) => listFiles(root).map((rel) => `${rel} ${hashFile(join(root, rel))}`));

      const lost: CutStats[] = [];
      let run = 0;
      // The moment of each cut: the n-th changing operation on one of the three disks (by the
      // program's progress, not by a clock). 'dry': a measuring run, rolled back at unmount.
      const mountAll = async (cutAt: { disk: number; op: number } | 'dry' | null) => {
        run++;
        const s = seed + run * 3;
        const at = (d: number) => (cutAt === 'dry' ? 'dry' : cutAt?.disk === d ? cutAt.op : 0);
        return [
          await lab.lossy(backing.library, `lib-${fs}`, s, at(0)),
          await lab.lossy(backing.backup, `bak-${fs}`, s + 1, at(1)),
          await lab.lossy(backing.data, `sd-${fs}`, s + 2, at(2)),
        ] as const;
      };
      const envFor = (lib: string, bak: string, data: string) => ({ STUDIO_BOX_DATA_DIR: data, STUDIO_BOX_DISKS__LIBRARY__PATH: lib, STUDIO_BOX_DISKS__BACKUP__PATH: bak });

      const diskName = ['library', 'backup', 'data'];
      let cuts = 0;
      let misses = 0;
      while (cuts < CUTS) {
        // How many changing operations does a run make from the state the last cut left? A dry
        // run through the same layer answers, and is rolled back to exactly that state.
        const before = fingerprint();
        const dry = await mountAll('dry');
        const measured = await runCrashChild(bundle, [card, 'C000888'], envFor(dry[0].path, dry[1].path, dry[2].path), null);
        const ops: number[] = [];
        for (const m of dry) ops.push((await m.unmount()).ops);
        expect(fingerprint(), `the dry run was not rolled back ${why}`).toEqual(before);
        const writing = [0, 1, 2].filter((d) => ops[d]! > 0);
        if (!writing.length) throw new Error(`the dry run changed no disk ${why}\n${measured.out}\n${measured.err}`);
        const disk = writing[Math.floor(random() * writing.length)]!;
        const cutAt = { disk, op: 1 + Math.floor(random() * ops[disk]!) };
        const mounts = await mountAll(cutAt);
        const [lib, bak, data] = mounts;
        const r = await runUntilFrozen(bundle, [card, 'C000888'], envFor(lib.path, bak.path, data.path), mounts);
        // The power goes for all three at once (the process is already dead).
        const stats: CutStats[] = [];
        for (const m of mounts) stats.push(await m.cut());
        const label = `after cut ${cuts} (${diskName[disk]} disk, operation ${cutAt.op} of ${ops[disk]} measured: ${r.cut ? 'cut' : `ended by itself after ${stats[disk]!.ops}, exit ${r.code}`})`;
        if (process.env.POWER_CUT_DEBUG) console.log(label, JSON.stringify(stats));
        if (!r.cut && !endedWell(r)) throw new Error(`${label}: the run failed by itself ${why}\n${r.out}\n${r.err}`);
        check(label);
        if (r.cut) {
          cuts++;
          lost.push(...stats);
        } else if (++misses > CUTS) {
          // A run may make a few operations fewer than its dry run (timing: a group closes at
          // 2 s, SQLite's shared memory is written back by the kernel); never this often.
          throw new Error(`${misses} runs ended before their cut point ${why}`);
        }
      }
      expect(cuts, why).toBe(CUTS);
      // The harness did throw unsynced work away (or this test would prove nothing).
      expect(lost.reduce((n, s) => n + s.filesLostData + s.foldersLostNames, 0), why).toBeGreaterThan(0);

      const [lib, bak, data] = await mountAll(null);
      const end = await runCrashChild(bundle, [card, 'C000888'], envFor(lib.path, bak.path, data.path), null);
      for (const m of [lib, bak, data]) await m.unmount();
      expect(endedWell(end), `${end.out}\n${end.err} ${why}`).toBe(true);
      const rows = check('after the uncut run', true);
      expect(new Set(rows.map((r) => r.hash)), why).toEqual(new Set(files.map((f) => f.hash)));
      expect(rows.every((r) => r.state === 'verified' || r.state === 'copied'), why).toBe(true);
    }, 120_000 + CUTS * 60_000);
  }
});
