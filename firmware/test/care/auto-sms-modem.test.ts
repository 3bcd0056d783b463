// Automatic messages end to end with a moved clock: the day before a shoot and a birthday
// blessing reach the simulated SIM800 (pty, serialport) with the customer's own text at the
// studio's hour, and a message due inside the quiet hours goes out only when they end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order } from '../../src/api-types.js';
import { DEFAULT_AUTO_RULES } from '../../src/care/care-settings.js';
import { decodePdu } from '../../src/modem/pdu/decode-pdu.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

/** 2026-12-dd hh:mm in Ho Chi Minh City (UTC+7). */
const hcm = (day: number, hour: number, minute = 0) => new Date(Date.UTC(2026, 11, day, hour - 7, minute));
let now = hcm(2, 17, 30);
let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let hoa: Customer;
let order: Order;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => now, config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, sms: { perMinute: 10_000 } } }));
  await admin.put('/api/settings', { studioName: 'Ánh Dương', language: 'vi', timeZone: 'Asia/Ho_Chi_Minh', currency: 'VND', country: 'VN' });
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
  const automatic = structuredClone(DEFAULT_AUTO_RULES);
  automatic.day_before_shoot = { enabled: true, templateId: null, hour: 18 };
  automatic.birthday_blessing = { enabled: true, templateId: null, hour: 22 };
  expect((await admin.put('/api/care/settings', { quietHours: { start: '21:00', end: '08:00' }, storePhone: '028 3822 0101', automatic })).status).toBe(200);
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', gender: 'female', birthday: '1995-12-02', phones: [{ number: '0901 234 567' }] })).data;
  order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Cưới', totalMinor: 5_000_000, serviceAt: hcm(3, 9, 30).toISOString() })).data;
}, 60_000);
afterAll(() => tb?.close());

/** What the modem sent, a long message's parts joined (by reference, in order). */
const texts = () => {
  const out: string[] = [];
  const long = new Map<number, { at: number; parts: string[] }>();
  for (const s of sim.sent) {
    const d = decodePdu(s.pdu);
    if (!d.ok || d.pdu.type !== 'submit') throw new Error(`the modem got a bad PDU: ${s.pdu}`);
    const c = d.pdu.userData.concat;
    const line = `${d.pdu.destination.number}: `;
    if (!c) {
      out.push(line + d.pdu.userData.text);
      continue;
    }
    let m = long.get(c.ref);
    if (!m) long.set(c.ref, (m = { at: out.push(line) - 1, parts: [] }));
    m.parts[c.seq - 1] = d.pdu.userData.text ?? '';
    out[m.at] = line + m.parts.join('');
  }
  return out;
};
const run = () => tb.box.ctx.care.auto.runDue();
/** Gives the sender a moment to look at the outbox (it is woken by every queued message). */
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('automatic messages through the modem', () => {
  it('the day before the shoot: nothing at 17:30, the personalised text at 18:00 studio time', async () => {
    expect(run().queued).toBe(0);
    await pause(1000);
    expect(texts()).toEqual([]);
    now = hcm(2, 18);
    expect(run().queued).toBe(1);
    await waitFor(() => texts()[0]?.endsWith('0101') === true, 'the day-before message sent (both parts)', 20_000);
    expect(texts()).toEqual(['+84901234567: Chị Trần Thị Hoa ơi, ngày mai lúc 09:30 là buổi chụp tại Ánh Dương. Nhớ nghỉ ngơi và đến đúng giờ nhé. ĐT 028 3822 0101']);
    expect(order.orderNo).not.toBe('');
  });

  it('the birthday blessing due at 22:00, inside the quiet hours: held through the night, sent at 08:00', async () => {
    now = hcm(2, 22);
    expect(run().queued).toBe(1);
    const held = tb.box.ctx.sms.outbox.list({ limit: 10 }).items.find((m) => m.purpose === 'birthday_blessing')!;
    expect(held).toMatchObject({ state: 'queued', nextAttemptAt: hcm(3, 8).toISOString() });
    await pause(1500);
    now = hcm(3, 7, 59);
    await pause(1500);
    expect(texts()).toHaveLength(1);
    now = hcm(3, 8);
    await waitFor(() => texts()[1]?.endsWith('phúc.') === true, 'the blessing sent after the quiet hours', 20_000);
    expect(texts()[1]).toBe('+84901234567: Chúc mừng sinh nhật chị Trần Thị Hoa! Ánh Dương chúc bạn luôn vui khỏe, hạnh phúc.');
    // Later runs that day send neither again.
    now = hcm(3, 9);
    expect(run().queued).toBe(0);
  });
});
