// Card ingest against doing it by hand (issue 5, Benchmark). A 2 GB "card" of 25 MB RAW-like
// and 8 MB JPEG-like files plus a few videos (random bytes: nothing compresses or dedupes), then,
// each from cold caches (`sync; echo 3 > /proc/sys/vm/drop_caches`, as root):
//   (a) cp -r card to one destination, then sync;
//   (b) by hand, carefully: cp -r to library and to backup, sync, then sha256sum of the card and
//       of both copies (a person's hashing reads whatever the page cache still holds);
//   (c) the box: IngestService, one read of the card teed to both disks, fsync, rename, then
//       each copy read back with O_DIRECT (from the disk, not the page cache) and compared.
// Targets: (c) at least 1.5x faster than (b); (c) within 1.1x of (a) when card, library and
// backup are separate devices. Run 1 keeps all three in folders of ONE filesystem (the dev
// machine's one disk), so (c) writes twice and reads three times through the device that (a)
// writes once through: the 1.1x target cannot be judged there, and it says so. Run 2 puts the
// library and backup on two tmpfs mounts (RAM, as root): separate destinations much faster
// than the card, which is the box's situation; but a tmpfs read-back reads RAM, not a disk.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../firmware/src/db/connection.js';
import { migrate } from '../firmware/src/db/migrate.js';
import { migrations } from '../firmware/src/db/migrations/index.js';
import { IngestService } from '../firmware/src/ingest/ingest-service.js';
import { verdict } from './timing.js';

const TOTAL_MB = Number(process.env.BENCH_INGEST_MB ?? 2048); // smaller for a quick try
const MB = 1 << 20;

function makeCard(dir: string): { files: number; bytes: number } {
  // 25 MB RAWs and 8 MB JPEGs, alternating like a RAW+JPEG camera, and three videos of ~3% each.
  const raw = Buffer.allocUnsafe(25 * MB);
  const jpg = Buffer.allocUnsafe(8 * MB);
  const video = Buffer.allocUnsafe(Math.max(1, Math.round(TOTAL_MB * 0.03)) * MB);
  randomFillSync(raw);
  randomFillSync(jpg);
  randomFillSync(video);
  const folder = join(dir, 'DCIM', '100CANON');
  mkdirSync(folder, { recursive: true });
  let bytes = 0;
  let files = 0;
  const write = (name: string, b: Buffer) => {
    b.writeUInt32LE(files, 64); // distinct content per file
    writeFileSync(join(folder, name), b);
    bytes += b.length;
    files++;
  };
  for (let v = 0; v < 3; v++) write(`MVI_${9000 + v}.MP4`, video);
  for (let i = 0; bytes + raw.length + jpg.length <= TOTAL_MB * MB; i++) {
    write(`IMG_${String(i).padStart(4, '0')}.CR3`, raw);
    write(`IMG_${String(i).padStart(4, '0')}.JPG`, jpg);
  }
  return { files, bytes };
}

function dropCaches(): string {
  execFileSync('sync');
  try {
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return 'dropped (sync; echo 3 > /proc/sys/vm/drop_caches)';
  } catch (err) {
    return `NOT dropped (${(err as NodeJS.ErrnoException).code}: needs root); figures below are warm-cache`;
  }
}

const sh = (cmd: string): void => void execFileSync('sh', ['-c', cmd], { stdio: ['ignore', 'ignore', 'inherit'] });
function seconds(fn: () => void | Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  return Promise.resolve(fn()).then(() => Number(process.hrtime.bigint() - t0) / 1e9);
}

interface Figures {
  a: number;
  b: number;
  c: number;
  methods: string;
}

/** (a), (b), (c) from `card` into destinations under libRoot and bakRoot (fresh folders each). */
async function measure(dir: string, card: string, libRoot: string, bakRoot: string): Promise<Figures> {
  const q = (p: string) => `'${p}'`;
  dropCaches();
  const a = await seconds(() => sh(`cp -r ${q(card)} ${q(join(libRoot, 'a'))} && sync`));
  rmSync(join(libRoot, 'a'), { recursive: true });

  dropCaches();
  const b = await seconds(() =>
    sh(
      `cp -r ${q(card)} ${q(join(libRoot, 'b'))} && cp -r ${q(card)} ${q(join(bakRoot, 'b'))} && sync && ` +
        `for d in ${q(card)} ${q(join(libRoot, 'b'))} ${q(join(bakRoot, 'b'))}; do (cd "$d" && find . -type f -exec sha256sum {} + > /dev/null); done`,
    ),
  );
  rmSync(join(libRoot, 'b'), { recursive: true });
  rmSync(join(bakRoot, 'b'), { recursive: true });

  const dbFile = join(dir, `studio-box-${Date.now()}.db`);
  const db = openDatabase(dbFile);
  migrate(db, migrations);
  const now = new Date().toISOString();
  db.prepare('INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('C000001', 'Bench', now, now, now);
  mkdirSync(join(libRoot, 'c'));
  mkdirSync(join(bakRoot, 'c'));
  const service = new IngestService({ db, clock: () => new Date(), log: pino({ level: 'warn' }), libraryRoot: join(libRoot, 'c'), backupRoot: join(bakRoot, 'c') });
  await service.start();
  dropCaches();
  let state = '';
  const c = await seconds(async () => {
    const job = await service.waitForJob((await service.startJob({ sourceRoot: card, customerId: 1 })).id);
    state = `${job.state}, ${job.filesCopied} copied, ${job.filesVerified} verified`;
  });
  const methods = (db.prepare('SELECT verify_method AS m, COUNT(*) AS n FROM ingest_files GROUP BY verify_method').all() as { m: string; n: number }[])
    .map((m) => `${m.m} x${m.n}`)
    .join(', ');
  await service.stop();
  db.close();
  rmSync(join(libRoot, 'c'), { recursive: true });
  rmSync(join(bakRoot, 'c'), { recursive: true });
  return { a, b, c, methods: `${state}; read-back: ${methods}` };
}

function report(bytes: number, f: Figures, judge11: string): void {
  const rate = (s: number) => `${(bytes / 1e6 / s).toFixed(0).padStart(5)} MB/s of card`;
  console.log(`  (a) cp -r + sync, one destination:                          ${f.a.toFixed(1).padStart(6)} s  ${rate(f.a)}`);
  console.log(`  (b) cp -r x2 + sync + sha256sum of card and both copies:    ${f.b.toFixed(1).padStart(6)} s  ${rate(f.b)}`);
  console.log(`  (c) studio-box ingest: both copies, read back with O_DIRECT: ${f.c.toFixed(1).padStart(6)} s  ${rate(f.c)}`);
  console.log(`      job ${f.methods}`);
  console.log(`  (b)/(c) = ${(f.b / f.c).toFixed(2)}x faster   target >= 1.5x: ${verdict(f.b / f.c >= 1.5)}`);
  console.log(`  (c)/(a) = ${(f.c / f.a).toFixed(2)}x as long  target <= 1.1x on separate devices: ${judge11}`);
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-ingest-bench-'));
  const mounts: string[] = [];
  try {
    const card = join(dir, 'card');
    const { files, bytes } = makeCard(card);
    const device = execFileSync('df', ['--output=source,fstype', dir], { encoding: 'utf8' }).trim().split('\n').pop()?.replace(/\s+/g, ' ');
    console.log(`ingest benchmark: a card of ${files} files, ${(bytes / 1e9).toFixed(2)} GB (25 MB RAW-like + 8 MB JPEG-like + 3 videos)`);
    console.log(`caches before each run: ${dropCaches()}`);

    console.log(`\n1. card, library and backup: folders on ONE disk (${device})`);
    mkdirSync(join(dir, 'lib'));
    mkdirSync(join(dir, 'bak'));
    const one = await measure(dir, card, join(dir, 'lib'), join(dir, 'bak'));
    report(bytes, one, 'not judged (one shared disk: (c) moves 5x the bytes (a) moves through it)');

    // Separate, fast destinations (RAM): the card is the slowest part, as on the box.
    const size = `${Math.ceil((bytes * 1.1) / 1e9) + 1}g`;
    try {
      for (const name of ['lib-ram', 'bak-ram']) {
        const m = join(dir, name);
        mkdirSync(m);
        execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', m]);
        mounts.push(m);
      }
    } catch (err) {
      console.log(`\n2. skipped: cannot mount tmpfs destinations (${(err as Error).message.split('\n')[0]})`);
      return;
    }
    console.log(`\n2. card on the disk, library and backup on two tmpfs (RAM) mounts: separate destinations faster than the card`);
    const two = await measure(dir, card, mounts[0]!, mounts[1]!);
    report(bytes, two, `${verdict(two.c / two.a <= 1.1)} (but tmpfs is RAM: its read-back is not a disk's)`);
  } finally {
    for (const m of mounts) execFileSync('umount', [m]);
    rmSync(dir, { recursive: true, force: true });
  }
}
