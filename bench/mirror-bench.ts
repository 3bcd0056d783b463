// `npm run bench -- mirror`: mixed photo-sized files (MIRROR_BENCH_MB, default 2048 MB: RAWs,
// JPEGs, a few videos) mirrored to a real smbd on loopback by the mirror worker, against
// `smbclient -c 'prompt off; recurse on; mput *'` of the same tree to the same smbd, side by
// side in MIRROR_BENCH_ROUNDS rounds (default 6, the order rotating). Prints MB/s of each, the
// ratio per round, its min and median (target ≥ 0.9), and the CPU the daemon and its smbclient
// processes used. On a shared machine the ratio matters, not the MB/s.
//
// The target's baseline is plain `smbclient … mput`, what a careful person runs. The mirror's
// smbclient runs with glibc malloc settings (smbclient-env.ts) that plain smbclient lacks, so a
// third runner, `mput` with the same settings, shows how much of the mirror's speed is those
// settings and how much its own work costs.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLog } from '../firmware/src/audit/audit-log.js';
import { MirrorService } from '../firmware/src/mirror/mirror-service.js';
import { smbclientEnv } from '../firmware/src/mirror/smbclient-env.js';
import { addCustomer, Scratch, silentLog, testDb } from '../firmware/test/ingest/engine-helpers.js';
import { SMB_PASSWORD, SMB_USER, Smbd, smbdSkipReason } from '../firmware/test/mirror/smbd-harness.js';

const ROUNDS = Number(process.env.MIRROR_BENCH_ROUNDS ?? 6);
const TICKS = 100; // USER_HZ on Linux
/** CPU seconds of this process, and of its finished children (smbclient), from /proc/self/stat. */
function cpu(): { self: number; children: number } {
  const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3; utime 14, stime 15, cutime 16, cstime 17 → indexes 11..14.
  const [ut, st, cut, cst] = [11, 12, 13, 14].map((i) => Number(f[i]) / TICKS) as [number, number, number, number];
  return { self: ut + st, children: cut + cst };
}

export async function run(): Promise<void> {
  const skip = smbdSkipReason();
  if (skip) {
    console.log(`mirror bench skipped: ${skip}`);
    return;
  }
  const totalMb = Number(process.env.MIRROR_BENCH_MB ?? 2048);
  // The library and the share (three copies at most at once) where they fit.
  const shm = (() => {
    try {
      const f = statfsSync('/dev/shm');
      return f.bavail * f.bsize > 3.5 * totalMb * 1e6 ? '/dev/shm' : null;
    } catch {
      return null;
    }
  })();
  const where = process.env.MIRROR_BENCH_DIR ?? shm;
  if (where) process.env.TMPDIR = where;
  console.log(`library and share in ${where ?? 'the default temporary folder'}${where === '/dev/shm' ? ' (tmpfs)' : ''}`);
  const scratch = new Scratch('sb-mirror-bench-');
  const smbd = new Smbd();
  await smbd.start();
  try {
    const dataDir = scratch.folder('data');
    const library = scratch.folder('library');
    const db = testDb(join(dataDir, 'studio-box.db'));
    db.prepare(`INSERT INTO users (id, username, display_name, password_hash, is_admin, created_at, updated_at) VALUES (1, 'admin', 'admin', 'x', 1, '', '')`).run();
    const customer = addCustomer(db, '0001', 'Bench Nguyễn 陈');
    const now = new Date().toISOString();
    const job = Number(
      db.prepare(`INSERT INTO ingest_jobs (customer_id, folder, source_root, library_root, backup_root, state, created_at, updated_at) VALUES (?, '0001 Bench', '/bench', ?, '/bench-backup', 'done', ?, ?)`).run(customer, library, now, now).lastInsertRowid,
    );
    // The mix of a wedding card: mostly RAWs, some JPEGs, a video every 40 files.
    const sizes = [25e6, 25e6, 25e6, 6e6, 25e6, 6e6];
    const buf = Buffer.alloc(100e6);
    randomFillSync(buf);
    const folder = join(library, '0001 Bench Nguyễn 陈', '2026-12-02 cưới', 'originals');
    mkdirSync(folder, { recursive: true });
    let bytes = 0;
    let n = 0;
    const insert = db.prepare(`INSERT INTO ingest_files (job_id, customer_id, subfolder, size, hash, hash_alg, library_path, backup_path, state, created_at, updated_at) VALUES (?, ?, 'originals', ?, ?, 'xxh3-128', ?, ?, 'verified', ?, ?)`);
    while (bytes < totalMb * 1e6) {
      const size = n % 40 === 39 ? 100e6 : sizes[n % sizes.length]!;
      const name = `ảnh ${String(n).padStart(4, '0')}.${size === 100e6 ? 'MP4' : size === 6e6 ? 'JPG' : 'CR3'}`;
      const data = buf.subarray(0, size);
      data.writeUInt32BE(n, 0); // every file its own bytes
      writeFileSync(join(folder, name), data);
      const rel = `0001 Bench Nguyễn 陈/2026-12-02 cưới/originals/${name}`;
      insert.run(job, customer, size, `bench${n}`, rel, `b/${rel}`, now, now);
      bytes += size;
      n++;
    }
    const mb = bytes / 1e6;
    console.log(`${n} files, ${mb.toFixed(0)} MB on loopback smbd (${smbd.port})`);

    const authFile = join(dataDir, 'bench.auth');
    writeFileSync(authFile, `username = ${SMB_USER}\npassword = ${SMB_PASSWORD}\n`, { mode: 0o600 });
    /** One `mput` of the tree: its seconds and its smbclient's CPU seconds. */
    const mput = (dest: string, env?: NodeJS.ProcessEnv): { secs: number; children: number } => {
      mkdirSync(join(smbd.photos, dest), { recursive: true });
      const c0 = cpu();
      const t0 = performance.now();
      execFileSync('smbclient', ['//127.0.0.1/photos', '-p', String(smbd.port), '-A', authFile, '-D', dest, '-c', `prompt OFF; recurse ON; lcd "${library}"; mput *`], { stdio: 'ignore', env });
      return { secs: (performance.now() - t0) / 1000, children: cpu().children - c0.children };
    };
    // A first pass warms the page cache and smbd: not counted.
    mput('warm-up');
    rmSync(join(smbd.photos, 'warm-up'), { recursive: true, force: true });

    const mirror = new MirrorService({ db, audit: new AuditLog(db, () => new Date()), clock: () => new Date(), log: silentLog, dataDir, libraryRoot: library, worker: { idlePollMs: 50 }, smb: { nameResolveOrder: 'host' } });
    await mirror.start();
    /** One mirror of the whole tree to a folder of its own (a new share address queues every file again). */
    const mirrorTo = async (dest: string): Promise<{ secs: number; self: number; children: number }> => {
      const c0 = cpu();
      const t0 = performance.now();
      await mirror.saveShare({ id: 1, name: 'admin' }, { address: `//127.0.0.1/photos/${dest}`, port: smbd.port, user: SMB_USER, domain: '', password: SMB_PASSWORD, enabled: true });
      while (mirror.status().queueFiles > 0) await new Promise((r) => setTimeout(r, 20));
      const secs = (performance.now() - t0) / 1000;
      // The pass ends (its smbclient quits and is counted) just after the last file is marked.
      while (mirror.status().state === 'copying') await new Promise((r) => setTimeout(r, 20));
      const c1 = cpu();
      return { secs, self: c1.self - c0.self, children: c1.children - c0.children };
    };
    // The mirror's first pass is not counted either, as mput's warm-up is not: in every run
    // so far the first mirror round was 2-3x slower than the others (0.29-0.54 of mput, then
    // 0.84-1.27), whichever way the rounds were ordered.
    await mirrorTo('warm-up-mirror');
    rmSync(join(smbd.photos, 'warm-up-mirror'), { recursive: true, force: true });
    // Rounds side by side, the order rotating through all six (each runner first, second and
    // third equally often over six rounds); the share's disk written back (sync) before each.
    const orders = [
      ['mput', 'mirror', 'tuned'],
      ['mirror', 'tuned', 'mput'],
      ['tuned', 'mput', 'mirror'],
      ['mput', 'tuned', 'mirror'],
      ['tuned', 'mirror', 'mput'],
      ['mirror', 'mput', 'tuned'],
    ] as const;
    const rounds: { mput: number; tuned: number; mirror: number; ratio: number; ratioTuned: number }[] = [];
    for (let r = 1; r <= ROUNDS; r++) {
      let p = { secs: 0, children: 0 };
      let t = { secs: 0, children: 0 };
      let m = { secs: 0, self: 0, children: 0 };
      for (const which of orders[(r - 1) % orders.length]!) {
        execFileSync('sync');
        const dest = `${which}-${r}`;
        if (which === 'mput') p = mput(dest);
        else if (which === 'tuned') t = mput(dest, smbclientEnv());
        else m = await mirrorTo(dest);
        // Each copy removed before the next is made: all write into the same freed memory.
        // With the first copy still there, the second always ran slower (0.4-0.6 of the first,
        // whichever tool it was), on a VM whose freed memory goes back to the host.
        rmSync(join(smbd.photos, dest), { recursive: true, force: true });
      }
      const row = { mput: p.secs, tuned: t.secs, mirror: m.secs, ratio: p.secs / m.secs, ratioTuned: t.secs / m.secs };
      rounds.push(row);
      const mbs = (secs: number) => `${(mb / secs).toFixed(0)} MB/s`;
      console.log(
        `round ${r}: mput ${mbs(p.secs)}, mput with the mirror's malloc settings ${mbs(t.secs)}, mirror ${mbs(m.secs)}: ratio ${row.ratio.toFixed(2)} (${row.ratioTuned.toFixed(2)} of the tuned mput); ` +
          `CPU: mirror's daemon ${m.self.toFixed(1)} s + smbclient ${m.children.toFixed(1)} s, mput's smbclient ${p.children.toFixed(1)} s, tuned ${t.children.toFixed(1)} s`,
      );
    }
    await mirror.stop();
    const summary = (key: 'ratio' | 'ratioTuned', base: 'mput' | 'tuned') => {
      const ratios = rounds.map((x) => x[key]).sort((x, y) => x - y);
      const mid = ratios.length / 2;
      const median = ratios.length % 2 ? ratios[Math.floor(mid)]! : (ratios[mid - 1]! + ratios[mid]!) / 2;
      const total = rounds.reduce((n, x) => n + x[base], 0) / rounds.reduce((n, x) => n + x.mirror, 0);
      return `min ${ratios[0]!.toFixed(2)}, median ${median.toFixed(2)}, of the totals ${total.toFixed(2)}`;
    };
    console.log(`ratio mirror / mput over ${ROUNDS} rounds: ${summary('ratio', 'mput')} (target >= 0.90)`);
    console.log(`ratio mirror / mput with the same malloc settings: ${summary('ratioTuned', 'tuned')} (what the mirror's own work costs)`);
    db.close();
  } finally {
    await smbd.cleanup();
    scratch.cleanup();
  }
}
