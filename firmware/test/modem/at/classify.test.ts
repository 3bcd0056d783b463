import { describe, expect, it } from 'vitest';
import { LineClassifier, parseFinal, type CommandContext, type Expect } from '../../../src/modem/at/classify.js';
import { parseUrc, splitParams } from '../../../src/modem/at/urc.js';

const ctx = (command: string, expect: Expect = { kind: 'final' }, extra: Partial<CommandContext> = {}): CommandContext => ({
  command,
  expect,
  dial: false,
  payload: null,
  ...extra,
});

describe('parseFinal', () => {
  it.each([
    ['OK', { kind: 'ok' }],
    ['ERROR', { kind: 'error', type: 'ERROR', code: null, text: 'ERROR' }],
    ['+CME ERROR: 10', { kind: 'error', type: 'CME', code: 10, text: '+CME ERROR: 10' }],
    ['+CMS ERROR: 38', { kind: 'error', type: 'CMS', code: 38, text: '+CMS ERROR: 38' }],
    ['+CMS ERROR: 500', { kind: 'error', type: 'CMS', code: 500, text: '+CMS ERROR: 500' }],
    ['+CME ERROR: SIM not inserted', { kind: 'error', type: 'CME', code: null, text: '+CME ERROR: SIM not inserted' }],
  ])('%s', (line, expected) => {
    expect(parseFinal(line)).toEqual(expected);
  });

  it.each(['OK ', ' OK', 'ok', 'OKAY', 'NOT OK', 'ERRORS', 'CME ERROR: 3', '+CMGS: 1', '', 'OK\x1a'])('%j is not final', (line) => {
    expect(parseFinal(line)).toBeNull();
  });
});

describe('parseUrc', () => {
  it.each([
    ['+CMTI: "SM",3', { type: 'cmti', storage: 'SM', index: 3 }],
    ['+CMTI: "ME",12', { type: 'cmti', storage: 'ME', index: 12 }],
    ['+CDSI: "SM",1', { type: 'cdsi', storage: 'SM', index: 1 }],
    ['RING', { type: 'ring' }],
    ['+CLIP: "+8613912345678",145,"",0,"",0', { type: 'clip', number: '+8613912345678', numberType: 145, raw: '+CLIP: "+8613912345678",145,"",0,"",0' }],
    ['+CLIP: "",128', { type: 'clip', number: '', numberType: 128, raw: '+CLIP: "",128' }],
    ['+CREG: 5', { type: 'creg', which: 'CREG', stat: 5, lac: null, ci: null }],
    ['+CREG: 1,"1A2B","00C3"', { type: 'creg', which: 'CREG', stat: 1, lac: '1A2B', ci: '00C3' }],
    ['+CGREG: 3', { type: 'creg', which: 'CGREG', stat: 3, lac: null, ci: null }],
    ['+CPIN: NOT READY', { type: 'cpin', state: 'NOT READY' }],
    ['+CPIN: READY', { type: 'cpin', state: 'READY' }],
    ['NO CARRIER', { type: 'call-ended', reason: 'NO CARRIER' }],
    ['BUSY', { type: 'call-ended', reason: 'BUSY' }],
    ['UNDER-VOLTAGE WARNNING', { type: 'power', kind: 'under-voltage-warning', raw: 'UNDER-VOLTAGE WARNNING' }],
    ['OVER-VOLTAGE WARNNING', { type: 'power', kind: 'over-voltage-warning', raw: 'OVER-VOLTAGE WARNNING' }],
    ['UNDER-VOLTAGE POWER DOWN', { type: 'power', kind: 'under-voltage-power-down', raw: 'UNDER-VOLTAGE POWER DOWN' }],
    ['NORMAL POWER DOWN', { type: 'power', kind: 'normal-power-down', raw: 'NORMAL POWER DOWN' }],
    ['SMS Ready', { type: 'ready', what: 'SMS Ready' }],
    ['Call Ready', { type: 'ready', what: 'Call Ready' }],
    ['RDY', { type: 'ready', what: 'RDY' }],
  ])('%s', (line, urc) => {
    expect(parseUrc(line)).toEqual({ kind: 'urc', urc });
  });

  it('recognises the headers whose PDU follows on the next line', () => {
    expect(parseUrc('+CMT: ,24')).toEqual({ kind: 'header', header: { type: 'cmt', alpha: null, length: 24 } });
    expect(parseUrc('+CMT: "Alice",24')).toEqual({ kind: 'header', header: { type: 'cmt', alpha: 'Alice', length: 24 } });
    expect(parseUrc('+CDS: 25')).toEqual({ kind: 'header', header: { type: 'cds', length: 25 } });
  });

  it.each(['RINGING', 'ring', 'UNDER-VOLTAGE WARNING', '+CMTI: "SM"', '+CMTI: "SM",x', '+CREG: 0,1', '+CMT: x', '+FOO: 1', 'garbage', '\x00\xff', '+CLIP: 123'])(
    '%j is not a known URC',
    (line) => {
      expect(parseUrc(line)).toEqual({ kind: 'none' });
    },
  );

  it('splits quoted parameters', () => {
    expect(splitParams('"a,b",1,"",x')).toEqual(['a,b', '1', '', 'x']);
  });
});

describe('LineClassifier', () => {
  it('classifies each line of a command once', () => {
    const c = new LineClassifier();
    const csq = ctx('AT+CSQ', { kind: 'prefix', prefixes: ['+CSQ:'] });
    expect(c.classify('AT+CSQ', csq)).toEqual({ class: 'echo' });
    expect(c.classify('+CSQ: 20,0', csq)).toEqual({ class: 'response', line: '+CSQ: 20,0' });
    expect(c.classify('RING', csq)).toEqual({ class: 'urc', urc: { type: 'ring' } });
    expect(c.classify('+FOO: 1', csq)).toEqual({ class: 'unknown', line: '+FOO: 1' });
    expect(c.classify('OK', csq)).toEqual({ class: 'final', result: { kind: 'ok' } });
  });

  it('a final result with no command in flight is unknown, not a crash', () => {
    const c = new LineClassifier();
    expect(c.classify('OK', null)).toEqual({ class: 'unknown', line: 'OK' });
    expect(c.classify('+CMS ERROR: 38', null)).toEqual({ class: 'unknown', line: '+CMS ERROR: 38' });
  });

  it('the line after a +CMGL header is the PDU, even when it reads OK', () => {
    const c = new LineClassifier();
    const cmgl = ctx('AT+CMGL=4', { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true });
    expect(c.classify('+CMGL: 1,1,,3', cmgl).class).toBe('response');
    expect(c.classify('OK', cmgl)).toEqual({ class: 'response', line: 'OK' });
    expect(c.classify('+CMGL: 2,1,,3', cmgl).class).toBe('response');
    expect(c.classify('+CMS ERROR: 38', cmgl)).toEqual({ class: 'response', line: '+CMS ERROR: 38' });
    expect(c.classify('OK', cmgl)).toEqual({ class: 'final', result: { kind: 'ok' } });
  });

  it('+CMT and +CDS take the next line as their PDU, also in the middle of a response', () => {
    const c = new LineClassifier();
    const cmgl = ctx('AT+CMGL=4', { kind: 'prefix', prefixes: ['+CMGL:'], pduAfterHeader: true });
    expect(c.classify('+CMT: ,3', cmgl)).toEqual({ class: 'urc-header', header: { type: 'cmt', alpha: null, length: 3 } });
    expect(c.classify('+CMGL: 1,1,,3', cmgl)).toEqual({ class: 'urc', urc: { type: 'cmt', alpha: null, length: 3, pdu: '+CMGL: 1,1,,3' } });
    expect(c.classify('+CDS: 4', null).class).toBe('urc-header');
    expect(c.classify('OK', null)).toEqual({ class: 'urc', urc: { type: 'cds', length: 4, pdu: 'OK' } });
  });

  it('the prefix of the command in flight wins over a URC of the same name', () => {
    const c = new LineClassifier();
    expect(c.classify('+CPIN: READY', ctx('AT+CPIN?', { kind: 'prefix', prefixes: ['+CPIN:'] }))).toEqual({ class: 'response', line: '+CPIN: READY' });
    expect(c.classify('+CPIN: READY', null)).toEqual({ class: 'urc', urc: { type: 'cpin', state: 'READY' } });
  });

  it('raw responses take bare lines but still route URCs', () => {
    const c = new LineClassifier();
    const gsn = ctx('AT+CGSN', { kind: 'raw' });
    expect(c.classify('867959030000001', gsn)).toEqual({ class: 'response', line: '867959030000001' });
    expect(c.classify('RING', gsn).class).toBe('urc');
  });

  it('NO CARRIER ends a dial command but is an event otherwise', () => {
    const c = new LineClassifier();
    expect(c.classify('NO CARRIER', ctx('ATD+861234;', { kind: 'final' }, { dial: true }))).toEqual({ class: 'final', result: { kind: 'dial', result: 'NO CARRIER' } });
    expect(c.classify('NO CARRIER', ctx('AT+CSQ'))).toEqual({ class: 'urc', urc: { type: 'call-ended', reason: 'NO CARRIER' } });
    expect(c.classify('NO CARRIER', null).class).toBe('urc');
  });

  it('recognises the echo of a CMGS payload', () => {
    const c = new LineClassifier();
    expect(c.classify('0011AB\x1a', ctx('AT+CMGS=2', { kind: 'prefix', prefixes: ['+CMGS:'] }, { payload: '0011AB' }))).toEqual({ class: 'echo' });
  });
});
