// The front panel's LEDs on the real daemon (H5, issue 17 item 5), off the Pi: the NoopGpio
// remembers what would light, and GET /api/system/leds says which and why. An SMS through the
// simulated modem lights unread SMS; the backup folder gone, or the SIM pulled, lights fault
// with that reason — both at once, both reasons.
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { LedPanel, LedState } from '../../src/api-types.js';
import type { NoopGpio } from '../../src/hw/gpio.js';
import type { ModemSimulator } from '../../src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let sim: ModemSimulator;
let gpio: NoopGpio;

beforeAll(async () => {
  // Free space on the test machine's disk must not decide the fault LED: no nearly-full threshold.
  tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, disks: { lowSpaceWarnBytes: 0 } } });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  sim = tb.box.modem!.simulator!.simulator;
  gpio = tb.box.gpio as NoopGpio;
  await waitFor(() => tb.box.modem!.isReady, 'modem ready');
});
afterAll(async () => {
  await tb?.close();
});

const panel = async () => (await admin.get<LedPanel>('/api/system/leds')).data;
const led = (p: LedPanel, name: LedState['led']) => p.leds.find((l) => l.led === name)!;

it('a healthy box off the Pi: ready lit, the rest off, every state with a reason, nothing driven', async () => {
  const p = await waitFor(async () => {
    const x = await panel();
    return led(x, 'fault').mode === 'off' ? x : null;
  }, 'no fault once the modem is up');
  expect(p.driven).toBe(false);
  expect(p.leds.map((l) => [l.led, l.mode, l.reasons.map((r) => r.code)])).toEqual([
    ['ready', 'on', ['ready.running']],
    ['ingest', 'off', ['ingest.idle']],
    ['unread-sms', 'off', ['sms.none']],
    ['fault', 'off', ['fault.none']],
    ['call', 'off', ['call.none']],
  ]);
  expect(gpio.leds.get('ready')).toBe(true);
  expect(gpio.leds.get('unread-sms') ?? false).toBe(false);
  expect(gpio.leds.get('fault') ?? false).toBe(false);
});

it('the LEDs are for logged-in people only', async () => {
  expect((await new ApiClient(tb.url).get('/api/system/leds')).status).toBe(401);
});

it('an SMS arrives: unread SMS lights by itself (no page asked), with the count', async () => {
  sim.receiveText('+8613812345678', 'are my photos ready?');
  await waitFor(() => gpio.leds.get('unread-sms') === true, 'the unread SMS LED lit from the event');
  expect(led(await panel(), 'unread-sms')).toEqual({ led: 'unread-sms', mode: 'on', reasons: [{ code: 'sms.unread', params: { count: 1 } }] });
});

it('the backup folder removed: fault lit with "no backup disk"; back: off again', async () => {
  const backupDir = join(tb.dataDir, 'backup');
  rmSync(backupDir, { recursive: true, force: true });
  try {
    expect(led(await panel(), 'fault')).toEqual({ led: 'fault', mode: 'on', reasons: [{ code: 'fault.backupDisk', params: { why: 'not-connected' } }] });
    expect(gpio.leds.get('fault')).toBe(true);
  } finally {
    mkdirSync(backupDir);
  }
  expect(led(await panel(), 'fault').mode).toBe('off');
  expect(gpio.leds.get('fault')).toBe(false);
});

it('the SIM pulled: fault lit with "no SIM" from the modem’s own news; with the backup disk gone too, both reasons', async () => {
  sim.simState = 'NOT INSERTED';
  sim.urc('+CPIN: NOT INSERTED');
  await waitFor(() => gpio.leds.get('fault') === true, 'the fault LED lit from the modem status');
  expect(led(await panel(), 'fault').reasons).toEqual([{ code: 'fault.noSim', params: { sim: 'not-inserted' } }]);

  const backupDir = join(tb.dataDir, 'backup');
  rmSync(backupDir, { recursive: true, force: true });
  try {
    expect(led(await panel(), 'fault').reasons.map((r) => r.code)).toEqual(['fault.backupDisk', 'fault.noSim']);
  } finally {
    mkdirSync(backupDir);
  }

  sim.simState = 'READY';
  sim.urc('+CPIN: READY');
  await waitFor(async () => led(await panel(), 'fault').mode === 'off', 'fault off with the SIM back');
  expect(gpio.leds.get('fault')).toBe(false);
});
