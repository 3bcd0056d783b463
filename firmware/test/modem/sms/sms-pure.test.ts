// The pure parts of SMS and modem status: failure classes, answer parsers, reassembly.
import { describe, expect, it } from 'vitest';
import { AtClosedError, AtError, AtTimeoutError } from '../../../src/modem/at/errors.js';
import { firstRaw, parseCops, parseCpin, parseCregQuery, parseCsca, parseCsq } from '../../../src/modem/modem-info.js';
import { assemble, MISSING_PART, pduHash } from '../../../src/modem/sms/inbox-store.js';
import { classifySendFailure, retryDelayMs } from '../../../src/modem/sms/send-failure.js';
import { parseListing } from '../../../src/modem/sms/sms-receiver.js';
import { parseCmgs } from '../../../src/modem/sms/sms-sender.js';

const cms = (code: number) => new AtError('AT+CMGS=20', { kind: 'error', type: 'CMS', code, text: `+CMS ERROR: ${code}` });

describe('classifySendFailure', () => {
  it.each([27, 38, 41, 42, 47, 310, 311, 322, 331, 332, 500, 515])('+CMS ERROR: %i means not sent, try later', (code) => {
    expect(classifySendFailure(cms(code))).toEqual({ kind: 'retry', error: `+CMS ERROR: ${code}`, code });
  });
  it.each([1, 8, 10, 21, 29, 30, 304, 305, 330])('+CMS ERROR: %i is final', (code) => {
    expect(classifySendFailure(cms(code)).kind).toBe('permanent');
  });
  it('unlisted network causes are final, unlisted module codes pass', () => {
    expect(classifySendFailure(cms(127)).kind).toBe('permanent');
    expect(classifySendFailure(cms(599)).kind).toBe('retry');
  });
  it('no answer after the payload, or the port gone mid-send: unknown, never retried', () => {
    expect(classifySendFailure(new AtTimeoutError('AT+CMGS=20', 'final result after the payload', 60_000)).kind).toBe('unknown');
    expect(classifySendFailure(new AtClosedError('AT+CMGS=20', 'port gone', 'in-flight')).kind).toBe('unknown');
    expect(classifySendFailure(new Error('EIO')).kind).toBe('unknown');
  });
  it('no prompt, or gone before the payload: nothing was sent, retry', () => {
    expect(classifySendFailure(new AtTimeoutError('AT+CMGS=20', `'> ' prompt`, 5_000)).kind).toBe('retry');
    expect(classifySendFailure(new AtClosedError('AT+CMGS=20', 'port gone', 'before-payload')).kind).toBe('retry');
    expect(classifySendFailure(new AtClosedError('AT+CMGS=20', 'modem not ready')).kind).toBe('retry');
    expect(classifySendFailure(new AtError('AT+CMGS=20', { kind: 'error', type: 'ERROR', code: null, text: 'ERROR' })).kind).toBe('retry');
  });
  it('backs off 30 s, 1, 2, 4 … minutes, capped at 30', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((a) => retryDelayMs(a) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1800, 1800]);
  });
});

describe('modem answers', () => {
  it('CSQ to dBm, 99 unknown', () => {
    expect(parseCsq('+CSQ: 20,0')).toEqual({ csq: 20, signalDbm: -73 });
    expect(parseCsq('+CSQ: 0,0')).toEqual({ csq: 0, signalDbm: -113 });
    expect(parseCsq('+CSQ: 31,99')).toEqual({ csq: 31, signalDbm: -51 });
    expect(parseCsq('+CSQ: 99,99')).toEqual({ csq: 99, signalDbm: null });
    expect(parseCsq('garbage')).toEqual({ csq: null, signalDbm: null });
    expect(parseCsq(undefined)).toEqual({ csq: null, signalDbm: null });
  });
  it('SIM states', () => {
    expect(parseCpin('+CPIN: READY')).toBe('ready');
    expect(parseCpin('+CPIN: SIM PIN')).toBe('pin-required');
    expect(parseCpin('+CPIN: SIM PUK')).toBe('puk-required');
    expect(parseCpin('+CPIN: NOT INSERTED')).toBe('not-inserted');
    expect(parseCpin('+CPIN: PH-NET PIN')).toBe('pin-required');
    expect(parseCpin('')).toBe('unknown');
  });
  it('registration, operator, SMS centre, bare lines', () => {
    expect(['+CREG: 0,1', '+CREG: 1,5,"1A2B","0C3D"', '+CREG: 0,3', '+CREG: 2,2', '+CREG: 0,0', '+CREG: 0,4', '+CREG: x'].map(parseCregQuery)).toEqual([
      'home', 'roaming', 'denied', 'searching', 'not-registered', 'unknown', 'unknown',
    ]);
    expect(parseCops('+COPS: 0,0,"Viettel",7')).toBe('Viettel');
    expect(parseCops('+COPS: 0')).toBeNull();
    expect(parseCsca('+CSCA: "+8613800100500",145')).toBe('+8613800100500');
    expect(parseCsca('+CSCA: "",129')).toBeNull();
    expect(firstRaw(['', '867959030000001'])).toBe('867959030000001');
    expect(firstRaw(['+CGSN: x'])).toBeNull();
  });
  it('+CMGS reference', () => {
    expect(parseCmgs(['+CMGS: 17'])).toBe(17);
    expect(parseCmgs(['+CMGS: 300'])).toBe(44);
    expect(parseCmgs([])).toBeNull();
  });
});

describe('SIM listings', () => {
  it('pairs each header with its PDU line, whatever it looks like (an SMS whose PDU line is OK-like)', () => {
    expect(parseListing(['+CMGL: 1,0,,24', '0791AB', '+CMGL: 4,1,"x",12', 'OK', '+CMGL: 5,3,,9'], '+CMGL:')).toEqual([
      { index: 1, stat: 0, pdu: '0791AB' },
      { index: 4, stat: 1, pdu: 'OK' },
    ]);
    expect(parseListing(['+CMGR: 0,,24', '07FF'], '+CMGR:', 9)).toEqual([{ index: 9, stat: 0, pdu: '07FF' }]);
    // A header whose PDU never came (the channel reported it): skipped, the message stays on the SIM.
    expect(parseListing(['+CMGL: 1,0,,24', '+CMGL: 2,0,,24', '07FF', '+CMGL: 3,0,,24'], '+CMGL:')).toEqual([{ index: 2, stat: 0, pdu: '07FF' }]);
    expect(parseListing(['+CMGL: x,0,,24', '07FF'], '+CMGL:')).toEqual([]);
  });
});

describe('reassembly', () => {
  it('puts parts in order and marks the missing ones', () => {
    expect(assemble([{ seq: 3, text: 'c' }, { seq: 1, text: 'a' }], 3)).toBe(`a${MISSING_PART}c`);
    expect(assemble([], 2)).toBe(MISSING_PART + MISSING_PART);
  });
  it('the same PDU in any case or with spaces around hashes the same', () => {
    expect(pduHash(' 07ab\n')).toBe(pduHash('07AB'));
    expect(pduHash('07AB')).not.toBe(pduHash('07AC'));
  });
});
