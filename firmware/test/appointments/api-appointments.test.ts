// Appointments (O3) over real HTTP and SQLite, the studio in Shanghai: rooms, working hours and
// days off (admin), booking with people and a room, the clash warning (409 with the nearest
// free slots), booking an offered slot, a conscious override (reason kept, audited), moving,
// cancelling, the calendar by room and person, rights, and bad input refused whole (400 naming
// the field, nothing written).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Appointment, AppointmentCalendar, AppointmentCheck, AppointmentSettings, AuditPage, Customer, Order, User } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

const nowMs = Date.parse('2026-12-02T02:00:00Z'); // Wednesday 2 Dec, 10:00 in Shanghai
const clock = () => new Date(nowMs);
/** 2026-12-dd hh:mm Shanghai as UTC ISO. */
const sh = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 8, minute)).toISOString();

let tb: TestBox;
let admin: ApiClient;
let viewer: ApiClient;
let desk: ApiClient;
let photographer: User;
let makeup: User;
let customer: Customer;
let order: Order;
let settings: AppointmentSettings;
let studioA: number;
let studioB: number;

beforeAll(async () => {
  tb = await startTestBox({ clock });
  admin = new ApiClient(tb.url);
  expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
  viewer = (await userWith(admin, 'viewer', { workflow: ['view'] })).client;
  desk = (await userWith(admin, 'desk', { workflow: ['view', 'edit'] })).client;
  photographer = (await userWith(admin, 'photog', { workflow: ['view'] })).user;
  makeup = (await userWith(admin, 'makeup', { workflow: ['view'] })).user;
  customer = (await admin.post<Customer>('/api/customers', { name: 'Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  order = (await admin.post<Order>(`/api/customers/${customer.id}/orders`, { title: 'Wedding', totalMinor: 880000 })).data;
  const hours = Array.from({ length: 7 }, () => ({ open: '09:00', close: '18:00' }));
  const r = await admin.put<AppointmentSettings>('/api/appointments/settings', {
    workingHours: [...hours.slice(0, 6), null], daysOff: ['2026-12-05'], rooms: [{ name: 'Studio A', active: true }, { name: 'Studio B', active: true }],
  });
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  settings = r.data;
  [studioA, studioB] = settings.rooms.map((x) => x.id) as [number, number];
});
afterAll(() => tb?.close());

const shoot = (start: string, end: string, extra: Record<string, unknown> = {}) => ({
  kind: 'shoot', customerId: customer.id, orderId: order.id, roomId: studioA, startsAt: start, endsAt: end,
  people: [{ userId: photographer.id, post: 'photographer' }, { userId: makeup.id, post: 'makeup' }], ...extra,
});
const rowCount = () => (tb.box.ctx.db.prepare('SELECT COUNT(*) AS n FROM appointments').get() as { n: number }).n;

describe('settings', () => {
  it('rooms, hours (Sunday closed), days off; read with workflow:view, changed with settings:edit only', async () => {
    expect(settings.rooms.map((x) => x.name)).toEqual(['Studio A', 'Studio B']);
    expect(settings.workingHours[6]).toBeNull();
    expect((await viewer.get<AppointmentSettings>('/api/appointments/settings')).data.daysOff).toEqual(['2026-12-05']);
    expect((await desk.put('/api/appointments/settings', { ...settings })).status).toBe(403);
  });
  it('bad settings: 400 naming the field, nothing changed', async () => {
    const bad = await admin.put('/api/appointments/settings', { ...settings, workingHours: [{ open: '18:00', close: '09:00' }, ...settings.workingHours.slice(1)] });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields).toEqual([{ path: 'workingHours.0.close', message: 'must be after open' }]);
    const gone = await admin.put('/api/appointments/settings', { ...settings, rooms: settings.rooms.slice(0, 1) });
    expect(gone.status).toBe(400);
    expect(gone.error?.fields?.[0]?.path).toBe('rooms');
    expect((await admin.put('/api/appointments/settings', { ...settings, daysOff: ['2026-02-30'] })).error?.fields?.[0]?.path).toBe('daysOff.0');
    expect((await viewer.get<AppointmentSettings>('/api/appointments/settings')).data).toEqual(settings);
  });
});

describe('booking and clashes', () => {
  let first: Appointment;
  it('books a shoot with a room and people; set-up defaults from the kind', async () => {
    const r = await desk.post<Appointment>('/api/appointments', shoot(sh(3, 10), sh(3, 12)));
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    first = r.data;
    expect(first).toMatchObject({ kind: 'shoot', customer: { id: customer.id }, order: { id: order.id, orderNo: order.orderNo }, room: { id: studioA, name: 'Studio A' }, setupBefore: 15, setupAfter: 15, state: 'booked', overrideReason: null });
    expect(first.people.map((p) => p.post).sort()).toEqual(['makeup', 'photographer']);
  });

  it('the same room inside the clearing-up time: 409 with the warnings and the nearest free slots; nothing written', async () => {
    const before = rowCount();
    // 12:10–13:00 in Studio A: the shoot's clearing-up runs to 12:15, this one's set-up from 11:55.
    const r = await desk.post('/api/appointments', shoot(sh(3, 12, 10), sh(3, 13), { people: [] }));
    expect(r.status).toBe(409);
    expect(r.error?.code).toBe('appointment_clash');
    const clash = r.error!.clash!;
    expect(clash.warnings).toEqual([{ type: 'room', roomId: studioA, appointmentId: first.id }]);
    expect(clash.clashesWith.map((a) => a.id)).toEqual([first.id]);
    // Free again from 12:30 (its set-up from 12:15). Nothing before: 09:00–09:50 plus clearing-up
    // reaches 10:05, past the shoot's set-up from 09:45.
    expect(clash.slots[0]).toEqual({ startsAt: sh(3, 12, 30), endsAt: sh(3, 13, 20) });
    expect(rowCount()).toBe(before);
  });

  it('the same photographer in another room clashes too; another room and other people do not', async () => {
    const other = await desk.post<AppointmentCheck>('/api/appointments/check', shoot(sh(3, 11), sh(3, 12), { roomId: studioB, people: [{ userId: photographer.id, post: 'photographer' }] }));
    expect(other.data.warnings).toEqual([{ type: 'person', userId: photographer.id, appointmentId: first.id }]);
    const free = await viewer.post<AppointmentCheck>('/api/appointments/check', shoot(sh(3, 11), sh(3, 12), { roomId: studioB, people: [] }));
    expect(free.data).toEqual({ warnings: [], clashesWith: [], slots: [] });
  });

  it('picking an offered slot books it', async () => {
    const r = await desk.post<AppointmentCheck>('/api/appointments/check', shoot(sh(3, 11), sh(3, 12)));
    const slot = r.data.slots[0]!;
    const b = await desk.post<Appointment>('/api/appointments', shoot(slot.startsAt, slot.endsAt));
    expect(b.status, JSON.stringify(b.error)).toBe(201);
    expect(b.data.startsAt).toBe(slot.startsAt);
  });

  it('a day off, a closed Sunday, outside hours, the past: warnings too', async () => {
    const check = async (start: string, end: string) => (await desk.post<AppointmentCheck>('/api/appointments/check', shoot(start, end, { roomId: studioB, people: [] }))).data.warnings;
    expect(await check(sh(5, 10), sh(5, 11))).toEqual([{ type: 'day_off', date: '2026-12-05' }]);
    expect(await check(sh(6, 10), sh(6, 11))).toEqual([{ type: 'closed', date: '2026-12-06' }]);
    expect(await check(sh(4, 17, 30), sh(4, 18, 30))).toEqual([{ type: 'outside_hours', date: '2026-12-04' }]);
    expect(await check(sh(2, 9), sh(2, 9, 30))).toEqual([{ type: 'past' }]);
  });

  it('booked anyway with a reason: kept on the appointment and in the audit log', async () => {
    const r = await desk.post<Appointment>('/api/appointments', shoot(sh(5, 10), sh(5, 11), { roomId: studioB, people: [], overrideReason: 'the owner opens for this bride' }));
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data.overrideReason).toBe('the owner opens for this bride');
    const audit = await admin.get<AuditPage>('/api/audit?entity=appointment');
    const entry = audit.data.items.find((e) => e.entityId === r.data.id)!;
    expect(entry.summary).toContain('despite day_off (the owner opens for this bride)');
  });

  it('moving (drag): the same fields at another time; it does not clash with itself; a move into a clash is 409', async () => {
    const moved = await desk.put<Appointment>(`/api/appointments/${first.id}`, shoot(sh(3, 10, 30), sh(3, 12, 30)));
    // 12:30 is where the offered slot was booked: its set-up from 12:15 meets this one's clearing-up to 12:45.
    expect(moved.status).toBe(409);
    const ok = await desk.put<Appointment>(`/api/appointments/${first.id}`, shoot(sh(3, 9, 30), sh(3, 11, 30)));
    expect(ok.status, JSON.stringify(ok.error)).toBe(200);
    expect(ok.data.startsAt).toBe(sh(3, 9, 30));
    const audit = await admin.get<AuditPage>('/api/audit?entity=appointment');
    expect(audit.data.items.some((e) => e.entityId === first.id && e.action === 'move')).toBe(true);
  });

  it('the calendar by day range, room and person, in the studio zone', async () => {
    const day = (await viewer.get<AppointmentCalendar>('/api/appointments?from=2026-12-03&to=2026-12-03')).data;
    expect(day.timeZone).toBe(SETUP.timeZone);
    expect((await viewer.get<AppointmentCalendar>('/api/appointments')).data).toMatchObject({ today: '2026-12-02', from: '2026-12-02', to: '2026-12-02' });
    expect(day.items.length).toBe(2);
    expect(day.rooms.length).toBe(2);
    const roomB = (await viewer.get<AppointmentCalendar>(`/api/appointments?from=2026-12-01&to=2026-12-07&room=${studioB}`)).data;
    expect(roomB.items.map((a) => a.startsAt)).toEqual([sh(5, 10)]);
    const person = (await viewer.get<AppointmentCalendar>(`/api/appointments?from=2026-12-01&to=2026-12-07&person=${makeup.id}`)).data;
    expect(person.items.every((a) => a.people.some((p) => p.userId === makeup.id))).toBe(true);
    expect(person.items.length).toBe(2);
  });

  it('cancelling frees the slot', async () => {
    const c = await desk.post<Appointment>(`/api/appointments/${first.id}/cancel`, { reason: 'rain' });
    expect(c.data.state).toBe('cancelled');
    const check = await desk.post<AppointmentCheck>('/api/appointments/check', shoot(sh(3, 9, 30), sh(3, 11, 30), { people: [] }));
    expect(check.data.warnings).toEqual([]);
    expect((await desk.put(`/api/appointments/${first.id}`, shoot(sh(3, 9, 30), sh(3, 11, 30)))).error?.code).toBe('appointment_cancelled');
  });
});

describe('rights and bad input', () => {
  it('a viewer may look and check but not book, move or cancel', async () => {
    expect((await viewer.post('/api/appointments', shoot(sh(4, 10), sh(4, 11)))).status).toBe(403);
    expect((await viewer.put('/api/appointments/1', shoot(sh(4, 10), sh(4, 11)))).status).toBe(403);
    expect((await viewer.post('/api/appointments/1/cancel', {})).status).toBe(403);
    const outsider = (await userWith(admin, 'outsider', { orders: ['view'] })).client;
    expect((await outsider.get('/api/appointments?from=2026-12-01&to=2026-12-07')).status).toBe(403);
  });

  it('400s name the field and write nothing', async () => {
    const before = rowCount();
    const cases: [Record<string, unknown>, string][] = [
      [shoot(sh(4, 11), sh(4, 10)), 'endsAt'],
      [shoot('tomorrow', sh(4, 10)), 'startsAt'],
      [shoot(sh(4, 10), sh(4, 11), { kind: 'party' }), 'kind'],
      [shoot(sh(4, 10), sh(4, 11), { customerId: 99999 }), 'customerId'],
      [shoot(sh(4, 10), sh(4, 11), { roomId: 99999 }), 'roomId'],
      [shoot(sh(4, 10), sh(4, 11), { people: [{ userId: 99999, post: 'photographer' }] }), 'people.0.userId'],
      [shoot(sh(4, 10), sh(4, 11), { people: [{ userId: photographer.id, post: 'pilot' }] }), 'people.0.post'],
      [shoot(sh(4, 10), sh(4, 11), { setupBefore: 999 }), 'setupBefore'],
      [shoot(sh(4, 10), sh(4, 11), { colour: 'red' }), 'colour'],
      [shoot(sh(4, 10), sh(5, 10)), 'endsAt'],
    ];
    for (const [body, field] of cases) {
      const r = await desk.post('/api/appointments', body);
      expect(r.status, field).toBe(400);
      expect(r.error?.fields?.map((f) => f.path), field).toContain(field);
    }
    const other = (await admin.post<Customer>('/api/customers', { name: 'Lan', phones: [{ number: '139 1234 5678' }] })).data;
    const wrongOrder = await desk.post('/api/appointments', shoot(sh(4, 10), sh(4, 11), { customerId: other.id }));
    expect(wrongOrder.error?.fields).toEqual([{ path: 'orderId', message: `order ${order.id} is another customer's` }]);
    expect(rowCount()).toBe(before);
    expect((await viewer.get('/api/appointments?from=2026-12-01&to=2026-12-31')).status).toBe(200);
    expect((await viewer.get('/api/appointments?from=2026-12-01&to=2027-02-01')).error?.fields?.[0]?.path).toBe('to');
    expect((await viewer.get('/api/appointments?from=2026-12-09&to=2026-12-01')).error?.fields?.[0]?.path).toBe('to');
    expect((await viewer.get('/api/appointments?from=soon&to=2026-12-01')).error?.fields?.[0]?.path).toBe('from');
    expect((await viewer.get('/api/appointments/abc')).status).toBe(400);
    expect((await viewer.get('/api/appointments/99999')).status).toBe(404);
  });
});
