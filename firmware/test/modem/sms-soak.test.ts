// The soak (issue 13): the whole box against the simulated SIM800 with every habit of a real
// one on at random (seeded): output in 1–7-byte chunks, URCs inside responses and at the prompt,
// silence after Ctrl-Z longer than the box waits (answered in a burst), self-reboots, +CMS
// ERROR: 38, status reports failed / late / missing. It sends and receives while calls ring.
// Afterwards: every message is final or "unknown", nothing went out twice, no message counts
// as sent without its reference, every reply is stored once and gone from the SIM, and every
// ring is in the call log with its caller.
//
// Default (inside `npm test`): a short run. `npm run soak`: 200 messages out, 50 in.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallPage, InboxMessage, OutboxMessage, SmsPage } from '../../src/api-types.js';
import { decodePdu } from '../../src/modem/pdu/decode-pdu.js';
import { allHabits } from '../../src/modem/simulator/sim-habits.js';
import { deliverPdus } from '../../src/modem/simulator/sim-network.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

const FULL = process.env.SOAK === 'full';
const SENDS = FULL ? 200 : 36;
const RECEIVES = FULL ? 50 : 10;
const RINGS = FULL ? 20 : 4;
const SEED = Number(process.env.SOAK_SEED ?? 20261202);

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;

beforeAll(async () => {
  tb = await startTestBox({
    config: {
      modem: { kind: 'simulator', simulatorSendDelayMs: 20, simulatorDeliveryReports: true },
      // A send waits 1.5 s for its answer; the modem's silences last 2.5 s: longer than the box waits.
      sms: { perMinute: 100_000, retryBaseSeconds: 0.05, maxAttempts: 6, incompleteAfterMinutes: 0.02, sendTimeoutSeconds: 1.5, sweepSeconds: 2 },
      callerId: { ringTimeoutSeconds: 2 },
    },
  });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady && sim.settings.clcc, 'modem ready');
  sim.reportDelayMs = 100;
  sim.setHabits(allHabits(SEED, { silenceMs: 2_500, reportLateMs: 1_000, rebootOnSubmit: 0.015, silenceAfterSubmit: 0.02 }));
}, 60_000);

afterAll(() => tb?.close());

it(`sends ${SENDS} messages and receives ${RECEIVES} with every habit of a real modem on`, { timeout: FULL ? 900_000 : 120_000 }, async () => {
  const rand = seededRandom(SEED);
  const sent: { id: number; to: string; parts: number }[] = [];
  const replies: string[] = [];
  const ringers: string[] = [];
  const ringing: Promise<void>[] = [];
  // What really went out on the port: a ring whose +CLIP the module never sent (it lost power
  // with the line still in its output, or mid-line) is one the box cannot know.
  const clipsSent = new Set<string>();
  const offTap = sim.onOutputLine((line) => {
    const m = /^\+CLIP: "([^"]*)",\d+,"",0,"",0$/.exec(line);
    if (m) clipsSent.add(m[1]!);
  });
  const ring = async (): Promise<void> => {
    await waitFor(() => tb.box.modem!.isReady && sim.settings.clip, 'modem set up for a ring', 30_000);
    const number = `+86139000${String(ringers.length).padStart(5, '0')}`;
    ringers.push(number);
    await sim.ring(number, { times: 2, intervalMs: 300 });
  };
  // The network's side: parts wait while the SIM is full (the box slowed by a silence or a
  // restart), as a real SMS centre keeps them and tries again.
  const network: { pdu: string; notify: boolean }[] = [];
  const deliver = (): boolean => {
    while (network.length && sim.store.used < sim.store.capacity) {
      const next = network.shift()!;
      sim.injectSms(next.pdu, { notify: next.notify });
    }
    return network.length === 0;
  };
  const reply = (body: string, notify: boolean): void => {
    replies.push(body);
    network.push(...deliverPdus('+8613912345678', body, new Date(), replies.length % 256).map((pdu) => ({ pdu, notify })));
    deliver();
  };

  for (let i = 0; i < SENDS; i++) {
    // Every fifth is long (2–3 parts, some Chinese); each goes to its own number.
    const to = `+86138${String(i).padStart(8, '0')}`;
    const text = i % 5 === 0 ? (i % 10 === 0 ? `第${i}条：您的照片已经修好了，请到店选片。`.repeat(4) : `Message ${i}: `.padEnd(200, 'x')) : `Message ${i}: your photos are ready`;
    const r = await admin.post<OutboxMessage>('/api/sms', { to, text });
    expect(r.status).toBe(201);
    sent.push({ id: r.data.id, to, parts: r.data.partsTotal });
    if (replies.length < RECEIVES && rand() < RECEIVES / SENDS) {
      const k = replies.length;
      reply(k % 4 === 0 ? `Reply ${k}: `.padEnd(250, '.') : `Reply ${k}: thank you`, rand() < 0.8);
    }
    if (ringers.length < RINGS && rand() < RINGS / SENDS && sim.settings.clip) {
      const number = `+86139000${String(ringers.length).padStart(5, '0')}`;
      ringers.push(number);
      ringing.push(sim.ring(number, { times: 2, intervalMs: 300 }));
    }
    // Whatever the dice say, each habit happens at least once: a silence longer than the box
    // waits, and a restart in the middle of the traffic.
    if (i === Math.floor(SENDS / 3)) sim.silenceAfterNextSubmit(2_500);
    if (i === Math.floor((2 * SENDS) / 3)) sim.reboot();
    // A few at a time, as the front desk queues them.
    if (i % 4 === 3) await new Promise((res) => setTimeout(res, 40));
  }
  while (replies.length < RECEIVES) reply(`Reply ${replies.length}: late`, true);
  while (ringers.length < RINGS) await ring();
  await Promise.all(ringing);

  // Every message ends final or "unknown" (never stranded), late reports included.
  const outbox = async () => {
    const items: OutboxMessage[] = [];
    let before: number | null = null;
    do {
      const page: SmsPage<OutboxMessage> = (await admin.get<SmsPage<OutboxMessage>>(`/api/sms/outbox?limit=200${before ? `&before=${before}` : ''}`)).data;
      items.push(...page.items);
      before = page.nextBefore;
    } while (before);
    return items;
  };
  const final = await waitFor(
    async () => {
      const items = await outbox();
      return items.every((m) => ['sent', 'delivered', 'failed', 'unknown', 'cancelled'].includes(m.state)) ? items : null;
    },
    'every message final or unknown',
    FULL ? 600_000 : 90_000,
    250,
  );
  expect(final).toHaveLength(SENDS);
  const states: Record<string, number> = {};
  for (const m of final) states[m.state] = (states[m.state] ?? 0) + 1;

  // Nothing went out twice; what the box counts as sent has its reference and reached the modem.
  const times = new Map<string, number>();
  for (const s of sim.sent) {
    const d = decodePdu(s.pdu);
    if (!d.ok || d.pdu.type !== 'submit') throw new Error(`the modem got a bad PDU: ${s.pdu}`);
    const key = `${d.pdu.destination.number}#${d.pdu.userData.concat?.seq ?? 1}`;
    times.set(key, (times.get(key) ?? 0) + 1);
  }
  for (const [key, n] of times) expect(n, `${key} sent ${n} times`).toBe(1);
  for (const m of final) {
    for (const p of m.parts) {
      const n = times.get(`${m.to}#${p.seq}`) ?? 0;
      if (p.state === 'sent' || p.state === 'delivered') {
        expect(p.mr, `message ${m.id} part ${p.seq} ${p.state} without a reference`).not.toBeNull();
        expect(n, `message ${m.id} part ${p.seq} is ${p.state} but the modem never got it`).toBe(1);
      }
      if (p.state === 'pending') expect(n).toBe(0);
    }
    if (m.state === 'failed') expect(m.error).toBeTruthy();
  }

  // Every reply stored once, complete, and gone from the SIM.
  await waitFor(() => deliver() && sim.store.used === 0, 'the SIM emptied', 60_000, 200);
  const inbox = await waitFor(
    async () => {
      const items = (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox?limit=200')).data.items;
      return replies.every((b) => items.some((m) => m.body === b && m.complete)) ? items : null;
    },
    'every reply stored',
    30_000,
    200,
  ).catch(async (e: Error) => {
    const items = (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox?limit=200')).data.items;
    const missing = replies.filter((b) => !items.some((m) => m.body === b && m.complete)).map((b) => b.slice(0, 12));
    throw new Error(`${e.message}; missing ${JSON.stringify(missing)}; incomplete ${JSON.stringify(items.filter((m) => !m.complete).map((m) => [m.partsReceived, m.partsTotal, m.body.slice(0, 12)]))}`);
  });
  for (const body of replies) expect(inbox.filter((m) => m.body === body), body.slice(0, 12)).toHaveLength(1);
  // Nothing else in the inbox (a part stored as a message of its own, a stale answer read as a PDU).
  const shown = inbox.map((m) => [m.body.slice(0, 14), m.complete, m.partsReceived, m.partsTotal, m.decodeError]);
  expect(shown, JSON.stringify(shown)).toHaveLength(RECEIVES);

  // One more ring once the traffic is over (no send left to restart the module): the box,
  // set up again after every restart, must be told this caller.
  await ring();
  offTap();
  const last = ringers[ringers.length - 1]!;
  expect([...clipsSent], 'the last ring went out with its caller').toContain(last);

  // Every ring the module announced is in the call log with its caller. (A ring the module
  // lost with its power never reached the box; the simulator ends such a call without a word.)
  const heard = ringers.filter((n) => clipsSent.has(n));
  const calls = await waitFor(
    async () => {
      const items = (await admin.get<CallPage>('/api/calls?limit=200')).data.items;
      return heard.every((n) => items.some((c) => c.number === n && c.state === 'ended')) ? items : null;
    },
    'every ring logged with its caller',
    30_000,
    200,
  ).catch(async (e: Error) => {
    const items = (await admin.get<CallPage>('/api/calls?limit=200')).data.items;
    const missing = heard.filter((n) => !items.some((c) => c.number === n && c.state === 'ended'));
    throw new Error(`${e.message}; missing ${JSON.stringify(missing)}; log ${JSON.stringify(items.map((c) => [c.number, c.state, c.outcome]))}`);
  });
  // A ring that went on while the link was re-opened (a silence, a restart) may be two calls
  // in the log. A call without its caller is only one whose +CLIP the module lost with its
  // power (at most one call per restart), never a bare RING after a restart not set up again.
  for (const n of heard) expect(calls.filter((c) => c.number === n).length, n).toBeGreaterThanOrEqual(1);
  const withoutCaller = calls.filter((c) => c.line === 'gsm' && c.number === null);
  expect(withoutCaller.length, `calls without a caller: ${JSON.stringify(withoutCaller.map((c) => c.id))}`).toBeLessThanOrEqual(sim.restarts);

  const restarts = (await admin.get<{ restarts: { total: number } }>('/api/modem')).data.restarts.total;
  console.log(
    `soak (seed ${SEED}): ${SENDS} sent → ${JSON.stringify(states)}; ${sim.sent.length} PDUs to the modem; ${RECEIVES} received once each; ${heard.length} of ${ringers.length} rings reached the box, all logged; ` +
      `${sim.silences} silences, ${sim.restarts} modem restarts (${restarts} noticed)`,
  );
  // The habits did happen (else this proves little), and the box noticed every restart.
  expect(sim.silences).toBeGreaterThanOrEqual(1);
  expect(sim.restarts).toBeGreaterThanOrEqual(1);
  expect(restarts).toBeGreaterThanOrEqual(1);
  expect(sim.sent.length).toBeGreaterThan(SENDS / 2);
});
