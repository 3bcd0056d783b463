// Customer search under load: the whole daemon (HTTP, sessions, SQLite) with 20,000 customers,
// and 200 front-desk browsers searching at once, each sending its next search as soon as the
// last one is answered. Prints req/s, p50, p99 and max, overall and per query kind, the
// longest time one search held the daemon's event loop, and whether the tail is fair:
// p99 < 1 s and no request waiting much longer than the rest (max < 2 s).
import { fork } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { UserRef } from '../firmware/src/api-types.js';
import type { HttpContext } from '../firmware/src/http/context.js';
import { ApiClient, SETUP } from '../firmware/test/helpers/http-client.js';
import { startBenchDaemon } from './bench-daemon.js';
import { fakeCustomers, pick, seededRandom, type FakeCustomer, type Rand } from './fake-customers.js';
import type { LoadPlan, LoadSample } from './search-load-client.js';
import { nameQueryMakers, phoneQueryMakers, queries, type QueryMaker } from './search-queries.js';
import { latencyRow, percentile, TABLE_HEADER, timeMs, verdict } from './timing.js';

const CUSTOMERS = Number(process.env.BENCH_LOAD_CUSTOMERS ?? 20_000);
const SEARCHERS = Number(process.env.BENCH_LOAD_SEARCHERS ?? 200);
const DURATION_MS = Number(process.env.BENCH_LOAD_SECONDS ?? 20) * 1000;
const SEED = 20_240_611;
const BATCH = 5_000;
const DISTINCT_REQUESTS = 20_000;
const RECONNECT_EVERY = 20; // requests per connection, then a new one
const TARGET_P99_MS = 1_000;
const TARGET_MAX_MS = 2_000;

export async function run(): Promise<void> {
  console.log(`\nconcurrent search: ${SEARCHERS} searchers for ${DURATION_MS / 1000} s over HTTP, ${CUSTOMERS.toLocaleString('en')} customers, seed ${SEED}; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  const bd = await startBenchDaemon('search-load');
  try {
    const admin = new ApiClient(bd.url);
    const setup = await admin.post('/api/setup', SETUP);
    if (setup.status !== 201 || !admin.sessionCookie) throw new Error(`setup failed: ${setup.status}`);
    const people = fakeCustomers(CUSTOMERS, SEED);
    load(bd.box.ctx, { id: 1, name: SETUP.admin.displayName }, people);

    const rand = seededRandom(SEED + 1);
    const makers = loadQueryMakers(people, rand, (q) => bd.box.ctx.customers.search(q, 1).items.length > 0);
    const kinds = makers.map(([label]) => label);
    const requests = queries(makers, DISTINCT_REQUESTS, rand).map(({ q, subkind }) => ({ path: q, kind: kinds.indexOf(subkind) }));

    const slowest = timeSearches(bd.box.ctx);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const cpu = process.cpuUsage();
    const samples = await runClients({ url: bd.url, cookie: admin.sessionCookie, searchers: SEARCHERS, durationMs: DURATION_MS, reconnectEvery: RECONNECT_EVERY, requests });
    loopDelay.disable();
    const { user, system } = process.cpuUsage(cpu);
    report(samples, kinds, DURATION_MS);
    console.log(`  longest single search on the daemon: ${slowest.ms.toFixed(1)} ms (${JSON.stringify(slowest.q)}, offset ${slowest.offset})`);
    console.log(`  daemon CPU per request: ${((user + system) / 1000 / samples.length).toFixed(2)} ms (user ${(user / 1e6).toFixed(1)} s, system ${(system / 1e6).toFixed(1)} s)`);
    console.log(`  event-loop delay: p99 ${(loopDelay.percentile(99) / 1e6).toFixed(1)} ms, max ${(loopDelay.max / 1e6).toFixed(1)} ms`);
  } finally {
    await bd.close();
  }
}

function load(ctx: HttpContext, actor: UserRef, people: FakeCustomer[]): void {
  const ms = timeMs(() => {
    for (let start = 0; start < people.length; start += BATCH) {
      ctx.db.transaction(() => {
        for (const p of people.slice(start, start + BATCH)) ctx.customers.create(actor, { name: p.name, phones: p.phones.map((number) => ({ number })) });
      })();
    }
  });
  console.log(`loaded ${people.length.toLocaleString('en')} customers in ${(ms / 1000).toFixed(1)} s`);
}

const searchPath = (q: string, offset = 0) => `/api/customers?${new URLSearchParams({ q, limit: '50', ...(offset ? { offset: String(offset) } : {}) })}`;

/**
 * What the front desks send: as-you-type name and phone fragments (the sequential benchmark's
 * mix), 1–2 digit phone fragments, the list as it opens, "more" pages, customer numbers.
 */
function loadQueryMakers(people: FakeCustomer[], rand: Rand, finds: (q: string) => boolean): QueryMaker[] {
  const path = (makers: QueryMaker[]): QueryMaker[] => makers.map(([label, w, make]) => [label, w, (r) => searchPath(make(r))]);
  const lastDigits = (r: Rand, n: number) => pick(r, pick(r, people).phones).replace(/\D/g, '').slice(-n);
  return [
    ...path(nameQueryMakers(people)).map(([label, w, make]): QueryMaker => [`name: ${label}`, w / 2, make]),
    ...path(phoneQueryMakers(people, rand, finds)).map(([label, w, make]): QueryMaker => [`phone: ${label}`, w / 4, make]),
    ['phone: 1–2 digits', 5, (r) => searchPath(lastDigits(r, 1 + Math.floor(r() * 2)))],
    ['list as it opens (empty query)', 8, () => searchPath('')],
    ['list, a later page', 4, (r) => searchPath('', 50 * (1 + Math.floor(r() * 20)))],
    ['name, a later page', 4, (r) => searchPath(pick(r, people).name.slice(0, 1), 50 * (1 + Math.floor(r() * 10)))],
    ['customer number', 4, (r) => searchPath(`C${1 + Math.floor(r() * people.length)}`)],
  ];
}

/** Wraps the daemon's search to note the longest single call (the event loop is blocked meanwhile). */
function timeSearches(ctx: HttpContext): { ms: number; q: string; offset: number } {
  const slowest = { ms: 0, q: '', offset: 0 };
  const search = ctx.customers.search.bind(ctx.customers);
  ctx.customers.search = (q, limit, offset = 0) => {
    const t0 = performance.now();
    try {
      return search(q, limit, offset);
    } finally {
      const ms = performance.now() - t0;
      if (ms > slowest.ms) Object.assign(slowest, { ms, q, offset });
    }
  };
  return slowest;
}

function runClients(plan: LoadPlan): Promise<LoadSample[]> {
  const child = fork(new URL('./search-load-client.ts', import.meta.url), [], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
  return new Promise((resolve, reject) => {
    child.once('message', (samples) => resolve(samples as LoadSample[]));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the search clients exited (${code}) before answering`)));
    child.send(plan);
  });
}

function report(samples: LoadSample[], kinds: string[], durationMs: number): void {
  const failed = samples.filter(([, , , status]) => status !== 200);
  const ms = samples.map(([, , t]) => t);
  const sorted = [...ms].sort((a, b) => a - b);
  const p99 = percentile(sorted, 0.99);
  const max = sorted.at(-1) ?? NaN;
  console.log(
    `  ${samples.length.toLocaleString('en')} requests, ${Math.round(samples.length / (durationMs / 1000)).toLocaleString('en')} req/s, ` +
      `p50 ${percentile(sorted, 0.5).toFixed(0)} ms, p99 ${p99.toFixed(0)} ms, max ${max.toFixed(0)} ms; not 200: ${failed.length}`,
  );
  console.log(`  ${''.padEnd(36)}${TABLE_HEADER}`);
  console.log(latencyRow(`  ${'all'.padEnd(36)}`, ms));
  console.log(latencyRow(`  ${`on a new connection (1 in ${RECONNECT_EVERY})`.padEnd(36)}`, samples.filter((x) => x[4]).map(([, , t]) => t)));
  console.log(latencyRow(`  ${'on an open connection'.padEnd(36)}`, samples.filter((x) => !x[4]).map(([, , t]) => t)));
  console.log('  by query kind:');
  kinds.forEach((label, i) => {
    const rows = samples.filter(([k]) => k === i).map(([, , t]) => t);
    if (rows.length) console.log(latencyRow(`  ${label.padEnd(36)}`, rows));
  });
  const slow = samples.filter(([, , t]) => t > TARGET_P99_MS).length;
  console.log(`  requests over ${TARGET_P99_MS} ms: ${slow} (${((100 * slow) / samples.length).toFixed(2)} %)`);
  console.log(`  target p99 < ${TARGET_P99_MS} ms: ${verdict(p99 < TARGET_P99_MS)}; no request starved (max < ${TARGET_MAX_MS} ms): ${verdict(max < TARGET_MAX_MS)}`);
}
