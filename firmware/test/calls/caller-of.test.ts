// A caller-ID name from the network is shown on every screen's popup: it passes the name rule.
import { describe, expect, it } from 'vitest';
import { blankCallerId } from '../../src/callerid/result.js';
import { callerOf } from '../../src/calls/call-line.js';

describe('callerOf', () => {
  it('cleans the network name; keeps the number and absence as they came', () => {
    const named = { ...blankCallerId('vcid', 'NAME = …'), number: '01065529988', name: '\u202EHOA\u0000 TRAN' };
    expect(callerOf(named)).toEqual({ number: '01065529988', absence: null, name: 'HOA TRAN' });
    const hidden = { ...blankCallerId('mdmf', '80…'), absence: 'private' as const, name: '\u200B' };
    expect(callerOf(hidden)).toEqual({ number: null, absence: 'private', name: null });
  });
});
