// Opt-out through the real serial path: a customer replies STOP to the studio's SIM (the
// simulated SIM800 on a pty), the box stores it, and the customer is opted out of marketing
// SMS: shown on their page, reversible by staff (audited); a receipt still goes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CareSettings, Customer, OutboxMessage, SmsOptOutState } from '../../src/api-types.js';
import { decodePdu } from '../../src/modem/pdu/decode-pdu.js';
import { encodeDeliver } from '../../src/modem/pdu/encode-deliver.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let hoa: Customer;
let hoaHusband: Customer;
let lan: Customer;
const TS = { year: 2026, month: 12, day: 2, hour: 10, minute: 0, second: 0, offsetMinutes: 480 };

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, sms: { perMinute: 10_000 } } }));
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
  // No quiet hours, so the test does not depend on when it runs.
  expect((await admin.put('/api/care/settings', { quietHours: { start: '00:00', end: '00:00' }, storePhone: '021 5555 0101' })).status).toBe(200);
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  // The same family phone on a second card: a reply from it speaks for both.
  hoaHusband = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Văn Minh', phones: [{ number: '13812345678' }], allowDuplicatePhone: true })).data;
  lan = (await admin.post<Customer>('/api/customers', { name: '王兰', phones: [{ number: '139 8765 4321' }] })).data;
}, 60_000);
afterAll(() => tb?.close());

const reply = (from: string, text: string) => {
  for (const p of encodeDeliver({ from, text, timestamp: TS }).parts) sim.injectSms(p.hex);
};
const optOut = async (id: number) => (await admin.get<SmsOptOutState>(`/api/customers/${id}/sms-opt-out`)).data.optOut;

describe('a STOP reply', () => {
  it('opts out every customer with that number, with the reply named; a question containing "stop" does not', async () => {
    expect(await optOut(hoa.id)).toBeNull();
    reply('+8613987654321', 'Can you stop by the shop at 5?');
    reply('+8613812345678', ' ＳＴＯＰ ');
    const o = await waitFor(async () => optOut(hoa.id), 'Hoa opted out');
    expect(o).toMatchObject({ customerId: hoa.id, via: 'sms', by: null });
    const inbox = (await admin.get<{ items: { id: number; body: string }[] }>(`/api/sms/inbox`)).data.items;
    expect(inbox.map((m) => m.body)).toContain(" ＳＴＯＰ ");
    expect(o!.inboxId).toBe(inbox.find((m) => m.body.includes("ＳＴＯＰ"))!.id);
    expect(await optOut(hoaHusband.id)).toMatchObject({ via: 'sms' });
    await waitFor(async () => (await admin.get<{ items: unknown[] }>(`/api/sms/inbox?customerId=${lan.id}`)).data.items.length === 1, 'Lan’s question stored');
    expect(await optOut(lan.id)).toBeNull();
  });

  it('holds back reminders and marketing, while a transactional message still reaches the modem', async () => {
    const before = sim.sent.length;
    const care = tb.box.ctx.care.sms;
    const birthday = care.queue({ key: `reminder:birthday:${hoa.id}:2026-12-02`, origin: 'reminder', purpose: 'birthday', customerId: hoa.id, transactional: false, text: 'Happy birthday, Hoa!' });
    expect(birthday).toMatchObject({ status: 'opted-out', message: { state: 'cancelled' } });
    const receipt = care.queue({ key: `automatic:payment-taken:1`, origin: 'automatic', purpose: 'payment-taken', customerId: hoa.id, transactional: true, text: 'We received 500.00. Still owed: 0.00' });
    expect(receipt.status).toBe('queued');
    const id = receipt.status === 'queued' ? receipt.message.id : 0;
    await waitFor(async () => (await admin.get<OutboxMessage>(`/api/sms/outbox/${id}`)).data.state === 'sent', 'receipt sent');
    const texts = sim.sent.slice(before).map((s) => {
      const d = decodePdu(s.pdu);
      return d.ok && d.pdu.type === 'submit' ? d.pdu.userData.text : null;
    });
    expect(texts).toEqual(['We received 500.00. Still owed: 0.00']);
  });

  it('is reversed by staff with customers:edit (audited); others are refused; bad input is named', async () => {
    const viewer = (await userWith(admin, 'viewer', { customers: ['view'] })).client;
    expect((await viewer.get<SmsOptOutState>(`/api/customers/${hoa.id}/sms-opt-out`)).data.optOut).toMatchObject({ via: 'sms' });
    expect((await viewer.put(`/api/customers/${hoa.id}/sms-opt-out`, { optedOut: false })).status).toBe(403);
    expect((await admin.put(`/api/customers/${hoa.id}/sms-opt-out`, { optedOut: 'no' })).status).toBe(400);
    expect((await admin.put(`/api/customers/999999/sms-opt-out`, { optedOut: true })).status).toBe(404);
    expect((await admin.get(`/api/customers/999999/sms-opt-out`)).status).toBe(404);
    const r = await admin.put<SmsOptOutState>(`/api/customers/${hoa.id}/sms-opt-out`, { optedOut: false });
    expect(r.status).toBe(200);
    expect(r.data.optOut).toBeNull();
    const again = await admin.put<SmsOptOutState>(`/api/customers/${lan.id}/sms-opt-out`, { optedOut: true });
    expect(again.data.optOut).toMatchObject({ via: 'staff', by: { name: 'Boss' } });
    const audit = (await admin.get<{ items: { action: string; entityId: number; userName: string | null }[] }>(`/api/audit?entity=customer`)).data.items;
    expect(audit.filter((a) => a.entityId === hoa.id).map((a) => a.action)).toEqual(expect.arrayContaining(['opt-out', 'opt-in']));
  });
});

describe('care settings', () => {
  it('are read with settings:view, changed with settings:edit, and a bad time is named', async () => {
    const s = (await admin.get<CareSettings>('/api/care/settings')).data;
    expect(s).toMatchObject({ quietHours: { start: '00:00', end: '00:00' }, storePhone: '021 5555 0101', automatic: { order_placed: { enabled: false, templateId: null, hour: 10 }, birthday_blessing: { hour: 9 } } });
    const bad = await admin.put('/api/care/settings', { quietHours: { start: '25:00', end: '08:00' }, storePhone: '' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.[0]?.path).toBe('quietHours.start');
    const clerk = (await userWith(admin, 'clerk', { settings: ['view'] })).client;
    expect((await clerk.get('/api/care/settings')).status).toBe(200);
    expect((await clerk.put('/api/care/settings', s)).status).toBe(403);
  });
});
