// Automatic messages (S2) on a real box (HTTP, SQLite; no modem: the outbox is what is checked),
// with a clock the test moves: each kind off until turned on, then sent once with the customer's
// details; the scheduled ones at their hour in the studio's zone (Shanghai), for tomorrow's
// appointments and today's birthdays only, never twice.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AutoSmsKind, CareSettings, Customer, Order, OutboxMessage, SmsTemplate } from '../../src/api-types.js';
import { DEFAULT_AUTO_RULES } from '../../src/care/care-settings.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let now = new Date('2026-12-02T02:00:00Z'); // 10:00 in Shanghai, Wednesday 2 December
let tb: TestBox;
let admin: ApiClient;
let hoa: Customer;
let minh: Customer;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => now }));
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa', gender: 'female', birthday: '1990-12-03', phones: [{ number: '138 1234 5678' }] })).data;
  minh = (await admin.post<Customer>('/api/customers', { name: 'Minh', gender: 'male', birthday: '1988-02-29', phones: [{ number: '139 1234 5678' }] })).data;
});
afterAll(() => tb?.close());

let settings: CareSettings;
beforeEach(async () => {
  now = new Date('2026-12-02T02:00:00Z');
  settings = { quietHours: { start: '21:00', end: '08:00' }, storePhone: '021 5555 0101', automatic: structuredClone(DEFAULT_AUTO_RULES) };
  await save();
});
const save = async () => expect((await admin.put('/api/care/settings', settings)).status).toBe(200);
const turnOn = async (kind: AutoSmsKind, hour = 10, templateId: number | null = null) => {
  settings.automatic[kind] = { enabled: true, templateId, hour };
  await save();
};
const outbox = () => tb.box.ctx.sms.outbox.list({ limit: 200 }).items;
const byPurpose = (p: string) => outbox().filter((m) => m.purpose === p);
const auto = () => tb.box.ctx.care.auto;
/** 2026-12-dd hh:mm in Shanghai (UTC+8). */
const sh = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 8, minute));

describe('event messages', () => {
  it('order placed: nothing while off; once on, the order number, once per order', async () => {
    const o1 = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 880000 })).data;
    expect(byPurpose('order_placed')).toEqual([]);
    await turnOn('order_placed');
    const o2 = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Album', totalMinor: 50000 })).data;
    const sent = byPurpose('order_placed');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ origin: 'automatic', customer: { id: hoa.id }, state: 'queued', body: `Thank you for your order at Ánh Dương Studio, Ms Hoa. Order no. ${o2.orderNo}; we will confirm your shoot soon.` });
    // The same order told again (a repeated event): nothing new.
    expect(auto().orderPlaced({ id: o2.id, orderNo: o2.orderNo, customerId: hoa.id }).status).toBe('duplicate');
    expect(o1.id).not.toBe(o2.id);
  });

  it('payment taken: the amount still owed after it; a reversal sends nothing', async () => {
    await turnOn('payment_taken');
    const o = (await admin.post<Order>(`/api/customers/${minh.id}/orders`, { title: 'Portrait', totalMinor: 100000 })).data;
    const p = await admin.post<{ id: number }>(`/api/orders/${o.id}/payments`, { amountMinor: 30000, method: 'cash' });
    expect(p.status).toBe(201);
    expect(byPurpose('payment_taken').map((m) => m.body)).toEqual([`Ánh Dương Studio received your payment, Mr Minh. Order ${o.orderNo}: 700.00 CNY still to pay. Thank you!`]);
    // A receipt goes to an opted-out customer too (transactional).
    tb.box.ctx.care.optOuts.set(minh.id, true, { id: 1, name: 'Boss' });
    expect((await admin.post(`/api/orders/${o.id}/payments`, { amountMinor: 70000, method: 'card' })).status).toBe(201);
    const last = byPurpose('payment_taken')[0]!;
    expect(last).toMatchObject({ state: 'queued', nextAttemptAt: now.toISOString() });
    expect(last.body).toContain('Order ' + o.orderNo + ': 0.00 CNY still to pay');
    // A reversal of it: no message.
    const rev = await admin.post(`/api/payments/${p.data.id}/reverse`, { reason: 'entered twice' });
    expect(rev.status, JSON.stringify(rev.error)).toBe(201);
    expect(byPurpose('payment_taken')).toHaveLength(2);
    tb.box.ctx.care.optOuts.set(minh.id, false, { id: 1, name: 'Boss' });
  });

  it('stage changed: forward into shot, selected, history only, with the new due date', async () => {
    await turnOn('stage_changed');
    const c = (await admin.post<Customer>('/api/customers', { name: 'Lan', gender: 'female', phones: [{ number: '137 1234 5678' }], stage: 'ordered' })).data;
    const move = (direction: string, dueAt?: string) => admin.post(`/api/customers/${c.id}/stage/move`, { direction, ...(dueAt ? { dueAt } : {}) });
    expect((await move('next', '2026-12-05T06:00:00Z')).status).toBe(200); // → shot, selection on 5 Dec 14:00
    now = new Date(now.getTime() + 60_000);
    expect((await move('back')).status).toBe(200); // → ordered: no message
    now = new Date(now.getTime() + 60_000);
    expect((await move('next', '2026-12-06T06:00:00Z')).status).toBe(200); // → shot again: a new move, a new message
    const bodies = byPurpose('stage_changed').filter((m) => m.customer?.id === c.id).map((m) => m.body).reverse();
    expect(bodies).toEqual([
      'Dear Ms Lan, your order at Ánh Dương Studio moved to its next step, due 5 Dec. Tel 021 5555 0101',
      'Dear Ms Lan, your order at Ánh Dương Studio moved to its next step, due 6 Dec. Tel 021 5555 0101',
    ]);
  });

  it('missed call from a known customer: at most one answer per customer per studio day', () => {
    expect(auto().missedCall(hoa.id, sh(2, 9)).status).toBe('off');
    settings.automatic.missed_call = { enabled: true, templateId: null, hour: 10 };
    tb.box.ctx.care.settings.save(null, settings);
    expect(auto().missedCall(hoa.id, sh(2, 9)).status).toBe('queued');
    expect(auto().missedCall(hoa.id, sh(2, 23, 59)).status).toBe('duplicate');
    expect(auto().missedCall(minh.id, sh(2, 12)).status).toBe('queued');
    expect(auto().missedCall(hoa.id, sh(3, 0, 1)).status).toBe('queued'); // the next studio day
    expect(byPurpose('missed_call').map((m) => m.body)).toContain('Sorry we missed your call, Ms Hoa. We will call you back soon. Ánh Dương Studio');
  });
});

describe('scheduled messages', () => {
  it('day before a shoot: at the hour, for tomorrow\'s booked orders only, with date and time, once', async () => {
    const mk = async (c: Customer, serviceAt: string) => (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: 'Shoot', totalMinor: 1000, serviceAt })).data;
    const tomorrow = await mk(hoa, sh(3, 9, 30).toISOString());
    const lateTomorrow = await mk(minh, sh(3, 23, 45).toISOString());
    await mk(hoa, sh(4, 0, 15).toISOString()); // the day after tomorrow
    await mk(hoa, sh(2, 18).toISOString()); // today
    const cancelled = await mk(minh, sh(3, 11).toISOString());
    await admin.post(`/api/orders/${cancelled.id}/state`, { state: 'cancelled' });
    await turnOn('day_before_shoot', 18);
    expect(auto().runDue(sh(2, 17, 59))).toEqual({ queued: 0, considered: 0 });
    expect(auto().runDue(sh(2, 18))).toEqual({ queued: 2, considered: 2 });
    const sent = byPurpose('day_before_shoot');
    expect(sent.map((m) => m.body).sort()).toEqual([
      'Dear Mr Minh, your shoot at Ánh Dương Studio is tomorrow at 23:45. Please be on time. Tel 021 5555 0101',
      'Dear Ms Hoa, your shoot at Ánh Dương Studio is tomorrow at 09:30. Please be on time. Tel 021 5555 0101',
    ]);
    // Outside the quiet hours: due at once.
    expect(sent.every((m) => m.nextAttemptAt === now.toISOString())).toBe(true);
    // Every later run of the day: nothing new.
    expect(auto().runDue(sh(2, 19))).toEqual({ queued: 0, considered: 2 });
    expect(tomorrow.id).not.toBe(lateTomorrow.id);
  });

  it('at an hour inside the quiet hours: queued at the hour, sent from 08:00', async () => {
    await turnOn('day_before_selection', 22);
    const c = (await admin.post<Customer>('/api/customers', { name: 'Quiet', phones: [{ number: '136 1234 5678' }], stage: 'shot', stageDueAt: sh(3, 15).toISOString() })).data;
    expect(auto().runDue(sh(2, 22)).queued).toBe(1);
    const m = byPurpose('day_before_selection').find((x) => x.customer?.id === c.id)!;
    expect(m.nextAttemptAt).toBe(sh(3, 8).toISOString());
  });

  it('birthday blessing: today\'s birthdays at the hour (Feb 29 on Feb 28 in a common year), once a year', async () => {
    await turnOn('birthday_blessing', 9);
    expect(auto().runDue(sh(3, 8)).queued).toBe(0);
    expect(auto().runDue(sh(3, 9)).queued).toBe(1);
    expect(byPurpose('birthday_blessing').map((m) => m.body)).toEqual(['Happy birthday, Ms Hoa! Warm wishes from Ánh Dương Studio.']);
    expect(auto().runDue(sh(3, 20)).queued).toBe(0);
    // Minh, born 29 Feb 1988: on 28 Feb 2027.
    const feb28 = new Date(Date.UTC(2027, 1, 28, 9 - 8));
    expect(auto().runDue(feb28).queued).toBe(1);
    expect(byPurpose('birthday_blessing')[0]!.body).toContain('Mr Minh');
  });

  it('a template that needs what the subject lacks is not sent; a chosen template is used, and the default again once it is deleted', async () => {
    const t = (await admin.post<SmsTemplate>('/api/care/templates', { name: 'Pickup with order', purpose: 'day_before_pickup', language: 'en', body: 'Order {order_no} ready {date} {time}, {name}!' })).data;
    await turnOn('day_before_pickup', 10, t.id);
    const c = (await admin.post<Customer>('/api/customers', { name: 'Pick', phones: [{ number: '135 1234 5678' }], stage: 'selected', stageDueAt: sh(3, 16).toISOString() })).data;
    expect(auto().runDue(sh(2, 10))).toEqual({ queued: 0, considered: 1 });
    expect(byPurpose('day_before_pickup')).toEqual([]);
    await admin.patch(`/api/care/templates/${t.id}`, { body: 'Ready {date} {time}, {name}!' });
    expect(auto().runDue(sh(2, 11)).queued).toBe(1);
    expect(byPurpose('day_before_pickup').map((m: OutboxMessage) => [m.body, m.templateId])).toEqual([['Ready 3 Dec 16:00, Pick!', t.id]]);
    expect(c.id).toBeGreaterThan(0);
    expect((await admin.call('DELETE', `/api/care/templates/${t.id}`)).status).toBe(204);
    await admin.post<Customer>('/api/customers', { name: 'Later', gender: 'male', phones: [{ number: '134 1234 5678' }], stage: 'selected', stageDueAt: sh(3, 17).toISOString() });
    expect(auto().runDue(sh(2, 12)).queued).toBe(1);
    expect(byPurpose('day_before_pickup')[0]).toMatchObject({ templateId: null, body: 'Dear Mr Later, your album is ready to collect tomorrow at 17:00 at Ánh Dương Studio. Tel 021 5555 0101' });
  });
});
