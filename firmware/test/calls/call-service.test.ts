// Calls through the real serial path: the SIM800 simulator (and an analog voice modem
// simulator on a second pty) → serialport → AT channel → call service → call log, events and
// the HTTP API. Ring timeout shortened to 0.6 s so a call that just stops ringing ends fast.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActiveCall, CallEnded, CallPage, CallRecord, Customer, Health, MemberCard, MemberCardType, MissedCaller, Order, ServerEvent } from '../../src/api-types.js';
import { startSimulatedAnalogModem, type SimulatedAnalogModemHandle } from '../../src/modem/simulator/analog-simulator.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import { hex, mdmf } from '../callerid/cid-encoder.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let analog: SimulatedAnalogModemHandle;
let analogDir: string;
let hoa: Customer;
let li: Customer;
const seen: ServerEvent[] = [];

beforeAll(async () => {
  analogDir = mkdtempSync(join(tmpdir(), 'studio-box-analog-'));
  analog = await startSimulatedAnalogModem({ dir: analogDir });
  tb = await startTestBox({
    config: {
      modem: { kind: 'simulator', simulatorSendDelayMs: 0 },
      callerId: { localAreaCode: '010', ringTimeoutSeconds: 0.6, analog: { port: analog.devicePath } },
    },
  });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  sim = tb.box.modem!.simulator!.simulator;
  tb.box.ctx.events.subscribe((e) => seen.push(e));
  await waitFor(() => tb.box.modem!.isReady, 'GSM modem ready');
  // The analog modem took its set-up (AT+VCID=1) and none of the GSM one.
  await waitFor(() => analog.simulator.callerIdMode === 1, 'analog modem set to formatted caller ID');
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }], stage: 'ordered', stageDueAt: '2026-05-01T02:00:00.000Z' })).data;
  li = (await admin.post<Customer>('/api/customers', { name: '李伟', phones: [{ number: '010 6552 9988' }] })).data;
});

afterAll(async () => {
  await tb?.close();
  await analog?.stop();
  rmSync(analogDir, { recursive: true, force: true });
});

/** The next event of `type` published after `from` (an index into `seen`) that passes `match`. */
async function nextEvent<T>(type: string, from: number, match: (d: T) => boolean = () => true, ms = 5000): Promise<T> {
  const e = await waitFor(() => seen.slice(from).find((x) => x.type === type && match(x.data as T)), `event ${type}`, ms);
  return e.data as T;
}
/** Opens /api/events as this client; collects the types of the events it receives. */
async function eventStream(client: ApiClient): Promise<{ events: ServerEvent[]; types: string[]; close(): void }> {
  const ac = new AbortController();
  const res = await fetch(new URL('/api/events', tb.url), { headers: { cookie: client.sessionCookie! }, signal: ac.signal });
  const events: ServerEvent[] = [];
  const types: string[] = [];
  void (async () => {
    let buffer = '';
    const decoder = new TextDecoder();
    try {
      for await (const chunk of res.body!) {
        buffer += decoder.decode(chunk as Uint8Array, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const data = /^data: (.*)$/m.exec(buffer.slice(0, end))?.[1];
          buffer = buffer.slice(end + 2);
          if (data) {
            const e = JSON.parse(data) as ServerEvent;
            events.push(e);
            types.push(e.type);
          }
        }
      }
    } catch {
      // aborted
    }
  })();
  await waitFor(() => types.includes('hello'), 'stream open');
  return { events, types, close: () => ac.abort() };
}
const eventTypes = eventStream;
const call = async (id: number) => (await admin.get<CallPage>('/api/calls?limit=200')).data.items.find((c) => c.id === id)!;

describe('GSM line', () => {
  it('asks the modem to report call states', () => {
    expect(sim.received).toContain('AT+CLIP=1');
    expect(sim.received).toContain('AT+CLCC=1');
  });

  it('RING + CLIP from a customer: the card goes to every screen, the call is active; NO CARRIER: missed, logged, to call back', async () => {
    const from = seen.length;
    const ringing = sim.ring('+8613812345678', { times: 2, intervalMs: 400 });
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    expect(shown).toMatchObject({
      line: 'gsm',
      state: 'ringing',
      number: '+8613812345678',
      e164: '+8613812345678',
      display: '138 1234 5678',
      absence: null,
      answeredAt: null,
      alsoMatches: [],
      customer: {
        id: hoa.id,
        customerNo: hoa.customerNo,
        name: 'Trần Thị Hoa',
        stage: 'ordered',
        stageDueAt: '2026-05-01T02:00:00.000Z',
        lastOrder: null,
        unpaid: null,
        membership: null,
        lastContact: null,
      },
    });
    // A screen opened now finds it.
    expect((await admin.get<ActiveCall[]>('/api/calls/active')).data).toEqual([shown]);

    await ringing;
    const ended = await nextEvent<CallEnded>('call.ended', from);
    expect(ended).toMatchObject({ callId: shown.callId, line: 'gsm', outcome: 'missed', customerId: hoa.id });
    // One ringing event for the call, though +CLIP came with both rings.
    expect(seen.slice(from).filter((e) => e.type === 'call.ringing')).toHaveLength(1);
    expect((await admin.get<ActiveCall[]>('/api/calls/active')).data).toEqual([]);

    const row = await call(shown.callId);
    expect(row).toMatchObject({ line: 'gsm', state: 'ended', outcome: 'missed', number: '+8613812345678', display: '138 1234 5678', customer: { id: hoa.id, name: 'Trần Thị Hoa' }, calledBackAt: null });
    expect(row.startedAt).toBe(shown.startedAt);
    expect(Date.parse(row.endedAt!)).toBeGreaterThanOrEqual(Date.parse(row.startedAt));
    const missed = (await admin.get<MissedCaller[]>('/api/calls/missed')).data;
    expect(missed).toEqual([{ customer: { id: hoa.id, customerNo: hoa.customerNo, name: 'Trần Thị Hoa' }, call: row, count: 1 }]);
  });

  it('a withheld number says so, matches nobody, and is not in the call-back list', async () => {
    const from = seen.length;
    sim.urc('RING', '+CLIP: "",128,"",0,"",1');
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    expect(shown).toMatchObject({ number: null, e164: null, display: null, absence: 'private', customer: null });
    sim.urc('NO CARRIER');
    expect(await nextEvent<CallEnded>('call.ended', from)).toMatchObject({ callId: shown.callId, outcome: 'missed', customerId: null });
    expect(await call(shown.callId)).toMatchObject({ absence: 'private', number: null, outcome: 'missed', customer: null });
    expect((await admin.get<MissedCaller[]>('/api/calls/missed')).data.map((m) => m.customer.id)).toEqual([hoa.id]);
  });

  it('an unavailable number (CLI validity 2) says so', async () => {
    const from = seen.length;
    sim.urc('RING', '+CLIP: "",128,"",0,"",2');
    expect(await nextEvent<ActiveCall>('call.ringing', from)).toMatchObject({ number: null, absence: 'unavailable' });
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from);
  });

  it('an unknown number: no card, the number ready for "new customer"', async () => {
    const from = seen.length;
    sim.urc('RING', '+CLIP: "13900001111",129,"",0,"",0');
    expect(await nextEvent<ActiveCall>('call.ringing', from)).toMatchObject({ number: '13900001111', e164: '+8613900001111', display: '139 0000 1111', customer: null, alsoMatches: [] });
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from);
  });

  it('answered (+CLCC stat 0), then hung up: answered, not to call back', async () => {
    const from = seen.length;
    sim.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0', '+CLCC: 1,1,4,0,0,"+8613812345678",145');
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    sim.urc('+CLCC: 1,1,0,0,0,"+8613812345678",145');
    const answered = await nextEvent<ActiveCall>('call.answered', from);
    expect(answered).toMatchObject({ callId: shown.callId, state: 'answered', customer: { id: hoa.id } });
    expect((await admin.get<ActiveCall[]>('/api/calls/active')).data).toEqual([answered]);
    sim.urc('NO CARRIER', '+CLCC: 1,1,6,0,0,"+8613812345678",145');
    expect(await nextEvent<CallEnded>('call.ended', from)).toMatchObject({ callId: shown.callId, outcome: 'answered' });
    const row = await call(shown.callId);
    expect(row).toMatchObject({ state: 'ended', outcome: 'answered', answeredAt: answered.answeredAt });
    // Still only the first missed call of Hoa waits.
    expect((await admin.get<MissedCaller[]>('/api/calls/missed')).data.find((m) => m.customer.id === hoa.id)?.count).toBe(1);
  });

  it('the simulated SIM800 itself reports the states: picked up on the handset, then the caller hangs up', async () => {
    const from = seen.length;
    const ended = sim.ring('+8613812345678', { times: 5, intervalMs: 300 });
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    sim.answer();
    expect(await nextEvent<ActiveCall>('call.answered', from)).toMatchObject({ callId: shown.callId, state: 'answered' });
    sim.callerHangsUp();
    await ended;
    expect(await nextEvent<CallEnded>('call.ended', from)).toMatchObject({ callId: shown.callId, outcome: 'answered' });
  });

  it('rings that stop without NO CARRIER end as missed after the ring timeout', async () => {
    const from = seen.length;
    sim.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0');
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    const t0 = Date.now();
    const ended = await nextEvent<CallEnded>('call.ended', from);
    expect(ended).toMatchObject({ callId: shown.callId, outcome: 'missed' });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(400);
    // Dated when the timeout expired: the last RING + 0.6 s.
    expect(Date.parse(ended.endedAt) - Date.parse(shown.startedAt)).toBeGreaterThanOrEqual(600);
  });

  it('a couple sharing one number: the most recently changed first, the other listed', async () => {
    const husband = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Văn Nam', phones: [{ number: '13711112222' }] })).data;
    const wife = (await admin.post<Customer>('/api/customers', { name: 'Lê Thị Lan', phones: [{ number: '137 1111 2222' }], allowDuplicatePhone: true })).data;
    const from = seen.length;
    sim.urc('RING', '+CLIP: "13711112222",129,"",0,"",0');
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    expect(shown.customer?.id).toBe(wife.id);
    expect(shown.alsoMatches).toEqual([{ id: husband.id, customerNo: husband.customerNo, name: 'Nguyễn Văn Nam' }]);
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from);
  });
});

describe('call back', () => {
  it('missed calls of one customer are one entry; "called back" on the latest clears them all, with who and when', async () => {
    const from = seen.length;
    await sim.ring('+8613812345678', { times: 1, intervalMs: 50 });
    await nextEvent<CallEnded>('call.ended', from);
    const missed = (await admin.get<MissedCaller[]>('/api/calls/missed')).data;
    const entry = missed.find((m) => m.customer.id === hoa.id)!;
    // NO CARRIER, ring timeout, and this one.
    expect(entry.count).toBe(3);
    expect(missed[0]!.customer.id).toBe(hoa.id);

    const r = await admin.post<CallRecord>(`/api/calls/${entry.call.id}/called-back`);
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ id: entry.call.id, calledBackBy: { name: 'Boss' } });
    expect(r.data.calledBackAt).not.toBeNull();
    const ev = await nextEvent<{ callIds: number[]; customerId: number }>('call.calledBack', from);
    expect(ev.customerId).toBe(hoa.id);
    expect(ev.callIds).toHaveLength(3);
    expect(ev.callIds).toContain(entry.call.id);
    expect((await admin.get<MissedCaller[]>('/api/calls/missed')).data.find((m) => m.customer.id === hoa.id)).toBeUndefined();
    const missedOnly = (await admin.get<CallPage>(`/api/calls?outcome=missed&customerId=${hoa.id}`)).data.items;
    expect(missedOnly).toHaveLength(3);
    expect(missedOnly.every((c) => c.outcome === 'missed' && c.customer?.id === hoa.id)).toBe(true);
    expect(missedOnly.filter((c) => ev.callIds.includes(c.id)).every((c) => c.calledBackAt !== null)).toBe(true);
    expect((await admin.post(`/api/calls/999999/called-back`)).status).toBe(404);
  });

  it('the log pages newest first', async () => {
    const all = (await admin.get<CallPage>('/api/calls?limit=200')).data.items;
    expect(all.length).toBeGreaterThanOrEqual(8);
    const first = (await admin.get<CallPage>('/api/calls?limit=3')).data;
    expect(first.items.map((c) => c.id)).toEqual(all.slice(0, 3).map((c) => c.id));
    const second = (await admin.get<CallPage>(`/api/calls?limit=3&before=${first.nextBefore}`)).data;
    expect(second.items.map((c) => c.id)).toEqual(all.slice(3, 6).map((c) => c.id));
    expect((await admin.get('/api/calls?limit=0')).status).toBe(400);
    expect((await admin.get('/api/calls?outcome=lost')).status).toBe(400);
  });
});

describe('the caller\'s card', () => {
  it('shows the last order, what is owed and the member card; a payment or points taken while it rings update it on every screen', async () => {
    const thu = (await admin.post<Customer>('/api/customers', { name: 'Phạm Thu', phones: [{ number: '139 0000 1111' }] })).data;
    const old = (await admin.post<Order>(`/api/customers/${thu.id}/orders`, { title: 'Baby 100 days', totalMinor: 80_000 })).data;
    expect((await admin.post(`/api/orders/${old.id}/payments`, { amountMinor: 80_000, method: 'cash' })).status).toBe(201);
    const order = await admin.post<Order>(`/api/customers/${thu.id}/orders`, { title: 'Wedding package A', totalMinor: 500_000, serviceAt: '2026-06-01T09:00:00+08:00' });
    expect(order.status, JSON.stringify(order.error)).toBe(201);
    expect((await admin.post(`/api/orders/${order.data.id}/payments`, { amountMinor: 200_000, method: 'wechat' })).status).toBe(201);
    const gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
    const card = await admin.post<MemberCard>(`/api/customers/${thu.id}/member-cards`, { typeId: gold.id, cardNo: 'G-0001' });
    expect(card.status, JSON.stringify(card.error)).toBe(201);
    expect((await admin.post(`/api/member-cards/${card.data.id}/points`, { delta: 300, reason: 'opening gift' })).status).toBe(201);

    const from = seen.length;
    sim.urc('RING', '+CLIP: "13900001111",129,"",0,"",0');
    const shown = await nextEvent<ActiveCall>('call.ringing', from);
    expect(shown.customer).toMatchObject({
      id: thu.id,
      lastOrder: { id: order.data.id, orderNo: order.data.orderNo, title: 'Wedding package A', state: 'booked', at: '2026-06-01T01:00:00.000Z' },
      unpaid: { amountMinor: 300_000, currency: 'CNY' },
      membership: { cardNo: 'G-0001', cardType: 'Gold', points: 300 },
    });

    // The customer pays the rest while on the phone; the card follows.
    const paid = seen.length;
    expect((await admin.post(`/api/orders/${order.data.id}/payments`, { amountMinor: 300_000, method: 'card' })).status).toBe(201);
    const after = await nextEvent<ActiveCall>('call.ringing', paid, (c) => c.callId === shown.callId);
    expect(after.customer?.unpaid).toBeNull();
    const pts = seen.length;
    expect((await admin.post(`/api/member-cards/${card.data.id}/points`, { delta: -100, reason: 'gift: photo frame' })).status).toBe(201);
    expect((await nextEvent<ActiveCall>('call.ringing', pts, (c) => c.callId === shown.callId)).customer?.membership?.points).toBe(200);
    const moved = seen.length;
    expect((await admin.post(`/api/orders/${order.data.id}/state`, { state: 'shot' })).status).toBe(200);
    expect((await nextEvent<ActiveCall>('call.ringing', moved, (c) => c.callId === shown.callId)).customer?.lastOrder?.state).toBe('shot');
    expect((await admin.get<ActiveCall[]>('/api/calls/active')).data.find((c) => c.callId === shown.callId)?.customer).toMatchObject({
      unpaid: null,
      membership: { points: 200 },
      lastOrder: { state: 'shot' },
    });
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from);
  });
});

describe('rights', () => {
  it('calls need the calls rights: view to see, edit to mark called back', async () => {
    const viewer = (await admin.post('/api/groups', { name: 'Front desk', permissions: { calls: ['view'] } })).data;
    await admin.post('/api/users', { username: 'desk', displayName: 'Desk', password: 'desk password 1', groupIds: [viewer.id] });
    await admin.post('/api/users', { username: 'none', displayName: 'Nobody', password: 'none password 1' });
    const desk = new ApiClient(tb.url);
    await desk.post('/api/auth/login', { username: 'desk', password: 'desk password 1' });
    const nobody = new ApiClient(tb.url);
    await nobody.post('/api/auth/login', { username: 'none', password: 'none password 1' });

    for (const path of ['/api/calls', '/api/calls/missed', '/api/calls/active']) {
      expect((await desk.get(path)).status).toBe(200);
      expect((await nobody.get(path)).status).toBe(403);
      expect((await new ApiClient(tb.url).get(path)).status).toBe(401);
    }
    const some = (await admin.get<CallPage>('/api/calls?limit=1')).data.items[0]!;
    expect((await desk.post(`/api/calls/${some.id}/called-back`)).status).toBe(403);

    // The caller's card goes only to the streams of users who may see calls.
    const deskStream = await eventTypes(desk);
    const nobodyStream = await eventTypes(nobody);
    const from = seen.length;
    sim.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0');
    await nextEvent<ActiveCall>('call.ringing', from);
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from);
    await admin.post('/api/customers', { name: 'After the call' });
    // Both streams got the customer event that followed, so both were reading.
    await waitFor(() => deskStream.types.includes('customer.created') && nobodyStream.types.includes('customer.created'), 'customer.created on both streams');
    expect(deskStream.types).toEqual(expect.arrayContaining(['call.ringing', 'call.ended']));
    expect(nobodyStream.types.filter((t) => t.startsWith('call.'))).toEqual([]);
    deskStream.close();
    nobodyStream.close();

    // The card's last contact note is for contacts:view only, on the stream and in /calls/active.
    expect((await admin.post(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'wants the album in red' })).status).toBe(201);
    expect((await admin.post(`/api/customers/${hoa.id}/orders`, { title: 'Album', totalMinor: 1_000 })).status).toBe(201);
    const type = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Silver' })).data;
    expect((await admin.post(`/api/customers/${hoa.id}/member-cards`, { typeId: type.id, cardNo: 'H-0007' })).status).toBe(201);
    const deskStream2 = await eventStream(desk);
    const from2 = seen.length;
    sim.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0');
    await nextEvent<ActiveCall>('call.ringing', from2);
    const mine = (await admin.get<ActiveCall[]>('/api/calls/active')).data[0]!;
    expect(mine.customer?.lastContact?.note).toBe('wants the album in red');
    const theirs = (await desk.get<ActiveCall[]>('/api/calls/active')).data[0]!;
    expect(theirs.customer?.name).toBe(mine.customer?.name);
    expect(theirs.customer?.lastContact).toBeNull();
    const pushed = await waitFor(() => deskStream2.events.find((e) => e.type === 'call.ringing'), 'call.ringing on the desk stream');
    expect((pushed.data as ActiveCall).customer?.lastContact).toBeNull();
    // The same for the order (orders:view), what is owed (finance:view) and points (membership:view).
    expect(mine.customer).toMatchObject({ lastOrder: { title: 'Album' }, unpaid: { amountMinor: 1_000 }, membership: { cardNo: 'H-0007' } });
    for (const card of [theirs.customer, (pushed.data as ActiveCall).customer]) {
      expect(card).toMatchObject({ lastOrder: null, unpaid: null, membership: null });
    }
    deskStream2.close();
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from2);
  });
});

describe('analog line', () => {
  it('was set up without the GSM commands a voice modem refuses', () => {
    expect(analog.simulator.received).toContain('AT+VCID=1');
    expect(analog.simulator.received.some((l) => /CMGF|CMEE|CNMI/.test(l))).toBe(false);
  });

  it('is on the status page: listening on its port', async () => {
    const h = (await admin.get<Health>('/api/health')).data;
    expect(h.landline).toMatchObject({ state: 'ok', port: analog.devicePath, detail: null });
  });

  it('a local landline without its area code, with a name: the customer\'s card; rings that stop: unknown', async () => {
    const from = seen.length;
    const ringing = analog.simulator.call({ number: '65529988', name: 'LI WEI', dateTime: '03211405' }, { rings: 2, intervalMs: 300, cidDelayMs: 100 });
    const shown = await nextEvent<ActiveCall>('call.ringing', from, (c) => c.line === 'analog');
    expect(shown).toMatchObject({ line: 'analog', number: '65529988', e164: '+861065529988', callerName: 'LI WEI', customer: { id: li.id, name: '李伟' } });
    await ringing;
    const ended = await nextEvent<CallEnded>('call.ended', from, (c) => c.line === 'analog');
    // An analog modem cannot tell answered on the handset from given up.
    expect(ended).toMatchObject({ callId: shown.callId, outcome: 'unknown' });
    expect(await call(shown.callId)).toMatchObject({ line: 'analog', outcome: 'unknown', callerName: 'LI WEI', customer: { id: li.id } });
    expect((await admin.get<MissedCaller[]>('/api/calls/missed')).data.find((m) => m.customer.id === li.id)).toBeUndefined();
  });

  it('NMBR = P is a withheld number', async () => {
    const from = seen.length;
    void analog.simulator.call({ number: 'P' }, { rings: 1, intervalMs: 100, cidDelayMs: 20 });
    expect(await nextEvent<ActiveCall>('call.ringing', from, (c) => c.line === 'analog')).toMatchObject({ number: null, absence: 'private', customer: null });
    await nextEvent<CallEnded>('call.ended', from, (c) => c.line === 'analog');
  });

  it('a raw MDMF frame (AT+VCID=2) is decoded too', async () => {
    const from = seen.length;
    const frame = hex(mdmf([{ type: 0x01, value: '03211405' }, { type: 0x02, value: '13812345678' }, { type: 0x07, value: 'TRAN HOA' }]), '');
    analog.simulator.lines('RING', frame);
    const shown = await nextEvent<ActiveCall>('call.ringing', from, (c) => c.line === 'analog' && c.number !== null);
    expect(shown).toMatchObject({ number: '13812345678', callerName: 'TRAN HOA', customer: { id: hoa.id } });
    await nextEvent<CallEnded>('call.ended', from, (c) => c.line === 'analog');
  });

  it('both lines ringing at once: two popups', async () => {
    const from = seen.length;
    sim.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0');
    // Both keep ringing while the test looks (the ring timeout here is 0.6 s: one RING each
    // would let a loaded machine see a call already ended by it).
    const ringing = setInterval(() => sim.urc('RING'), 200);
    try {
      void analog.simulator.call({ number: '65529988' }, { rings: 30, intervalMs: 100, cidDelayMs: 10 });
      await nextEvent<ActiveCall>('call.ringing', from, (c) => c.line === 'gsm');
      await nextEvent<ActiveCall>('call.ringing', from, (c) => c.line === 'analog');
      const active = (await admin.get<ActiveCall[]>('/api/calls/active')).data;
      expect(active.map((c) => c.line).sort()).toEqual(['analog', 'gsm']);
    } finally {
      clearInterval(ringing);
    }
    sim.urc('NO CARRIER');
    await nextEvent<CallEnded>('call.ended', from, (c) => c.line === 'gsm');
    await nextEvent<CallEnded>('call.ended', from, (c) => c.line === 'analog');
  });
});

describe('restart', () => {
  it('a call left ringing by a crash is closed as unknown at the next start', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'studio-box-calls-restart-'));
    try {
      const first = await startTestBox({ dataDir, config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, callerId: { ringTimeoutSeconds: 60 } } });
      const c = new ApiClient(first.url);
      await c.post('/api/setup', SETUP);
      await waitFor(() => first.box.modem!.isReady, 'modem ready');
      const s = first.box.modem!.simulator!.simulator;
      s.urc('RING', '+CLIP: "+8613812345678",145,"",0,"",0');
      await waitFor(() => first.box.ctx.calls.active().length === 1, 'call ringing');
      const id = first.box.ctx.calls.active()[0]!.callId;
      await first.close();

      const second = await startTestBox({ dataDir });
      try {
        const c2 = new ApiClient(second.url);
        await c2.post('/api/auth/login', { username: 'admin', password: SETUP.admin.password });
        const row = (await c2.get<CallPage>('/api/calls')).data.items.find((x) => x.id === id);
        expect(row).toMatchObject({ state: 'ended', outcome: 'unknown' });
        expect((await c2.get('/api/calls/active')).data).toEqual([]);
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
