// Statements (F2) over real HTTP on a fixed set of trade, checked against values worked out by
// hand: the day, the month and the year in the studio's zone; income by category and method,
// expenses, net, cash flow, deposits held, discounts by user; the .xlsx in the reader's
// language (finance:print, audited); bad queries are 400s naming the field. Then fast-check on
// a real database: for random days (and months) in random zones, the statement's totals equal
// the ledgers' sums.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Bill, Customer, MemberCard, MemberCardType, MoneyCategory, Order, PriceItem, Statement } from '../../src/api-types.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { Statements } from '../../src/till/statements.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import { seededRandom } from '../helpers/seeded-random.js';
import type { TestBox } from '../helpers/test-box.js';

// 2 December 2026, 10:00 in Shanghai (UTC+8).
const nowMs = Date.parse('2026-12-02T02:00:00Z');
let tb: TestBox;
let admin: ApiClient;
let orderA: Order;
let orderB: Order;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
  const hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa' })).data;
  const pkg = (await admin.post<PriceItem>('/api/price-items', { kind: 'package', name: 'Wedding', priceMinor: 100_000 })).data;
  orderA = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 0 })).data;
  orderB = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Portrait', totalMinor: 50_000 })).data;
  const gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
  const card = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).data;
  // 30 Nov: order B paid in full by WeChat (last month, and the day before yesterday).
  expect((await admin.post(`/api/orders/${orderB.id}/payments`, { amountMinor: 50_000, method: 'wechat', at: '2026-11-30T15:00:00+08:00' })).status).toBe(201);
  // 2 Dec: order A billed with 100.00 off, 300.00 cash deposit; a 200.00 cash top-up; 50.00 from the card.
  const b = await admin.post<Bill>(`/api/orders/${orderA.id}/bill`, { lines: [{ priceItemId: pkg.id }], billDiscountMinor: 10_000, payments: [{ method: 'cash', amountMinor: 30_000 }] });
  expect(b.status, JSON.stringify(b.error)).toBe(201);
  expect((await admin.post(`/api/member-cards/${card.id}/top-ups`, { amountMinor: 20_000, method: 'cash' })).status).toBe(201);
  expect((await admin.post(`/api/orders/${orderA.id}/payments`, { amountMinor: 5_000, method: 'stored_value', cardId: card.id })).status).toBe(201);
  // The cash book: rent by transfer, old props sold for cash.
  const rent = (await admin.post<MoneyCategory>('/api/money-categories', { kind: 'expense', name: 'Rent' })).data;
  const props = (await admin.post<MoneyCategory>('/api/money-categories', { kind: 'income', name: 'Old props' })).data;
  expect((await admin.post('/api/cash-entries', { categoryId: rent.id, amountMinor: 8_000, method: 'bank' })).status).toBe(201);
  expect((await admin.post('/api/cash-entries', { categoryId: props.id, amountMinor: 3_000, method: 'cash' })).status).toBe(201);
});
afterAll(() => tb?.close());

const flow = (s: Statement, method: string) => s.cashFlow.find((c) => c.method === method);

describe('statements on a fixed set of trade', () => {
  it('the day: income by category and method, expenses, net, cash flow, deposits held, discounts by user', async () => {
    const s = (await admin.get<Statement>('/api/statements?period=day&date=2026-12-02')).data;
    expect(s).toMatchObject({ period: 'day', firstDay: '2026-12-02', lastDay: '2026-12-02', from: '2026-12-01T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z', currency: 'CNY' });
    expect(s.income).toEqual([
      { categoryId: null, categoryName: 'orders', method: 'cash', amountMinor: 30_000 },
      { categoryId: null, categoryName: 'orders', method: 'stored_value', amountMinor: 5_000 },
      { categoryId: expect.any(Number), categoryName: 'Old props', method: 'cash', amountMinor: 3_000 },
    ]);
    expect([s.incomeMinor, s.expensesMinor, s.netMinor]).toEqual([38_000, 8_000, 30_000]);
    expect(s.expenses).toEqual([{ categoryId: expect.any(Number), categoryName: 'Rent', amountMinor: 8_000 }]);
    // Cash: 300.00 deposit + 200.00 top-up (money in, not income) + 30.00 props.
    expect(flow(s, 'cash')).toEqual({ method: 'cash', openingMinor: 0, inMinor: 53_000, outMinor: 0, closingMinor: 53_000 });
    expect(flow(s, 'wechat')).toEqual({ method: 'wechat', openingMinor: 50_000, inMinor: 0, outMinor: 0, closingMinor: 50_000 });
    expect(flow(s, 'bank')).toEqual({ method: 'bank', openingMinor: 0, inMinor: 0, outMinor: 8_000, closingMinor: -8_000 });
    expect(flow(s, 'stored_value')).toBeUndefined();
    // Both orders are booked: A holds 350.00, B 500.00.
    expect(s.depositsHeld).toEqual({ orders: 2, amountMinor: 85_000 });
    expect(s.discounts).toEqual([{ user: { id: expect.any(Number), name: 'Boss' }, bills: 1, grossMinor: 100_000, discountMinor: 10_000 }]);
  });

  it('the month holds the day; the year holds November too; a delivered order holds no deposit after its delivery', async () => {
    const m = (await admin.get<Statement>('/api/statements?period=month&date=2026-12-31')).data;
    expect(m).toMatchObject({ firstDay: '2026-12-01', lastDay: '2026-12-31', incomeMinor: 38_000, netMinor: 30_000 });
    const nov = (await admin.get<Statement>('/api/statements?period=month&date=2026-11-05')).data;
    expect(nov).toMatchObject({ incomeMinor: 50_000, expensesMinor: 0, discounts: [] });
    expect(nov.depositsHeld).toEqual({ orders: 1, amountMinor: 50_000 });
    const y = (await admin.get<Statement>('/api/statements?period=year&date=2026-06-01')).data;
    expect(y).toMatchObject({ firstDay: '2026-01-01', lastDay: '2026-12-31', incomeMinor: 88_000, netMinor: 80_000 });
    expect(flow(y, 'wechat')).toEqual({ method: 'wechat', openingMinor: 0, inMinor: 50_000, outMinor: 0, closingMinor: 50_000 });
    const q = (await admin.get<Statement>('/api/statements?period=quarter&date=2026-10-10')).data;
    expect(q).toMatchObject({ firstDay: '2026-10-01', lastDay: '2026-12-31', incomeMinor: 88_000 });

    expect((await admin.post(`/api/orders/${orderB.id}/state`, { state: 'delivered' })).status).toBe(200);
    expect((await admin.get<Statement>('/api/statements?period=day&date=2026-12-02')).data.depositsHeld).toEqual({ orders: 1, amountMinor: 35_000 });
    // At the end of November it was not delivered yet.
    expect((await admin.get<Statement>('/api/statements?period=month&date=2026-11-05')).data.depositsHeld).toEqual({ orders: 1, amountMinor: 50_000 });
  });

  it('refuses bad queries naming the field; finance:view reads, finance:print downloads', async () => {
    for (const [q, field] of [['period=week&date=2026-12-02', 'period'], ['period=day&date=2026-02-30', 'date'], ['period=day', 'date'], ['period=day&date=2026-12-02&x=1', '']] as const) {
      const r = await admin.get(`/api/statements?${q}`);
      expect(r.status, q).toBe(400);
      if (field) expect(r.error?.fields?.[0]?.path, q).toBe(field);
    }
    const viewer = (await userWith(admin, 'lan', { finance: ['view'] })).client;
    expect((await viewer.get('/api/statements?period=day&date=2026-12-02')).status).toBe(200);
    expect((await download(viewer, '/api/exports/statement?period=day&date=2026-12-02')).status).toBe(403);
    expect((await (await userWith(admin, 'kim', { orders: ['view'] })).client.get('/api/statements?period=day&date=2026-12-02')).status).toBe(403);
  });

  it('exports to .xlsx in the reader\'s language, amounts in the major unit, audited', async () => {
    const d = await download(admin, '/api/exports/statement?period=month&date=2026-12-02&lang=zh-CN');
    expect(d.status).toBe(200);
    expect(d.disposition).toMatch(/filename="statement-month-2026-12-01\.xlsx"/);
    const rows = d.rows!;
    expect(rows[0]).toEqual(['项目', '明细', '方式', '金额', '笔数']);
    expect(rows).toContainEqual(['收入', '订单收款', '现金', 300]);
    expect(rows).toContainEqual(['收入', '订单收款', '储值卡', 50]);
    expect(rows).toContainEqual(['收入', '合计', undefined, 380]);
    expect(rows).toContainEqual(['支出', 'Rent', undefined, 80]);
    expect(rows).toContainEqual(['净收入', undefined, undefined, 300]);
    expect(rows).toContainEqual(['现金流', '期末', '现金', 530]);
    expect(rows).toContainEqual(['未完成订单定金', undefined, undefined, 350, 1]);
    const en = await download(admin, '/api/exports/statement?period=day&date=2026-12-02&lang=en');
    expect(en.rows![0]).toEqual(['Section', 'Item', 'Method', 'Amount', 'Count']);
    const log = (await admin.get<AuditPage>('/api/audit?entity=statement')).data.items;
    expect(log[0]!.summary).toBe('day statement 2026-12-02–2026-12-02 exported (34 rows)');
  });
});

async function download(client: ApiClient, path: string): Promise<{ status: number; rows: unknown[][] | null; disposition: string | null }> {
  const res = await fetch(new URL(path, tb.url), { headers: client.sessionCookie ? { cookie: client.sessionCookie } : {} });
  if (res.status !== 200) return { status: res.status, rows: null, disposition: null };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const sheet = book.worksheets[0]!;
  const rows: unknown[][] = [];
  sheet.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { status: 200, rows, disposition: res.headers.get('content-disposition') };
}

describe('statement totals equal the ledgers\' sums, for random days', () => {
  it('on a real database with random trade over three weeks (payments, reversals, top-ups, the cash book)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-stmt-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations);
      const rnd = seededRandom(Number(process.env.STATEMENT_SEED ?? 7));
      const t0 = Date.parse('2026-03-01T00:00:00Z');
      const when = () => new Date(t0 + Math.floor(rnd() * 21 * 86_400_000)).toISOString();
      const now = '2026-03-01T00:00:00.000Z';
      db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(now, now, now);
      const order = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES (?, 1, 't', 'booked', ?, 1000000000, 'CNY', ?, ?)`);
      for (let i = 1; i <= 5; i++) order.run(`O${i}`, now, now, now);
      db.prepare(`INSERT INTO member_card_types (name, created_at, updated_at) VALUES ('Gold', ?, ?)`).run(now, now);
      db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES ('M1', 1, 1, 'active', ?, ?, ?)`).run(now, now, now);
      for (const [kind, name] of [['income', 'Props'], ['income', 'Rental'], ['expense', 'Rent'], ['expense', 'Materials']]) {
        db.prepare('INSERT INTO money_categories (kind, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(kind, name, now, now);
      }
      const methods = ['cash', 'card', 'wechat', 'alipay', 'bank', 'other'];
      const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)]!;
      const pay = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, at, created_at) VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?)`);
      const sv = db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, reverses, at) VALUES (1, ?, ?, 'CNY', ?, ?, ?)`);
      const book = db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, reverses, at, created_at) VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?)`);
      for (let i = 0; i < 600; i++) {
        const r = rnd();
        const amount = 1 + Math.floor(rnd() * 500_000);
        const at = when();
        if (r < 0.5) {
          const method = pick([...methods, 'stored_value', 'points']);
          const o = 1 + Math.floor(rnd() * 5);
          const id = Number(pay.run(o, 'payment', amount, method, null, at, at).lastInsertRowid);
          if (rnd() < 0.2) pay.run(o, 'reversal', -amount, method, id, when(), at);
        } else if (r < 0.7) {
          const id = Number(sv.run('topup', amount, pick(methods), null, at).lastInsertRowid);
          if (rnd() < 0.2) sv.run('reversal', -amount, null, id, when());
        } else {
          const cat = 1 + Math.floor(rnd() * 4);
          const kind = cat <= 2 ? 'income' : 'expense';
          const signed = kind === 'income' ? amount : -amount;
          const method = pick(methods);
          const id = Number(book.run(kind, cat, signed, method, null, at, at).lastInsertRowid);
          if (rnd() < 0.2) book.run('reversal', cat, -signed, method, id, when(), at);
        }
      }
      const one = (sql: string, ...args: unknown[]) => (db.prepare(sql).get(...args) as { s: number | null }).s ?? 0;
      const zones = ['Asia/Shanghai', 'Asia/Ho_Chi_Minh', 'America/New_York', 'Europe/London', 'UTC'];
      fc.assert(
        fc.property(fc.integer({ min: -1, max: 22 }), fc.constantFrom(...zones), fc.constantFrom('day' as const, 'month' as const), (offset, timeZone, period) => {
          const date = new Date(t0 + offset * 86_400_000).toISOString().slice(0, 10);
          const s = new Statements(db, () => ({ currency: 'CNY', timeZone })).of(period, date);
          const inRange = 'at >= ? AND at < ?';
          const payments = one(`SELECT SUM(amount_minor) AS s FROM payments WHERE ${inRange}`, s.from, s.to);
          const otherIncome = one(`SELECT SUM(e.amount_minor) AS s FROM cash_entries e JOIN money_categories c ON c.id = e.category_id WHERE c.kind = 'income' AND e.${inRange}`, s.from, s.to);
          const expenses = one(`SELECT -SUM(e.amount_minor) AS s FROM cash_entries e JOIN money_categories c ON c.id = e.category_id WHERE c.kind = 'expense' AND e.${inRange}`, s.from, s.to);
          expect(s.incomeMinor).toBe(payments + otherIncome);
          expect(s.expensesMinor).toBe(expenses);
          expect(s.netMinor).toBe(payments + otherIncome - expenses);
          // Every money method's closing is every flow up to the period's end; in − out is the period's.
          for (const c of s.cashFlow) {
            const upTo = (to: string) =>
              one(`SELECT SUM(amount_minor) AS s FROM payments WHERE method = ? AND at < ?`, c.method, to) +
              one(`SELECT SUM(s.amount_minor) AS s FROM stored_value_entries s LEFT JOIN stored_value_entries o ON o.id = s.reverses WHERE COALESCE(s.method, o.method) = ? AND s.kind IN ('topup', 'reversal') AND s.at < ?`, c.method, to) +
              one(`SELECT SUM(amount_minor) AS s FROM cash_entries WHERE method = ? AND at < ?`, c.method, to);
            expect(c.openingMinor).toBe(upTo(s.from));
            expect(c.closingMinor).toBe(upTo(s.to));
          }
          expect(s.depositsHeld.amountMinor).toBe(one('SELECT SUM(amount_minor) AS s FROM payments WHERE at < ?', s.to));
        }),
        { numRuns: 60 },
      );
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
