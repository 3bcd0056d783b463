// The simulator's habits and control API, through the real pty path (serialport ↔ socat ↔
// simulator): what later tests and the demo's `studio-box sim …` commands rely on.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ModemLink } from '../../../src/modem/at/link.js';
import type { Urc } from '../../../src/modem/at/urc.js';
import { decodePdu } from '../../../src/modem/pdu/decode-pdu.js';
import { encodeSubmit } from '../../../src/modem/pdu/encode-submit.js';
import { BOOT_LINES } from '../../../src/modem/simulator/modem-simulator.js';
import { startSimulatedModem, type SimulatedModemHandle } from '../../../src/modem/simulator/simulated-modem.js';

let dir: string;
let sim: SimulatedModemHandle;
let link: ModemLink;
let urcs: Urc[];
let unknown: string[];

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

async function open(options: Parameters<typeof startSimulatedModem>[0] extends infer O ? Omit<O, 'dir'> : never): Promise<void> {
  sim = await startSimulatedModem({ dir, ...options });
  link = new ModemLink({ path: sim.devicePath, backoffInitialMs: 100, backoffMaxMs: 400, probeTimeoutMs: 300, initCommands: ['AT+CNMI=2,1,0,1,0', 'AT+CLIP=1'] });
  urcs = [];
  unknown = [];
  link.on('urc', (u) => urcs.push(u));
  link.on('unknown', (l) => unknown.push(l));
  await link.start();
  await link.whenReady(15_000);
  // The echo of the first probe (echo is on at power-up) is not what these tests look at.
  unknown.length = 0;
}

const submit = (text: string, statusReport = true) => encodeSubmit({ to: '+8613912345678', text, statusReport }).parts[0]!;
const cmgs = (text: string, statusReport = true) => {
  const p = submit(text, statusReport);
  return link.run({ command: `AT+CMGS=${p.tpduLength}`, payload: p.hex, expect: { kind: 'prefix', prefixes: ['+CMGS:'] }, timeoutMs: 20_000 });
};

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-box-habits-'));
});

afterEach(async () => {
  await link?.stop();
  await sim?.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('the simulator’s habits', () => {
  it('chunked output with delays and URCs slipped into responses and the prompt: every answer still reaches its command', async () => {
    await open({ habits: { seed: 7, maxChunkBytes: 7, chunkDelayMs: 3, urcInResponse: 1 } });
    const texts = ['one', 'two', 'three'];
    for (const t of texts) {
      sim.simulator.receiveText('+8613912345678', `reply ${t}`);
      const r = await cmgs(t, false);
      expect(r.lines).toEqual([`+CMGS: ${sim.simulator.sent.at(-1)!.mr}`]);
      const csq = await link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
      expect(csq.lines).toEqual(['+CSQ: 20,0']);
    }
    await until('three +CMTI', () => urcs.filter((u) => u.type === 'cmti').length === 3);
    expect(urcs.filter((u) => u.type === 'cmti').map((u) => (u as { index: number }).index)).toEqual([1, 2, 3]);
    expect(unknown).toEqual([]);
  });

  it('sends delivery reports by itself when asked: inline under <ds>=1, failed or missing by habit', async () => {
    await open({ deliveryReports: true, reportDelayMs: 50 });
    await cmgs('report me');
    await until('+CDS', () => urcs.some((u) => u.type === 'cds'));
    const cds = urcs.find((u) => u.type === 'cds') as { pdu: string };
    const r = decodePdu(cds.pdu);
    expect(r.ok && r.pdu.type === 'status-report' && r.pdu.messageRef === sim.simulator.sent[0]!.mr && r.pdu.status).toBe(0);
    // A message that asks for no report gets none; turned off, none either.
    await cmgs('no report please', false);
    sim.simulator.setDeliveryReports(false);
    await cmgs('reports off');
    sim.simulator.setHabits({ reportFailed: 1 });
    sim.simulator.setDeliveryReports(true);
    await cmgs('to a dead phone');
    await until('second +CDS', () => urcs.filter((u) => u.type === 'cds').length === 2);
    const failed = decodePdu((urcs.filter((u) => u.type === 'cds')[1] as { pdu: string }).pdu);
    expect(failed.ok && failed.pdu.type === 'status-report' && [failed.pdu.messageRef, failed.pdu.status]).toEqual([3, 0x46]);
    sim.simulator.setHabits({ reportMissing: 1 });
    await cmgs('lost report');
    await new Promise((r) => setTimeout(r, 300));
    expect(urcs.filter((u) => u.type === 'cds')).toHaveLength(2);
  });

  it('reboots by itself: boot lines, echo back on, settings back to power-up defaults', async () => {
    await open({ bootMs: 50 });
    expect(sim.simulator.settings).toMatchObject({ echo: false, clip: true, cnmi: [2, 1, 0, 1, 0] });
    sim.simulator.reboot();
    // At once: every setting back to the power-up defaults (the link sets them again after SMS Ready).
    expect(sim.simulator.settings).toEqual({ echo: true, clip: false, clcc: false, cmee: 0, cnmi: [2, 1, 0, 0, 0] });
    await until('SMS Ready', () => urcs.some((u) => u.type === 'ready' && u.what === 'SMS Ready'));
    expect(sim.simulator.restarts).toBe(1);
    const seen = [...urcs.map((u) => (u.type === 'ready' ? u.what : u.type === 'cpin' ? `+CPIN: ${u.state}` : '')), ...unknown];
    for (const line of BOOT_LINES) expect(seen).toContain(line);
  });

  it('silence after Ctrl-Z: commands typed meanwhile are answered in one burst when it wakes', async () => {
    await open({});
    sim.simulator.silenceAfterNextSubmit(400);
    const sent = cmgs('slow network');
    await until('the PDU', () => sim.simulator.sent.length === 1);
    const t0 = Date.now();
    const csq = link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    expect((await sent).lines).toEqual(['+CMGS: 0']);
    await expect(csq).resolves.toMatchObject({ lines: ['+CSQ: 20,0'] });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(300);
  });

  it('receiveText splits a long text into parts with one reference', async () => {
    await open({});
    const text = '您好，您的照片已经修好了。'.repeat(8);
    const idx = sim.simulator.receiveText('+8613912345678', text);
    expect(idx).toEqual([1, 2]);
    const parts = sim.simulator.store.all().map((m) => decodePdu(m.pdu));
    const bodies = parts.map((p) => (p.ok && p.pdu.type === 'deliver' ? p.pdu.userData.text : ''));
    expect(bodies.join('')).toBe(text);
  });
});
