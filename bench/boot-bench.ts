// `npm run bench -- boot` (issue 17): the daemon's cold start with a busy studio's database.
// Seeds BENCH_CUSTOMERS customers (default 200,000, the figure) through the real
// CustomerService, then starts the built daemon (dist/, as systemd does: bin.cjs serve) with the
// simulated modem several times and prints, from process start:
//   health   /api/health answers with the database ok        target < 3 s (here, 2 cores)
//   modem    /api/health says the modem works ('simulated')   printed, no target
// and the CPU time the daemon had used by the health answer (less bound to the load than the wall time).
// and the daemon's resident memory after BENCH_IDLE_SECONDS (default 60) idle: target < 100 MB.
// The machine's load is printed beside the figures: they are only comparable at a similar load.
// The daemon runs with the node options of systemd/studio-box.service's ExecStart (unitNodeFlags),
// as on the Pi; BENCH_NODE_FLAGS (space-separated) replaces them, e.g. BENCH_NODE_FLAGS= for none.
// BENCH_KEEP_DATA=1 keeps the seeded folder; BENCH_DATA=<that folder> starts from it again.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { openBenchBox } from './bench-box.js';
import { fakeCustomers } from './fake-customers.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const IDLE_SECONDS = Number(process.env.BENCH_IDLE_SECONDS ?? 60);
const SEED = 20_241_202;
const BATCH = 5_000;
const TARGET_HEALTH_MS = 3_000;
const TARGET_RSS_MB = 100;
const root = resolve(import.meta.dirname, '..');
const bin = join(root, 'dist/firmware/src/bin.cjs');

/** The options between `node` and bin.cjs on the unit's ExecStart line, e.g. ['--max-semi-space-size=2']. */
export function unitNodeFlags(unit = readFileSync(join(root, 'systemd/studio-box.service'), 'utf8')): string[] {
  const m = /^ExecStart=\S*\/node((?: +-\S+)*) +\S*bin\.cjs /m.exec(unit);
  if (!m) throw new Error('systemd/studio-box.service: no ExecStart line running node with bin.cjs');
  return m[1]!.trim().split(/ +/).filter(Boolean);
}
const nodeFlags = process.env.BENCH_NODE_FLAGS !== undefined ? process.env.BENCH_NODE_FLAGS.split(/ +/).filter(Boolean) : unitNodeFlags();

interface Boot {
  healthMs: number;
  /** CPU time (user + system) the daemon had used when /api/health said ok: less load-bound than the wall time. */
  cpuMs: number;
  modemMs: number;
  child: ChildProcess;
}

export async function run(): Promise<void> {
  if (!existsSync(bin)) throw new Error('dist/ is not built: npm run build');
  console.log(`Studio Box boot benchmark: ${CUSTOMERS.toLocaleString('en')} customers; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores; node ${[...nodeFlags, 'bin.cjs serve'].join(' ')}`);
  const dataDir = process.env.BENCH_DATA ?? (await seed());
  try {
    const rows: string[] = [];
    let last: Boot | null = null;
    for (let i = 1; i <= RUNS; i++) {
      const load = loadavg()[0]!;
      const b = await boot(dataDir);
      rows.push(`  run ${i}: health ${fmt(b.healthMs)} (CPU ${fmt(b.cpuMs)})  modem ready ${fmt(b.modemMs)}  (load ${load.toFixed(1)})`);
      console.log(rows.at(-1));
      if (i < RUNS) await stop(b.child);
      else last = b;
    }
    const idle = await idleRss(last!.child);
    await stop(last!.child);
    const healths = rows.map((r) => Number(/health +([\d.]+)/.exec(r)![1]) * 1000);
    const best = Math.min(...healths);
    console.log(`\n  /api/health ok: best ${fmt(best)}, target < ${fmt(TARGET_HEALTH_MS)}: ${best < TARGET_HEALTH_MS ? 'met' : 'NOT met'}`);
    console.log(`  idle RSS after ${IDLE_SECONDS} s: ${idle.toFixed(1)} MB, target < ${TARGET_RSS_MB} MB: ${idle < TARGET_RSS_MB ? 'met' : 'NOT met'}`);
  } finally {
    if (!process.env.BENCH_KEEP_DATA && !process.env.BENCH_DATA) rmSync(dataDir, { recursive: true, force: true });
    else console.log(`data kept in ${dataDir}`);
  }
}

const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

async function seed(): Promise<string> {
  const box = await openBenchBox({ keep: true });
  const started = Date.now();
  const people = fakeCustomers(CUSTOMERS, SEED);
  for (let start = 0; start < people.length; start += BATCH) {
    box.db.transaction(() => {
      for (const p of people.slice(start, start + BATCH)) box.customers.create(box.admin, { name: p.name, phones: p.phones.map((number) => ({ number })) });
    })();
  }
  console.log(`seeded in ${fmt(Date.now() - started)}; database ${(box.dbBytes() / 1e6).toFixed(0)} MB`);
  box.close();
  return box.dataDir;
}

/** Starts the daemon and polls /api/health until the database and then the modem say ok. */
async function boot(dataDir: string): Promise<Boot> {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeFlags, bin, 'serve', '--port', '0'], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      STUDIO_BOX_DATA_DIR: dataDir,
      STUDIO_BOX_HTTP__HOST: '127.0.0.1',
      STUDIO_BOX_MODEM__KIND: 'simulator',
      STUDIO_BOX_LOG__LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  let url: URL | null = null;
  let healthMs = 0;
  let cpuMs = 0;
  const deadline = t0 + 120_000;
  while (performance.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the daemon exited (${child.exitCode}): ${out}`);
    url ??= ((m) => (m ? new URL('/api/health', m[1]) : null))(/Open (http:\/\/\S+) in a browser/.exec(out));
    if (url) {
      const h = (await fetch(url).then((r) => r.json()).catch(() => null)) as { data?: { db: { state: string }; modem: { state: string } } } | null;
      const now = performance.now() - t0;
      if (h?.data?.db.state === 'ok' && !healthMs) {
        healthMs = now;
        cpuMs = cpuOf(child.pid!);
      }
      if (healthMs && ['ok', 'simulated'].includes(h?.data?.modem.state ?? '')) return { healthMs, cpuMs, modemMs: now, child };
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  child.kill('SIGKILL');
  throw new Error(`no healthy daemon within 120 s: ${out}`);
}

/** utime + stime of a process, from /proc/PID/stat (clock ticks: 100 a second on Linux). */
function cpuOf(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function idleRss(child: ChildProcess): Promise<number> {
  await new Promise((r) => setTimeout(r, IDLE_SECONDS * 1000));
  const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await exited;
}
