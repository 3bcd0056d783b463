import { describe, expect, it } from 'vitest';
import { AtChannel } from '../../../src/modem/at/channel.js';
import { AtClosedError, AtError, AtTimeoutError } from '../../../src/modem/at/errors.js';
import type { Urc } from '../../../src/modem/at/urc.js';
import { FakeTransport } from './fake-transport.js';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));
async function until(check: () => boolean, ms = 2_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}

describe('AtChannel (exact bytes, fake transport)', () => {
  it('writes one command at a time, each ended by CR', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const a = ch.run('AT+CMGF=0');
    const b = ch.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    await tick();
    expect(t.writtenText()).toBe('AT+CMGF=0\r');
    t.feed('\r\nOK\r\n');
    await expect(a).resolves.toEqual({ command: 'AT+CMGF=0', lines: [] });
    expect(t.writtenText()).toBe('AT+CMGF=0\rAT+CSQ\r');
    t.feed('\r\n+CSQ: 20,0\r\n\r\nOK\r\n');
    await expect(b).resolves.toEqual({ command: 'AT+CSQ', lines: ['+CSQ: 20,0'] });
  });

  it('between a +CMGL header and its PDU, unsolicited lines are events; a header whose PDU never came is reported', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const urcs: Urc[] = [];
    const unknown: string[] = [];
    ch.on('urc', (u) => urcs.push(u));
    ch.on('unknown', (l) => unknown.push(l));
    const p = ch.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true } });
    await tick();
    // (In PDU mode a PDU is hex: an SMS whose text is "OK" is still a hex line, never "OK".)
    t.feed('\r\n+CMGL: 1,1,,2\r\n\r\n+CMTI: "SM",4\r\n\r\n+CDS: 3\r\n\r\n00060102\r\n\r\n0004AB\r\n+CMGL: 2,1,,5\r\n');
    t.feed('\r\nOK\r\n');
    await expect(p).resolves.toEqual({ command: 'AT+CMGL=4', lines: ['+CMGL: 1,1,,2', '0004AB', '+CMGL: 2,1,,5'] });
    expect(urcs).toEqual([
      { type: 'cmti', storage: 'SM', index: 4 },
      { type: 'cds', length: 3, pdu: '00060102' },
    ]);
    expect(unknown).toEqual(['+CMGL: 2,1,,5']);
  });

  it('routes URCs that arrive in the middle of a response, and keeps the response intact', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const urcs: Urc[] = [];
    ch.on('urc', (u) => urcs.push(u));
    const p = ch.run({ command: 'AT+CMGR=1', expect: { kind: 'prefix', prefixes: ['+CMGR:'], pduAfterHeader: true } });
    await tick();
    t.feed('\r\n+CMGR: 0,,3\r\n');
    t.feed('AABBCC\r\n\r\n+CMTI: "SM",2\r\n\r\nRING\r\n\r\n+CMT: ,3\r\nDDEEFF\r\n\r\nOK\r\n');
    await expect(p).resolves.toEqual({ command: 'AT+CMGR=1', lines: ['+CMGR: 0,,3', 'AABBCC'] });
    expect(urcs).toEqual([
      { type: 'cmti', storage: 'SM', index: 2 },
      { type: 'ring' },
      { type: 'cmt', alpha: null, length: 3, pdu: 'DDEEFF' },
    ]);
  });

  it('rejects with a typed AtError for ERROR, +CME ERROR and +CMS ERROR', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const a = ch.run('AT+CIMI');
    await tick();
    t.feed('\r\n+CME ERROR: 10\r\n');
    await expect(a).rejects.toMatchObject({ name: 'AtError', type: 'CME', code: 10, result: '+CME ERROR: 10' });
    const b = ch.run('AT+FOO');
    await tick();
    t.feed('\r\nERROR\r\n');
    const err = await b.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtError);
    expect((err as AtError).message).toBe('AT+FOO: ERROR');
  });

  it('CMGS: waits for the prompt, sends payload + Ctrl-Z, returns +CMGS', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const p = ch.run({ command: 'AT+CMGS=3', payload: '00112233', expect: { kind: 'prefix', prefixes: ['+CMGS:'] } });
    await tick();
    expect(t.writtenText()).toBe('AT+CMGS=3\r');
    t.feed('\r\n>');
    await tick();
    expect(t.writtenText()).toBe('AT+CMGS=3\r');
    t.feed(' ');
    await tick();
    expect(t.writtenText()).toBe('AT+CMGS=3\r00112233\x1a');
    t.feed('\r\n+CMGS: 42\r\n\r\nOK\r\n');
    await expect(p).resolves.toEqual({ command: 'AT+CMGS=3', lines: ['+CMGS: 42'] });
  });

  it('a stray prompt is reported as unknown', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const unknown: string[] = [];
    ch.on('unknown', (l) => unknown.push(l));
    t.feed('\r\n> ');
    t.feed('\r\nHELLO\r\n');
    expect(unknown).toEqual(['> ', 'HELLO']);
  });

  it('times out naming what it waited for, cancels a prompt with ESC, resyncs with a probe only its own answer fits', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t, { resyncTimeoutMs: 500, quietMs: 20 });
    const resync = new Promise<boolean>((r) => ch.once('resync', r));
    const p = ch.run({ command: 'AT+CMGS=3', payload: '00', promptTimeoutMs: 50 });
    const next = ch.run('AT+CSQ');
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AtTimeoutError);
    expect((err as Error).message).toBe("AT+CMGS=3: no '> ' prompt within 50 ms");
    await until(() => t.writtenText().endsWith('AT+CMEE?\r'));
    // A stale bare OK (an earlier probe's) is not the probe's answer.
    t.feed('\r\nOK\r\n');
    await tick();
    expect(t.writtenText()).toBe('AT+CMGS=3\r\x1bAT+CMEE?\r');
    t.feed('\r\n+CMEE: 1\r\n\r\nOK\r\n');
    expect(await resync).toBe(true);
    await tick();
    expect(t.writtenText()).toBe('AT+CMGS=3\r\x1bAT+CMEE?\rAT+CSQ\r');
    t.feed('\r\nOK\r\n');
    await expect(next).resolves.toEqual({ command: 'AT+CSQ', lines: [] });
  });

  it('reports a failed resync when the modem stays silent (each probe a different query)', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t, { resyncTimeoutMs: 20, resyncAttempts: 3, quietMs: 5 });
    const resync = new Promise<boolean>((r) => ch.once('resync', r));
    await expect(ch.run({ command: 'AT', timeoutMs: 20 })).rejects.toThrow('AT: no final result within 20 ms');
    expect(await resync).toBe(false);
    expect(t.writtenText()).toBe('AT\rAT+CMEE?\rAT+CMGF?\rAT+CSCS?\r');
  });

  it('AT+CMGS answered by a bare OK (no prompt) is a stale answer: an error, then a resync before the next command', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t, { quietMs: 5 });
    const p = ch.run({ command: 'AT+CMGS=3', payload: '00', required: true });
    const next = ch.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true } });
    await tick();
    t.feed('\r\nOK\r\n');
    await expect(p).rejects.toMatchObject({ name: 'AtMismatchError', stage: 'before-payload', message: "AT+CMGS=3: answered OK without the '> ' prompt: a stale answer" });
    // Another stale OK arrives: with the old code it answered AT+CMGL=4 ("the SIM is empty").
    t.feed('\r\nOK\r\n');
    await until(() => t.writtenText().endsWith('AT+CMEE?\r'));
    expect(t.writtenText()).toBe('AT+CMGS=3\rAT+CMEE?\r');
    t.feed('\r\n+CMEE: 1\r\n\r\nOK\r\n');
    await until(() => t.writtenText().endsWith('AT+CMGL=4\r'));
    t.feed('\r\n+CMGL: 1,0,,3\r\n00AABB\r\n\r\nOK\r\n');
    await expect(next).resolves.toEqual({ command: 'AT+CMGL=4', lines: ['+CMGL: 1,0,,3', '00AABB'] });
  });

  it('AT+CMGS whose payload went but whose OK has no +CMGS: line is not "sent"; a stray OK while idle forces a resync', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t, { quietMs: 5 });
    const p = ch.run({ command: 'AT+CMGS=3', payload: '00', required: true, expect: { kind: 'prefix', prefixes: ['+CMGS:'] } });
    await tick();
    t.feed('\r\n> ');
    await tick();
    t.feed('\r\nOK\r\n');
    await expect(p).rejects.toMatchObject({ name: 'AtMismatchError', stage: 'in-flight' });
    const q = ch.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    await until(() => t.writtenText().endsWith('AT+CMEE?\r'));
    t.feed('\r\n+CMEE: 1\r\n\r\nOK\r\n');
    await until(() => t.writtenText().endsWith('AT+CSQ\r'));
    t.feed('\r\n+CSQ: 20,0\r\n\r\nOK\r\n');
    await expect(q).resolves.toMatchObject({ lines: ['+CSQ: 20,0'] });
    // Idle, a stray OK: the next command waits for a resync (a different probe this time).
    t.feed('\r\nOK\r\n');
    const r = ch.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    await until(() => t.writtenText().endsWith('AT+CMGF?\r'));
    t.feed('\r\n+CMGF: 0\r\n\r\nOK\r\n');
    await until(() => t.writtenText().endsWith('AT+CMGF?\rAT+CSQ\r'));
    // A late probe answer in the middle of a command: its OK is not trusted.
    t.feed('\r\n+CMEE: 1\r\n\r\nOK\r\n');
    await expect(r).rejects.toMatchObject({ name: 'AtMismatchError' });
    // Nor is an OK after a late +CMGR answer inside AT+CMGL=4 ("the SIM is empty").
    const l = ch.run({ command: 'AT+CMGL=4', expect: { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true } });
    await until(() => t.writtenText().endsWith('AT+CSCS?\r'));
    t.feed('\r\n+CSCS: "GSM"\r\n\r\nOK\r\n');
    await until(() => t.writtenText().endsWith('AT+CMGL=4\r'));
    t.feed('\r\n+CMGR: 0,,3\r\n00AABB\r\n\r\nOK\r\n');
    await expect(l).rejects.toMatchObject({ name: 'AtMismatchError', message: expect.stringContaining('+CMGR: 0,,3') });
  });

  it('on close rejects the command in flight, the queue and URC waiters', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const a = ch.run('AT+CSQ');
    const b = ch.run('AT+COPS?');
    const w = ch.waitForUrc((u) => u.type === 'cds', 10_000, '+CDS for reference 7');
    await tick();
    t.vanish();
    for (const p of [a, b, w]) await expect(p).rejects.toBeInstanceOf(AtClosedError);
    await expect(a).rejects.toThrow('AT+CSQ: fake: port disappeared');
    await expect(ch.run('AT')).rejects.toThrow('AT: fake: port disappeared');
    expect(ch.isClosed).toBe(true);
  });

  it('waitForUrc resolves with the matching event and times out naming it', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const w = ch.waitForUrc((u): u is Extract<Urc, { type: 'cmti' }> => u.type === 'cmti' && u.index === 4, 1000, '+CMTI for index 4');
    t.feed('\r\n+CMTI: "SM",3\r\n\r\n+CMTI: "SM",4\r\n');
    await expect(w).resolves.toEqual({ type: 'cmti', storage: 'SM', index: 4 });
    await expect(ch.waitForUrc(() => false, 10, '+CDS for reference 9')).rejects.toThrow('no +CDS for reference 9 within 10 ms');
  });

  it('a listener that throws does not break the channel', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t);
    const errors: unknown[] = [];
    ch.on('listener-error', (e) => errors.push(e));
    ch.on('urc', () => {
      throw new Error('buggy listener');
    });
    const seen: Urc[] = [];
    ch.on('urc', (u) => seen.push(u));
    const p = ch.run('AT');
    await tick();
    t.feed('\r\nRING\r\n\r\nOK\r\n');
    await expect(p).resolves.toBeDefined();
    expect(seen).toEqual([{ type: 'ring' }]);
    expect(errors).toHaveLength(1);
  });

  it('garbage and over-long lines become events, never exceptions', async () => {
    const t = new FakeTransport();
    const ch = new AtChannel(t, { maxLineBytes: 32 });
    const unknown: string[] = [];
    const overflow: number[] = [];
    ch.on('unknown', (l) => unknown.push(l));
    ch.on('overflow', (n) => overflow.push(n));
    const p = ch.run({ command: 'AT+CSQ', expect: { kind: 'prefix', prefixes: ['+CSQ:'] } });
    await tick();
    t.feed(Buffer.from([0xff, 0x00, 0x0d, 0x0a]));
    t.feed('Z'.repeat(100) + '\r\n+CS');
    t.feed('Q: 9,9\r\nOK\r\n');
    await expect(p).resolves.toEqual({ command: 'AT+CSQ', lines: ['+CSQ: 9,9'] });
    expect(unknown).toEqual(['\xff\x00']);
    expect(overflow).toEqual([100]);
  });
});
