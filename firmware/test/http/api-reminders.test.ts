// Reminders (C4) over real HTTP, on a clock the test moves, in Shanghai (SETUP): customers'
// solar and lunar birthdays, a wedding and an order's shoot and sample viewing planned by a run;
// a second run adds nothing; today's list and the badge count; done, snooze and "called them"
// (a contact record) each audited; the kinds' settings move open reminders; rights; bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, ContactRecord, Customer, Order, Reminder, ReminderDays, ReminderRange, ReminderRules, RemindersToday } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

// 01:30 UTC is 09:30 in Shanghai on Tuesday 2026-03-10.
let nowMs = Date.parse('2026-03-10T01:30:00Z');
const clock = () => new Date(nowMs);

let tb: TestBox;
let admin: ApiClient;
let viewer: ApiClient;
let editor: ApiClient;
let caller: ApiClient;
const ids: Record<string, number> = {};

const ok = <T>(r: { status: number; data: T; error?: unknown }, status = 200): T => {
  expect(r.status, JSON.stringify(r.error)).toBe(status);
  return r.data;
};
const run = async () => ok(await admin.post<{ planned: number; added: number; removed: number }>('/api/reminders/run', {}));
const range = async (from: string, to: string) => ok(await viewer.get<ReminderRange>(`/api/reminders?from=${from}&to=${to}`)).items;
const today = async () => ok(await viewer.get<RemindersToday>('/api/reminders/today'));
const brief = (r: Reminder) => `${r.occurrenceDate} ${r.kind} ${r.customer.name} due ${r.dueAt}`;

beforeAll(async () => {
  // The test's clock walks days ahead: sessions must outlive it.
  tb = await startTestBox({ clock, config: { auth: { sessionIdleMinutes: 30 * 24 * 60, sessionMaxHours: 30 * 24 } } });
  admin = new ApiClient(tb.url);
  ok(await admin.post('/api/setup', SETUP), 201);
  viewer = (await userWith(admin, 'viewer', { reminders: ['view'] })).client;
  editor = (await userWith(admin, 'editor', { reminders: ['view', 'edit'] })).client;
  caller = (await userWith(admin, 'caller', { reminders: ['view', 'edit'], contacts: ['add'] })).client;
  const customer = async (key: string, body: Record<string, unknown>) => (ids[key] = ok(await admin.post<Customer>('/api/customers', body), 201).id);
  await customer('solar', { name: 'Lý Thu', birthday: '1990-03-11' });
  // 2026-03-19 is the 1st of the 2nd lunar month; born 1990-02-25, also 二月初一.
  await customer('lunar', { name: '王芳', birthday: '1990-02-25', birthdayLunar: true });
  await customer('wedding', { name: 'Anna Lee', weddingDate: '2026-04-05' });
  await customer('nothing', { name: 'No Dates' });
  const o = ok(await admin.post<Order>(`/api/customers/${ids.nothing}/orders`, { title: 'Family portrait', totalMinor: 100000, serviceAt: '2026-03-12T06:00:00Z', sampleAt: '2026-03-25T07:00:00Z' }), 201);
  ids.order = o.id;
  expect(o.sampleAt).toBe('2026-03-25T07:00:00.000Z');
});
afterAll(() => tb?.close());

describe('the run', () => {
  it('plans each kind from its source, N days before at the hour, in the studio zone; a second run adds nothing', async () => {
    const first = await run();
    expect(first.added).toBeGreaterThanOrEqual(6);
    expect((await range('2026-03-10', '2026-04-10')).map(brief)).toEqual([
      // birthday on the day at 09:00 (01:00 UTC)
      '2026-03-11 birthday Lý Thu due 2026-03-11T01:00:00.000Z',
      // shoot the day before at 10:00
      '2026-03-12 shoot No Dates due 2026-03-11T02:00:00.000Z',
      '2026-03-19 birthday 王芳 due 2026-03-19T01:00:00.000Z',
      '2026-03-25 sample_viewing No Dates due 2026-03-24T02:00:00.000Z',
      // the make-up the day before at 16:00, the wedding day at 09:00
      '2026-04-05 bridal_makeup Anna Lee due 2026-04-04T08:00:00.000Z',
      '2026-04-05 wedding_day Anna Lee due 2026-04-05T01:00:00.000Z',
    ]);
    const again = await run();
    expect(again).toMatchObject({ planned: first.planned, added: 0, removed: 0 });
    expect(await range('2026-03-10', '2026-04-10')).toHaveLength(6);
    const order = (await range('2026-03-12', '2026-03-12'))[0]!;
    expect(order).toMatchObject({ subjectType: 'order', subjectId: ids.order, orderNo: expect.any(String) as string, customer: { id: ids.nothing } });
  });

  it("the month view counts per day and kind; today's list holds only what is due by the day's end", async () => {
    const m = ok(await viewer.get<ReminderDays>('/api/reminders/days?from=2026-03-01&to=2026-04-11'));
    expect(m.days.map((d) => [d.date, d.total, d.open])).toEqual([
      ['2026-03-11', 1, 1],
      ['2026-03-12', 1, 1],
      ['2026-03-19', 1, 1],
      ['2026-03-25', 1, 1],
      ['2026-04-05', 2, 2],
    ]);
    expect(m.days.at(-1)!.byKind).toEqual({ bridal_makeup: 1, wedding_day: 1 });
    expect((await today()).count).toBe(0);
    nowMs = Date.parse('2026-03-11T02:30:00Z'); // Wednesday 10:30
    const t = await today();
    expect(t.today).toBe('2026-03-11');
    expect(t.items.map(brief)).toEqual(['2026-03-11 birthday Lý Thu due 2026-03-11T01:00:00.000Z', '2026-03-12 shoot No Dates due 2026-03-11T02:00:00.000Z']);
    expect(t.count).toBe(2);
    expect(ok(await viewer.get('/api/reminders/today/count'))).toEqual({ today: '2026-03-11', count: 2 });
  });
});

describe('actions', () => {
  it('done, snooze and "called them", one request each, audited; a one-time reminder lapses after its day', async () => {
    const [birthday, shoot] = (await today()).items;
    expect(ok(await editor.post<Reminder>(`/api/reminders/${birthday!.id}/done`, {}))).toMatchObject({ state: 'done', doneBy: { name: 'editor' } });
    expect((await today()).count).toBe(1);

    const snoozed = ok(await editor.post<Reminder>(`/api/reminders/${shoot!.id}/snooze`, { until: '2026-03-11T06:00:00Z' }));
    expect(snoozed).toMatchObject({ state: 'snoozed', snoozedUntil: '2026-03-11T06:00:00.000Z' });
    expect((await today()).count).toBe(0);
    nowMs = Date.parse('2026-03-11T06:00:00Z');
    expect((await today()).items.map((r) => r.id)).toEqual([shoot!.id]);

    expect((await editor.post(`/api/reminders/${shoot!.id}/called`, { note: 'x' })).status).toBe(403); // no contacts:add
    const called = ok(await caller.post<Reminder>(`/api/reminders/${shoot!.id}/called`, { note: 'Confirmed 14:00 tomorrow' }));
    expect(called.state).toBe('done');
    const contacts = ok(await admin.get<ContactRecord[]>(`/api/customers/${ids.nothing}/contacts`));
    expect(contacts.map((c) => [c.channel, c.note, c.createdBy?.name])).toEqual([['phone', 'Confirmed 14:00 tomorrow', 'caller']]);
    expect((await caller.post(`/api/reminders/${shoot!.id}/called`, {})).status).toBe(409);

    const reopened = ok(await editor.post<Reminder>(`/api/reminders/${birthday!.id}/reopen`, {}));
    expect(reopened).toMatchObject({ state: 'open', doneAt: null, doneBy: null });
    // The birthday was yesterday (03-11) by Thursday and does not repeat: off the list.
    nowMs = Date.parse('2026-03-12T02:00:00Z');
    expect((await today()).count).toBe(0);

    const audit = ok(await admin.get<AuditPage>('/api/audit?entity=reminder'));
    expect(audit.items.map((a) => a.action).reverse()).toEqual(['reminder_done', 'reminder_snooze', 'reminder_called', 'reminder_reopen']);
  });

  it('rights and bad input: a clear 4xx, nothing changed', async () => {
    const id = (await range('2026-03-19', '2026-03-19'))[0]!.id;
    expect((await viewer.post(`/api/reminders/${id}/done`, {})).status).toBe(403);
    expect((await viewer.post('/api/reminders/run', {})).status).toBe(403);
    expect((await editor.put('/api/reminders/rules', { birthday: { enabled: false, daysBefore: 0, hour: 9, repeatDaily: false, sms: false } })).status).toBe(403);
    const noRight = new ApiClient(tb.url);
    expect((await noRight.get('/api/reminders/today')).status).toBe(401);
    expect((await editor.post('/api/reminders/999999/done', {})).status).toBe(404);
    expect((await editor.post(`/api/reminders/${id}/snooze`, { until: '2026-03-01T00:00:00Z' })).status).toBe(400);
    expect((await editor.post(`/api/reminders/${id}/snooze`, { until: 'tomorrow' })).status).toBe(400);
    expect((await viewer.get('/api/reminders?from=2026-03-01&to=2026-05-01')).status).toBe(400);
    expect((await viewer.get('/api/reminders?from=2026-03-10&to=2026-03-01')).status).toBe(400);
    expect((await viewer.get('/api/reminders/days?from=2026-02-30&to=2026-03-01')).status).toBe(400);
    expect((await admin.put('/api/reminders/rules', { birthday: { enabled: true, daysBefore: 61, hour: 9, repeatDaily: false, sms: false } })).status).toBe(400);
    expect((await admin.put('/api/reminders/rules', { birthday: { enabled: true, daysBefore: 1, hour: 24, repeatDaily: false, sms: false } })).status).toBe(400);
    expect((await admin.put('/api/reminders/rules', { nonsense: {} })).status).toBe(400);
    expect((await range('2026-03-19', '2026-03-19'))[0]).toMatchObject({ id, state: 'open', dueAt: '2026-03-19T01:00:00.000Z' });
  });
});

describe('settings', () => {
  it('a new hour or days-before moves open reminders not yet due; a kind turned off loses them; audited', async () => {
    const rules = ok(await viewer.get<ReminderRules>('/api/reminders/rules'));
    expect(rules.birthday).toEqual({ kind: 'birthday', enabled: true, daysBefore: 0, hour: 9, repeatDaily: false, sms: false });
    const saved = ok(await admin.put<ReminderRules>('/api/reminders/rules', { birthday: { enabled: true, daysBefore: 2, hour: 15, repeatDaily: true, sms: false } }));
    expect(saved.birthday).toMatchObject({ daysBefore: 2, hour: 15, repeatDaily: true });
    expect((await range('2026-03-19', '2026-03-19')).map(brief)).toEqual(['2026-03-19 birthday 王芳 due 2026-03-17T07:00:00.000Z']);
    // The done / reopened birthday of 03-11 (already due) stays as it was.
    expect((await range('2026-03-11', '2026-03-11')).map(brief)).toEqual(['2026-03-11 birthday Lý Thu due 2026-03-11T01:00:00.000Z']);

    ok(await admin.put('/api/reminders/rules', { wedding_day: { enabled: false, daysBefore: 0, hour: 9, repeatDaily: false, sms: false } }));
    expect((await range('2026-04-05', '2026-04-05')).map((r) => r.kind)).toEqual(['bridal_makeup']);
    const audit = ok(await admin.get<AuditPage>('/api/audit?entity=settings'));
    expect(audit.items[0]!.summary).toBe('reminder settings changed (wedding_day)');
  });

  it("a changed date re-plans: the wedding moved, the make-up follows; a customer's lunar flag shows on their card", async () => {
    ok(await admin.patch(`/api/customers/${ids.wedding}`, { weddingDate: '2026-04-06' }));
    const r = await run();
    expect(r).toMatchObject({ added: 1, removed: 1 });
    expect((await range('2026-04-05', '2026-04-06')).map(brief)).toEqual(['2026-04-06 bridal_makeup Anna Lee due 2026-04-05T08:00:00.000Z']);
    expect(ok(await admin.get<Customer>(`/api/customers/${ids.lunar}`)).birthdayLunar).toBe(true);
    expect(ok(await admin.get<Customer>(`/api/customers/${ids.solar}`)).birthdayLunar).toBe(false);
  });
});
