// SMS end to end through the real serial path: HTTP API → outbox → ModemLink → serialport →
// pty (socat) → the SIM800 simulator, and back for received messages and delivery reports.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, InboxMessage, ModemStatus, OutboxMessage, SmsPage } from '../../../src/api-types.js';
import { decodePdu } from '../../../src/modem/pdu/decode-pdu.js';
import { encodeDeliver, encodeStatusReport } from '../../../src/modem/pdu/encode-deliver.js';
import type { SmsSubmit } from '../../../src/modem/pdu/pdu-types.js';
import type { ModemSimulator } from '../../../src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../../helpers/http-client.js';
import { startTestBox, type TestBox } from '../../helpers/test-box.js';
import { waitFor } from '../../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let hoa: Customer;

const TS = { year: 2026, month: 11, day: 23, hour: 9, minute: 30, second: 0, offsetMinutes: 480 };

beforeAll(async () => {
  tb = await startTestBox({
    config: {
      modem: { kind: 'simulator', simulatorSendDelayMs: 0 },
      sms: { perMinute: 10_000, retryBaseSeconds: 0.2, maxAttempts: 3, incompleteAfterMinutes: 0.01 },
    },
  });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
});
afterAll(() => tb?.close());

const outbox = async (id: number) => (await admin.get<OutboxMessage>(`/api/sms/outbox/${id}`)).data;
const untilState = (id: number, state: string, ms = 10_000) => waitFor(async () => ((await outbox(id)).state === state ? outbox(id) : null), `message ${id} ${state}`, ms);
const submitted = (i: number): SmsSubmit => {
  const r = decodePdu(sim.sent[i]!.pdu);
  if (!r.ok || r.pdu.type !== 'submit') throw new Error(`sent PDU ${i} is not a SUBMIT`);
  return r.pdu;
};

describe('modem', () => {
  it('reports model, IMEI, SIM, operator, registration, signal and SMS centre', async () => {
    const m = await waitFor(async () => {
      const s = (await admin.get<ModemStatus>('/api/modem')).data;
      return s.info ? s : null;
    }, 'modem info');
    expect(m).toMatchObject({ state: 'simulated', kind: 'simulator', link: { state: 'ready' } });
    expect(m.info).toMatchObject({ model: 'SIMCOM_SIM800L', imei: '867959030000001', sim: 'ready', operator: 'CHINA MOBILE', registration: 'home', csq: 20, signalDbm: -73, smsCentre: '+8613800100500' });
    const h = await admin.get('/api/health');
    expect(h.data.modem).toEqual({ state: 'simulated', kind: 'simulator', port: m.port, detail: expect.any(String) });
    // The init the box gives every connection: stored-message and status-report indications, caller ID.
    expect(sim.received).toEqual(expect.arrayContaining(['AT+CNMI=2,1,0,1,0', 'AT+CLIP=1', 'AT+CMGF=0']));
  });
});

describe('sending', () => {
  it('sends a GSM-7 message to the customer, asks for a delivery report, and marks it delivered', async () => {
    const before = sim.sent.length;
    const r = await admin.post<OutboxMessage>('/api/sms', { customerId: hoa.id, text: 'Hello Hoa, your photos are ready {€}' });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({ to: '+8613812345678', state: 'queued', partsTotal: 1, encoding: 'gsm7', customer: { id: hoa.id } });
    const sent = await untilState(r.data.id, 'sent');
    expect(sim.sent.length).toBe(before + 1);
    const pdu = submitted(before);
    expect(pdu.destination.number).toBe('+8613812345678');
    expect(pdu.userData.text).toBe('Hello Hoa, your photos are ready {€}');
    expect(pdu.statusReportRequest).toBe(true);
    expect(sent.parts[0]).toMatchObject({ state: 'sent', mr: sim.sent[before]!.mr });
    sim.deliveryReport(encodeStatusReport({ messageRef: sim.sent[before]!.mr, recipient: '+8613812345678', status: 0, timestamp: TS, dischargeTime: TS }));
    const delivered = await untilState(r.data.id, 'delivered');
    expect(delivered.parts[0]!.report).toMatch(/delivered|received/i);
    expect(delivered.deliveredAt).not.toBeNull();
  });

  it('sends a long Chinese message as UCS-2 parts with one reference, delivered when every part is', async () => {
    const before = sim.sent.length;
    const text = '您好，您的婚纱照已经修好了，请在本周六之前到店选片。'.repeat(4); // 104 chars → 2 parts of 67
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text });
    expect(r.data).toMatchObject({ encoding: 'ucs2', partsTotal: 2, customer: { id: hoa.id } });
    await untilState(r.data.id, 'sent');
    const [a, b] = [submitted(before), submitted(before + 1)];
    expect([a.userData.concat?.seq, b.userData.concat?.seq]).toEqual([1, 2]);
    expect(a.userData.concat?.ref).toBe(b.userData.concat?.ref);
    expect(a.userData.text! + b.userData.text!).toBe(text);
    // A report on one part is not enough.
    sim.deliveryReport(encodeStatusReport({ messageRef: sim.sent[before]!.mr, recipient: '+8613812345678', status: 0, timestamp: TS, dischargeTime: TS }));
    await waitFor(async () => (await outbox(r.data.id)).parts[0]!.state === 'delivered', 'part 1 delivered');
    expect((await outbox(r.data.id)).state).toBe('sent');
    sim.deliveryReport(encodeStatusReport({ messageRef: sim.sent[before + 1]!.mr, recipient: '+8613812345678', status: 0, timestamp: TS, dischargeTime: TS }), 'cdsi');
    await untilState(r.data.id, 'delivered');
    await waitFor(() => sim.store.used === 0, 'stored status report deleted from the SIM');
  });

  it('the next long message gets a different concatenation reference', async () => {
    const before = sim.sent.length;
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'x'.repeat(200) });
    await untilState(r.data.id, 'sent');
    const prev = submitted(before - 1).userData.concat!.ref;
    expect(submitted(before).userData.concat!.ref).not.toBe(prev);
  });

  it('retries an error that means "not sent", with back-off, then sends', async () => {
    sim.failNextSends(42, 2);
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'try again' });
    const sent = await untilState(r.data.id, 'sent');
    expect(sent.attempts).toBe(3);
    expect(sent.error).toBeNull();
  });

  it('fails at once on a permanent error, keeping the modem’s words; gives up after maxAttempts', async () => {
    sim.failNextSends(21);
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'rejected' });
    const failed = await untilState(r.data.id, 'failed');
    expect(failed.error).toBe('+CMS ERROR: 21');
    expect(failed.attempts).toBe(1);

    sim.failNextSends(38, 3);
    const r2 = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'network down' });
    const failed2 = await untilState(r2.data.id, 'failed');
    expect(failed2.error).toBe('+CMS ERROR: 38 (gave up after 3 attempts)');
    expect(failed2.attempts).toBe(3);
    // Staff send it again; now it goes.
    expect((await admin.post(`/api/sms/outbox/${r2.data.id}/resend`)).status).toBe(200);
    await untilState(r2.data.id, 'sent');
  });

  it('a failed delivery report fails the message with the reason', async () => {
    const before = sim.sent.length;
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'to a dead phone' });
    await untilState(r.data.id, 'sent');
    sim.deliveryReport(encodeStatusReport({ messageRef: sim.sent[before]!.mr, recipient: '+8613812345678', status: 0x46, timestamp: TS, dischargeTime: TS }));
    const failed = await untilState(r.data.id, 'failed');
    expect(failed.error).toMatch(/^not delivered: /);
  });

  it('a delivery report cut short (the module lost power mid-line) is dropped: not an inbox message, the part stays as it was', async () => {
    const undecodable = async () => (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox?limit=200')).data.items.filter((m) => m.decodeError !== null).length;
    const before = sim.sent.length;
    const kept = await undecodable();
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'report cut short' });
    await untilState(r.data.id, 'sent');
    const report = encodeStatusReport({ messageRef: sim.sent[before]!.mr, recipient: '+8613812345678', status: 0, timestamp: TS, dischargeTime: TS });
    sim.writeRaw(`\r\n+CDS: 26\r\n${report.slice(0, -6)}\r\n`);
    await new Promise((res) => setTimeout(res, 300));
    expect((await outbox(r.data.id)).state).toBe('sent');
    // The whole report, when it comes, still counts.
    sim.deliveryReport(report);
    await untilState(r.data.id, 'delivered');
    expect(await undecodable()).toBe(kept);
  });

  it('a long message whose first part is reported failed before the last part’s +CMGS answer ends failed, naming the part', async () => {
    const before = sim.sent.length;
    sim.sendDelayMs = 500;
    try {
      const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'z'.repeat(300) });
      expect(r.data.partsTotal).toBe(2);
      // Part 2 is with the modem, its answer still to come; part 1's report arrives first.
      await waitFor(() => sim.sent.length === before + 2, 'part 2 handed to the modem');
      sim.deliveryReport(encodeStatusReport({ messageRef: sim.sent[before]!.mr, recipient: '+8613812345678', status: 0x46, timestamp: TS, dischargeTime: TS }));
      const failed = await untilState(r.data.id, 'failed');
      expect(failed.error).toBe('part 1 of 2 not delivered: validity period expired');
      expect(failed.parts.map((p) => p.state)).toEqual(['failed', 'sent']);
      // Staff can send the part that did not arrive again; the other is not sent twice.
      sim.sendDelayMs = 0;
      await admin.post(`/api/sms/outbox/${r.data.id}/resend`);
      await untilState(r.data.id, 'sent');
      expect(sim.sent.length).toBe(before + 3);
    } finally {
      sim.sendDelayMs = 0;
    }
  });

  it('refuses bad input with a clear error per field', async () => {
    const r = await admin.post('/api/sms', { to: '12', text: '' });
    expect(r.status).toBe(400);
    expect(r.error?.fields?.map((f) => f.path).sort()).toEqual(['text', 'to']);
    const long = await admin.post('/api/sms', { to: '13812345678', text: '字'.repeat(700) });
    expect(long.error?.fields).toEqual([{ path: 'text', message: 'longer than 670 characters' }]);
    // An unknown customer is a field of the request that is wrong: 400 naming it (issue 11).
    const unknown = await admin.post('/api/sms', { customerId: 999999, text: 'x' });
    expect(unknown.status).toBe(400);
    expect(unknown.error?.fields).toEqual([{ path: 'customerId', message: 'no customer with this id' }]);
  });

  it('cancels a queued message; a sent one cannot be cancelled', async () => {
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'never mind' });
    await untilState(r.data.id, 'sent');
    expect((await admin.post(`/api/sms/outbox/${r.data.id}/cancel`)).status).toBe(409);
  });

  it('a modem that vanishes in the middle of AT+CMGS leaves the message unknown, never re-sent by itself', async () => {
    const handle = tb.box.modem!.simulator!;
    sim.sendDelayMs = 1500;
    const before = sim.sent.length;
    const r = await admin.post<OutboxMessage>('/api/sms', { to: '13812345678', text: 'in flight' });
    await untilState(r.data.id, 'sending');
    await new Promise((res) => setTimeout(res, 200));
    await handle.vanish();
    const unknown = await untilState(r.data.id, 'unknown');
    expect(unknown.error).toMatch(/may have|went away|no answer/);
    // The modem had taken the PDU (it went out) but its answer never came: exactly the case
    // in which the box must not guess.
    expect(sim.sent.length).toBe(before + 1);
    sim.sendDelayMs = 0;
    await handle.reappear();
    await waitFor(() => tb.box.modem!.isReady, 'modem back', 15_000);
    await new Promise((res) => setTimeout(res, 300));
    expect((await outbox(r.data.id)).state).toBe('unknown');
    expect(sim.sent.length).toBe(before + 1);
    // Staff decide to send it again.
    await admin.post(`/api/sms/outbox/${r.data.id}/resend`);
    await untilState(r.data.id, 'sent');
    expect(sim.sent.length).toBe(before + 2);
  });
});

describe('receiving', () => {
  const inbox = async (q = '') => (await admin.get<SmsPage<InboxMessage>>(`/api/sms/inbox${q}`)).data.items;
  const nonEmpty = <T>(a: T[]): T[] | null => (a.length ? a : null);

  it('stores a reply linked to the customer, deletes it from the SIM, counts it unread', async () => {
    const [part] = encodeDeliver({ from: '+8613812345678', text: 'Cảm ơn! Thứ Bảy tôi đến.', timestamp: TS }).parts;
    sim.injectSms(part!.hex);
    const [m] = await waitFor(async () => nonEmpty((await inbox('?unread=1')).filter((x) => x.body.startsWith('Cảm ơn'))), 'reply in the inbox');
    expect(m).toMatchObject({ from: '+8613812345678', customer: { id: hoa.id, name: 'Trần Thị Hoa' }, complete: true, readAt: null, sentAt: '2026-11-23T01:30:00.000Z' });
    await waitFor(() => sim.store.used === 0, 'deleted from the SIM');
    expect((await admin.get('/api/sms/unread')).data.count).toBeGreaterThanOrEqual(1);
    const read = await admin.post<InboxMessage>(`/api/sms/inbox/${m!.id}/read`);
    expect(read.data.readBy?.name).toBe('Boss');
    expect((await inbox('?unread=1')).some((x) => x.id === m!.id)).toBe(false);
  });

  it('reassembles a long message whose parts arrive out of order', async () => {
    const text = 'Chào anh chị, em muốn đổi lịch chụp ảnh cưới sang Chủ nhật tuần sau được không ạ? Cảm ơn nhiều!'.repeat(2);
    const parts = encodeDeliver({ from: '0901234567', text, timestamp: TS, concatRef: 77 }).parts;
    expect(parts.length).toBeGreaterThan(2);
    for (const p of [...parts].reverse()) sim.injectSms(p.hex);
    const [m] = await waitFor(async () => nonEmpty((await inbox()).filter((x) => x.body === text)), 'reassembled message');
    expect(m).toMatchObject({ complete: true, partsTotal: parts.length, partsReceived: parts.length, customer: null });
  });

  it('shows a long message whose last part never comes, marked incomplete, and completes it if it does', async () => {
    const text = 'P'.repeat(400); // 3 parts
    const parts = encodeDeliver({ from: '+8613900000001', text, timestamp: TS, concatRef: 5 }).parts;
    sim.injectSms(parts[0]!.hex);
    sim.injectSms(parts[1]!.hex);
    const [m] = await waitFor(async () => nonEmpty((await inbox()).filter((x) => x.from === '+8613900000001')), 'incomplete message shown');
    expect(m).toMatchObject({ complete: false, partsReceived: 2, partsTotal: 3 });
    expect(m!.body.endsWith('[…]')).toBe(true);
    sim.injectSms(parts[2]!.hex);
    await waitFor(async () => (await inbox()).find((x) => x.id === m!.id && x.complete && x.body === text), 'completed');
  });

  it('sweeps the SIM at (re)connection, keeps undecodable PDUs raw, and ignores garbage lines', async () => {
    const handle = tb.box.modem!.simulator!;
    const [p] = encodeDeliver({ from: '+8613812345678', text: 'sent while the box was away', timestamp: TS }).parts;
    await handle.vanish();
    sim.injectSms(p!.hex, { notify: false });
    sim.injectSms('0791FFFF', { notify: false }); // truncated
    await handle.reappear();
    sim.writeRaw('\r\n\x00\xffgarbage +CMTI: nonsense\r\n+CM');
    await waitFor(async () => (await inbox()).find((x) => x.body === 'sent while the box was away'), 'swept message', 15_000);
    const bad = await waitFor(async () => (await inbox()).find((x) => x.decodeError !== null), 'undecodable kept');
    expect(bad.decodeError).toMatch(/truncated|short|length/i);
    await waitFor(() => sim.store.used === 0, 'SIM emptied');
  });

  it('reads the SIM again when the modem says `SMS Ready` after a reset', async () => {
    const [p] = encodeDeliver({ from: '+8613812345678', text: 'arrived during a modem reset', timestamp: TS }).parts;
    sim.injectSms(p!.hex, { notify: false });
    await new Promise((r) => setTimeout(r, 100));
    expect((await inbox()).some((x) => x.body === 'arrived during a modem reset')).toBe(false);
    sim.urc('SMS Ready');
    await waitFor(async () => (await inbox()).find((x) => x.body === 'arrived during a modem reset'), 'read after SMS Ready');
  });

  it('reading the same message twice (crash before AT+CMGD) stores it once', async () => {
    const [p] = encodeDeliver({ from: '+8613812345678', text: 'only once please', timestamp: TS }).parts;
    const sms = tb.box.ctx.sms;
    sim.injectSms(p!.hex);
    await waitFor(async () => (await inbox()).find((x) => x.body === 'only once please'), 'stored');
    // As if the box had died before deleting it: the same PDU is on the SIM again.
    sim.injectSms(p!.hex);
    await waitFor(() => sim.store.used === 0, 'deleted again');
    await sms.settled();
    expect((await inbox()).filter((x) => x.body === 'only once please')).toHaveLength(1);
  });
});
