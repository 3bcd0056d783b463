// The automatic "balance due" reminder (issue 18 item 3: arrears × S2), on a real box (HTTP,
// SQLite; the care outbox is what is checked) with a clock the test moves, the studio in
// Shanghai: off by default; on, at its hour, one SMS per order that still owes, with the order
// number and the amount; not again before the set interval (studio days), then again while it
// still owes; nothing once paid or cancelled; withheld for an opted-out customer; held by quiet
// hours; the arrears list shows the last reminder.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Arrears, CareSettings, Customer, Order } from '../../src/api-types.js';
import { DEFAULT_AUTO_RULES } from '../../src/care/care-settings.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

/** 2026-12-dd hh:mm in Shanghai (UTC+8). */
const sh = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 8, minute));
let now = sh(1, 9);
let tb: TestBox;
let admin: ApiClient;
let hoa: Customer;
let minh: Customer;
let owing: Order;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => now }));
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa', gender: 'female', phones: [{ number: '138 1234 5678' }] })).data;
  minh = (await admin.post<Customer>('/api/customers', { name: 'Minh', gender: 'male', phones: [{ number: '139 1234 5678' }] })).data;
  owing = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 880000 })).data;
  expect((await admin.post(`/api/orders/${owing.id}/payments`, { amountMinor: 80000, method: 'cash' })).status).toBe(201);
});
afterAll(() => tb?.close());

let settings: CareSettings;
beforeEach(async () => {
  settings = { quietHours: { start: '21:00', end: '08:00' }, storePhone: '021 5555 0101', balanceDueEveryDays: 3, automatic: structuredClone(DEFAULT_AUTO_RULES) };
  expect((await admin.put('/api/care/settings', settings)).status).toBe(200);
});
const turnOn = async (hour: number) => {
  settings.automatic.balance_due = { enabled: true, templateId: null, hour };
  expect((await admin.put('/api/care/settings', settings)).status).toBe(200);
};
const sent = () => tb.box.ctx.sms.outbox.list({ limit: 200 }).items.filter((m) => m.purpose === 'balance_due');
const auto = () => tb.box.ctx.care.auto;
/** The hourly run at `t` (the box's clock there meanwhile: the outbox dates its lines by it; back after, so the session stays fresh). */
const run = (t: Date) => {
  const was = now;
  now = t;
  try {
    return auto().runDue(t);
  } finally {
    now = was;
  }
};
const arrearsRow = async (orderId: number) => (await admin.get<Arrears>('/api/arrears')).data.rows.find((r) => r.orderId === orderId)!;

describe('the balance due reminder', () => {
  it('off by default; on: at its hour, the order and what it owes; not again within the interval; again after it', async () => {
    expect(run(sh(2, 11)).queued).toBe(0);
    expect(sent()).toEqual([]);
    expect((await arrearsRow(owing.id)).lastReminder).toBeNull();
    await turnOn(10);
    expect(run(sh(2, 9)).queued).toBe(0); // before its hour
    expect(run(sh(2, 10)).queued).toBe(1);
    expect(sent()).toHaveLength(1);
    expect(sent()[0]).toMatchObject({ origin: 'automatic', customer: { id: hoa.id }, state: 'queued' });
    expect(sent()[0]!.body).toBe(`Dear Ms Hoa, order ${owing.orderNo} at Ánh Dương Studio still has 8000.00 CNY to pay. Please drop by or call 021 5555 0101`);
    expect((await arrearsRow(owing.id)).lastReminder).toEqual({ at: sh(2, 10).toISOString(), state: 'queued' });
    // The same day again, and the next two days (interval 3 days): nothing.
    for (const t of [sh(2, 15), sh(3, 10), sh(4, 23)]) expect(run(t).queued, t.toISOString()).toBe(0);
    // Three studio days later: told again, and the arrears list shows the new one.
    expect(run(sh(5, 10)).queued).toBe(1);
    expect(sent()).toHaveLength(2);
    expect((await arrearsRow(owing.id)).lastReminder?.at).toBe(sh(5, 10).toISOString());
  });

  it('nothing for an order paid in full or cancelled', async () => {
    await turnOn(10);
    const paid = (await admin.post<Order>(`/api/customers/${minh.id}/orders`, { title: 'Portrait', totalMinor: 50000 })).data;
    const cancelled = (await admin.post<Order>(`/api/customers/${minh.id}/orders`, { title: 'Album', totalMinor: 30000 })).data;
    expect((await admin.post(`/api/orders/${paid.id}/payments`, { amountMinor: 50000, method: 'cash' })).status).toBe(201);
    expect((await admin.post(`/api/orders/${cancelled.id}/state`, { state: 'cancelled' })).status).toBeLessThan(300);
    run(sh(9, 10));
    expect(sent().filter((m) => m.customer?.id === minh.id)).toEqual([]);
    expect(sent().filter((m) => m.customer?.id === hoa.id)).toHaveLength(3);
  });

  it('an opted-out customer gets none (withheld, recorded, not retried every day); quiet hours hold it until 08:00', async () => {
    await turnOn(22);
    const minhOwes = (await admin.post<Order>(`/api/customers/${minh.id}/orders`, { title: 'Frames', totalMinor: 20000 })).data;
    tb.box.ctx.care.optOuts.set(minh.id, true, { id: 1, name: 'Boss' });
    expect(run(sh(13, 22)).queued).toBe(1);
    const toMinh = sent().find((m) => m.customer?.id === minh.id)!;
    expect(toMinh.state).toBe('cancelled');
    expect(toMinh.error).toContain('opted out');
    const toHoa = sent().filter((m) => m.customer?.id === hoa.id)[0]!;
    expect(toHoa.nextAttemptAt).toBe(sh(14, 8).toISOString());
    expect(run(sh(14, 22)).queued).toBe(0);
    expect(sent().filter((m) => m.customer?.id === minh.id)).toHaveLength(1);
    expect((await arrearsRow(minhOwes.id)).lastReminder).toMatchObject({ state: 'cancelled' });
    tb.box.ctx.care.optOuts.set(minh.id, false, { id: 1, name: 'Boss' });
  });

  it('refuses a bad interval with 400 naming balanceDueEveryDays', async () => {
    const r = await admin.put('/api/care/settings', { ...settings, balanceDueEveryDays: 0 });
    expect([r.status, r.error?.fields?.[0]?.path]).toEqual([400, 'balanceDueEveryDays']);
  });
});
