// `npm run bench -- reports` (issue 20): a busy studio's year straight into SQLite (direct
// inserts in transactions: BENCH_CUSTOMERS customers, default 200,000; 60,000 orders; 150,000
// payments; 500,000 SMS; contacts, visit plans, photos, disk samples: reports-bench-activity.ts), then the real daemon (in process, simulated modem) over HTTP:
//   - every report (REPORT_GROUPS of api/reports.ts, each grouping) over the last year, the
//     median of BENCH_RUNS runs each; the slowest printed against the target < 200 ms;
//   - GET /api/dashboard (today's shoots, selections, pickups, takings), same target;
//   - the dashboard's first paint in headless Chromium: login done → the tiles show numbers.
// The machine's load is printed beside the figures: they are only comparable at a similar load.
import { loadavg, availableParallelism } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import * as apiTypes from '../firmware/src/api-types.js';
import { openDatabase } from '../firmware/src/db/connection.js';
import { migrate } from '../firmware/src/db/migrate.js';
import { migrations } from '../firmware/src/db/migrations/index.js';
import { ApiClient, SETUP } from '../firmware/test/helpers/http-client.js';
import { startTestBox } from '../firmware/test/helpers/test-box.js';
import { logIn } from '../ui/test/log-in.js';
import { CHROMIUM, ensureBundle } from '../ui/test/ui-bundle.js';
import { fakeCustomers, seededRandom } from './fake-customers.js';
import { seedActivity, seedStaffActivity } from './reports-bench-activity.js';
import { seedBooks, staffAfterSetup } from './reports-seed-books.js';
import { verdict } from './timing.js';

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const ORDERS = Math.round((CUSTOMERS * 60_000) / 200_000);
const PAYMENTS = Math.round((CUSTOMERS * 150_000) / 200_000);
const SMS = Math.round((CUSTOMERS * 500_000) / 200_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const TARGET_MS = 200;
const DAY = 86_400_000;
const STATES = ['booked', 'shot', 'selected', 'in_production', 'ready', 'delivered', 'cancelled'] as const;
const METHODS = ['cash', 'card', 'wechat', 'alipay', 'bank'] as const;
const PURPOSES = [null, 'birthday', 'pickup', 'appointment', 'anniversary'] as const;

export async function run(): Promise<void> {
  ensureBundle();
  console.log(`Studio Box reports benchmark: ${CUSTOMERS.toLocaleString('en')} customers, ${ORDERS.toLocaleString('en')} orders, ${PAYMENTS.toLocaleString('en')} payments, ${SMS.toLocaleString('en')} SMS; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`);
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-box-reports-bench-'));
  try {
    const t0 = performance.now();
    seed(dataDir);
    console.log(`  seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    const tb = await startTestBox({ dataDir, config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 } } });
    try {
      const admin = new ApiClient(tb.url);
      const setup = await admin.post('/api/setup', SETUP);
      if (setup.status !== 201) throw new Error(`setup: ${setup.status}`);
      staffAfterSetup(tb.box.ctx.db);
      seedStaffActivity(tb.box.ctx.db, seededRandom(20_261_203), Date.now());
      const now = Date.now();
      const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
      const from = day(now - 365 * DAY);
      const to = day(now);
      const rows: [string, number][] = [];
      const time = async (label: string, path: string) => {
        const ms: number[] = [];
        for (let i = 0; i < RUNS; i++) {
          const s = performance.now();
          const r = await admin.get(path);
          ms.push(performance.now() - s);
          if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.error)}`);
        }
        ms.sort((a, b) => a - b);
        rows.push([label, ms[Math.floor(ms.length / 2)]!]);
        console.log(`  ${label.padEnd(40)} ${ms[Math.floor(ms.length / 2)]!.toFixed(1).padStart(8)} ms median (load ${loadavg()[0]!.toFixed(1)})`);
      };
      await time('dashboard', '/api/dashboard');
      const groups = (apiTypes as Record<string, unknown>).REPORT_GROUPS as Record<string, readonly string[]> | undefined;
      if (!groups) console.log('  (no report framework in this build: only the dashboard is timed)');
      for (const [name, gs] of Object.entries(groups ?? {})) {
        for (const g of gs.length ? gs : [null]) await time(g ? `${name} by ${g}` : name, `/api/reports/${name}?from=${from}&to=${to}${g ? `&group=${g}` : ''}`);
      }
      const slow = [...rows].sort((a, b) => b[1] - a[1]);
      console.log(`\n  slowest: ${slow.slice(0, 3).map(([l, ms]) => `${l} ${ms.toFixed(1)} ms`).join(', ')}; target < ${TARGET_MS} ms each: ${verdict(slow[0]![1] < TARGET_MS)}`);
      console.log(`  first paint of the dashboard: ${(await firstPaint(tb.url)).toFixed(0)} ms (login done → tiles with numbers), load ${loadavg()[0]!.toFixed(1)}`);
    } finally {
      await tb.close();
    }
  } finally {
    if (process.env.BENCH_KEEP_DATA === '1') console.log(`data kept in ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Median of 3: from the home page's navigation after login until the order tiles show numbers. */
async function firstPaint(url: string): Promise<number> {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await (await browser.newContext()).newPage();
    await page.goto(url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    const ms: number[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      await page.reload();
      await page.getByTestId('tile-shoots').locator('.tile-value').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });
      await page.getByTestId('tile-takings').locator('.tile-value').filter({ hasText: /\d/ }).waitFor({ timeout: 60_000 });
      ms.push(performance.now() - s);
    }
    return ms.sort((a, b) => a - b)[1]!;
  } finally {
    await browser.close();
  }
}

/** A year of a busy studio; times spread over the last 365 days, some of it today. */
function seed(dataDir: string): void {
  const db = openDatabase(join(dataDir, 'studio-box.db'));
  migrate(db, migrations);
  const rand = seededRandom(20_261_202);
  const now = Date.now();
  const at = (daysAgo: number) => new Date(now - daysAgo * DAY).toISOString();
  const past = () => at(rand() * 365);
  const people = fakeCustomers(CUSTOMERS, 15);
  const stages = db.prepare('SELECT id, phase FROM workflow_stages ORDER BY position').all() as { id: number; phase: string }[];
  const stageOf = (state: string) => stages.find((s) => s.phase === state)?.id ?? null;
  db.transaction(() => {
    const c = db.prepare(`INSERT INTO customers (id, customer_no, name, gender, stage, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    people.forEach((p, i) => {
      const t = past();
      c.run(i + 1, `C${i + 1}`, p.name, i % 3 === 0 ? 'male' : 'female', i % 4 === 0 ? 'history' : 'lead', t, t, t);
    });
  })();
  db.transaction(() => {
    const o = db.prepare(
      `INSERT INTO orders (id, order_no, customer_id, title, state, state_changed_at, total_minor, currency, service_at, sample_at, staff, created_at, updated_at, stage_id, stage_since, stage_due_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 1; i <= ORDERS; i++) {
      const state = STATES[Math.floor(rand() * STATES.length)]!;
      // A busy studio: a handful of shoots, viewings and pickups fall on today.
      const service = i % 2000 === 0 ? at(-rand() / 3) : at(rand() * 400 - 30);
      const created = past();
      const due = i % 1500 === 0 ? at(-rand() / 3) : at(rand() * 60 - 30);
      o.run(i, `B${i}`, 1 + Math.floor(rand() * CUSTOMERS), 'Package', state, created, 100_00 * (1 + Math.floor(rand() * 100)), service, i % 3000 === 0 ? at(-rand() / 3) : null, `staff ${i % 7}`, created, created, state === 'cancelled' ? null : stageOf(state), created, due);
    }
  })();
  db.transaction(() => {
    const p = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, at, created_at, created_by, created_by_name) VALUES (?, 'payment', ?, 'CNY', ?, ?, ?, ?, ?)`);
    for (let i = 0; i < PAYMENTS; i++) {
      const t = i % 500 === 0 ? new Date(now - rand() * 3_600_000).toISOString() : past();
      // Taken by the staff made after setup (ids 2..8: the admin is 1).
      p.run(1 + Math.floor(rand() * ORDERS), 100 * (1 + Math.floor(rand() * 5000)), METHODS[Math.floor(rand() * METHODS.length)]!, t, t, 2 + (i % 7), `Staff ${i % 7}`);
    }
  })();
  db.transaction(() => {
    const s = db.prepare(
      `INSERT INTO sms_outbox (customer_id, to_number, body, encoding, parts_total, state, next_attempt_at, created_at, updated_at, sent_at, delivered_at, origin, purpose)
       VALUES (?, ?, 'Xin chào', 'ucs2', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    for (let i = 0; i < SMS; i++) {
      const t = past();
      const r = rand();
      const state = r < 0.85 ? 'delivered' : r < 0.95 ? 'sent' : 'failed';
      const purpose = PURPOSES[Math.floor(rand() * PURPOSES.length)]!;
      s.run(1 + Math.floor(rand() * CUSTOMERS), '+8613800000000', rand() < 0.2 ? 2 : 1, state, t, t, t, state === 'failed' ? null : t, state === 'delivered' ? t : null, purpose ? 'reminder' : 'manual', purpose);
    }
  })();
  seedActivity(db, rand, now);
  seedBooks(db, rand, now, CUSTOMERS);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('ANALYZE');
  db.close();
}
