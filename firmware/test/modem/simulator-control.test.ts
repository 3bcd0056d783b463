// The Simulator panel's API (admins): a caller rings and hangs up, an SMS arrives, delivery
// reports on and off — through the real daemon, the pty pair and the simulator; and replying
// to an SMS marks it read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallPage, Customer, InboxMessage, OutboxMessage, SimulatorState, SmsPage, User } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let staff: ApiClient;
let lan: Customer;

beforeAll(async () => {
  tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, sms: { perMinute: 10_000 } } });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  await waitFor(() => tb.box.modem!.isReady, 'modem ready', 20_000);
  lan = (await admin.post<Customer>('/api/customers', { name: '李兰', phones: [{ number: '138 1234 5678' }] })).data;
  const group = (await admin.post<{ id: number }>('/api/groups', { name: 'Desk', permissions: { sms: ['view', 'add'], customers: ['view'], calls: ['view'] } })).data;
  await admin.post<User>('/api/users', { username: 'desk', displayName: 'Desk', password: 'desk-password-1', groupIds: [group.id] });
  staff = new ApiClient(tb.url);
  await staff.post('/api/auth/login', { username: 'desk', password: 'desk-password-1' });
}, 60_000);
afterAll(() => tb?.close());

const outbox = async (id: number) => (await admin.get<OutboxMessage>(`/api/sms/outbox/${id}`)).data;
const untilState = (id: number, state: string) => waitFor(async () => ((await outbox(id)).state === state ? outbox(id) : null), `message ${id} ${state}`, 20_000);
const inbox = async () => (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox')).data.items;
const calls = async () => (await admin.get<CallPage>('/api/calls')).data.items;

describe('the Simulator panel API', () => {
  it('is for admins only', async () => {
    expect((await staff.get('/api/simulator')).status).toBe(403);
    expect((await staff.post('/api/simulator/sms', { from: '+8613812345678', text: 'x' })).status).toBe(403);
    expect((await new ApiClient(tb.url).get('/api/simulator')).status).toBe(401);
    const s = await admin.get<SimulatorState>('/api/simulator');
    expect(s.status).toBe(200);
    expect(s.data).toMatchObject({ running: true, detail: null, call: null });
  });

  it('an SMS arrives from a number, linked to its customer; bad input is refused', async () => {
    const r = await admin.post('/api/simulator/sms', { from: '+8613812345678', text: '你好，照片什么时候可以取？' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({ parts: 1 });
    const m = await waitFor(async () => (await inbox()).find((x) => x.body === '你好，照片什么时候可以取？'), 'the SMS in the inbox');
    expect(m).toMatchObject({ from: '+8613812345678', customer: { id: lan.id }, readAt: null });
    const bad = await admin.post('/api/simulator/sms', { from: 'not a number!', text: '' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['from', 'text']);
  });

  it('replying to an SMS marks it read; a reply to a message that is not there queues nothing', async () => {
    const m = (await inbox()).find((x) => x.body === '你好，照片什么时候可以取？')!;
    const before = (await admin.get<SmsPage<OutboxMessage>>('/api/sms/outbox')).data.items.length;
    const missing = await staff.post('/api/sms', { customerId: lan.id, text: '明天可以取', inReplyTo: 999_999 });
    expect(missing.status).toBe(400);
    expect(missing.error?.fields?.[0]?.path).toBe('inReplyTo');
    expect((await admin.get<SmsPage<OutboxMessage>>('/api/sms/outbox')).data.items.length).toBe(before);
    const reply = await staff.post<OutboxMessage>('/api/sms', { customerId: lan.id, text: '明天上午可以取', inReplyTo: m.id });
    expect(reply.status, JSON.stringify(reply.error)).toBe(201);
    const read = (await inbox()).find((x) => x.id === m.id)!;
    expect(read.readAt).not.toBeNull();
    expect(read.readBy?.name).toBe('Desk');
  });

  it('delivery reports on: a sent message becomes delivered; off: it stays sent', async () => {
    // The test box starts with them off (tests play their own reports).
    const off = await admin.put<SimulatorState>('/api/simulator/delivery-reports', { on: false });
    expect(off.data.deliveryReports).toBe(false);
    const a = (await admin.post<OutboxMessage>('/api/sms', { customerId: lan.id, text: 'A: reports off' })).data;
    await untilState(a.id, 'sent');
    const on = await admin.put<SimulatorState>('/api/simulator/delivery-reports', { on: true });
    expect(on.data.deliveryReports).toBe(true);
    const b = (await admin.post<OutboxMessage>('/api/sms', { customerId: lan.id, text: 'B: reports on' })).data;
    const delivered = await untilState(b.id, 'delivered');
    expect(delivered.deliveredAt).not.toBeNull();
    // A was sent before B under "off": no report came for it (they would come in order).
    expect((await outbox(a.id)).state).toBe('sent');
    expect((await admin.put('/api/simulator/delivery-reports', { on: 'yes' })).status).toBe(400);
  });

  it('a caller rings, is answered, hangs up: the call log has it answered, with the customer', async () => {
    const r = await admin.post<SimulatorState>('/api/simulator/ring', { number: '+8613812345678', answer: true });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.call).toMatchObject({ number: '+8613812345678', state: 'ringing' });
    expect((await admin.post('/api/simulator/ring', { number: '+8613900000000' })).status).toBe(409);
    await waitFor(async () => (await admin.get<SimulatorState>('/api/simulator')).data.call?.state === 'active', 'answered', 20_000);
    await waitFor(async () => (await calls())[0]?.state === 'answered', 'the box sees it answered', 20_000);
    const hung = await admin.post<SimulatorState>('/api/simulator/hang-up');
    expect(hung.data.call).toBeNull();
    const [call] = await waitFor(async () => ((await calls())[0]?.state === 'ended' ? calls() : null), 'call ended', 20_000);
    expect(call).toMatchObject({ e164: '+8613812345678', customer: { id: lan.id }, outcome: 'answered' });
    expect((await admin.post('/api/simulator/hang-up')).status).toBe(409);
  });

  it('a caller who hangs up after a few seconds unanswered is a missed call', async () => {
    const r = await admin.post('/api/simulator/ring', { number: '+8613912345678', hangUpAfterSeconds: 1 });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    const call = await waitFor(async () => (await calls()).find((c) => c.e164 === '+8613912345678' && c.state === 'ended'), 'missed call', 20_000);
    expect(call.outcome).toBe('missed');
    expect((await admin.get<SimulatorState>('/api/simulator')).data.call).toBeNull();
    expect((await admin.post('/api/simulator/ring', { number: 'abc' })).status).toBe(400);
  });
});

describe('a box without a simulated modem', () => {
  it('has no Simulator API', async () => {
    const plain = await startTestBox();
    try {
      const a = new ApiClient(plain.url);
      await a.post('/api/setup', SETUP);
      expect((await a.get('/api/simulator')).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
