// Group SMS (S3) at the size of a big studio: 200,000 customers, a segment of 50,000 of them
// ("history" stage), a personalised text. The box runs in a process of its own (import-box.ts)
// so that its memory and event-loop stalls are its own; meanwhile four front-desk searchers
// query the customer list over HTTP. Prints: the estimate (every text rendered and counted),
// the time from POST /api/campaigns to every recipient written with its own text (the queue
// the runner hands to the outbox a few at a time), the box's peak RSS, its longest event-loop
// stall, and the searches' latency while it worked. Target: queueing < 5 s.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Campaign, CampaignEstimate } from '../firmware/src/api-types.js';
import { openDatabase } from '../firmware/src/db/connection.js';
import { migrate } from '../firmware/src/db/migrate.js';
import { migrations } from '../firmware/src/db/migrations/index.js';
import { ApiClient, SETUP } from '../firmware/test/helpers/http-client.js';
import { fakeCustomers } from './fake-customers.js';
import { latencyRow, TABLE_HEADER, verdict } from './timing.js';

const CUSTOMERS = Number(process.env.BENCH_CAMPAIGN_CUSTOMERS ?? 200_000);
const TARGET_S = 5;
const SEARCHERS = 4;
/** How often the bench asks whether the campaign is built (a screen asks on each change). */
const POLL_MS = Number(process.env.BENCH_CAMPAIGN_POLL_MS ?? 20);
const BODY = '{name}{title}您好！{store}十二月老客户回馈：全场八折，欢迎预约。';

export async function run(): Promise<void> {
  const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
  process.on('exit', () => console.log(`load average at the end: ${load()}`));
  console.log(`Studio Box campaign benchmark: ${CUSTOMERS.toLocaleString('en')} customers, a quarter in the segment; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  const dir = mkdtempSync(join(tmpdir(), 'studio-box-bench-campaign-'));
  const t = performance.now();
  const names = seed(join(dir, 'data'));
  console.log(`customers written in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const child = spawn(process.execPath, ['--import', 'tsx', join(dirname(fileURLToPath(import.meta.url)), 'import-box.ts'), join(dir, 'data')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout! })[Symbol.asyncIterator]();
  const ask = async (what: string): Promise<Record<string, number>> => {
    if (what) child.stdin!.write(`${what}\n`);
    const next = await lines.next();
    if (next.done) throw new Error('the box process ended');
    return JSON.parse(next.value) as Record<string, number>;
  };
  try {
    const url = `http://127.0.0.1:${(await ask('')).port}/`;
    const admin = new ApiClient(url);
    const setup = await admin.post('/api/setup', SETUP);
    if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
    await admin.put('/api/settings', { studioName: '光影摄影', language: 'zh-CN', timeZone: 'Asia/Shanghai', currency: 'CNY', country: 'CN' });
    await admin.put('/api/care/settings', { quietHours: { start: '00:00', end: '00:00' }, storePhone: '' });
    await admin.put('/api/campaigns/settings', { pricePerPartMinor: 5 });
    const input = { name: '十二月回馈', filter: { stages: ['history'] }, body: BODY, language: 'zh-CN' };

    const idle = await ask('report');
    child.stdin!.write('start\n');
    const e0 = performance.now();
    const est = await admin.post<CampaignEstimate>('/api/campaigns/estimate', input);
    const estimateMs = performance.now() - e0;
    if (est.status !== 200) throw new Error(`estimate: ${est.status} ${JSON.stringify(est.error)}`);
    const estimated = await ask('report');
    child.stdin!.write('reset\n');

    const searching = searchLoad(admin, names);
    const t0 = performance.now();
    const created = await admin.post<Campaign>('/api/campaigns', input);
    const answeredMs = performance.now() - t0;
    if (created.status !== 202) throw new Error(`campaign: ${created.status} ${JSON.stringify(created.error)}`);
    let c = created.data;
    let slowestPoll = 0;
    while (c.state === 'building') {
      await new Promise((r) => setTimeout(r, POLL_MS));
      const p0 = performance.now();
      c = (await admin.get<Campaign>(`/api/campaigns/${c.id}`)).data;
      slowestPoll = Math.max(slowestPoll, performance.now() - p0);
    }
    const queuedMs = performance.now() - t0;
    const searches = await searching.stop();
    const after = await ask('report');
    const e = est.data;

    console.log(`\nestimate (every text rendered): ${(estimateMs / 1000).toFixed(2)} s: ${e.matched.toLocaleString('en')} matched, ${e.recipients.toLocaleString('en')} recipients, excluded ${JSON.stringify(e.excluded)}, ${e.totalParts.toLocaleString('en')} parts ${JSON.stringify(e.partsHistogram)}, cost ${e.costMinor / 100} ${e.currency}, finish by ${e.finishBy} at 20 parts/min`);
    console.log(`POST /api/campaigns answered in ${answeredMs.toFixed(0)} ms`);
    console.log(`build chunk: ${process.env.BENCH_CAMPAIGN_CHUNK ?? 'default (1,000)'} customers per transaction`);
    console.log(`recipients built and queued (${c.counts.recipients.toLocaleString('en')} with their own text, ${Object.values(c.counts.excluded).reduce((a, b) => a + b, 0)} excluded): ${(queuedMs / 1000).toFixed(2)} s (target < ${TARGET_S} s: ${verdict(queuedMs / 1000 < TARGET_S)})`);
    console.log(`box RSS: ${idle.rssMb!.toFixed(0)} MB before, peak ${after.peakRssMb!.toFixed(0)} MB (the peak includes start-up: the search index of ${CUSTOMERS.toLocaleString('en')} customers built then)`);
    console.log(`box event loop: longest stall ${estimated.maxStallMs!.toFixed(0)} ms during the estimate, ${after.maxStallMs!.toFixed(0)} ms while queueing`);
    console.log(`GET /api/campaigns/:id every ${POLL_MS} ms meanwhile (its counts): slowest ${slowestPoll.toFixed(0)} ms`);
    console.log(`\nsearches by ${SEARCHERS} front desks while the campaign was built:\n${' '.repeat(12)}${TABLE_HEADER}`);
    console.log(latencyRow('  search    ', searches));
  } finally {
    child.stdin!.write('stop\n');
    await new Promise((r) => child.once('exit', r));
    if (!process.env.BENCH_KEEP_DATA) rmSync(dir, { recursive: true, force: true });
  }
}

/** The customers straight into SQLite (a quarter in "history", 1% opted out); returns some names to search for. */
function seed(dataDir: string): string[] {
  const db = openDatabase(join(dataDir, 'studio-box.db'));
  migrate(db, migrations);
  const people = fakeCustomers(CUSTOMERS, 15);
  const now = new Date().toISOString();
  const c = db.prepare(`INSERT INTO customers (id, customer_no, name, gender, stage, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const p = db.prepare(`INSERT INTO customer_phones (customer_id, position, e164) VALUES (?, ?, ?)`);
  const o = db.prepare(`INSERT INTO sms_opt_outs (customer_id, at, via) VALUES (?, ?, 'staff')`);
  const e164 = (typed: string) => {
    const d = typed.replace(/\D/g, '');
    if (typed.startsWith('+')) return `+${d}`;
    return d.startsWith('0') ? `+86${d.slice(1)}` : `+86${d}`;
  };
  db.transaction(() => {
    people.forEach((person, i) => {
      const id = i + 1;
      c.run(id, `C${id}`, person.name, i % 3 === 0 ? 'male' : 'female', i % 4 === 0 ? 'history' : 'lead', now, now, now);
      person.phones.forEach((ph, pos) => p.run(id, pos, e164(ph)));
      if (i % 100 === 4) o.run(id, now);
    });
  })();
  db.close();
  return people.filter((_, i) => i % 997 === 0).map((x) => x.name.slice(0, 2));
}

function searchLoad(admin: ApiClient, names: string[]): { stop(): Promise<number[]> } {
  let running = true;
  const ms: number[] = [];
  const one = async (k: number) => {
    for (let i = k; running; i += SEARCHERS) {
      const q = names[i % names.length]!;
      const t0 = performance.now();
      await admin.get(`/api/customers?q=${encodeURIComponent(q)}&limit=50`);
      ms.push(performance.now() - t0);
    }
  };
  const all = Promise.all(Array.from({ length: SEARCHERS }, (_, k) => one(k)));
  return {
    async stop() {
      running = false;
      await all;
      return ms;
    },
  };
}
