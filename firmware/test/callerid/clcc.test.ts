import { describe, expect, it } from 'vitest';
import { decodeClcc, type CallerIdResult } from '../../src/callerid/index.js';

const ok = (r: CallerIdResult) => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
};
const code = (r: CallerIdResult) => (r.ok ? 'ok' : r.error.code);

describe('+CLCC', () => {
  it('reads an incoming ringing call with its number', () => {
    const v = ok(decodeClcc('+CLCC: 1,1,4,0,0,"+8613812345678",145,""'));
    expect(v).toMatchObject({ source: 'clcc', number: '+8613812345678', numberType: 145, absence: null, name: null });
    expect(v.call).toEqual({ index: 1, direction: 'incoming', stat: 4, state: 'incoming', ringing: true, mode: 0, multiparty: false });
  });

  it('tells ringing, waiting, active, held and ended apart', () => {
    const state = (line: string) => ok(decodeClcc(line)).call;
    expect(state('+CLCC: 2,1,5,0,0,"13812345678",129')).toMatchObject({ state: 'waiting', ringing: true, index: 2 });
    expect(state('+CLCC: 1,1,0,0,0,"13812345678",129')).toMatchObject({ state: 'active', ringing: false });
    expect(state('+CLCC: 1,1,1,0,1,"13812345678",129')).toMatchObject({ state: 'held', multiparty: true });
    expect(state('+CLCC: 1,1,6,0,0,"13812345678",129,""')).toMatchObject({ state: 'disconnected', ringing: false });
    expect(state('+CLCC: 1,1,8,0,0')).toMatchObject({ state: 'unknown', stat: 8 });
  });

  it('marks outgoing calls so they are not shown as callers', () => {
    const call = ok(decodeClcc('+CLCC: 1,0,2,0,0,"10086",129,""')).call;
    expect(call).toMatchObject({ direction: 'outgoing', state: 'dialing', ringing: false });
    expect(ok(decodeClcc('+CLCC: 1,0,3,0,0,"10086",129')).call?.state).toBe('alerting');
  });

  it('reads a line without number (withheld or no CLIP) as absent for an unknown reason', () => {
    expect(ok(decodeClcc('+CLCC: 1,1,4,0,0'))).toMatchObject({ number: null, absence: 'unknown' });
    expect(ok(decodeClcc('+CLCC: 1,1,4,0,0,"",128'))).toMatchObject({ number: null, absence: 'unknown', numberType: 128 });
  });

  it('reads the alpha, and the rel. 11 priority and CLI validity fields', () => {
    expect(ok(decodeClcc('+CLCC: 1,1,4,0,0,"13812345678",129,"Li, Hua"')).name).toBe('Li, Hua');
    expect(ok(decodeClcc('+CLCC: 1,1,4,0,0,"",128,"",,1'))).toMatchObject({ absence: 'private', cliValidity: 1 });
    expect(ok(decodeClcc('+CLCC: 1,1,4,0,0,"",128,"",0,2'))).toMatchObject({ absence: 'unavailable', cliValidity: 2 });
  });

  it('refuses broken lines with a reason', () => {
    expect(code(decodeClcc('+CLCC: 1,1,4,0'))).toBe('bad-syntax');
    expect(code(decodeClcc('+CLCC: 1,2,4,0,0'))).toBe('bad-syntax'); // dir is 0 or 1
    expect(code(decodeClcc('+CLCC: x,1,4,0,0'))).toBe('bad-syntax');
    expect(code(decodeClcc('+CLCC: 1,1,,0,0'))).toBe('bad-syntax');
    expect(code(decodeClcc('+CLCC: 1,1,4,0,0,"138-x",129'))).toBe('bad-number');
    expect(code(decodeClcc('+CLCC: 1,1,4,0,0,"13812345678",zz'))).toBe('bad-syntax');
    expect(code(decodeClcc('+CLCC: 1,1,4,0,0,"13812345678",129,"",0,1,9'))).toBe('bad-syntax');
    expect(code(decodeClcc('+CLCC: 1,1,4,0,0,"13812345678'))).toBe('bad-syntax');
    expect(code(decodeClcc('+CLIP: "1",129'))).toBe('unrecognised');
  });
});
