// Card ingest against `cp` and against the careful manual way (issue 12 item 2), on three
// separate ext4 loop images: the card (filled, then mounted read-only), the library and the
// backup. The card's loop device is throttled to a real card's read speed (BENCH_CARD_MIBS,
// default 90 MiB/s: a UHS-I card in a USB 3 reader) with the block cgroup (cgroup v2 io.max, or
// v1 blkio.throttle.read_bps_device); this process and every command it runs are in that cgroup,
// and only the card device is throttled. The library and backup images are backed by files in
// /dev/shm (RAM) by default, so they are two separate devices faster than the card, as on the box
// (BENCH_BACKING=disk puts them on the temp folder's disk instead: one shared device).
// The bench and every command it runs are also limited to BENCH_MEMORY_MB (default 384) of memory,
// page cache included, so the card is several times bigger than the page cache can hold, as a
// 32-256 GB card is on the box's 2-8 GB; BENCH_MEMORY_MB=0 lifts the limit (the whole card then
// stays cached, and the manual way reads it from the card only once).
//
// Each round, from cold caches (`sync; echo 3 > /proc/sys/vm/drop_caches`):
//   (a) cp -r card to the library disk, then sync;
//   (b) by hand, carefully: cp -r to library and to backup, sync, then the fastest hasher
//       installed (xxh128sum, b3sum, else sha256sum) over the card and both copies, and the three
//       lists compared (a person's hashing reads whatever the page cache still holds);
//   (c) the box: IngestService: one read of the card teed to both disks, group commits, each copy
//       read back from the device (O_DIRECT) and compared; the job must end 'done'.
// Three rounds; min and median of each; the ratios c/a (target <= 1.1) and b/c (target >= 1.5).
// Needs root (loop devices, mounts, cgroups, drop_caches); says so and stops without it.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { openDatabase } from '../firmware/src/db/connection.js';
import { migrate } from '../firmware/src/db/migrate.js';
import { migrations } from '../firmware/src/db/migrations/index.js';
import { IngestService } from '../firmware/src/ingest/ingest-service.js';
import { verdict } from './timing.js';

const TOTAL_MB = Number(process.env.BENCH_INGEST_MB ?? 1024);
const CARD_MIBS = Number(process.env.BENCH_CARD_MIBS ?? 90);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
// The memory this process and its commands may use, page cache included (0: no limit). A card
// is bigger than the box's RAM (32–256 GB against 2–8 GB), so on the box nothing read from it
// stays in the page cache for a second pass; with 24 GB here and a 1 GB card it all would, and
// the manual way's second cp and its hashing of the card would cost nothing. The default keeps
// the card several times bigger than what the page cache may hold, as on the box.
const MEMORY_MB = Number(process.env.BENCH_MEMORY_MB ?? 384);
// One video of this size instead of three of ~3% each (BENCH_VIDEO_MB=4096: the 4 GB video whose
// copy must stay in bounded memory; the peak RSS growth during (c) is printed).
const VIDEO_MB = process.env.BENCH_VIDEO_MB ? Number(process.env.BENCH_VIDEO_MB) : null;
const MB = 1 << 20;

const sh = (cmd: string): string => execFileSync('sh', ['-c', cmd], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
const q = (p: string) => `'${p.replaceAll("'", `'\\''`)}'`;

function makeCard(dir: string): { files: number; bytes: number } {
  // 25 MB RAWs and 8 MB JPEGs, alternating like a RAW+JPEG camera, and three videos of ~3% each.
  const raw = Buffer.allocUnsafe(25 * MB);
  const jpg = Buffer.allocUnsafe(8 * MB);
  const video = Buffer.allocUnsafe(Math.max(1, Math.round(TOTAL_MB * 0.03)) * MB);
  randomFillSync(raw);
  randomFillSync(jpg);
  randomFillSync(video);
  if (VIDEO_MB !== null) {
    // Written 32 MB at a time, each block starting differently (ext4 neither compresses nor
    // dedupes, so the bytes in between do not matter); never held whole in memory.
    mkdirSync(join(dir, 'DCIM', '100CANON'), { recursive: true });
    const fd = openSync(join(dir, 'DCIM', '100CANON', 'MVI_9000.MP4'), 'w');
    const block = Buffer.allocUnsafe(32 * MB);
    for (let i = 0; i < VIDEO_MB / 32; i++) {
      randomFillSync(block, 0, 4096);
      writeSync(fd, block);
    }
    closeSync(fd);
    return { files: 1, bytes: VIDEO_MB * MB };
  }
  let bytes = 0;
  let files = 0;
  const write = (folder: string, name: string, b: Buffer) => {
    mkdirSync(join(dir, 'DCIM', folder), { recursive: true });
    b.writeUInt32LE(files, 64); // distinct content per file
    writeFileSync(join(dir, 'DCIM', folder, name), b);
    bytes += b.length;
    files++;
  };
  for (let v = 0; v < 3; v++) write('100CANON', `MVI_${9000 + v}.MP4`, video);
  for (let i = 0; bytes + raw.length + jpg.length <= TOTAL_MB * MB; i++) {
    const folder = `${100 + Math.floor(i / 50)}CANON`;
    write(folder, `IMG_${String(i).padStart(4, '0')}.CR3`, raw);
    write(folder, `IMG_${String(i).padStart(4, '0')}.JPG`, jpg);
  }
  return { files, bytes };
}

function dropCaches(): void {
  execFileSync('sync');
  writeFileSync('/proc/sys/vm/drop_caches', '3');
}

/**
 * The cgroup(s) this process moves into: reads of the card's device throttled (block cgroup),
 * and, when memoryBytes > 0, memory (page cache included) limited, so that a card bigger than
 * the limit cannot stay in the page cache, as a 32–256 GB card cannot in the box's 2–8 GB.
 * Every command the bench runs inherits both.
 */
class BenchCgroup {
  private constructor(
    private readonly dirs: { dir: string; parentProcs: string }[],
    readonly how: string,
    readonly memoryHow: string | null,
  ) {}

  static make(majMin: string, bytesPerSecond: number, memoryBytes: number): BenchCgroup {
    const name = `studio-box-bench-${process.pid}`;
    const join2 = (d: string, f: string) => join(d, f);
    if (existsSync('/sys/fs/cgroup/cgroup.controllers')) {
      const controllers = readFileSync('/sys/fs/cgroup/cgroup.controllers', 'utf8').split(/\s+/);
      if (!controllers.includes('io')) throw new Error('cgroup v2 without the io controller');
      if (memoryBytes > 0 && !controllers.includes('memory')) throw new Error('cgroup v2 without the memory controller (BENCH_MEMORY_MB=0 runs without a memory limit)');
      const dir = `/sys/fs/cgroup/${name}`;
      writeFileSync('/sys/fs/cgroup/cgroup.subtree_control', memoryBytes > 0 ? '+io +memory' : '+io');
      mkdirSync(dir);
      writeFileSync(join2(dir, 'io.max'), `${majMin} rbps=${bytesPerSecond}`);
      if (memoryBytes > 0) {
        writeFileSync(join2(dir, 'memory.max'), String(memoryBytes));
        writeFileSync(join2(dir, 'memory.swap.max'), '0');
      }
      writeFileSync(join2(dir, 'cgroup.procs'), String(process.pid));
      return new BenchCgroup([{ dir, parentProcs: '/sys/fs/cgroup/cgroup.procs' }], `cgroup v2 io.max rbps on ${majMin}`, memoryBytes > 0 ? 'cgroup v2 memory.max' : null);
    }
    if (!existsSync('/sys/fs/cgroup/blkio/blkio.throttle.read_bps_device')) {
      throw new Error('no block cgroup controller (neither cgroup v2 io nor v1 blkio) to throttle the card with');
    }
    if (memoryBytes > 0 && !existsSync('/sys/fs/cgroup/memory/memory.limit_in_bytes')) {
      throw new Error('no cgroup v1 memory controller (BENCH_MEMORY_MB=0 runs without a memory limit)');
    }
    const made: { dir: string; parentProcs: string }[] = [];
    const blkio = `/sys/fs/cgroup/blkio/${name}`;
    mkdirSync(blkio);
    made.push({ dir: blkio, parentProcs: '/sys/fs/cgroup/blkio/cgroup.procs' });
    writeFileSync(join2(blkio, 'blkio.throttle.read_bps_device'), `${majMin} ${bytesPerSecond}`);
    writeFileSync(join2(blkio, 'cgroup.procs'), String(process.pid));
    if (memoryBytes > 0) {
      const memory = `/sys/fs/cgroup/memory/${name}`;
      mkdirSync(memory);
      made.push({ dir: memory, parentProcs: '/sys/fs/cgroup/memory/cgroup.procs' });
      writeFileSync(join2(memory, 'memory.limit_in_bytes'), String(memoryBytes));
      writeFileSync(join2(memory, 'cgroup.procs'), String(process.pid));
    }
    return new BenchCgroup(made, `cgroup v1 blkio.throttle.read_bps_device on ${majMin}`, memoryBytes > 0 ? 'cgroup v1 memory.limit_in_bytes' : null);
  }

  /** Peak memory use of the group so far (page cache included), when limited. */
  peakBytes(): number | null {
    for (const { dir } of this.dirs) {
      for (const f of ['memory.peak', 'memory.max_usage_in_bytes']) {
        if (existsSync(join(dir, f))) return Number(readFileSync(join(dir, f), 'utf8').trim());
      }
    }
    return null;
  }

  remove(): void {
    for (const { dir, parentProcs } of [...this.dirs].reverse()) {
      writeFileSync(parentProcs, String(process.pid));
      try {
        execFileSync('rmdir', [dir]);
      } catch {
        /* already gone */
      }
    }
  }
}

/** An ext4 filesystem on a loop device over an image file; undo() unmounts and detaches. */
function loopDisk(image: string, mnt: string, sizeBytes: number, undo: (() => void)[], preallocate = false): string {
  // Preallocated on tmpfs, the image's RAM is charged now, outside the bench's memory limit, not
  // when the bench writes through the loop device (RAM that cannot be reclaimed, without swap).
  execFileSync(preallocate ? 'fallocate' : 'truncate', preallocate ? ['-l', String(sizeBytes), image] : ['-s', String(sizeBytes), image]);
  undo.push(() => rmSync(image, { force: true }));
  execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', image]);
  const dev = execFileSync('losetup', ['--find', '--show', image], { encoding: 'utf8' }).trim();
  undo.push(() => execFileSync('losetup', ['-d', dev]));
  mkdirSync(mnt, { recursive: true });
  execFileSync('mount', [dev, mnt]);
  undo.push(() => execFileSync('umount', [mnt]));
  return dev;
}

function fastestHasher(): string {
  for (const h of ['xxh128sum', 'b3sum', 'sha256sum']) {
    try {
      execFileSync('sh', ['-c', `command -v ${h}`], { stdio: 'ignore' });
      return h;
    } catch {
      /* next */
    }
  }
  throw new Error('no hasher (xxh128sum, b3sum, sha256sum) installed');
}

async function seconds(fn: () => void | Promise<void>): Promise<number> {
  dropCaches();
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e9;
}

interface Round {
  a: number;
  b: number;
  c: number;
  job: string;
  peakRssMb: number;
  /** CPU seconds of this process during (c), user and system: on a busy machine (c) is the first to starve. */
  cpu: number;
  cpuUser: number;
}

async function round(n: number, card: string, lib: string, bak: string, hasher: string, work: string): Promise<Round> {
  const a = await seconds(() => void sh(`cp -r ${q(card)} ${q(join(lib, 'a'))} && sync`));
  rmSync(join(lib, 'a'), { recursive: true });

  const list = (d: string, out: string) => `(cd ${q(d)} && find . -type f -print0 | sort -z | xargs -0 ${hasher}) > ${q(out)}`;
  const h = (k: string) => join(work, `hashes-${k}`);
  const b = await seconds(
    () =>
      void sh(
        `cp -r ${q(card)} ${q(join(lib, 'b'))} && cp -r ${q(card)} ${q(join(bak, 'b'))} && sync && ` +
          `${list(card, h('card'))} && ${list(join(lib, 'b'), h('lib'))} && ${list(join(bak, 'b'), h('bak'))} && ` +
          `cmp -s ${q(h('card'))} ${q(h('lib'))} && cmp -s ${q(h('card'))} ${q(h('bak'))}`,
      ),
  );
  rmSync(join(lib, 'b'), { recursive: true });
  rmSync(join(bak, 'b'), { recursive: true });

  const db = openDatabase(join(work, `studio-box-${n}.db`));
  migrate(db, migrations);
  const now = new Date().toISOString();
  db.prepare('INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run('C000001', 'Bench', now, now, now);
  mkdirSync(join(lib, 'c'));
  mkdirSync(join(bak, 'c'));
  const service = new IngestService({ db, clock: () => new Date(), log: pino({ level: 'warn' }), libraryRoot: join(lib, 'c'), backupRoot: join(bak, 'c') });
  await service.start();
  let job = '';
  const rss0 = process.memoryUsage().rss;
  let peak = rss0;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  const cpu0 = process.cpuUsage();
  const c = await seconds(async () => {
    const j = await service.waitForJob((await service.startJob({ sourceRoot: card, customerId: 1 })).id);
    job = `${j.state}, ${j.filesCopied} copied, ${j.filesVerified} verified`;
    if (j.state !== 'done') throw new Error(`the ingest job ended ${j.state}: ${j.error}`);
  });
  clearInterval(sampler);
  const cpu = process.cpuUsage(cpu0);
  const methods = (db.prepare('SELECT verify_method AS m, COUNT(*) AS n FROM ingest_files GROUP BY verify_method').all() as { m: string; n: number }[]).map((m) => `${m.m} x${m.n}`).join(', ');
  await service.stop();
  db.close();
  rmSync(join(lib, 'c'), { recursive: true });
  rmSync(join(bak, 'c'), { recursive: true });
  return { a, b, c, job: `${job}; read-back: ${methods}`, peakRssMb: (peak - rss0) / 1e6, cpu: (cpu.user + cpu.system) / 1e6, cpuUser: cpu.user / 1e6 };
}

const median = (v: number[]) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)]!;
const min = (v: number[]) => Math.min(...v);

export async function run(): Promise<void> {
  if (process.getuid?.() !== 0) {
    console.log('ingest benchmark: needs root (loop devices, mounts, a block cgroup, drop_caches); not run.');
    return;
  }
  const work = mkdtempSync(join(tmpdir(), 'sb-ingest-bench-'));
  const undo: (() => void)[] = [() => rmSync(work, { recursive: true, force: true })];
  let throttle: BenchCgroup | null = null;
  try {
    const hasher = fastestHasher();
    const want = (VIDEO_MB ?? TOTAL_MB) * MB;
    const shmFree = existsSync('/dev/shm') ? Number(statfsSync('/dev/shm').bavail) * Number(statfsSync('/dev/shm').bsize) : 0;
    const ram = process.env.BENCH_BACKING !== 'disk' && shmFree > want * 3;
    const backing = ram ? mkdtempSync('/dev/shm/sb-ingest-bench-') : work;
    if (ram) undo.push(() => rmSync(backing, { recursive: true, force: true }));
    const size = Math.ceil((want * 1.15 + 128 * MB) / 4096) * 4096;
    let cardDev: string;
    const card = join(work, 'card');
    const lib = join(work, 'library');
    const bak = join(work, 'backup');
    try {
      // The card image on the temp folder's disk, throttled; library and backup separate.
      cardDev = loopDisk(join(work, 'card.img'), card, size, undo);
      loopDisk(join(backing, 'library.img'), lib, size, undo, ram && MEMORY_MB > 0);
      loopDisk(join(backing, 'backup.img'), bak, size, undo, ram && MEMORY_MB > 0);
    } catch (err) {
      console.log(`ingest benchmark: cannot make the three loop images (${(err as Error).message.split('\n')[0]}); not run.`);
      return;
    }
    const { files, bytes } = makeCard(card);
    execFileSync('mount', ['-o', 'remount,ro', card]);
    const majMin = execFileSync('lsblk', ['-dno', 'MAJ:MIN', cardDev], { encoding: 'utf8' }).trim();
    try {
      throttle = BenchCgroup.make(majMin, CARD_MIBS * MB, MEMORY_MB * MB);
    } catch (err) {
      console.log(`ingest benchmark: cannot throttle the card (${(err as Error).message}); not run.`);
      return;
    }
    const what = VIDEO_MB === null ? '25 MB RAW-like + 8 MB JPEG-like + 3 videos' : 'one video';
    console.log(`ingest benchmark: a card of ${files} files, ${(bytes / 1e9).toFixed(2)} GB (${what}), ${ROUNDS} rounds`);
    console.log(`  card: ext4 loop image (${cardDev}) mounted read-only, reads throttled to ${CARD_MIBS} MiB/s (${throttle.how})`);
    console.log(`  library, backup: two ext4 loop images backed by ${ram ? 'RAM (/dev/shm): separate devices faster than the card' : 'files on the temp folder\'s disk (ONE shared device)'}`);
    console.log(
      throttle.memoryHow
        ? `  memory: the bench and every command it runs limited to ${MEMORY_MB} MB, page cache included (${throttle.memoryHow}): the card is ${(bytes / (MEMORY_MB * MB)).toFixed(1)}x that, as a 32-256 GB card is 4-100x the box's RAM (BENCH_MEMORY_MB=0: no limit)`
        : '  memory: no limit (BENCH_MEMORY_MB=0): the whole card fits in the page cache, so a second read of it costs nothing - unlike on the box',
    );
    console.log(`  manual hasher: ${hasher}; caches dropped before each run (sync; echo 3 > /proc/sys/vm/drop_caches)`);

    const rounds: Round[] = [];
    for (let n = 1; n <= ROUNDS; n++) {
      const r = await round(n, card, lib, bak, hasher, work);
      rounds.push(r);
      console.log(`  round ${n}: (a) ${r.a.toFixed(1)} s  (b) ${r.b.toFixed(1)} s  (c) ${r.c.toFixed(1)} s   c/a ${(r.c / r.a).toFixed(2)}  b/c ${(r.b / r.c).toFixed(2)}   job ${r.job}; +${r.peakRssMb.toFixed(0)} MB RSS, ${r.cpu.toFixed(1)} s CPU (${r.cpuUser.toFixed(1)} user); load ${loadavg()[0]!.toFixed(1)} on ${cpus().length} CPUs`);
    }
    const col = (k: 'a' | 'b' | 'c') => rounds.map((r) => r[k]);
    const rate = (s: number) => `${(bytes / 1e6 / s).toFixed(0).padStart(4)} MB/s of card`;
    const line = (label: string, k: 'a' | 'b' | 'c') => console.log(`  ${label} min ${min(col(k)).toFixed(1).padStart(6)} s  median ${median(col(k)).toFixed(1).padStart(6)} s  (${rate(median(col(k)))})`);
    console.log('');
    line('(a) cp -r + sync, one disk:                              ', 'a');
    line(`(b) cp -r x2 + sync + ${hasher} x3 + compare:           `.slice(0, 58), 'b');
    line('(c) studio-box ingest, both copies read back (O_DIRECT): ', 'c');
    const ca = median(col('c')) / median(col('a'));
    const bc = median(col('b')) / median(col('c'));
    console.log(`  c/a = ${ca.toFixed(2)} (median), ${(min(col('c')) / min(col('a'))).toFixed(2)} (min)   target <= 1.1: ${verdict(ca <= 1.1)}`);
    console.log(`  b/c = ${bc.toFixed(2)} (median), ${(min(col('b')) / min(col('c'))).toFixed(2)} (min)   target >= 1.5: ${verdict(bc >= 1.5)}`);
    console.log(`  peak extra memory of the box during (c): ${Math.max(...rounds.map((r) => r.peakRssMb)).toFixed(0)} MB RSS`);
    const peak = throttle.peakBytes();
    if (peak !== null) console.log(`  peak memory of the bench's group (page cache included): ${(peak / MB).toFixed(0)} MB of ${MEMORY_MB} MB`);
  } finally {
    throttle?.remove();
    for (const u of undo.reverse()) {
      try {
        u();
      } catch (err) {
        console.error(`cleanup: ${(err as Error).message.split('\n')[0]}`);
      }
    }
  }
}
