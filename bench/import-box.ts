// The box alone in a process of its own, for the import benchmark: its memory and event-loop
// stalls are then the box's, not the benchmark's. Prints {"port"} when it listens; on a line
// "report" on stdin prints {"peakRssMb","rssMb","maxStallMs"}; "reset" starts the stall window
// again; on "stop" closes and exits.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { loadConfig } from '../firmware/src/config.js';
import { createLogger } from '../firmware/src/log.js';
import { startBox } from '../firmware/src/main.js';

const box = await startBox(
  loadConfig({ env: {}, overrides: { dataDir: process.argv[2]!, http: { host: '127.0.0.1', port: 0 }, log: { level: 'silent' }, modem: { kind: 'none' } } }),
  createLogger('silent'),
);
// The campaign bench compares build chunk sizes side by side (BENCH_CAMPAIGN_CHUNK): the service's
// chunk is set at construction, so it is overridden here, in the bench's box only.
if (process.env.BENCH_CAMPAIGN_CHUNK) (box.ctx.campaigns.campaigns as unknown as { chunk: number }).chunk = Number(process.env.BENCH_CAMPAIGN_CHUNK);
const stalls = monitorEventLoopDelay({ resolution: 10 });
console.log(JSON.stringify({ port: box.port }));
for await (const line of createInterface({ input: process.stdin })) {
  if (line === 'start') stalls.enable();
  // A new measuring window (the campaign bench measures its estimate and its queueing apart).
  if (line === 'reset') stalls.reset();
  if (line === 'report') console.log(JSON.stringify({ peakRssMb: process.resourceUsage().maxRSS / 1e3, rssMb: process.memoryUsage().rss / 1e6, maxStallMs: stalls.max / 1e6 }));
  if (line === 'stop') break;
}
await box.close();
process.exit(0);
