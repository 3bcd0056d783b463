import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AtChannel } from '../../../src/modem/at/channel.js';
import { AtClosedError, AtError, AtTimeoutError } from '../../../src/modem/at/errors.js';
import { ModemLink, type LinkStatus } from '../../../src/modem/at/link.js';
import type { Urc } from '../../../src/modem/at/urc.js';
import { startSimulatedModem, type SimulatedModemHandle } from '../../../src/modem/simulator/simulated-modem.js';

// The real path: node-serialport ↔ pty (socat) ↔ simulator on node-serialport.

// An SMS-DELIVER from +8613912345678, GSM 7-bit text "OK" (the PDU codec is not ours to use here).
const DELIVER_OK = '0891683108100005F0040D91683119325476F8000052107261000023024FE5';
// An SMS-SUBMIT to +8613912345678, 7-bit "hi" (TPDU 17 octets).
const SUBMIT_HI = '0011000D91683119325476F80000AA02E834';
const STATUS_REPORT = '0006070D91683119325476F8521072610000235210726100012300';

let dir: string;
let sim: SimulatedModemHandle;
let link: ModemLink;
let states: LinkStatus[];
let urcs: Urc[];

async function until(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'studio-box-at-'));
  sim = await startSimulatedModem({ dir });
  link = new ModemLink({ path: sim.devicePath, backoffInitialMs: 100, backoffMaxMs: 400, probeTimeoutMs: 300, initCommands: ['AT+CNMI=2,1,0,1,0', 'AT+CLIP=1'] });
  states = [];
  urcs = [];
  link.on('state', (s) => states.push(s));
  link.on('urc', (u) => urcs.push(u));
  await link.start();
  await link.whenReady(15_000);
});

afterEach(async () => {
  await link.stop();
  await sim.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('AT channel through a real pty and the simulator', () => {
  it('probes, turns echo off and initialises the modem', async () => {
    expect(link.status().state).toBe('ready');
    expect(states.map((s) => s.state)).toEqual(['connecting', 'ready']);
    const cmds = sim.simulator.received;
    expect(cmds[0]).toBe('AT');
    expect(cmds.slice(-5)).toEqual(['ATE0', 'AT+CMEE=1', 'AT+CMGF=0', 'AT+CNMI=2,1,0,1,0', 'AT+CLIP=1']);
    expect(sim.simulator.echoOn).toBe(false);
  });

  it('queries with response lines', async () => {
    const csq = await link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    expect(csq.lines).toEqual(['+CSQ: 20,0']);
    const imei = await link.run({ command: 'AT+CGSN', expect: { kind: 'raw' } });
    expect(imei.lines).toEqual(['867959030000001']);
    const [cops, csca] = await Promise.all([
      link.run({ command: 'AT+COPS?', expect: { kind: 'prefix', prefixes: ['+COPS:'] } }),
      link.run({ command: 'AT+CSCA?', expect: { kind: 'prefix', prefixes: ['+CSCA:'] } }),
    ]);
    expect(cops.lines).toEqual(['+COPS: 0,0,"CHINA MOBILE"']);
    expect(csca.lines).toEqual(['+CSCA: "+8613800100500",145']);
  });

  it('+CME ERROR is a typed error', async () => {
    sim.simulator.simState = 'NOT INSERTED';
    const err = await link.run({ command: 'AT+CIMI', expect: { kind: 'raw' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtError);
    expect(err).toMatchObject({ type: 'CME', code: 10, result: '+CME ERROR: 10' });
  });

  it('CMGS: prompt, PDU and Ctrl-Z, then +CMGS: <mr>; +CMS ERROR: 38 as a typed error', async () => {
    const send = (): Promise<unknown> =>
      link.run({ command: 'AT+CMGS=17', payload: SUBMIT_HI, expect: { kind: 'prefix', prefixes: ['+CMGS:'] }, timeoutMs: 60_000 });
    await expect(send()).resolves.toEqual({ command: 'AT+CMGS=17', lines: ['+CMGS: 0'] });
    expect(sim.simulator.sent).toEqual([{ pdu: SUBMIT_HI, length: 17, mr: 0 }]);
    sim.simulator.failNextSends(38);
    await expect(send()).rejects.toMatchObject({ name: 'AtError', type: 'CMS', code: 38, message: 'AT+CMGS=17: +CMS ERROR: 38' });
    sim.simulator.sendDelayMs = 300;
    await expect(send()).resolves.toEqual({ command: 'AT+CMGS=17', lines: ['+CMGS: 1'] });
    expect(sim.simulator.sent.map((s) => s.mr)).toEqual([0, 1]);
  });

  it('works with echo on too (the echo of command and payload is not a response)', async () => {
    await link.run('ATE1');
    const r = await link.run({ command: 'AT+CMGS=17', payload: SUBMIT_HI, expect: { kind: 'prefix', prefixes: ['+CMGS:'] } });
    expect(r.lines).toEqual(['+CMGS: 0']);
    const q = await link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    expect(q.lines).toEqual(['+CSQ: 20,0']);
  });

  it('+CMTI, RING and +CLIP in the middle of a CMGL listing are events; a message reading "OK" does not end it', async () => {
    const i1 = sim.simulator.injectSms(DELIVER_OK, { notify: false });
    const i2 = sim.simulator.injectSms(DELIVER_OK, { notify: false });
    const i3 = sim.simulator.injectSms(DELIVER_OK, { notify: false });
    expect([i1, i2, i3]).toEqual([1, 2, 3]);
    sim.simulator.interleaveNext(4, ['+CMTI: "SM",3', 'RING', '+CLIP: "+8613912345678",145,"",0,"",0']);
    const r = await link.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true } });
    expect(r.lines).toEqual(['+CMGL: 1,0,,22', DELIVER_OK, '+CMGL: 2,0,,22', DELIVER_OK, '+CMGL: 3,0,,22', DELIVER_OK]);
    await until('the URCs', () => urcs.length >= 3);
    expect(urcs).toEqual([
      { type: 'cmti', storage: 'SM', index: 3 },
      { type: 'ring' },
      { type: 'clip', number: '+8613912345678', numberType: 145, raw: '+CLIP: "+8613912345678",145,"",0,"",0' },
    ]);
    // Read and delete, as the receiver will.
    const one = await link.run({ command: 'AT+CMGR=2', expect: { kind: 'prefix', prefixes: ['+CMGR:'], pduAfterHeader: true } });
    expect(one.lines).toEqual(['+CMGR: 1,,22', DELIVER_OK]);
    await link.run('AT+CMGD=2');
    await expect(link.run('AT+CMGR=2')).rejects.toMatchObject({ code: 321 });
  });

  it('unsolicited lines and a whole +CDS between a listing header and its PDU: each PDU with its own header', async () => {
    const unknown: string[] = [];
    link.on('unknown', (l) => unknown.push(l));
    sim.simulator.injectSms(DELIVER_OK, { notify: false });
    sim.simulator.injectSms(DELIVER_OK, { notify: false });
    const clcc = '+CLCC: 1,1,4,0,0,"+8613912345678",145';
    // After the first header: RING, +CLIP, a status report (header + PDU), +CLCC and a cut line.
    sim.simulator.interleaveNext(1, ['RING', '+CLIP: "+8613912345678",145,"",0,"",0', '+CDS: 26', STATUS_REPORT, clcc, '+CLIP: "+86139']);
    const r = await link.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true } });
    expect(r.lines).toEqual(['+CMGL: 1,0,,22', DELIVER_OK, '+CMGL: 2,0,,22', DELIVER_OK]);
    await until('the URCs', () => urcs.length >= 3);
    expect(urcs).toEqual([
      { type: 'ring' },
      { type: 'clip', number: '+8613912345678', numberType: 145, raw: '+CLIP: "+8613912345678",145,"",0,"",0' },
      { type: 'cds', length: 26, pdu: STATUS_REPORT },
    ]);
    expect(unknown).toEqual([clcc, '+CLIP: "+86139']);
  });

  it('routes injected messages, delivery reports, rings and power warnings', async () => {
    const channel = link.channel as AtChannel;
    const cmti = channel.waitForUrc((u) => u.type === 'cmti', 5000, '+CMTI');
    sim.simulator.injectSms(DELIVER_OK);
    await expect(cmti).resolves.toEqual({ type: 'cmti', storage: 'SM', index: 1 });
    const cds = channel.waitForUrc((u) => u.type === 'cds', 5000, '+CDS');
    sim.simulator.deliveryReport(STATUS_REPORT);
    await expect(cds).resolves.toEqual({ type: 'cds', length: 26, pdu: STATUS_REPORT });
    sim.simulator.deliveryReport(STATUS_REPORT, 'cdsi');
    await sim.simulator.ring('+8613912345678', { times: 2, intervalMs: 50 });
    sim.simulator.urc('UNDER-VOLTAGE WARNNING');
    await until('all events', () => urcs.length >= 9);
    expect(urcs.slice(2).map((u) => u.type)).toEqual(['cdsi', 'ring', 'clip', 'ring', 'clip', 'call-ended', 'power']);
    expect(urcs.at(-1)).toEqual({ type: 'power', kind: 'under-voltage-warning', raw: 'UNDER-VOLTAGE WARNNING' });
  });

  it('garbage bytes and half lines do not disturb commands', async () => {
    const unknown: string[] = [];
    link.on('unknown', (l) => unknown.push(l));
    sim.simulator.writeRaw(Buffer.from([0xff, 0xfe, 0x00, 0x0d, 0x0a]));
    sim.simulator.writeRaw('\r\n+CS');
    const p = link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    // The half line `+CS` is completed by the answer's leading CR: a garbage line, then the answer.
    await expect(p).resolves.toEqual({ command: 'AT+CSQ', lines: ['+CSQ: 20,0'] });
    sim.simulator.writeRaw('\r\n+WHAT: is this\r\n');
    await until('unknown lines', () => unknown.includes('+WHAT: is this'));
    expect(unknown).toEqual(['\xff\xfe\x00', '+CS', '+WHAT: is this']);
  });

  it('a silent modem times out with a clear message; the channel resyncs and carries on', async () => {
    const channel = link.channel as AtChannel;
    sim.simulator.setSilent(true);
    const resync = new Promise<boolean>((r) => channel.once('resync', r));
    const err = await link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] }, timeoutMs: 500 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtTimeoutError);
    expect((err as Error).message).toBe('AT+CSQ: no final result within 500 ms');
    const queued = link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    setTimeout(() => sim.simulator.setSilent(false), 300);
    expect(await resync).toBe(true);
    await expect(queued).resolves.toEqual({ command: 'AT+CSQ', lines: ['+CSQ: 20,0'] });
    expect(link.status().state).toBe('ready');
  });

  it('the modem vanishing mid-command rejects it; the link reconnects when the pty comes back', async () => {
    sim.simulator.sendDelayMs = 5_000;
    const pending = link
      .run({ command: 'AT+CMGS=17', payload: SUBMIT_HI, expect: { kind: 'prefix', prefixes: ['+CMGS:'] }, timeoutMs: 60_000 })
      .catch((e: unknown) => e);
    await until('the PDU to reach the simulator', () => sim.simulator.received.includes('AT+CMGS=17'));
    await new Promise((r) => setTimeout(r, 100));
    await sim.vanish();
    const err = await pending;
    expect(err).toBeInstanceOf(AtClosedError);
    expect((err as Error).message).toMatch(/^AT\+CMGS=17: .*port disappeared/);
    await until('lost', () => link.status().state !== 'ready');
    await expect(link.run('AT')).rejects.toThrow(/modem not ready/);
    // While the pty is gone, open attempts fail and back off.
    await until('a failed re-open', () => link.status().attempts >= 2);
    expect(link.status().lastError).toMatch(/cannot open/);
    sim.simulator.sendDelayMs = 0;
    await sim.reappear();
    await link.whenReady(15_000);
    expect(states.map((s) => s.state)).toEqual(expect.arrayContaining(['ready', 'lost', 'connecting']));
    expect(states.at(-1)?.state).toBe('ready');
    await expect(link.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } })).resolves.toMatchObject({ lines: ['+CSQ: 20,0'] });
  });
});

describe('a SIM7600 that restarts by itself', () => {
  it('is set up again as soon as it says SMS DONE (its boot lines: RDY, +CPIN: READY, SMS DONE, PB DONE), not after the quiet wait', async () => {
    const dir7600 = await mkdtemp(join(tmpdir(), 'studio-box-at-'));
    const sim7600 = await startSimulatedModem({ dir: dir7600, model: 'SIM7600' });
    // The quiet wait is long: only SMS DONE can end the wait in time.
    const l = new ModemLink({ path: sim7600.devicePath, backoffInitialMs: 100, probeTimeoutMs: 300, initCommands: ['AT+CNMI=2,1,0,1,0', 'AT+CLIP=1'], rebootQuietMs: 15_000, rebootSettleMaxMs: 20_000 });
    const restarts: string[] = [];
    l.on('restarted', (r) => restarts.push(r.sign));
    try {
      await l.start();
      await l.whenReady(15_000);
      const before = sim7600.simulator.received.length;
      sim7600.simulator.reboot(100);
      await until('set up again', () => sim7600.simulator.received.slice(before).includes('AT+CLIP=1') && l.status().state === 'ready', 8_000);
      expect(restarts).toEqual(['RDY']);
      expect(sim7600.simulator.settings).toMatchObject({ echo: false, clip: true, cnmi: [2, 1, 0, 1, 0] });
      // Its PB DONE, late (the phone book loads for seconds after SMS DONE), is not a restart.
      await until('PB DONE passed', () => sim7600.simulator.received.length > 0, 1000);
      const setUp = sim7600.simulator.received.length;
      sim7600.simulator.urc('PB DONE');
      await new Promise((r) => setTimeout(r, 300));
      expect(restarts).toEqual(['RDY']);
      expect(l.status().state).toBe('ready');
      expect(sim7600.simulator.received.slice(setUp)).not.toContain('AT+CLIP=1');
    } finally {
      await l.stop();
      await sim7600.stop();
      await rm(dir7600, { recursive: true, force: true });
    }
  });
});
