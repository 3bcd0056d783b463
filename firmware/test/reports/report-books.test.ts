// The orders, income and expenses, arrears, points and staff reports (R1) over HTTP on a real
// box, against the fixed data set of report-data-books.ts worked out by hand (range
// 2026-01-01..2026-03-31 in Asia/Shanghai; the box's now is 15 April 2026), their rights (the
// money reports need finance:view) and one .xlsx; then a real workflow move read back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { insertBooks, NOW, type BookIds } from './report-data-books.js';
import { downloadXlsx, insertCustomers, readReport } from './report-data.js';

let tb: TestBox;
let admin: ApiClient;
let lan: ApiClient;
let ids: BookIds;
const RANGE = 'from=2026-01-01&to=2026-03-31';

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(NOW) }));
  const l = await userWith(admin, 'lan', { reports: ['view'] });
  lan = l.client;
  const db = tb.box.ctx.db;
  const adminId = (db.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: number }).id;
  ids = insertBooks(db, insertCustomers(db), adminId, l.user.id);
}, 60_000);
afterAll(() => tb?.close());

const report = (path: string) => readReport(admin, path);

describe('orders by state and stage', () => {
  it('by state: the orders made in the range by the state they are in now', async () => {
    const t = await report(`/api/reports/orders-stages?${RANGE}&group=state`);
    expect(t.rows).toEqual([['Booked', 2], ['Shot', 0], ['Photos selected', 1], ['In production', 0], ['Ready to pick up', 0], ['Delivered', 1], ['Cancelled', 1]]);
    expect(t.totals).toEqual(['Total', 5]);
  });

  it('by stage: in it now, waiting so far, and the days spent in it by the moves out in the range', async () => {
    const t = await report(`/api/reports/orders-stages?${RANGE}`);
    expect(t.group).toBe('stage');
    expect(t.columns.map((c) => c.kind)).toEqual(['text', 'count', 'days', 'count', 'days', 'days']);
    // Waiting in booked: 73.083 and 25.917 days → 49.5; in selected 44.917. Moves out of
    // booked: 1, 2, 4.5 days (median 2, mean 2.5); shot 48; ready 1 day 15.5 h.
    expect(t.rows).toEqual([
      ['Booked', 2, 49.5, 3, 2, 2.5],
      ['Shot', 0, null, 1, 48, 48],
      ['Selected', 1, 44.92, 0, null, null],
      ['Sample viewed', 0, null, 0, null, null],
      ['Retouching', 0, null, 0, null, null],
      ['Ready', 0, null, 1, 1.65, 1.65],
      ['Picked up', 1, null, 0, null, null],
    ]);
    expect(t.totals).toEqual(['Total', 4, null, 5, null, null]);
    const zh = await report(`/api/reports/orders-stages?${RANGE}&lang=zh-CN`);
    expect(zh.rows.map((r) => r[0])).toEqual(['已预订', '已拍摄', '已选片', '已看样', '修片中', '待取件', '已取件']);
  });
});

describe('income and expenses', () => {
  it('per month, per day and by category, from the books (reversals net out)', async () => {
    const t = await report(`/api/reports/income-expenses?${RANGE}`);
    expect(t.columns.map((c) => [c.key, c.kind])).toEqual([['month', 'month'], ['income', 'money'], ['expenses', 'money'], ['net', 'money']]);
    expect(t.rows).toEqual([['2026-01', 300_00, 0, 300_00], ['2026-02', 150_00, 3000_00, -2850_00], ['2026-03', 200_00, 0, 200_00]]);
    expect(t.totals).toEqual(['Total', 650_00, 3000_00, -2350_00]);
    expect((await report('/api/reports/income-expenses?from=2026-02-01&to=2026-02-02&group=day')).rows).toEqual([['2026-02-01', 150_00, 3000_00, -2850_00], ['2026-02-02', 0, 0, 0]]);
    // By day (one query over the lines): every day of the range, the same totals as the months.
    const days = await report(`/api/reports/income-expenses?${RANGE}&group=day`);
    expect(days.rows).toHaveLength(90);
    expect(days.rows.filter((r) => r[1] !== 0 || r[2] !== 0)).toEqual([
      ['2026-01-10', 300_00, 0, 300_00],
      ['2026-02-01', 150_00, 3000_00, -2850_00],
      ['2026-02-15', 100_00, 0, 100_00],
      ['2026-02-16', -100_00, 0, -100_00],
      ['2026-03-31', 200_00, 0, 200_00],
    ]);
    expect(days.totals).toEqual(t.totals);
    const cat = await report(`/api/reports/income-expenses?${RANGE}&group=category`);
    expect(cat.rows).toEqual([['Orders', 500_00, 0, 500_00], ['Prints sold', 150_00, 0, 150_00], ['Rent', 0, 3000_00, -3000_00]]);
    expect(cat.totals).toEqual(['Total', 650_00, 3000_00, -2350_00]);
  });

  it('exports in the reader\'s language, money in major units', async () => {
    const d = await downloadXlsx(tb.url, admin, `/api/reports/income-expenses/export?${RANGE}&lang=zh-CN`);
    expect(d.rows).toEqual([['月份', '收入 (CNY)', '支出 (CNY)', '净额 (CNY)'], ['2026-01', 300, 0, 300], ['2026-02', 150, 3000, -2850], ['2026-03', 200, 0, 200], ['合计', 650, 3000, -2350]]);
  });
});

describe('arrears', () => {
  it('by the age of the debt on the box\'s day: a customer in two bands counts once in the total', async () => {
    const t = await report(`/api/reports/arrears?${RANGE}`);
    expect(t.group).toBe('debt_age');
    // o7 25 days, o2 73 days, o1 94 days; o3 paid up, o4 cancelled, o5 made before the range.
    expect(t.rows).toEqual([
      ['0–30 days', 1, 1, 100_00],
      ['31–60 days', 0, 0, 0],
      ['61–90 days', 1, 1, 500_00],
      ['91–180 days', 1, 1, 700_00],
      ['181–365 days', 0, 0, 0],
      ['Over 365 days', 0, 0, 0],
    ]);
    expect(t.totals).toEqual(['Total', 2, 3, 1300_00]);
  });

  it('by customer: who owes most first, with their oldest order\'s studio day', async () => {
    const t = await report(`/api/reports/arrears?${RANGE}&group=customer`);
    expect(t.rows).toEqual([['R1 Report customer 1', 2, 800_00, '2026-01-10'], ['R2 Report customer 2', 1, 500_00, '2026-02-01']]);
    expect(t.totals).toEqual(['Total', 3, 1300_00, null]);
  });
});

describe('points', () => {
  it('issued and redeemed per month, a reversal in its own month', async () => {
    const t = await report(`/api/reports/points?${RANGE}`);
    expect(t.rows).toEqual([['2026-01', 100, 0, 100], ['2026-02', 50, 30, 20], ['2026-03', -50, -30, -20]]);
    expect(t.totals).toEqual(['Total', 100, 0, 100]);
    expect((await report('/api/reports/points?from=2026-02-01&to=2026-02-01&group=day')).rows).toEqual([['2026-02-01', 50, 0, 50]]);
  });
});

describe('staff performance', () => {
  it('orders made (not cancelled), takings less reversals, selections finished, per person', async () => {
    const t = await report(`/api/reports/staff-performance?${RANGE}`);
    expect(t.group).toBeNull();
    expect(t.rows).toEqual([['Boss', 2, 300_00, 0], ['lan', 2, 200_00, 1]]);
    expect(t.totals).toEqual(['Total', 4, 500_00, 1]);
  });
});

describe('rights and a real move', () => {
  it('the money reports need finance:view besides reports:view', async () => {
    for (const name of ['income-expenses', 'arrears', 'staff-performance']) expect((await lan.get(`/api/reports/${name}?${RANGE}`)).status, name).toBe(403);
    for (const name of ['orders-stages', 'points']) expect((await lan.get(`/api/reports/${name}?${RANGE}`)).status, name).toBe(200);
    const list = (await lan.get<string[]>('/api/reports')).data;
    expect(list).toEqual(expect.arrayContaining(['orders-stages', 'points']));
    expect(list).not.toContain('arrears');
    expect((await admin.get<string[]>('/api/reports')).data).toEqual(expect.arrayContaining(['orders-stages', 'income-expenses', 'arrears', 'points', 'staff-performance']));
  });

  it('a move on the board is read back as days spent in the stage it left', async () => {
    const stages = (await admin.get<{ id: number; key: string | null }[]>('/api/workflow/stages')).data;
    const shot = stages.find((s) => s.key === 'shot')!.id;
    const o7 = ids.orders[5]!;
    expect((await admin.post(`/api/workflow/orders/${o7}/move`, { stageId: shot })).status).toBe(200);
    // In booked since Mar 20 04:00Z, moved at NOW (Apr 15 02:00Z): 25 days 22 hours.
    const t = await report('/api/reports/orders-stages?from=2026-04-15&to=2026-04-15');
    expect(t.rows[0]).toEqual(['Booked', 0, null, 1, 25.92, 25.92]);
  });

  it('a state changed on the order page moves the stage too, read back the same way', async () => {
    const o2 = ids.orders[1]!;
    expect((await admin.post(`/api/orders/${o2}/state`, { state: 'shot' })).status).toBe(200);
    // o2 in booked since Feb 1 00:00Z: 73 days 2 hours; with o7's 25 days 22 hours: median and mean 49.5.
    const t = await report('/api/reports/orders-stages?from=2026-04-15&to=2026-04-15');
    expect(t.rows[0]).toEqual(['Booked', 0, null, 2, 49.5, 49.5]);
    expect(t.rows[1]).toEqual(['Shot', 0, null, 0, null, null]);
  });
});
