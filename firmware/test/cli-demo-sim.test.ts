// What a newcomer does with the built box: `npm start -- --demo`, the setup wizard, then the
// simulated phone rings and an SMS arrives from `studio-box sim …` in a second shell.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CallPage, CustomerPage, InboxMessage, OutboxMessage, SmsPage } from '../src/api-types.js';
import { ensureBuilt, processesMentioning, runIn, serve, type Daemon } from './helpers/cli-daemon.js';
import { ApiClient, SETUP } from './helpers/http-client.js';
import { waitFor } from './helpers/wait-for.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-demo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => ensureBuilt(), 120_000);

describe('npm start -- --demo, then studio-box sim', () => {
  const cwd = mkdtempSync(join(scratch, 'box-'));
  let d: Daemon;
  let url: string;
  let admin: ApiClient;
  afterAll(async () => {
    if (d && d.child.exitCode === null) await d.stop();
  });

  it('a fresh box waits for the wizard, then fills itself in its language and country', async () => {
    // Before anything runs here: no box to talk to, an empty inbox says so.
    expect(runIn(cwd, ['sim', 'status']).stderr).toMatch(/no running box on the data folder/);
    d = serve(cwd, ['--demo']);
    url = (await d.waitOut(/Open (http:\/\/\S+\/)/))[1]!;
    expect(d.out()).toMatch(/Demo: finish the setup wizard/);
    expect(d.out()).toMatch(/studio-box sim ring/);
    const inbox = runIn(cwd, ['sms', 'list', '--inbox']);
    expect(inbox.status, inbox.stderr).toBe(0);
    expect(inbox.stdout).toBe('No messages.\n');
    admin = new ApiClient(url);
    await waitFor(async () => ((await (await fetch(new URL('/api/health', url))).json()) as { data: { modem: { state: string } } }).data.modem.state === 'simulated', 'modem up', 20_000);
    expect((await admin.post('/api/setup', { ...SETUP, language: 'zh-CN', country: 'CN', currency: 'CNY' })).status).toBe(201);
    await d.waitOut(/Demo: (\d+) customers/, 60_000);
    const customers = (await admin.get<CustomerPage>('/api/customers?limit=100')).data;
    expect(customers.items.length).toBeGreaterThanOrEqual(30);
    for (const c of customers.items) expect(c.name).toMatch(/^[\u4e00-\u9fff]{2,4}$/);
    // The SMS thread went the real way: in, answered (so read), delivered, and a last one unread.
    const inboxItems = await waitFor(async () => {
      const items = (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox')).data.items;
      return items.length === 2 ? items : null;
    }, 'two messages in', 30_000);
    expect(inboxItems.map((m) => m.readAt === null)).toEqual([true, false]);
    expect(inboxItems[0]!.customer).not.toBeNull();
    const out = await waitFor(async () => {
      const items = (await admin.get<SmsPage<OutboxMessage>>('/api/sms/outbox')).data.items;
      return items[0]?.state === 'delivered' ? items : null;
    }, 'the reply delivered', 30_000);
    expect(out).toHaveLength(1);
    expect(out[0]!.body).toMatch(/[\u4e00-\u9fff]/);
  }, 120_000);

  it('sim sms, sim ring, sim delivery-reports drive the running box', async () => {
    const sms = runIn(cwd, ['sim', 'sms', '--from', '+8613700001111', '--text', 'Test from the shell']);
    expect(sms.status, sms.stderr).toBe(0);
    expect(sms.stdout).toMatch(/an SMS from \+8613700001111 arrived/);
    await waitFor(() => /\+8613700001111\s+Test from the shell/.test(runIn(cwd, ['sms', 'list', '--inbox']).stdout), 'in the inbox', 20_000);

    const ring = runIn(cwd, ['sim', 'ring', '+8613812345678', '--hang-up-after', '1']);
    expect(ring.status, ring.stderr).toBe(0);
    expect(ring.stdout).toMatch(/ringing: \+8613812345678/);
    expect(ring.stdout).toMatch(/hangs up after 1 s/);
    const call = await waitFor(async () => (await admin.get<CallPage>('/api/calls')).data.items.find((c) => c.e164 === '+8613812345678' && c.state === 'ended'), 'the call logged', 20_000);
    expect(call.outcome).toBe('missed');
    expect(runIn(cwd, ['sim', 'status']).stdout).toMatch(/simulated modem running; delivery reports on; no call/);

    // --answer: the studio picks up after the second ring; the call goes on until `sim hang-up`.
    const answered = runIn(cwd, ['sim', 'ring', '+8613812345678', '--answer']);
    expect(answered.status, answered.stderr).toBe(0);
    expect(answered.stdout).toMatch(/answered after the second ring/);
    const firstCall = call.id;
    const talking = await waitFor(async () => (await admin.get<CallPage>('/api/calls')).data.items.find((c) => c.id !== firstCall && c.e164 === '+8613812345678' && c.state === 'answered'), 'the call answered', 20_000);
    expect(runIn(cwd, ['sim', 'status']).stdout).toMatch(/in a call: \+8613812345678/);
    const hungUp = runIn(cwd, ['sim', 'hang-up']);
    expect(hungUp.status, hungUp.stderr).toBe(0);
    expect(hungUp.stdout).toMatch(/the caller hung up/);
    const ended = await waitFor(async () => (await admin.get<CallPage>('/api/calls')).data.items.find((c) => c.id === talking.id && c.state === 'ended'), 'the answered call ended', 20_000);
    expect(ended.outcome).toBe('answered');
    expect(runIn(cwd, ['sim', 'status']).stdout).toMatch(/no call/);

    const off = runIn(cwd, ['sim', 'delivery-reports', 'off']);
    expect(off.stdout).toMatch(/delivery reports off/);
    expect(runIn(cwd, ['sim', 'status', '--json']).stdout).toMatch(/"deliveryReports": false/);
    // Bad use: a clear usage line, exit 2; a refusal from the box: its reason, exit 1.
    expect(runIn(cwd, ['sim', 'delivery-reports', 'maybe']).status).toBe(2);
    expect(runIn(cwd, ['sim', 'ring']).status).toBe(2);
    expect(runIn(cwd, ['sim', 'ring', '+86138', '--hang-up-after', 'soon']).status).toBe(2);
    const hang = runIn(cwd, ['sim', 'hang-up']);
    expect(hang.status).toBe(1);
    expect(hang.stderr).toMatch(/no call in progress/);
    expect(runIn(cwd, ['sim', 'sms', '--from', '+8613700001111']).status).toBe(2);
  }, 180_000);

  it('stops cleanly; a second --demo on this box (it has data now) is refused, and nothing is left running', async () => {
    expect(await d.stop()).toBe(0);
    const again = serve(cwd, ['--demo']);
    expect(await again.exited).toBe(1);
    expect(again.err()).toMatch(/--demo refused: this box already has data \(\d+ customers/);
    expect(again.err()).toMatch(/npm start -- --demo --data/);
    expect(runIn(cwd, ['sim', 'status']).status).toBe(1);
    expect(processesMentioning(cwd)).toEqual([]);
  }, 60_000);
});
