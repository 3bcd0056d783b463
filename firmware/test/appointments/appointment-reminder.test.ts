// The day-before reminder of a calendar appointment (O3 × S2), on a real box (HTTP, SQLite; the
// care outbox is what is checked) with a clock the test moves, the studio in Shanghai: off until
// turned on; at its hour for tomorrow's booked appointments only (not cancelled ones, not the day
// after), with the local time and the order number; once per appointment and start (a move to
// another day is told again); withheld for an opted-out customer; held by quiet hours.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentSettings, CareSettings, Customer, Order, SmsTemplate } from '../../src/api-types.js';
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
let order: Order;
let room: number;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => now }));
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa', gender: 'female', phones: [{ number: '138 1234 5678' }] })).data;
  minh = (await admin.post<Customer>('/api/customers', { name: 'Minh', gender: 'male', phones: [{ number: '139 1234 5678' }] })).data;
  order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 880000 })).data;
  const s = await admin.put<AppointmentSettings>('/api/appointments/settings', {
    workingHours: Array.from({ length: 7 }, () => ({ open: '08:00', close: '20:00' })), daysOff: [], rooms: [{ name: 'Studio A', active: true }],
  });
  room = s.data.rooms[0]!.id;
});
afterAll(() => tb?.close());

let settings: CareSettings;
beforeEach(async () => {
  settings = { quietHours: { start: '21:00', end: '08:00' }, storePhone: '021 5555 0101', automatic: structuredClone(DEFAULT_AUTO_RULES) };
  expect((await admin.put('/api/care/settings', settings)).status).toBe(200);
});
const turnOn = async (hour: number, templateId: number | null = null) => {
  settings.automatic.day_before_appointment = { enabled: true, templateId, hour };
  expect((await admin.put('/api/care/settings', settings)).status).toBe(200);
};
const sent = () => tb.box.ctx.sms.outbox.list({ limit: 200 }).items.filter((m) => m.purpose === 'day_before_appointment');
const auto = () => tb.box.ctx.care.auto;
const book = async (c: Customer, start: Date, minutes: number, extra: Record<string, unknown> = {}) => {
  const r = await admin.post<Appointment>('/api/appointments', {
    kind: 'selection', customerId: c.id, roomId: null, people: [], startsAt: start.toISOString(), endsAt: new Date(start.getTime() + minutes * 60_000).toISOString(), ...extra,
  });
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
};

describe('the day-before appointment reminder', () => {
  it('off by default; on: at its hour, tomorrow only, local time, once; a move to another day is told again', async () => {
    const tomorrow = await book(hoa, sh(3, 14), 60, { orderId: order.id, kind: 'shoot', roomId: room });
    await book(minh, sh(4, 10), 30); // the day after tomorrow
    const cancelled = await book(minh, sh(3, 16), 30);
    expect((await admin.post(`/api/appointments/${cancelled.id}/cancel`, {})).status).toBe(200);
    expect(auto().runDue(sh(2, 11))).toEqual({ queued: 0, considered: 0 });
    expect(sent()).toEqual([]);
    await turnOn(10);
    expect(auto().runDue(sh(2, 9, 59))).toEqual({ queued: 0, considered: 0 });
    expect(auto().runDue(sh(2, 10))).toEqual({ queued: 1, considered: 1 });
    expect(sent().map((m) => [m.customer?.id, m.body, m.origin])).toEqual([
      [hoa.id, 'Dear Ms Hoa, your appointment at Ánh Dương Studio is tomorrow at 14:00. To change it call 021 5555 0101', 'automatic'],
    ]);
    expect(auto().runDue(sh(2, 15))).toEqual({ queued: 0, considered: 1 });
    expect(sent()).toHaveLength(1);
    // Moved to the day after: told again the day before the new day, not twice for the old.
    const body = { kind: 'shoot', customerId: hoa.id, orderId: order.id, roomId: room, people: [], startsAt: sh(4, 15).toISOString(), endsAt: sh(4, 16).toISOString() };
    expect((await admin.put(`/api/appointments/${tomorrow.id}`, body)).status).toBe(200);
    expect(auto().runDue(sh(3, 10)).queued).toBe(2); // Hoa's moved shoot and Minh's on the 4th
    expect(sent()).toHaveLength(3);
  });

  it('a template of the studio\'s with the order number', async () => {
    const t = (await admin.post<SmsTemplate>('/api/care/templates', { name: 'Appt', purpose: 'day_before_appointment', language: 'en', body: 'Order {order_no}: {date} {time}, {name}' })).data;
    await turnOn(10, t.id);
    await book(hoa, sh(6, 9, 30), 60, { orderId: order.id });
    expect(auto().runDue(sh(5, 10)).queued).toBe(1);
    expect(sent()[0]!.body).toBe(`Order ${order.orderNo}: 6 Dec 09:30, Hoa`);
    // The studio's own template is in use for the purpose until it is deleted.
    expect((await admin.delete(`/api/care/templates/${t.id}`)).status).toBe(204);
  });

  it('an opted-out customer gets none (withheld, recorded); quiet hours hold it until 08:00', async () => {
    await turnOn(22);
    await book(minh, sh(8, 11), 30);
    await book(hoa, sh(8, 12), 30);
    tb.box.ctx.care.optOuts.set(minh.id, true, { id: 1, name: 'Boss' });
    expect(auto().runDue(sh(7, 22)).queued).toBe(1);
    const toMinh = sent().find((m) => m.customer?.id === minh.id && m.body.includes('tomorrow at 11:00'))!;
    const toHoa = sent().find((m) => m.customer?.id === hoa.id && m.body.includes('tomorrow at 12:00'))!;
    expect(toMinh.state).toBe('cancelled');
    expect(toMinh.error).toContain('opted out');
    expect(toHoa.nextAttemptAt).toBe(sh(8, 8).toISOString());
    tb.box.ctx.care.optOuts.set(minh.id, false, { id: 1, name: 'Boss' });
  });
});
