// Issue 13.3 through the real serial path: the SIM800 restarts by itself with the port open
// (RDY, +CFUN: 1, +CPIN: READY, Call Ready, SMS Ready; echo back on, every setting lost). The
// box notices, sets it up again (ATE0, +CNMI, +CLIP, +CLCC…), sweeps the SIM, shows the
// restarts on /api/modem, and lights the fault LED when they come often.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { CallPage, Customer, InboxMessage, ModemStatus, SmsPage } from '../../src/api-types.js';
import type { NoopGpio } from '../../src/hw/gpio.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let hoa: Customer;
// Kept across the daemon's restart in the last test.
const dataDir = mkdtempSync(join(tmpdir(), 'studio-box-reboot-'));
const config = { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, callerId: { ringTimeoutSeconds: 60 } };

beforeAll(async () => {
  tb = await startTestBox({ dataDir, config });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  sim = tb.box.modem!.simulator!.simulator;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  await waitFor(() => sim.settings.clcc, 'call states enabled');
});
afterAll(async () => {
  await tb?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const modem = async () => (await admin.get<ModemStatus>('/api/modem')).data;
const setUp = () => sim.settings.echo === false && sim.settings.clip && sim.settings.clcc && sim.settings.cnmi.join(',') === '2,1,0,1,0';

it('a module that restarts by itself is set up again, its SIM swept, and rings show the caller', async () => {
  expect(setUp()).toBe(true);
  const before = sim.received.length;
  sim.reboot();
  // A reply that reached the SIM while the module was booting, with no +CMTI (settings lost).
  sim.receiveText('+8613812345678', 'arrived while the modem restarted', { notify: false });
  await waitFor(() => sim.restarts === 1 && setUp(), 'the whole set-up again', 15_000);
  const after = sim.received.slice(before);
  for (const cmd of ['ATE0', 'AT+CMEE=1', 'AT+CMGF=0', 'AT+CNMI=2,1,0,1,0', 'AT+CLIP=1', 'AT+CLCC=1']) expect(after).toContain(cmd);
  await waitFor(async () => {
    const items = (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox')).data.items;
    return items.find((m) => m.body === 'arrived while the modem restarted');
  }, 'the SIM swept after the restart');
  await waitFor(() => sim.store.used === 0, 'the SIM emptied');

  // A ring now comes with its number (+CLIP) and reaches the log as the customer's call.
  await sim.ring('+8613812345678', { times: 1, intervalMs: 100 });
  const logged = await waitFor(async () => (await admin.get<CallPage>('/api/calls?limit=5')).data.items.find((c) => c.customer?.id === hoa.id), 'the call logged with its caller');
  expect(logged.number).toBe('+8613812345678');

  // The module's state is read again once it is set up (SIM, registration): under load that read
  // may still be queued behind the sweep, so wait for it rather than catch it mid-way.
  const m = await waitFor(async () => {
    const s = await modem();
    return s.state === 'simulated' ? s : null;
  }, 'the modem healthy again (state simulated)');
  expect(m.restarts).toMatchObject({ total: 1, frequent: false });
  expect(m.restarts.last24h).toHaveLength(1);
  expect(m.restarts.lastSign).toBe('RDY');
  expect(m.state).toBe('simulated');
  expect((tb.box.gpio as NoopGpio).leds.get('fault') ?? false).toBe(false);
});

it('echo suddenly on (the boot lines lost) is a restart too', async () => {
  // As if the module restarted and its boot lines were lost: only its settings are gone.
  await tb.box.modem!.run('ATE1');
  const before = sim.received.length;
  await tb.box.modem!.run('AT+CSQ').catch(() => undefined);
  // The whole set-up again: ATE0 … and, once the link is ready, +CLCC=1 from the call line.
  await waitFor(() => setUp() && sim.received.slice(before).slice(sim.received.slice(before).indexOf('ATE0')).includes('AT+CLCC=1'), 'set up again after the echo', 15_000);
  await waitFor(async () => (await modem()).restarts.total === 2, 'counted');
  expect((await modem()).restarts.lastSign).toMatch(/^echo of AT/);
});

it('restarting often: the status page says so and the fault LED lights', async () => {
  sim.reboot();
  await waitFor(async () => (await modem()).restarts.total === 3 && setUp(), 'third restart handled', 15_000);
  const m = await waitFor(async () => {
    const s = await modem();
    return s.state === 'degraded' ? s : null;
  }, 'degraded');
  expect(m.restarts).toMatchObject({ total: 3, frequent: true });
  expect(m.detail).toBe('the modem restarted by itself 3 times in 24 hours: check its power supply');
  expect((tb.box.gpio as NoopGpio).leds.get('fault')).toBe(true);
  const health = (await admin.get<{ modem: { state: string; detail: string } }>('/api/health')).data;
  expect(health.modem).toMatchObject({ state: 'degraded', detail: m.detail });
});

it('after the daemon restarts, the status page still shows the restarts and the fault LED is lit again', async () => {
  const before = await modem();
  expect(before.restarts.lastAt).toBe(before.restarts.last24h.at(-1));
  await tb.close();
  tb = await startTestBox({ dataDir, config });
  admin = new ApiClient(tb.url);
  const login = await admin.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
  expect(login.status).toBe(200);
  const m = await waitFor(async () => {
    const s = await modem();
    return s.state === 'degraded' ? s : null;
  }, 'degraded again after the restart of the daemon', 15_000);
  expect(m.restarts).toEqual(before.restarts);
  expect(m.detail).toBe('the modem restarted by itself 3 times in 24 hours: check its power supply');
  await waitFor(() => (tb.box.gpio as NoopGpio).leds.get('fault') === true, 'the fault LED lit again');
});
