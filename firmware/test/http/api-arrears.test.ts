// The arrears list (F1) over real HTTP: every order with money owed, oldest debt first, with
// its customer, phone and what is due; paid and cancelled orders left out; a reversal puts an
// order back on the list; totals per currency; paging; and who may read it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arrears, Customer, Order, Payment } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let nowMs = Date.parse('2026-11-01T02:00:00Z');
let tb: TestBox;
let admin: ApiClient;

// Ten minutes between orders (the session lasts; the order of age is what counts).
const later = () => (nowMs += 10 * 60 * 1000);
const order = async (c: Customer, title: string, totalMinor: number) => {
  later();
  return (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title, totalMinor })).data;
};
const pay = async (o: Order, amountMinor: number) => (await admin.post<Payment>(`/api/orders/${o.id}/payments`, { amountMinor, method: 'cash' })).data;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
});
afterAll(() => tb?.close());

describe('arrears', () => {
  it('lists every order with money owed, oldest first, and leaves out the paid and the cancelled', async () => {
    const hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa', phones: [{ number: '138 1234 5678' }] })).data;
    const lan = (await admin.post<Customer>('/api/customers', { name: 'Lan' })).data;
    const oldest = await order(lan, 'Passport photos', 3000);
    const wedding = await order(hoa, 'Wedding', 880000);
    await pay(wedding, 300000);
    const paid = await order(hoa, 'Paid in full', 5000);
    await pay(paid, 5000);
    const cancelled = await order(lan, 'Cancelled', 9000);
    await admin.post(`/api/orders/${cancelled.id}/state`, { state: 'cancelled' });
    const free = await order(lan, 'Free retouch', 0);
    const reversed = await order(hoa, 'Album', 20000);
    const p = await pay(reversed, 20000);

    let a = (await admin.get<Arrears>('/api/arrears')).data;
    expect(a.rows.map((r) => [r.orderNo, r.customer.name, r.dueMinor])).toEqual([
      [oldest.orderNo, 'Lan', 3000],
      [wedding.orderNo, 'Hoa', 580000],
    ]);
    expect(a.rows[1]).toMatchObject({ orderTitle: 'Wedding', phone: '+8613812345678', totalMinor: 880000, paidMinor: 300000, currency: 'CNY', orderedAt: wedding.createdAt });
    expect(a.rows[1]!.lastPaymentAt).not.toBeNull();
    expect(a.rows[0]!.lastPaymentAt).toBeNull();
    expect(a).toMatchObject({ totals: [{ amountMinor: 583000, currency: 'CNY' }], customers: 2, more: false });
    expect(a.rows.some((r) => [paid.id, cancelled.id, free.id].includes(r.orderId))).toBe(false);

    // The album's payment reversed: it is owed again, in its place by age.
    await admin.post(`/api/payments/${p.id}/reverse`, { reason: 'card declined' });
    a = (await admin.get<Arrears>('/api/arrears')).data;
    expect(a.rows.map((r) => r.orderTitle)).toEqual(['Passport photos', 'Wedding', 'Album']);
    expect(a.totals).toEqual([{ amountMinor: 603000, currency: 'CNY' }]);

    // A page of two leaves one off; the totals are still of all.
    const page = (await admin.get<Arrears>('/api/arrears?limit=2')).data;
    expect(page).toMatchObject({ more: true, totals: [{ amountMinor: 603000 }] });
    expect(page.rows).toHaveLength(2);
  });

  it('needs finance:view; a bad limit is named', async () => {
    const photographer = (await userWith(admin, 'minh', { orders: ['view'] })).client;
    expect((await photographer.get('/api/arrears')).status).toBe(403);
    const bad = await admin.get('/api/arrears?limit=0');
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.[0]?.path).toBe('limit');
  });
});
