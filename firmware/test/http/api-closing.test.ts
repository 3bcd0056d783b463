// Closing the day (F2) over real HTTP: the day's takings per method from the ledgers (payments,
// reversals, stored value top-ups; card payments apart), expected against counted, a
// difference refused without a reason and recorded with one, signed and audited; a closed day
// takes no more lines (not backdated, not today) and is corrected by a reversal on a later day;
// closing twice or ahead of time is refused; the closing right is its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Customer, DayTakings, MemberCard, MemberCardType, Order, Payment } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

// 2 December 2026, 10:00 in Shanghai (UTC+8).
let nowMs = Date.parse('2026-12-02T02:00:00Z');
let tb: TestBox;
let admin: ApiClient;
/** finance view/add/edit, closing view/add. */
let cashier: ApiClient;
let order: Order;
let card: MemberCard;
let cash1: Payment;

const line = (t: DayTakings, method: string) => t.lines.find((l) => l.method === method)!;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
  cashier = (await userWith(admin, 'thu', { orders: ['view'], finance: ['view', 'add', 'edit'], closing: ['view', 'add'], membership: ['view'] })).client;
  const hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa' })).data;
  order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 1_000_000 })).data;
  const gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
  card = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).data;
  // The day before (1 Dec, Shanghai): a payment that must not count on the 2nd.
  await cashier.post(`/api/orders/${order.id}/payments`, { amountMinor: 7000, method: 'cash', at: '2026-12-01T23:59:00+08:00' });
  cash1 = (await cashier.post<Payment>(`/api/orders/${order.id}/payments`, { amountMinor: 100000, method: 'cash' })).data;
  await cashier.post(`/api/orders/${order.id}/payments`, { amountMinor: 50000, method: 'wechat' });
  const wrong = (await cashier.post<Payment>(`/api/orders/${order.id}/payments`, { amountMinor: 20000, method: 'cash' })).data;
  await cashier.post(`/api/payments/${wrong.id}/reverse`, { reason: 'typed twice' });
  await cashier.post(`/api/member-cards/${card.id}/top-ups`, { amountMinor: 30000, method: 'cash' });
  await cashier.post(`/api/orders/${order.id}/payments`, { amountMinor: 10000, method: 'stored_value', cardId: card.id });
});
afterAll(() => tb?.close());

describe('closing the day', () => {
  it('adds up the day per method from the ledgers; card payments apart', async () => {
    const t = (await cashier.get<DayTakings>('/api/closings/2026-12-02')).data;
    expect(t).toMatchObject({ day: '2026-12-02', from: '2026-12-01T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z', currency: 'CNY', closed: null });
    expect(line(t, 'cash')).toEqual({ method: 'cash', paymentsMinor: 100000, topUpsMinor: 30000, cashBookMinor: 0, expectedMinor: 130000, countedMinor: null, differenceMinor: null });
    expect(line(t, 'wechat')).toMatchObject({ expectedMinor: 50000 });
    expect(line(t, 'card')).toMatchObject({ expectedMinor: 0 });
    expect(t.fromCards).toEqual([{ method: 'stored_value', amountMinor: 10000 }, { method: 'points', amountMinor: 0 }]);
    expect(line((await cashier.get<DayTakings>('/api/closings/2026-12-01')).data, 'cash').expectedMinor).toBe(7000);
  });

  it('refuses a difference without a reason, a day to come; closes with the counted cash and the reason, audited', async () => {
    const before = rowCount(tb, 'day_closings');
    const noReason = await cashier.post('/api/closings', { day: '2026-12-02', counted: { cash: 129500 } });
    expect(noReason.status).toBe(400);
    expect(noReason.error?.fields?.[0]).toMatchObject({ path: 'reason', message: 'say why cash differ from what is expected' });
    expect(await cashier.post('/api/closings', { day: '2026-12-03' })).toMatchObject({ status: 409, error: { code: 'day_not_over' } });
    expect((await cashier.post('/api/closings', { day: '2026-02-30' })).status).toBe(400);
    expect((await cashier.post('/api/closings', { day: '2026-12-02', counted: { stored_value: 1 } })).status).toBe(400);
    expect(rowCount(tb, 'day_closings')).toBe(before);

    const r = await cashier.post<DayTakings>('/api/closings', { day: '2026-12-02', counted: { cash: 129500 }, reason: 'change given twice' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(line(r.data, 'cash')).toMatchObject({ expectedMinor: 130000, countedMinor: 129500, differenceMinor: -500 });
    expect(line(r.data, 'wechat')).toMatchObject({ countedMinor: 50000, differenceMinor: 0 });
    expect(r.data.closed).toMatchObject({ by: { name: 'thu' }, reason: 'change given twice' });
    const log = (await admin.get<AuditPage>('/api/audit?entity=day_closing')).data.items;
    expect(log[0]!.summary).toBe('day 2026-12-02 closed: cash expected 1300.00 CNY, counted 1295.00 CNY; differences in cash -5.00 CNY: change given twice');
    expect(await cashier.post('/api/closings', { day: '2026-12-02' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
  });

  it('a closed day takes nothing more: not today, not backdated, no reversal, no top-up; the database refuses too', async () => {
    const before = [rowCount(tb, 'payments'), rowCount(tb, 'stored_value_entries'), rowCount(tb, 'audit_log')];
    expect(await cashier.post(`/api/orders/${order.id}/payments`, { amountMinor: 100, method: 'cash' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    expect(await cashier.post(`/api/orders/${order.id}/payments`, { amountMinor: 100, method: 'cash', at: '2026-12-02T09:00:00+08:00' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    expect(await cashier.post(`/api/payments/${cash1.id}/reverse`, { reason: 'refund' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    expect(await cashier.post(`/api/member-cards/${card.id}/top-ups`, { amountMinor: 100, method: 'cash' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    expect([rowCount(tb, 'payments'), rowCount(tb, 'stored_value_entries'), rowCount(tb, 'audit_log')]).toEqual(before);
    const db = tb.box.ctx.db;
    expect(() => db.prepare('UPDATE day_closings SET reason = ?').run('x')).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM day_closings').run()).toThrow(/never reopened/);
    expect(() => db.prepare('UPDATE day_closing_lines SET counted_minor = 0').run()).toThrow(/never changed/);
    expect(() =>
      db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, at, created_at) VALUES (?, 'payment', 1, 'CNY', 'cash', '2026-12-02T05:00:00.000Z', '2026-12-02T05:00:00.000Z')`).run(order.id),
    ).toThrow(/day is closed/);
  });

  it('is corrected on a later day: the reversal lands on the 3rd; the closed day reads as it was closed', async () => {
    nowMs = Date.parse('2026-12-03T01:00:00Z'); // 09:00 on the 3rd in Shanghai
    // A new working day, a new login (sessions end after 8 idle hours).
    expect((await cashier.post('/api/auth/login', { username: 'thu', password: 'thu-password-1' })).status).toBe(200);
    expect((await admin.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password })).status).toBe(200);
    const rev = await cashier.post<Payment>(`/api/payments/${cash1.id}/reverse`, { reason: 'refund: the shoot was moved' });
    expect(rev.status, JSON.stringify(rev.error)).toBe(201);
    expect(line((await cashier.get<DayTakings>('/api/closings/2026-12-02')).data, 'cash')).toMatchObject({ expectedMinor: 130000, countedMinor: 129500 });
    expect(line((await cashier.get<DayTakings>('/api/closings/2026-12-03')).data, 'cash')).toMatchObject({ paymentsMinor: -100000, countedMinor: null });
    const list = (await cashier.get<DayTakings[]>('/api/closings')).data;
    expect(list.map((d) => d.day)).toEqual(['2026-12-02']);
  });

  it('closing is a right of its own', async () => {
    const finance = (await userWith(admin, 'lan', { finance: ['view', 'add', 'edit'] })).client;
    expect((await finance.get('/api/closings/2026-12-03')).status).toBe(403);
    expect((await finance.post('/api/closings', { day: '2026-12-03' })).status).toBe(403);
    const viewer = (await userWith(admin, 'boss', { closing: ['view'] })).client;
    expect((await viewer.get('/api/closings/2026-12-03')).status).toBe(200);
    expect((await viewer.post('/api/closings', { day: '2026-12-03' })).status).toBe(403);
  });
});
