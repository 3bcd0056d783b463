// Power cuts, not kills, under the mirror (issue 17 item 6). The box's data folder (the database
// with the mirror's durable queue, and the share's password file) is on a real ext4 image seen
// through the power-cut harness's lossy_fs (test/ingest/power-cut/, docs/power-cut-harness.md):
// on a cut every write, create, rename and unlink that no fsync covered is thrown away, the
// database's WAL included. The worker runs in a process of its own against a real smbd; the
// power goes at an operation drawn from a dry run's log of the same work (a commit of a group's
// marks, right after one, or anywhere: never a clock), its whole process group (smbclient too)
// is killed, and the next round starts the worker again on what survived (with a new card
// stored meanwhile, so every round has work; the share is put back after each dry run). After
// every cut:
//   - the database opens and passes integrity_check;
//   - every file marked mirrored is on the share byte for byte as in the library (and has the
//     recorded hash);
// and after a last uncut run every stored file is mirrored, byte-identical, and no temporary
// name is left on the share.
// (The share's own machine does not lose power here: smbd writes to a plain folder.)
//
// Seeded (CRASH_SEED=n replays; the default is fixed). POWER_CUTS sets the number of cuts (4).
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { MirrorService } from '../../src/mirror/mirror-service.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { addCustomer, hashOf, listFiles, rawLike, sh, silentLog, testDb } from '../ingest/engine-helpers.js';
import { PowerCutLab, powerCutSkipReason, runUntilFrozen, type CutStats } from '../ingest/power-cut/power-cut-lab.js';
import { ingestCard } from '../scrub/scrub-helpers.js';
import { SMB_PASSWORD, SMB_USER, Smbd, smbdSkipReason } from './smbd-harness.js';

const skip = powerCutSkipReason() ?? smbdSkipReason();
if (skip) console.warn(`SKIPPED mirror-power-cut: ${skip}`);
const CUTS = Number(process.env.POWER_CUTS ?? 4);
const SEED = Number(process.env.CRASH_SEED ?? 17);
const FILES_PER_CARD = 16; // two groups of 8 (mirror-worker.ts) per round
const lab = new PowerCutLab('sb-mirror-power-cut-');
const clock = () => new Date();

async function bundleChild(): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = join(import.meta.dirname, '../../../node_modules/.cache/studio-box-tests');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `mirror-power-cut-child-${process.pid}.mjs`);
  await esbuild.build({ entryPoints: [join(import.meta.dirname, 'mirror-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'warning' });
  lab.scratch.onCleanup(() => rmSync(out, { force: true }));
  return out;
}

interface Marked {
  remote_path: string;
  size: number;
  hash: string;
  library_path: string;
}

describe.skipIf(!!skip)('the mirror survives power cuts of the box', () => {
  let smbd: Smbd;
  let data: string;
  let roots: { library: string; backup: string };
  let child: string;
  let cards = 0;

  /** A new customer's card stored by the real ingest engine (the database on the disk as the last cut left it). */
  const storeCard = async () => {
    const db = testDb(join(data, 'studio-box.db'));
    try {
      const n = cards++;
      const files: Record<string, Buffer> = {};
      for (let i = 0; i < FILES_PER_CARD; i++) files[`ảnh cưới; ${n}-${i} 照片.CR2`] = rawLike(80_000 + n * 5_000 + i * 3_000);
      await ingestCard(db, roots, addCustomer(db, `M${n}`, `Lê Văn Tám ${n} 李`), lab.scratch.folder(`card-${n}`), 0, files);
    } finally {
      db.close();
    }
    sh('sync', []);
  };

  beforeAll(async () => {
    smbd = new Smbd();
    await smbd.start();
    data = await lab.disk('sd', 'ext4', 64);
    roots = { library: lab.scratch.folder('library'), backup: lab.scratch.folder('backup') };
    const db = testDb(join(data, 'studio-box.db'));
    db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'admin', 'admin', 'x', 1, '', '')`).run();
    // The share saved as the admin does (its password file in <dataDir>/secrets/).
    const setup = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: silentLog, dataDir: data, libraryRoot: roots.library, smb: { nameResolveOrder: 'host' } });
    await setup.saveShare({ id: 1, name: 'admin' }, { address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: '', password: SMB_PASSWORD, enabled: true });
    db.close();
    child = await bundleChild();
  }, 120_000);
  afterAll(async () => {
    lab.cleanup();
    await smbd?.cleanup();
  });

  /** The database as the cut left it (opened from a copy): integrity_check, the stored and the marked files. */
  const readDb = () => {
    const copy = mkdtempSync(join(lab.scratch.dir, 'open-'));
    try {
      for (const s of ['', '-wal']) if (existsSync(join(data, `studio-box.db${s}`))) copyFileSync(join(data, `studio-box.db${s}`), join(copy, `studio-box.db${s}`));
      const db = new Database(join(copy, 'studio-box.db'), { fileMustExist: true });
      try {
        const integrity = (db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
        const stored = db.prepare(`SELECT library_path FROM ingest_files WHERE state IN ('copied', 'verified') ORDER BY id`).pluck().all() as string[];
        const marked = db.prepare(`SELECT m.remote_path, m.size, m.hash, f.library_path FROM mirror_files m JOIN ingest_files f ON f.id = m.file_id WHERE m.state = 'mirrored' ORDER BY f.id`).all() as Marked[];
        return { integrity, stored, marked };
      } finally {
        db.close();
      }
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  };

  /** Every file marked mirrored is on the share byte for byte as in the library. */
  const check = (label: string) => {
    const d = readDb();
    expect(d.integrity, label).toBe('ok');
    for (const m of d.marked) {
      const shared = join(smbd.photos, m.remote_path);
      expect(existsSync(shared), `${label}: ${m.remote_path} is marked mirrored but not on the share`).toBe(true);
      const bytes = readFileSync(shared);
      expect(bytes.equals(readFileSync(join(roots.library, m.library_path))), `${label}: ${m.remote_path} is marked mirrored with other bytes on the share`).toBe(true);
      expect(hashOf(bytes), `${label}: ${m.remote_path}`).toBe(m.hash);
    }
    return d;
  };

  it(`${CUTS} power cuts while mirroring, then the worker on what survived finishes: the database sound, nothing marked that is not on the share whole`, async () => {
    const random = seededRandom(SEED);
    const why = `(replay with CRASH_SEED=${SEED})`;
    let run = 0;
    const mount = (at: number | 'dry') => lab.lossy(data, 'sd', SEED + ++run, at);
    const args = (m: { path: string }) => [m.path, roots.library, '--until-done'];
    const endedWell = (r: { code: number | null; out: string }) => r.code === 0 && /done: \d+ mirrored, 0 failed/.test(r.out);
    const kinds = ['a commit of marks', 'right after a commit of marks', 'anywhere'] as const;
    const lost: CutStats[] = [];
    let cuts = 0;
    let misses = 0;
    let marksLost = 0;
    while (cuts < CUTS) {
      await storeCard();
      const before = readDb().marked.length;
      // The dry run really copies to the share: the share is put back as it was afterwards, or
      // every file would already be there for the cut run and a mark too early would go unseen.
      const saved = lab.scratch.folder(`share-before-${run}`);
      sh('cp', ['-a', `${smbd.photos}/.`, saved]);
      const dry = await mount('dry');
      const measured = await runUntilFrozen(child, args(dry), {}, [dry], { group: true });
      await dry.unmount();
      sh('find', [smbd.photos, '-mindepth', '1', '-delete']);
      sh('cp', ['-a', `${saved}/.`, smbd.photos]);
      rmSync(saved, { recursive: true });
      expect(endedWell(measured), `the dry run ${why}\n${measured.out}\n${measured.err}`).toBe(true);
      const log = dry.opLog();
      const kind = kinds[cuts % kinds.length]!;
      // A commit of marks is the fsync of the WAL: cut at it (the op never happens: the marks
      // are not on the disk) or at the op after it (they are).
      const commits = log.filter((o) => o.kind === 'fsync' && o.path === '/studio-box.db-wal');
      let at: number;
      if (kind !== 'anywhere' && commits.length) at = commits[Math.floor(random() * commits.length)]!.n + (kind === 'a commit of marks' ? 0 : 1);
      else at = 1 + Math.floor(random() * log.length);
      const m = await mount(at);
      const r = await runUntilFrozen(child, args(m), {}, [m], { group: true });
      const stats = await m.cut();
      const label = `after cut ${cuts} (${kind}: operation ${at} of ${log.length}, ${log[at - 1]?.kind ?? 'end'} ${log[at - 1]?.path ?? ''}; ${r.cut ? 'cut' : `ended by itself, exit ${r.code}`}) ${why}`;
      const d = check(label);
      if (process.env.POWER_CUT_DEBUG) console.log(label, `marked ${before} -> ${d.marked.length} of ${d.stored.length}`, JSON.stringify(stats));
      if (r.cut) {
        cuts++;
        lost.push(stats);
        if (stats.filesLostData) marksLost++;
      } else {
        expect(endedWell(r), `${label}\n${r.out}\n${r.err}`).toBe(true);
        if (++misses > CUTS) throw new Error(`${misses} runs ended before their cut point ${why}`);
      }
    }
    // The cuts threw unsynced work away (or they proved nothing).
    expect(lost.reduce((n, s) => n + s.filesLostData + s.foldersLostNames, 0), why).toBeGreaterThan(0);
    expect(marksLost, why).toBeGreaterThan(0);

    // The power stays on: the worker on what survived finishes.
    const m = await mount(0);
    const end = await runUntilFrozen(child, args(m), {}, [m], { group: true });
    await m.unmount();
    expect(endedWell(end), `${end.out}\n${end.err} ${why}`).toBe(true);
    const d = check(`after the uncut run ${why}`);
    expect(d.stored.length).toBe(cards * FILES_PER_CARD);
    expect(d.marked.map((x) => x.library_path).sort(), why).toEqual([...d.stored].sort());
    for (const p of d.stored) expect(readFileSync(join(smbd.photos, p)).equals(readFileSync(join(roots.library, p))), p).toBe(true);
    expect(listFiles(smbd.photos).filter((p) => p.includes('.studio-box-')), `temporary names left on the share ${why}`).toEqual([]);
  }, 180_000);
});
