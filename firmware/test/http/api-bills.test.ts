// Bills (F1) over real HTTP: an order priced from the price list with extras, discounts per
// line and per bill within the user's discount limit, several methods on one bill, a deposit
// now and the rest later; the bill and its ledger lines as one transaction; and the refusals:
// over the limit, overpaid, billed twice, retired or unknown items, a cancelled order, a
// reversal of a reversal, and who may do what.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Bill, Customer, Group, Order, Payment, PriceItem } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
/** orders + finance view/add/edit; discount limit 10 %. */
let desk: ApiClient;
/** finance: view only. */
let viewer: ApiClient;
let hoa: Customer;
let pkg: PriceItem;
let frame: PriceItem;
let prints: PriceItem;

const counts = () => ['bills', 'bill_lines', 'payments', 'audit_log'].map((t) => rowCount(tb, t));
const newOrder = async (title = 'Wedding'): Promise<Order> => (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title, totalMinor: 0 })).data;
const bill = (orderId: number, body: Record<string, unknown>, c = desk) => c.post<Bill>(`/api/orders/${orderId}/bill`, body);

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  const d = await userWith(admin, 'lan', { customers: ['view'], orders: ['view', 'add', 'edit'], finance: ['view', 'add', 'edit'] });
  desk = d.client;
  expect((await admin.patch<Group>(`/api/groups/${d.user.groupIds[0]}`, { discountLimitPct: 10 })).status).toBe(200);
  viewer = (await userWith(admin, 'minh', { orders: ['view'], finance: ['view'] })).client;
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  const add = async (body: Record<string, unknown>) => (await admin.post<PriceItem>('/api/price-items', body)).data;
  pkg = await add({ kind: 'package', name: 'Wedding A', priceMinor: 880000, includes: '30 photos, 2 albums', photosIncluded: 30, extraPhotoMinor: 5000 });
  frame = await add({ kind: 'product', name: 'Crystal frame', priceMinor: 29900 });
  prints = await add({ kind: 'service', name: 'Old prints', priceMinor: 1000 });
  await admin.patch(`/api/price-items/${prints.id}`, { active: false });
});
afterAll(() => tb?.close());

describe('a bill', () => {
  let order: Order;
  let saved: Bill;

  it('prices the order from the list, with discounts within the limit, and takes a deposit by two methods in one go', async () => {
    order = await newOrder();
    const before = counts();
    const r = await bill(order.id, {
      lines: [
        { priceItemId: pkg.id, extraPhotos: 5, discountMinor: 5000 },
        { priceItemId: frame.id, qty: 2 },
      ],
      billDiscountBp: 500,
      payments: [
        { method: 'cash', amountMinor: 100000 },
        { method: 'wechat', amountMinor: 200000 },
      ],
      note: 'deposit today',
    });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    saved = r.data;
    // Gross 905000 + 59800 = 964800; line discount 5000; 5 % of 959800 = 47990 spread over the lines.
    expect(saved).toMatchObject({
      orderId: order.id,
      orderNo: order.orderNo,
      customer: { id: hoa.id },
      grossMinor: 964800,
      discountMinor: 52990,
      billDiscountMinor: 47990,
      totalMinor: 911810,
      currency: 'CNY',
      discountLimitPct: 10,
      note: 'deposit today',
      createdBy: { name: 'lan' },
      paidMinor: 300000,
      dueMinor: 611810,
    });
    expect(saved.lines).toEqual([
      { position: 1, priceItemId: pkg.id, kind: 'package', name: 'Wedding A', unitPriceMinor: 880000, qty: 1, extraPhotos: 5, extraPhotoMinor: 5000, grossMinor: 905000, lineDiscountMinor: 5000, billDiscountMinor: 45000, netMinor: 855000 },
      { position: 2, priceItemId: frame.id, kind: 'product', name: 'Crystal frame', unitPriceMinor: 29900, qty: 2, extraPhotos: 0, extraPhotoMinor: 0, grossMinor: 59800, lineDiscountMinor: 0, billDiscountMinor: 2990, netMinor: 56810 },
    ]);
    expect(saved.payments.map((p) => [p.method, p.amountMinor])).toEqual([['cash', 100000], ['wechat', 200000]]);
    // One bill, two lines, two payments, three audit lines (the bill and each payment).
    expect(counts()).toEqual([before[0]! + 1, before[1]! + 2, before[2]! + 2, before[3]! + 3]);
    expect(tb.box.ctx.db.prepare('SELECT COUNT(*) AS n FROM payments WHERE bill_id = ?').get(saved.id)).toEqual({ n: 2 });
    // The order's total is now the bill's.
    expect((await desk.get<Order>(`/api/orders/${order.id}`)).data).toMatchObject({ totalMinor: 911810, paidMinor: 300000, dueMinor: 611810 });
    const log = (await admin.get<AuditPage>('/api/audit?entity=bill')).data.items;
    expect(log[0]).toMatchObject({ action: 'create', entityId: saved.id, user: { name: 'lan' }, detail: { totalBefore: 0, discountLimitPct: 10 } });
    expect(log[0]!.summary).toContain('529.90 CNY off (limit 10%)');
  });

  it('takes the rest later; the bill shows every line of its order', async () => {
    const rest = await desk.post<Payment>(`/api/orders/${order.id}/payments`, { amountMinor: 611810, method: 'alipay' });
    expect(rest.status, JSON.stringify(rest.error)).toBe(201);
    const b = await viewer.get<Bill>(`/api/orders/${order.id}/bill`);
    expect(b.status).toBe(200);
    expect(b.data).toMatchObject({ paidMinor: 911810, dueMinor: 0 });
    expect(b.data.payments.map((p) => p.method)).toEqual(['cash', 'wechat', 'alipay']);
  });

  it('refuses to bill an order twice, or to change a billed order\'s total by hand', async () => {
    const before = counts();
    expect(await bill(order.id, { lines: [{ priceItemId: frame.id }] })).toMatchObject({ status: 409, error: { code: 'already_billed' } });
    expect(await desk.patch(`/api/orders/${order.id}`, { totalMinor: 1 })).toMatchObject({ status: 409, error: { code: 'order_billed' } });
    // Other details still change.
    expect((await desk.patch(`/api/orders/${order.id}`, { note: 'album by Friday' })).status).toBe(200);
    expect(counts()[0]).toBe(before[0]);
  });

  it('refuses a discount over the limit, and loses nothing', async () => {
    const o = await newOrder('Portrait');
    const before = counts();
    // 10 % of 880000 is 88000: 88001 off is one fen too many (line and bill discounts together).
    const over = await bill(o.id, { lines: [{ priceItemId: pkg.id, discountMinor: 80000 }], billDiscountMinor: 8001, payments: [{ method: 'cash', amountMinor: 1000 }] });
    expect(over.status).toBe(403);
    expect(over.error).toMatchObject({ code: 'over_discount' });
    expect(over.error?.message).toContain('880.01 CNY is more than your limit allows (10% of the bill: 880.00 CNY)');
    expect(counts()).toEqual(before);
    expect((await desk.get<Order>(`/api/orders/${o.id}`)).data.totalMinor).toBe(0);
    // Exactly the limit is fine; an admin may give more.
    expect((await bill(o.id, { lines: [{ priceItemId: pkg.id, discountBp: 1000 }] })).data.totalMinor).toBe(792000);
    const o2 = await newOrder('Friends');
    expect((await bill(o2.id, { lines: [{ priceItemId: frame.id, discountBp: 10000 }] }, admin)).data.totalMinor).toBe(0);
  });

  it('refuses an overpayment, retired or unknown items, extras on an item without them, and bad input, naming the field', async () => {
    const o = await newOrder('Family');
    const before = counts();
    const overpay = await bill(o.id, { lines: [{ priceItemId: frame.id }], payments: [{ method: 'cash', amountMinor: 20000 }, { method: 'card', amountMinor: 9901 }] });
    expect(overpay).toMatchObject({ status: 409, error: { code: 'overpayment' } });
    expect(overpay.error?.message).toContain('299.01 CNY is more than the 299.00 CNY due');
    expect(await bill(o.id, { lines: [{ priceItemId: prints.id }] })).toMatchObject({ status: 409, error: { code: 'item_retired' } });
    const unknown = await bill(o.id, { lines: [{ priceItemId: frame.id }, { priceItemId: 9999 }] });
    expect(unknown.status).toBe(400);
    expect(unknown.error?.fields).toEqual([{ path: 'lines.1.priceItemId', message: 'no price item 9999' }]);
    expect((await bill(o.id, { lines: [{ priceItemId: frame.id, extraPhotos: 2 }] })).error?.fields?.[0]?.path).toBe('lines.0.extraPhotos');
    expect((await bill(o.id, { lines: [{ priceItemId: frame.id, discountMinor: 30000 }] })).error?.fields?.[0]?.path).toBe('lines.0.discountMinor');
    const bad = await bill(o.id, { lines: [], payments: [{ method: 'gold', amountMinor: 0 }] });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['lines', 'payments.0.amountMinor', 'payments.0.method']);
    const both = await bill(o.id, { lines: [{ priceItemId: frame.id, discountMinor: 1, discountBp: 1 }], billDiscountMinor: 1, billDiscountBp: 1 });
    expect(both.error?.fields?.map((f) => f.path).sort()).toEqual(['billDiscountBp', 'lines.0.discountBp']);
    expect((await bill(o.id, { lines: [{ priceItemId: frame.id, qty: 1.5 }] })).status).toBe(400);
    expect(counts()).toEqual(before);
  });

  it('refuses a cancelled order, a bill below what is already paid, and those without the right', async () => {
    const o = await newOrder('Cancelled');
    await admin.post(`/api/orders/${o.id}/state`, { state: 'cancelled' });
    expect(await bill(o.id, { lines: [{ priceItemId: frame.id }] })).toMatchObject({ status: 409, error: { code: 'order_cancelled' } });
    const paid = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Paid first', totalMinor: 50000 })).data;
    await desk.post(`/api/orders/${paid.id}/payments`, { amountMinor: 40000, method: 'cash' });
    expect(await bill(paid.id, { lines: [{ priceItemId: frame.id }] })).toMatchObject({ status: 409, error: { code: 'total_below_paid' } });
    expect((await bill(paid.id, { lines: [{ priceItemId: frame.id }] }, viewer)).status).toBe(403);
    expect((await viewer.get(`/api/orders/${paid.id}/bill`)).status).toBe(404);
  });

  it('a reversal of a reversal is refused; a bill and its lines are never changed in the database', async () => {
    const p = saved.payments[0]!;
    const rev = await desk.post<Payment>(`/api/payments/${p.id}/reverse`, { reason: 'wrong method' });
    expect(rev.status).toBe(201);
    expect(await desk.post(`/api/payments/${rev.data.id}/reverse`, { reason: 'undo the undo' })).toMatchObject({ status: 409, error: { code: 'not_a_payment' } });
    const db = tb.box.ctx.db;
    expect(() => db.prepare('UPDATE bills SET total_minor = 1 WHERE id = ?').run(saved.id)).toThrow(/never changed/);
    expect(() => db.prepare('DELETE FROM bill_lines WHERE bill_id = ?').run(saved.id)).toThrow(/never deleted/);
  });

  it('is one transaction: a failure at the last payment line leaves no bill, no line, no total, no audit', async () => {
    const o = await newOrder('Atomic');
    const db = tb.box.ctx.db;
    db.exec(`CREATE TEMP TRIGGER fail_alipay BEFORE INSERT ON payments WHEN NEW.method = 'alipay' BEGIN SELECT RAISE(ABORT, 'test: the disk is full'); END`);
    try {
      const before = counts();
      const r = await bill(o.id, { lines: [{ priceItemId: frame.id }], payments: [{ method: 'cash', amountMinor: 100 }, { method: 'alipay', amountMinor: 100 }] });
      expect(r.status).toBe(500);
      expect(counts()).toEqual(before);
      expect((await desk.get<Order>(`/api/orders/${o.id}`)).data.totalMinor).toBe(0);
    } finally {
      db.exec('DROP TRIGGER temp.fail_alipay');
    }
    expect((await bill(o.id, { lines: [{ priceItemId: frame.id }], payments: [{ method: 'alipay', amountMinor: 100 }] })).status).toBe(201);
  });
});
