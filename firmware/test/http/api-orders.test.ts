// Orders (O1) and the payments ledger (F1) over real HTTP: order numbers by the studio's local
// day, the workflow, deposits and final payments, overpayment, reversals, cancelling, the
// append-only ledger in the database itself, audit lines, rights, validation and a race of
// ten screens taking the same final payment.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Customer, CustomerOrders, Order, Payment, ServerEvent, User } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith as newUser } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

// The studio is in Shanghai (SETUP.timeZone): 15:58 UTC is 23:58 there, two minutes before its midnight.
let nowMs = Date.parse('2026-11-22T15:58:00Z');
const clock = () => new Date(nowMs);

let tb: TestBox;
let admin: ApiClient;
/** customers:view, orders: view/add/edit, finance: view/add/edit. */
let desk: ApiClient;
/** orders: view/edit only; no finance. */
let photographer: ApiClient;
/** finance: view/add only (no edit: cannot reverse); orders: view. */
let cashier: ApiClient;
let cashierUser: User;
let hoa: Customer;
let lan: Customer;
const events: ServerEvent[] = [];

/** A logged-in client with these rights, and the user (helpers/http-client.ts). */
const userWith = (name: string, permissions: Record<string, string[]>) => newUser(admin, name, permissions);

const db = () => tb.box.ctx.db;
const rowCount = (table: string) => (db().prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const ledgerSum = (orderId: number) => (db().prepare('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM payments WHERE order_id = ?').get(orderId) as { s: number }).s;

async function newOrder(customer: Customer, body: Record<string, unknown>): Promise<Order> {
  const r = await desk.post<Order>(`/api/customers/${customer.id}/orders`, body);
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
}
async function pay(c: ApiClient, orderId: number, body: Record<string, unknown>) {
  return c.post<Payment>(`/api/orders/${orderId}/payments`, body);
}
const move = (c: ApiClient, orderId: number, state: string) => c.post<Order>(`/api/orders/${orderId}/state`, { state });

beforeAll(async () => {
  tb = await startTestBox({ clock });
  admin = new ApiClient(tb.url);
  expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
  desk = (await userWith('lan', { customers: ['view'], orders: ['view', 'add', 'edit'], finance: ['view', 'add', 'edit'] })).client;
  photographer = (await userWith('minh', { orders: ['view', 'edit'] })).client;
  const c = await userWith('thu', { orders: ['view'], finance: ['view', 'add'] });
  cashier = c.client;
  cashierUser = c.user;
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  lan = (await admin.post<Customer>('/api/customers', { name: 'Lê Lan', phones: [{ number: '139 0000 1111' }] })).data;
  tb.box.ctx.events.subscribe((e) => events.push(e));
});
afterAll(() => tb?.close());

describe('orders', () => {
  let wedding: Order;

  it('numbers orders by the studio-local day: YYYYMMDD-NNN, counting within the day', async () => {
    wedding = await newOrder(hoa, {
      title: '  Wedding package A + 2 outfits  ',
      totalMinor: 880000,
      serviceAt: '2026-12-05T09:00:00+08:00',
      staff: 'Minh (photo), Thu (make-up)',
      note: 'outdoor if sunny',
    });
    expect(wedding).toMatchObject({
      orderNo: '20261122-001',
      customer: { id: hoa.id, customerNo: hoa.customerNo, name: hoa.name },
      title: 'Wedding package A + 2 outfits',
      state: 'booked',
      totalMinor: 880000,
      currency: 'CNY',
      paidMinor: 0,
      dueMinor: 880000,
      serviceAt: '2026-12-05T01:00:00.000Z',
      staff: 'Minh (photo), Thu (make-up)',
      note: 'outdoor if sunny',
      createdBy: { name: 'lan' },
      updatedBy: { name: 'lan' },
    });
    // A second order the same (local) day, for another customer: -002.
    const second = await newOrder(lan, { title: 'Portrait session', totalMinor: 50000 });
    expect(second.orderNo).toBe('20261122-002');
    expect(second).toMatchObject({ serviceAt: null, staff: '', note: '', dueMinor: 50000 });
    // 16:00:30 UTC is 00:00:30 on the 23rd in Shanghai: a new day, counted from 1 again.
    nowMs = Date.parse('2026-11-22T16:00:30Z');
    const third = await newOrder(lan, { title: 'Passport photos', totalMinor: 3000 });
    expect(third.orderNo).toBe('20261123-001');
    expect((await desk.get<Order>(`/api/orders/${wedding.id}`)).data.orderNo).toBe('20261122-001');
  });

  it('lists a customer\'s orders newest first with what they owe', async () => {
    const list = await desk.get<CustomerOrders>(`/api/customers/${lan.id}/orders`);
    expect(list.status).toBe(200);
    expect(list.data.orders.map((o) => o.title)).toEqual(['Passport photos', 'Portrait session']);
    expect(list.data.unpaid).toEqual([{ amountMinor: 53000, currency: 'CNY' }]);
    const none = await admin.post<Customer>('/api/customers', { name: 'Nobody Yet' });
    expect((await desk.get<CustomerOrders>(`/api/customers/${none.data.id}/orders`)).data).toEqual({ orders: [], unpaid: [] });
    expect(tb.box.ctx.orders.hasOrders(none.data.id)).toBe(false);
    expect(tb.box.ctx.orders.hasOrders(lan.id)).toBe(true);
  });

  it('patches the details and writes the audit line', async () => {
    const r = await photographer.patch<Order>(`/api/orders/${wedding.id}`, { title: 'Wedding package B', serviceAt: null, note: '' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ title: 'Wedding package B', serviceAt: null, note: '', staff: 'Minh (photo), Thu (make-up)', updatedBy: { name: 'minh' }, createdBy: { name: 'lan' } });
    const log = (await admin.get<AuditPage>('/api/audit?entity=order&limit=20')).data.items;
    expect(log.find((e) => e.entityId === wedding.id && e.action === 'update')).toMatchObject({
      user: { name: 'minh' },
      detail: { changes: { title: 'Wedding package B', serviceAt: null, note: '' }, before: { title: 'Wedding package A + 2 outfits', serviceAt: '2026-12-05T01:00:00.000Z', note: 'outdoor if sunny' } },
    });
    expect(log.find((e) => e.entityId === wedding.id && e.action === 'create')?.summary).toContain('20261122-001');
  });

  it('moves forward (skipping allowed), back one step, and refuses the rest with both states named', async () => {
    const o = await newOrder(hoa, { title: 'Baby 100 days', totalMinor: 120000 });
    expect((await move(photographer, o.id, 'selected')).data.state).toBe('selected');
    expect((await move(photographer, o.id, 'shot')).data.state).toBe('shot');
    const back2 = await move(photographer, o.id, 'booked');
    expect(back2.status).toBe(200); // shot → booked is one step back
    expect((await move(photographer, o.id, 'delivered')).data.state).toBe('delivered');
    const refused = await move(photographer, o.id, 'selected');
    expect(refused.status).toBe(409);
    expect(refused.error?.code).toBe('bad_state_move');
    expect(refused.error?.message).toMatch(/from delivered to selected/);
    const cancel = await move(photographer, o.id, 'cancelled');
    expect(cancel.status).toBe(409);
    expect(cancel.error?.message).toMatch(/delivered to cancelled/);
    const same = await move(photographer, o.id, 'delivered');
    expect(same.status).toBe(409);
    expect(same.error?.code).toBe('bad_state_move');
    const d = (await desk.get<Order>(`/api/orders/${o.id}`)).data;
    expect(d.state).toBe('delivered');
    expect(d.stateChangedAt).toBe(clock().toISOString());
    const moves = (await admin.get<AuditPage>('/api/audit?entity=order&limit=50')).data.items.filter((e) => e.entityId === o.id && e.action === 'state');
    expect(moves.map((e) => e.detail)).toEqual([
      { from: 'booked', to: 'delivered' },
      { from: 'shot', to: 'booked' },
      { from: 'selected', to: 'shot' },
      { from: 'booked', to: 'selected' },
    ]);
  });
});

describe('payments', () => {
  let order: Order;

  it('takes a deposit, then the rest: due 0, ledger oldest first', async () => {
    order = await newOrder(hoa, { title: 'Family portrait', totalMinor: 100000 });
    const deposit = await pay(cashier, order.id, { amountMinor: 30000, method: 'wechat', note: ' deposit ', at: '2026-11-22T22:00:00+08:00' });
    expect(deposit.status, JSON.stringify(deposit.error)).toBe(201);
    expect(deposit.data).toMatchObject({
      orderId: order.id,
      orderNo: order.orderNo,
      customerId: hoa.id,
      kind: 'payment',
      amountMinor: 30000,
      currency: 'CNY',
      method: 'wechat',
      reverses: null,
      reversedBy: null,
      note: 'deposit',
      at: '2026-11-22T14:00:00.000Z',
      createdBy: { id: cashierUser.id, name: 'thu' },
    });
    expect((await desk.get<Order>(`/api/orders/${order.id}`)).data).toMatchObject({ paidMinor: 30000, dueMinor: 70000 });
    const rest = await pay(desk, order.id, { amountMinor: 70000, method: 'cash' });
    expect(rest.status).toBe(201);
    expect(rest.data.at).toBe(clock().toISOString());
    expect((await desk.get<Order>(`/api/orders/${order.id}`)).data).toMatchObject({ paidMinor: 100000, dueMinor: 0 });
    expect((await cashier.get<Payment[]>(`/api/orders/${order.id}/payments`)).data.map((p) => p.id)).toEqual([deposit.data.id, rest.data.id]);
    expect(tb.box.ctx.payments.paidOf([order.id, 424242])).toEqual(new Map([[order.id, 100000], [424242, 0]]));
    expect(tb.box.ctx.payments.paidOf([])).toEqual(new Map());
  });

  it('refuses more than is due, naming the due amount, and writes nothing', async () => {
    const o = await newOrder(lan, { title: 'ID photos', totalMinor: 5000 });
    expect((await pay(desk, o.id, { amountMinor: 2000, method: 'cash' })).status).toBe(201);
    const before = [rowCount('payments'), rowCount('audit_log')];
    const over = await pay(desk, o.id, { amountMinor: 3001, method: 'cash' });
    expect(over.status).toBe(409);
    expect(over.error?.code).toBe('overpayment');
    expect(over.error?.message).toContain('30.00 CNY');
    expect(over.error?.message).toContain('30.01 CNY');
    expect([rowCount('payments'), rowCount('audit_log')]).toEqual(before);
    expect((await pay(desk, o.id, { amountMinor: 3000, method: 'alipay' })).status).toBe(201);
    const nothing = await pay(desk, o.id, { amountMinor: 1, method: 'cash' });
    expect(nothing.status).toBe(409);
    expect(nothing.error?.message).toMatch(/nothing is due/);
  });

  it('reverses a payment (due comes back), once, and never a reversal; the reason is the note', async () => {
    const lines = (await desk.get<Payment[]>(`/api/orders/${order.id}/payments`)).data;
    const deposit = lines[0]!;
    const r = await desk.post<Payment>(`/api/payments/${deposit.id}/reverse`, { reason: '  paid twice by mistake ' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ kind: 'reversal', amountMinor: -30000, currency: 'CNY', method: 'wechat', reverses: deposit.id, reversedBy: null, note: 'paid twice by mistake', createdBy: { name: 'lan' } });
    expect((await desk.get<Order>(`/api/orders/${order.id}`)).data).toMatchObject({ paidMinor: 70000, dueMinor: 30000 });
    const after = (await desk.get<Payment[]>(`/api/orders/${order.id}/payments`)).data;
    expect(after.map((p) => [p.kind, p.amountMinor, p.reversedBy])).toEqual([
      ['payment', 30000, r.data.id],
      ['payment', 70000, null],
      ['reversal', -30000, null],
    ]);

    const before = [rowCount('payments'), rowCount('audit_log')];
    const again = await desk.post(`/api/payments/${deposit.id}/reverse`, { reason: 'again' });
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe('already_reversed');
    const ofReversal = await desk.post(`/api/payments/${r.data.id}/reverse`, { reason: 'undo the undo' });
    expect(ofReversal.status).toBe(409);
    expect(ofReversal.error?.code).toBe('not_a_payment');
    const noReason = await desk.post(`/api/payments/${deposit.id}/reverse`, { reason: '   ' });
    expect(noReason.status).toBe(400);
    expect(noReason.error?.fields?.map((f) => f.path)).toEqual(['reason']);
    expect([rowCount('payments'), rowCount('audit_log')]).toEqual(before);

    const log = (await admin.get<AuditPage>('/api/audit?entity=payment&limit=50')).data.items;
    expect(log.find((e) => e.entityId === r.data.id)).toMatchObject({ action: 'reverse', user: { name: 'lan' }, detail: { reverses: deposit.id, amountMinor: -30000, reason: 'paid twice by mistake' } });
    expect(log.find((e) => e.entityId === deposit.id)).toMatchObject({ action: 'create', user: { name: 'thu' }, detail: { amountMinor: 30000, method: 'wechat', dueBefore: 100000 } });
  });

  it('lists a customer\'s lines over their orders, newest first (by when the money moved), with a limit', async () => {
    const all = await cashier.get<Payment[]>(`/api/customers/${hoa.id}/payments`);
    expect(all.status).toBe(200);
    expect(all.data.every((p) => p.customerId === hoa.id)).toBe(true);
    // The deposit was taken at 22:00 local the day before; the rest and its reversal now (same time: newest line first).
    expect(all.data.map((p) => p.amountMinor)).toEqual([-30000, 70000, 30000]);
    expect((await cashier.get<Payment[]>(`/api/customers/${hoa.id}/payments?limit=1`)).data).toHaveLength(1);
    expect((await cashier.get(`/api/customers/${hoa.id}/payments?limit=0`)).status).toBe(400);
  });

  it('does not lower the total below what is paid', async () => {
    const low = await desk.patch(`/api/orders/${order.id}`, { totalMinor: 69999 });
    expect(low.status).toBe(409);
    expect(low.error?.code).toBe('total_below_paid');
    expect(low.error?.message).toContain('700.00 CNY');
    const ok = await desk.patch<Order>(`/api/orders/${order.id}`, { totalMinor: 70000 });
    expect(ok.status).toBe(200);
    expect(ok.data).toMatchObject({ totalMinor: 70000, paidMinor: 70000, dueMinor: 0 });
    expect((await desk.patch(`/api/orders/${order.id}`, { totalMinor: 100000 })).status).toBe(200);
  });

  it('refuses to cancel an order with money on it; after reversing, cancels: due 0, no payments, no edits; reopens', async () => {
    const refused = await move(desk, order.id, 'cancelled');
    expect(refused.status).toBe(409);
    expect(refused.error?.code).toBe('order_has_payments');
    expect(refused.error?.message).toMatch(/reverse the payments first/);
    const rest = (await desk.get<Payment[]>(`/api/orders/${order.id}/payments`)).data.find((p) => p.kind === 'payment' && p.reversedBy === null)!;
    expect((await desk.post(`/api/payments/${rest.id}/reverse`, { reason: 'customer cancelled; refunded in cash' })).status).toBe(201);
    const cancelled = await move(desk, order.id, 'cancelled');
    expect(cancelled.status, JSON.stringify(cancelled.error)).toBe(200);
    expect(cancelled.data).toMatchObject({ state: 'cancelled', totalMinor: 100000, paidMinor: 0, dueMinor: 0 });
    expect(ledgerSum(order.id)).toBe(0);

    const paid = await pay(desk, order.id, { amountMinor: 100, method: 'cash' });
    expect(paid.status).toBe(409);
    expect(paid.error?.code).toBe('order_cancelled');
    const edit = await desk.patch(`/api/orders/${order.id}`, { note: 'x' });
    expect(edit.status).toBe(409);
    expect(edit.error?.code).toBe('order_cancelled');
    expect((await move(desk, order.id, 'shot')).error?.code).toBe('bad_state_move');
    // A cancelled order owes nothing, so the customer's debt leaves it out.
    const hoaOrders = (await desk.get<CustomerOrders>(`/api/customers/${hoa.id}/orders`)).data;
    const expected = hoaOrders.orders.filter((o) => o.state !== 'cancelled').reduce((s, o) => s + o.dueMinor!, 0);
    expect(hoaOrders.unpaid).toEqual([{ amountMinor: expected, currency: 'CNY' }]);
    expect(tb.box.ctx.orders.unpaidOf(hoa.id)).toEqual(hoaOrders.unpaid);

    const reopened = await move(desk, order.id, 'booked');
    expect(reopened.data).toMatchObject({ state: 'booked', dueMinor: 100000 });
  });

  it('is append-only in the database itself, and a reversal must undo exactly its payment', async () => {
    const line = (await desk.get<Payment[]>(`/api/orders/${order.id}/payments`)).data[0]!;
    expect(() => db().prepare('UPDATE payments SET amount_minor = 1 WHERE id = ?').run(line.id)).toThrow(/append-only/);
    expect(() => db().prepare('DELETE FROM payments WHERE id = ?').run(line.id)).toThrow(/append-only/);
    expect(() => db().prepare('DELETE FROM payments').run()).toThrow(/append-only/);
    const insert = db().prepare(
      `INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, note, at, created_at) VALUES (?, ?, ?, ?, 'cash', ?, '', 'x', 'x')`,
    );
    const fresh = await newOrder(hoa, { title: 'Album reprint', totalMinor: 9000 });
    const p = (await pay(desk, fresh.id, { amountMinor: 4000, method: 'cash' })).data;
    // Half a reversal, a reversal on another order, a reversal in another currency: all refused.
    expect(() => insert.run(fresh.id, 'reversal', -1000, 'CNY', p.id)).toThrow(/whole amount/);
    expect(() => insert.run(order.id, 'reversal', -4000, 'CNY', p.id)).toThrow(/whole amount/);
    expect(() => insert.run(fresh.id, 'payment', 10, 'VND', null)).toThrow(/currency/);
    expect(ledgerSum(fresh.id)).toBe(4000);
  });

  it('lets ten screens race for the final payment: exactly one wins', async () => {
    const o = await newOrder(lan, { title: 'Graduation photos', totalMinor: 66600 });
    expect((await pay(desk, o.id, { amountMinor: 6600, method: 'card' })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(desk, o.id, { amountMinor: 60000, method: 'cash' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const losers = results.filter((r) => r.status !== 201);
    expect(losers).toHaveLength(9);
    expect(losers.every((r) => r.status === 409 && r.error?.code === 'overpayment')).toBe(true);
    expect(ledgerSum(o.id)).toBe(66600);
    expect((await desk.get<Order>(`/api/orders/${o.id}`)).data.dueMinor).toBe(0);
  });

  it('keeps who took a payment after that user is deleted', async () => {
    const o = await newOrder(lan, { title: 'Frame', totalMinor: 2000 });
    const p = (await pay(cashier, o.id, { amountMinor: 2000, method: 'cash' })).data;
    const del = await admin.delete(`/api/users/${cashierUser.id}`);
    expect(del.status, JSON.stringify(del.error)).toBe(204);
    const line = (await desk.get<Payment[]>(`/api/orders/${o.id}/payments`)).data.find((x) => x.id === p.id);
    expect(line?.createdBy).toEqual({ id: cashierUser.id, name: 'thu' });
  });
});

describe('the caller card facts', () => {
  it('shows the newest order not cancelled, else the newest cancelled one; at = service time, else creation', async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Card Test' })).data;
    const orders = tb.box.ctx.orders;
    expect(orders.lastForCard(c.id)).toBeNull();
    expect(orders.unpaidOf(c.id)).toEqual([]);
    const a = await newOrder(c, { title: 'First', totalMinor: 1000, serviceAt: '2026-12-01T10:00:00+08:00' });
    expect(orders.lastForCard(c.id)).toEqual({ id: a.id, orderNo: a.orderNo, title: 'First', state: 'booked', at: '2026-12-01T02:00:00.000Z' });
    const b = await newOrder(c, { title: 'Second', totalMinor: 500 });
    expect(orders.lastForCard(c.id)).toMatchObject({ id: b.id, at: b.createdAt });
    expect(orders.unpaidOf(c.id)).toEqual([{ amountMinor: 1500, currency: 'CNY' }]);
    expect((await move(desk, b.id, 'cancelled')).status).toBe(200);
    expect(orders.lastForCard(c.id)?.id).toBe(a.id);
    expect(orders.unpaidOf(c.id)).toEqual([{ amountMinor: 1000, currency: 'CNY' }]);
    expect((await pay(desk, a.id, { amountMinor: 1000, method: 'cash' })).status).toBe(201);
    expect(orders.unpaidOf(c.id)).toEqual([]);
    expect((await desk.post(`/api/payments/${(await desk.get<Payment[]>(`/api/orders/${a.id}/payments`)).data[0]!.id}/reverse`, { reason: 'wrong order' })).status).toBe(201);
    expect((await move(desk, a.id, 'cancelled')).status).toBe(200);
    // Both cancelled: the newest cancelled one.
    expect(orders.lastForCard(c.id)).toMatchObject({ id: b.id, state: 'cancelled' });
  });

  it('tells every screen after each write: order.changed and payment.changed with the customer', async () => {
    const from = events.length;
    const o = await newOrder(lan, { title: 'Event test', totalMinor: 100 });
    await move(desk, o.id, 'shot');
    await desk.patch(`/api/orders/${o.id}`, { staff: 'Minh' });
    const p = (await pay(desk, o.id, { amountMinor: 100, method: 'cash' })).data;
    await desk.post(`/api/payments/${p.id}/reverse`, { reason: 'test' });
    await pay(desk, o.id, { amountMinor: 101, method: 'cash' }); // refused: no event
    const seen = events.slice(from).filter((e) => e.type.startsWith('order.') || e.type.startsWith('payment.'));
    expect(seen.map((e) => [e.type, e.data])).toEqual([
      ['order.changed', { id: o.id, customerId: lan.id }],
      ['order.changed', { id: o.id, customerId: lan.id }],
      ['order.changed', { id: o.id, customerId: lan.id }],
      // A payment taken names itself (its receipt SMS follows it); a reversal does not.
      ['payment.changed', { orderId: o.id, customerId: lan.id, paymentId: p.id }],
      ['payment.changed', { orderId: o.id, customerId: lan.id }],
    ]);
  });
});

describe('the customer\'s stage (C2)', () => {
  it('a lead who orders is "ordered, not shot", due at the shoot; a customer further on keeps their stage', async () => {
    const lead = (await admin.post<Customer>('/api/customers', { name: 'Lý Thanh' })).data;
    expect(lead.stage).toBe('lead');
    await newOrder(lead, { title: 'Family portrait', totalMinor: 50_000, serviceAt: '2026-12-05T10:00:00+08:00' });
    const after = (await admin.get<Customer>(`/api/customers/${lead.id}`)).data;
    expect(after).toMatchObject({ stage: 'ordered', stageDueAt: '2026-12-05T02:00:00.000Z' });
    expect(Date.parse(after.stageAddedAt)).toBeGreaterThanOrEqual(Date.parse(lead.stageAddedAt));

    const shot = (await admin.post<Customer>('/api/customers', { name: 'Mai Anh', stage: 'shot', stageDueAt: '2026-12-01T02:00:00.000Z' })).data;
    await newOrder(shot, { title: 'Extra prints', totalMinor: 8_000 });
    expect((await admin.get<Customer>(`/api/customers/${shot.id}`)).data).toMatchObject({ stage: 'shot', stageDueAt: '2026-12-01T02:00:00.000Z' });
  });
});

describe('rights, validation, unknown ids', () => {
  let o: Order;
  beforeAll(async () => {
    o = await newOrder(hoa, { title: 'Rights test', totalMinor: 1000 });
  });

  it('needs finance rights for the money, orders rights for the orders', async () => {
    const before = [rowCount('payments'), rowCount('orders')];
    // The photographer may see and move orders, but not the ledger.
    const seen = await photographer.get<Order>(`/api/orders/${o.id}`);
    expect(seen.status).toBe(200);
    // The price is the order's; what is paid and owed is the till's.
    expect(seen.data).toMatchObject({ totalMinor: o.totalMinor, paidMinor: null, dueMinor: null });
    const list = (await photographer.get<CustomerOrders>(`/api/customers/${hoa.id}/orders`)).data;
    expect(list.unpaid).toEqual([]);
    expect(list.orders.every((x) => x.paidMinor === null && x.dueMinor === null)).toBe(true);
    expect((await desk.get<Order>(`/api/orders/${o.id}`)).data.dueMinor).toEqual(expect.any(Number));
    expect((await photographer.get(`/api/orders/${o.id}/payments`)).status).toBe(403);
    expect((await photographer.get(`/api/customers/${hoa.id}/payments`)).status).toBe(403);
    expect((await pay(photographer, o.id, { amountMinor: 100, method: 'cash' })).status).toBe(403);
    expect((await photographer.post(`/api/customers/${hoa.id}/orders`, { title: 'x', totalMinor: 1 })).status).toBe(403);
    // The cashier (logged in again: deleted above, so a fresh one) may take but not reverse, nor edit orders.
    const { client: till } = await userWith('till', { orders: ['view'], finance: ['view', 'add'] });
    const p = await pay(till, o.id, { amountMinor: 100, method: 'cash' });
    expect(p.status).toBe(201);
    expect((await till.post(`/api/payments/${p.data.id}/reverse`, { reason: 'x' })).status).toBe(403);
    expect((await till.patch(`/api/orders/${o.id}`, { note: 'x' })).status).toBe(403);
    expect((await move(till, o.id, 'shot')).status).toBe(403);
    expect((await new ApiClient(tb.url).get(`/api/orders/${o.id}`)).status).toBe(401);
    expect([rowCount('payments'), rowCount('orders')]).toEqual([before[0]! + 1, before[1]]);
  });

  it('answers bad input with 400 naming each field, and writes nothing', async () => {
    const before = [rowCount('orders'), rowCount('payments'), rowCount('audit_log'), rowCount('order_numbers')];
    const fields = async (p: Promise<{ status: number; error?: { code: string; fields?: { path: string }[] } | undefined }>) => {
      const r = await p;
      expect(r.status).toBe(400);
      expect(r.error?.code).toBe('validation');
      return r.error?.fields?.map((f) => f.path).sort();
    };
    const create = (body: unknown) => desk.post(`/api/customers/${hoa.id}/orders`, body);
    expect(await fields(create({ title: 'x', totalMinor: 12.5 }))).toEqual(['totalMinor']);
    expect(await fields(create({ title: 'x', totalMinor: -1 }))).toEqual(['totalMinor']);
    expect(await fields(create({ title: 'x', totalMinor: '100' }))).toEqual(['totalMinor']);
    expect(await fields(create({ title: 'x', totalMinor: 1e13 + 1 }))).toEqual(['totalMinor']);
    expect(await fields(create({ title: '   ', totalMinor: 1, serviceAt: '2026-12-01 10:00', staff: 'x'.repeat(101), note: 'y'.repeat(2001), colour: 'red' }))).toEqual(
      ['colour', 'note', 'serviceAt', 'staff', 'title'],
    );
    expect(await fields(create({ title: 'x'.repeat(201), totalMinor: 1 }))).toEqual(['title']);
    // serviceAt needs an offset: a bare local time would be read in whatever zone.
    expect(await fields(create({ title: 'x', totalMinor: 1, serviceAt: '2026-12-01T10:00:00' }))).toEqual(['serviceAt']);
    expect(await fields(desk.patch(`/api/orders/${o.id}`, {}))).toEqual(['(body)']);
    expect(await fields(desk.patch(`/api/orders/${o.id}`, { totalMinor: -5 }))).toEqual(['totalMinor']);
    expect(await fields(desk.patch(`/api/orders/${o.id}`, { state: 'shot' }))).toEqual(['state']);
    expect(await fields(move(desk, o.id, 'paid'))).toEqual(['state']);
    expect(await fields(desk.post(`/api/orders/${o.id}/state`, {}))).toEqual(['state']);
    expect(await fields(pay(desk, o.id, { amountMinor: 100, method: 'bitcoin' }))).toEqual(['method']);
    expect(await fields(pay(desk, o.id, { amountMinor: 0, method: 'cash' }))).toEqual(['amountMinor']);
    expect(await fields(pay(desk, o.id, { amountMinor: 10.5, method: 'cash', note: 'n'.repeat(501), at: 'now' }))).toEqual(['amountMinor', 'at', 'note']);
    expect(await fields(desk.post(`/api/payments/1/reverse`, {}))).toEqual(['reason']);
    expect(await fields(desk.get('/api/orders/abc'))).toEqual(['id']);
    expect([rowCount('orders'), rowCount('payments'), rowCount('audit_log'), rowCount('order_numbers')]).toEqual(before);
    // The limits themselves are allowed.
    expect((await create({ title: 'x'.repeat(200), totalMinor: 1e13, note: 'y'.repeat(2000), staff: 's'.repeat(100) })).status).toBe(201);
    expect((await create({ title: 'Free sample', totalMinor: 0 })).status).toBe(201);
  });

  it('answers unknown ids with 404 and writes nothing', async () => {
    const before = [rowCount('orders'), rowCount('payments'), rowCount('order_numbers')];
    const notFound = async (p: Promise<{ status: number; error?: { code: string } | undefined }>) => {
      const r = await p;
      expect(r.status).toBe(404);
      expect(r.error?.code).toBe('not_found');
    };
    await notFound(desk.get('/api/customers/99999/orders'));
    await notFound(desk.post('/api/customers/99999/orders', { title: 'x', totalMinor: 1 }));
    await notFound(desk.get('/api/orders/99999'));
    await notFound(desk.patch('/api/orders/99999', { note: 'x' }));
    await notFound(move(desk, 99999, 'shot'));
    await notFound(desk.get('/api/orders/99999/payments'));
    await notFound(pay(desk, 99999, { amountMinor: 1, method: 'cash' }));
    await notFound(desk.post('/api/payments/99999/reverse', { reason: 'x' }));
    await notFound(desk.get('/api/customers/99999/payments'));
    expect([rowCount('orders'), rowCount('payments'), rowCount('order_numbers')]).toEqual(before);
  });
});
