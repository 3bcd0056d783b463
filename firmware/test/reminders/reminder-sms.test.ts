// Reminder SMS end to end, on a clock the test moves (Shanghai): a birthday reminder with SMS on
// reaches the simulated modem (pty, serialport) with the customer's name in the studio's
// template at the rule's local hour, not before; a shoot reminder says the shoot's local date
// and time; a second run queues nothing twice (the outbox's idempotency key); an
// opted-out customer gets none; a customer without a phone is tried again once they have one.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order } from '../../src/api-types.js';
import { decodePdu } from '../../src/modem/pdu/decode-pdu.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

// 00:30 UTC is 08:30 in Shanghai on Thursday 2026-12-03.
let nowMs = Date.parse('2026-12-03T00:30:00Z');
const clock = () => new Date(nowMs);

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let lan: Customer;

const sentTexts = (from: number) =>
  sim.sent.slice(from).map((s) => {
    const d = decodePdu(s.pdu);
    return d.ok && d.pdu.type === 'submit' ? `${d.pdu.destination.number} ${d.pdu.userData.text}` : '?';
  });
const outbox = () => tb.box.ctx.db.prepare(`SELECT customer_id, origin, purpose, idempotency_key, state, body FROM sms_outbox ORDER BY id`).all() as {
  customer_id: number; origin: string; purpose: string; idempotency_key: string; state: string; body: string;
}[];
const run = () => tb.box.ctx.reminders.run();

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({
    clock,
    config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, sms: { perMinute: 10_000 }, auth: { sessionIdleMinutes: 30 * 24 * 60, sessionMaxHours: 30 * 24 } },
  }));
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
  // Quiet hours off: the test is about the reminder's own hour.
  expect((await admin.put('/api/care/settings', { quietHours: { start: '00:00', end: '00:00' }, storePhone: '021 5555 0101' })).status).toBe(200);
  // Birthdays at 09:00 on the day, with SMS; shoots the day before at 10:00, with SMS.
  const rules = {
    birthday: { enabled: true, daysBefore: 0, hour: 9, repeatDaily: false, sms: true },
    shoot: { enabled: true, daysBefore: 1, hour: 10, repeatDaily: false, sms: true },
  };
  expect((await admin.put('/api/reminders/rules', rules)).status).toBe(200);
  lan = (await admin.post<Customer>('/api/customers', { name: 'Lan', gender: 'female', birthday: '1992-12-03', phones: [{ number: '138 1234 5678' }] })).data;
}, 60_000);
afterAll(() => tb?.close());

describe('reminder SMS', () => {
  it('the birthday SMS waits for 09:00 local, then reaches the modem personalised, once', async () => {
    const before = sim.sent.length;
    run(); // 08:30
    expect(outbox()).toEqual([]);
    nowMs = Date.parse('2026-12-03T01:00:00Z'); // 09:00 in Shanghai
    expect(run().sms).toBe(1);
    await waitFor(() => outbox()[0]?.state === 'sent', 'birthday SMS sent');
    // The studio's language is English (SETUP): the shipped English birthday template.
    expect(sentTexts(before)).toEqual(['+8613812345678 Happy birthday, Ms Lan! Best wishes from Ánh Dương Studio.']);
    expect(outbox()).toEqual([
      expect.objectContaining({ customer_id: lan.id, origin: 'reminder', purpose: 'birthday', idempotency_key: `reminder:birthday:${lan.id}:2026-12-03` }),
    ]);
    nowMs += 3600_000;
    expect(run().sms).toBe(0);
    // Even with the reminder's mark cleared (a crash between the queue and the mark), the key holds.
    tb.box.ctx.db.prepare('UPDATE reminders SET sms_queued_at = NULL').run();
    run();
    expect(outbox()).toHaveLength(1);
  });

  it("the day before a shoot at 10:00: the shoot's local date and time", async () => {
    const o = (await admin.post<Order>(`/api/customers/${lan.id}/orders`, { title: 'Family portrait', totalMinor: 100000, serviceAt: '2026-12-05T06:30:00Z' })).data;
    nowMs = Date.parse('2026-12-04T01:59:00Z'); // 09:59
    run();
    expect(outbox()).toHaveLength(1);
    nowMs = Date.parse('2026-12-04T02:00:00Z'); // 10:00
    const before = sim.sent.length;
    expect(run().sms).toBe(1);
    await waitFor(() => outbox()[1]?.state === 'sent', 'shoot SMS sent');
    // 06:30 UTC is 14:30 in Shanghai; the shipped English shoot template, in two parts (the
    // studio's name makes it Unicode).
    const parts = sentTexts(before);
    expect(parts).toHaveLength(2);
    expect(parts.map((p) => p.replace(/^\+8613812345678 /, '')).join('')).toBe('Dear Ms Lan, your shoot at Ánh Dương Studio is on 5 Dec at 14:30. To change it call 021 5555 0101.');
    expect(outbox()[1]).toMatchObject({ purpose: 'shoot', idempotency_key: `reminder:shoot:${o.id}:2026-12-05` });
  });

  it('an opted-out customer gets none; one without a phone is texted once a phone is added', async () => {
    const mai = (await admin.post<Customer>('/api/customers', { name: 'Mai', birthday: '1990-12-06', phones: [{ number: '139 8765 4321' }] })).data;
    expect((await admin.put(`/api/customers/${mai.id}/sms-opt-out`, { optedOut: true })).status).toBe(200);
    const hoa = (await admin.post<Customer>('/api/customers', { name: 'Hoa', birthday: '1990-12-06' })).data;
    nowMs = Date.parse('2026-12-06T01:00:00Z');
    expect(run().sms).toBe(0);
    const mine = () => outbox().filter((m) => m.customer_id === mai.id || m.customer_id === hoa.id);
    expect(mine()).toEqual([expect.objectContaining({ customer_id: mai.id, state: 'cancelled' })]);
    expect((await admin.patch(`/api/customers/${hoa.id}`, { phones: [{ number: '137 0000 1111' }] })).status).toBe(200);
    nowMs += 3600_000;
    expect(run().sms).toBe(1);
    expect(mine().map((m) => [m.customer_id, m.purpose])).toEqual([[mai.id, 'birthday'], [hoa.id, 'birthday']]);
    await waitFor(() => mine()[1]?.state === 'sent', 'Hoa texted');
    expect(mine()[1]!.body).toContain('Hoa');
  });
});
