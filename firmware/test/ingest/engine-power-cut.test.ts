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
import { addCustomer, auditDisks, bundleCrashChild, rawLike, runCrashChild, testDb, videoLike, writeTree, type CardFile } from './engine-helpers.js';
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
    card = lab.scratch.folder('card');
    const spec: Record<string, Buffer> = {};
    for (let i = 0; i < 40; i++) spec[`IMG_${String(i).padStart(4, '0')}.CR2`] = rawLike(150_000 + i * 7_000);
    spec['MVI_0100.MP4'] = videoLike(2_500_000);
    spec['COPY_0001.CR2'] = spec['IMG_0001.CR2']!; // the same bytes twice: stored once
    files = writeTree(card, { '100CANON': spec });
  }, 60_000);

  for (const fs of ['vfat', 'exfat', 'ext4'] as DiskFs[]) {
    const fsSkip = fsSkipReason(fs);
    if (fsSkip) console.warn(`SKIPPED engine-power-cut ${fs}: ${fsSkip}`);
    it.skipIf(!!fsSkip)(`${fs}: ${CUTS} cuts at random moments, then an uncut run finishes the card`, async () => {
      // A pinned seed by default: a random one can place all three cuts past the card's last write
      // (no cut, and the run proves nothing). CRASH_SEED=n replays or explores others; npm run soak runs 25.
      const seed = Number(process.env.CRASH_SEED ?? 20261202);
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

      const lost: CutStats[] = [];
      let run = 0;
      // The moment of each cut: the n-th changing operation on one of the three disks, chosen
      // at random (by the program's progress, not by a clock).
      const mountAll = async (cutAt: { disk: number; op: number } | null) => {
        run++;
        const s = seed + run * 3;
        const at = (d: number) => (cutAt?.disk === d ? cutAt.op : 0);
        return [
          await lab.lossy(backing.library, `lib-${fs}`, s, at(0)),
          await lab.lossy(backing.backup, `bak-${fs}`, s + 1, at(1)),
          await lab.lossy(backing.data, `sd-${fs}`, s + 2, at(2)),
        ] as const;
      };
      const envFor = (lib: string, bak: string, data: string) => ({ STUDIO_BOX_DATA_DIR: data, STUDIO_BOX_DISKS__LIBRARY__PATH: lib, STUDIO_BOX_DISKS__BACKUP__PATH: bak });

      let cuts = 0;
      for (let i = 0; i < CUTS; i++) {
        const disk = Math.floor(random() * 3);
        const cutAt = { disk, op: 1 + Math.floor(random() * (disk === 2 ? 120 : 350)) };
        const mounts = await mountAll(cutAt);
        const [lib, bak, data] = mounts;
        const r = await runUntilFrozen(bundle, [card, 'C000888'], envFor(lib.path, bak.path, data.path), mounts);
        // The power goes for all three at once (the process is already dead).
        for (const m of mounts) lost.push(await m.cut());
        const label = `after cut ${i} (${['library', 'backup', 'data'][disk]} disk, operation ${cutAt.op}: ${r.cut ? 'cut' : `ended by itself, exit ${r.code}`})`;
        if (process.env.POWER_CUT_DEBUG) console.log(label, JSON.stringify(lost.slice(-3)));
        if (!r.cut && !endedWell(r)) throw new Error(`${label}: the run failed by itself ${why}\n${r.out}\n${r.err}`);
        if (r.cut) cuts++;
        check(label);
      }
      expect(cuts, why).toBeGreaterThan(0);
      // The harness did throw unsynced work away (or this test would prove nothing).
      expect(lost.reduce((n, s) => n + s.filesLostData + s.foldersLostNames, 0), why).toBeGreaterThan(0);

      const [lib, bak, data] = await mountAll(null);
      const end = await runCrashChild(bundle, [card, 'C000888'], envFor(lib.path, bak.path, data.path), null);
      for (const m of [lib, bak, data]) await m.unmount();
      expect(endedWell(end), `${end.out}\n${end.err} ${why}`).toBe(true);
      const rows = check('after the uncut run', true);
      expect(new Set(rows.map((r) => r.hash)), why).toEqual(new Set(files.map((f) => f.hash)));
      expect(rows.every((r) => r.state === 'verified' || r.state === 'copied'), why).toBe(true);
    }, 120_000 + CUTS * 30_000);
  }
});
