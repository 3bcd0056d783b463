// `npm run bench -- till`: a year of a busy studio (60,000 billed orders, 150,000 payment lines,
// 20,000 member cards with stored value), loaded straight into the database, then timed
// through the services as the routes call them: saving a bill with two payments (target p99
// < 20 ms), the arrears list, a day's closing takings and a month statement (targets < 200 ms
// each); the year statement is timed too (no target).
import { SETUP } from '../firmware/test/helpers/http-client.js';
import { ApiClient } from '../firmware/test/helpers/http-client.js';
import { startTestBox } from '../firmware/test/helpers/test-box.js';
import { seededRandom } from '../firmware/test/helpers/seeded-random.js';
import { latencyRow, TABLE_HEADER, timeMs, verdict } from './timing.js';

const ORDERS = Number(process.env.TILL_ORDERS ?? 60_000);
const PAYMENTS = Number(process.env.TILL_PAYMENTS ?? 150_000);
const CARDS = Number(process.env.TILL_CARDS ?? 20_000);
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = 365 * 24 * 3600 * 1000;

export async function run(): Promise<void> {
  const tb = await startTestBox({});
  try {
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const ctx = tb.box.ctx;
    const db = ctx.db;
    const rand = seededRandom(18);
    const actor = { id: 1, name: 'Boss' };
    const iso = (ms: number) => new Date(ms).toISOString();

    const loadMs = timeMs(() =>
      db.transaction(() => {
        const customers = Math.max(CARDS, ORDERS / 2);
        const addC = db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`);
        for (let i = 1; i <= customers; i++) addC.run(`C${i}`, `Customer ${i}`, iso(YEAR_START), iso(YEAR_START), iso(YEAR_START));
        db.prepare(`INSERT INTO price_items (kind, name, price_minor, currency, created_at, updated_at) VALUES ('package', 'Package A', 388800, 'CNY', ?, ?)`).run(iso(YEAR_START), iso(YEAR_START));
        db.prepare(`INSERT INTO member_card_types (name, created_at, updated_at) VALUES ('Gold', ?, ?)`).run(iso(YEAR_START), iso(YEAR_START));
        const addCard = db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES (?, ?, 1, 'active', ?, ?, ?)`);
        const addSv = db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, at) VALUES (?, 'topup', ?, 'CNY', 'cash', ?)`);
        for (let i = 1; i <= CARDS; i++) {
          addCard.run(`M${String(i).padStart(6, '0')}`, i, iso(YEAR_START), iso(YEAR_START), iso(YEAR_START));
          addSv.run(i, 100000, iso(YEAR_START + Math.floor(rand() * YEAR_MS)));
        }
        const addO = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES (?, ?, 'Package A', 'booked', ?, 388800, 'CNY', ?, ?)`);
        const addB = db.prepare(`INSERT INTO bills (order_id, gross_minor, discount_minor, bill_discount_minor, total_minor, currency, discount_limit_pct, created_at) VALUES (?, 388800, 0, 0, 388800, 'CNY', 100, ?)`);
        const addL = db.prepare(`INSERT INTO bill_lines (bill_id, position, price_item_id, kind, name, unit_price_minor, qty, extra_photos, extra_photo_minor, gross_minor, line_discount_minor, bill_discount_minor, net_minor) VALUES (?, 1, 1, 'package', 'Package A', 388800, 1, 0, 0, 388800, 0, 0, 388800)`);
        const times: number[] = [];
        for (let i = 1; i <= ORDERS; i++) {
          const at = YEAR_START + Math.floor((i / ORDERS) * YEAR_MS);
          times.push(at);
          addO.run(`B${i}`, 1 + (i % customers), iso(at), iso(at), iso(at));
          addB.run(i, iso(at));
          addL.run(i);
        }
        const addP = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, bill_id, at, created_at) VALUES (?, 'payment', ?, 'CNY', ?, ?, ?, ?)`);
        const methods = ['cash', 'card', 'wechat', 'alipay', 'bank'];
        // 2.5 lines an order on average; most orders paid in full, some owing. Written in time
        // order, as the box writes its ledger (each line at "now"; migration 035's change rows
        // assume it and read an order written out of order line by line).
        const lines: { order: number; amount: number; method: string; at: number }[] = [];
        for (let n = 0; n < PAYMENTS; n++) {
          const order = 1 + (n % ORDERS);
          const at = times[order - 1]! + Math.floor(rand() * 30 * 24 * 3600 * 1000);
          lines.push({ order, amount: n < ORDERS * 2 ? 150000 : 88800, method: methods[n % methods.length]!, at });
        }
        lines.sort((a, b) => a.at - b.at);
        for (const l of lines) addP.run(l.order, l.amount, l.method, l.order, iso(l.at), iso(l.at));
      })(),
    );
    console.log(`loaded ${ORDERS} billed orders, ${PAYMENTS} payment lines, ${CARDS} cards in ${(loadMs / 1000).toFixed(1)} s`);

    // Saving a bill through the service: order, two lines, two payments, points, audit; one transaction.
    const saves: number[] = [];
    for (let i = 0; i < 300; i++) {
      const customer = ctx.customers.get(1 + i);
      const order = ctx.orders.create(actor, customer.id, { title: 'Bench', totalMinor: 0 });
      saves.push(timeMs(() => ctx.bills.create(actor, order.id, { lines: [{ priceItemId: 1, qty: 1 }], billDiscountBp: 500, payments: [{ method: 'cash', amountMinor: 100000 }, { method: 'stored_value', amountMinor: 50000, cardId: 1 + i }] })));
    }
    const arrears: number[] = [];
    let owing = 0;
    for (let i = 0; i < 20; i++) arrears.push(timeMs(() => (owing = ctx.arrears.list(200).rows.length)));
    const closing: number[] = [];
    for (let i = 0; i < 20; i++) closing.push(timeMs(() => ctx.closing.takings(`2026-0${1 + (i % 9)}-15`)));
    const month: number[] = [];
    for (let i = 0; i < 20; i++) month.push(timeMs(() => ctx.statements.of('month', `2026-${String(1 + (i % 12)).padStart(2, '0')}-15`)));
    // Of which: deposits held at the month's end (orders not finished then, what each had been paid).
    const deposits: number[] = [];
    for (let i = 0; i < 20; i++) deposits.push(timeMs(() => ctx.statements.deposits(`2026-${String(1 + (i % 12)).padStart(2, '0')}-28T16:00:00.000Z`, 'CNY')));
    // The same, order by order (how it was read before migration 035), on the same data and load.
    const oldDeposits: number[] = [];
    for (let i = 0; i < 20; i++) oldDeposits.push(timeMs(() => ctx.statements.depositsFromLedgers(`2026-${String(1 + (i % 12)).padStart(2, '0')}-28T16:00:00.000Z`, 'CNY')));
    const year: number[] = [];
    for (let i = 0; i < 3; i++) year.push(timeMs(() => ctx.statements.of('year', '2026-06-01')));

    console.log(`\n${''.padEnd(22)}${TABLE_HEADER}`);
    console.log(latencyRow('save a bill'.padEnd(22), saves));
    console.log(latencyRow('arrears list (200)'.padEnd(22), arrears, `${owing} rows`));
    console.log(latencyRow('a day\'s takings'.padEnd(22), closing));
    console.log(latencyRow('a month statement'.padEnd(22), month));
    console.log(latencyRow('  of which deposits'.padEnd(22), deposits));
    console.log(latencyRow('  deposits, old way'.padEnd(22), oldDeposits, 'order by order'));
    console.log(latencyRow('the year statement'.padEnd(22), year));
    const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.ceil(0.99 * xs.length) - 1]!;
    console.log(`\nsave a bill p99 < 20 ms: ${verdict(p99(saves) < 20)}; arrears < 200 ms: ${verdict(Math.max(...arrears) < 200)}; day's takings < 200 ms: ${verdict(Math.max(...closing) < 200)}; month statement < 200 ms: ${verdict(Math.max(...month) < 200)}`);
  } finally {
    await tb.close();
  }
}
