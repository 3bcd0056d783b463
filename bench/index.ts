// `npm run bench -- <name>` runs one benchmark. Benchmarks print figures next to their
// targets; they assert nothing (the tests do that). Each is imported only when chosen, so one
// benchmark's imports and setup never slow another. Adding a benchmark is one line here.
interface Bench {
  run(): Promise<void>;
}

const BENCHES: Record<string, () => Promise<Bench>> = {
  search: () => import('./search-bench.js'),
  // The concurrent part of `search` alone.
  'search-load': () => import('./search-load.js'),
  pdu: () => import('./pdu-bench.js'),
  callerid: () => import('./callerid-bench.js'),
  hash: () => import('./hash-bench.js'),
  ingest: () => import('./ingest-bench.js'),
  thumbs: () => import('./thumbs-bench.js'),
  import: () => import('./import-bench.js'),
  reminders: () => import('./reminders-bench.js'),
  mirror: () => import('./mirror-bench.js'),
  till: () => import('./till-bench.js'),
  campaign: () => import('./campaign-bench.js'),
  // The daemon's cold start with 200,000 customers, and its idle memory (issue 17).
  boot: () => import('./boot-bench.js'),
  // Every report over a busy year, the dashboard and its first paint (issue 20).
  reports: () => import('./reports-bench.js'),
};

const name = process.argv[2] ?? '';
// hasOwn, so that e.g. "toString" is not taken for a benchmark.
if (!Object.hasOwn(BENCHES, name)) {
  console.error(`usage: npm run bench -- <name>\nbenchmarks: ${Object.keys(BENCHES).join(', ')}`);
  process.exit(2);
}
const started = process.hrtime.bigint();
await (await BENCHES[name]!()).run();
console.log(`\nbench ${name} took ${(Number(process.hrtime.bigint() - started) / 1e9).toFixed(1)} s`);
