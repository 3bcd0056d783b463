import { describe, expect, it } from 'vitest';
import { callerNumberCandidates } from '../../src/callerid/index.js';

describe('callerNumberCandidates', () => {
  it('finds one Chinese mobile however the exchange or modem wrote it', () => {
    for (const raw of ['13812345678', '+8613812345678', '008613812345678', '86 138 1234 5678', '8613812345678', '138-1234-5678', '013812345678']) {
      expect(callerNumberCandidates(raw, 'CN'), raw).toEqual(['+8613812345678']);
    }
  });

  it('finds a Chinese landline with its area code, with or without the trunk 0', () => {
    for (const raw of ['01065529988', '1065529988', '+861065529988', '00861065529988', '861065529988']) {
      expect(callerNumberCandidates(raw, 'CN'), raw).toEqual(['+861065529988']);
    }
    expect(callerNumberCandidates('02163215678', 'CN', { localAreaCode: '10' })).toEqual(['+862163215678']);
  });

  it("completes a local landline with the box's own area code", () => {
    expect(callerNumberCandidates('65529988', 'CN', { localAreaCode: '10' })).toEqual(['+861065529988']);
    expect(callerNumberCandidates('6552 9988', 'CN', { localAreaCode: '010' })).toEqual(['+861065529988']);
    expect(callerNumberCandidates('63215678', 'CN', { localAreaCode: '21' })).toEqual(['+862163215678']);
    expect(callerNumberCandidates('65529988', 'CN')).toEqual([]); // no area code known
  });

  it('does not put the area code in front of a number that is already complete', () => {
    expect(callerNumberCandidates('13812345678', 'CN', { localAreaCode: '10' })).toEqual(['+8613812345678']);
  });

  it('finds Vietnamese mobiles and Ho Chi Minh City landlines', () => {
    for (const raw of ['0912345678', '+84912345678', '0084912345678', '84912345678', '84 912 345 678']) {
      expect(callerNumberCandidates(raw, 'VN'), raw).toEqual(['+84912345678']);
    }
    for (const raw of ['02838123456', '2838123456', '+842838123456', '00842838123456']) {
      expect(callerNumberCandidates(raw, 'VN'), raw).toEqual(['+842838123456']);
    }
    expect(callerNumberCandidates('38123456', 'VN', { localAreaCode: '28' })).toEqual(['+842838123456']);
    expect(callerNumberCandidates('3812 3456', 'VN', { localAreaCode: '028' })).toEqual(['+842838123456']);
  });

  it('reads foreign callers in international form', () => {
    expect(callerNumberCandidates('+84912345678', 'CN')).toEqual(['+84912345678']);
    expect(callerNumberCandidates('0084912345678', 'CN')).toEqual(['+84912345678']);
    expect(callerNumberCandidates('008613812345678', 'VN')).toEqual(['+8613812345678']);
  });

  it('gives nothing for what cannot be a number', () => {
    for (const raw of ['', 'P', 'O', 'Anonymous', '12', '*31#', '+', '++8613812345678', '1'.repeat(30)]) {
      expect(callerNumberCandidates(raw, 'CN'), raw).toEqual([]);
    }
    expect(callerNumberCandidates('65529988', 'CN', { localAreaCode: 'ten' })).toEqual([]);
  });
});
