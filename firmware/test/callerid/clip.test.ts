import { describe, expect, it } from 'vitest';
import { decodeClip, type CallerIdResult } from '../../src/callerid/index.js';

const ok = (r: CallerIdResult) => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
};
const code = (r: CallerIdResult) => (r.ok ? 'ok' : r.error.code);

describe('+CLIP', () => {
  it('reads a SIM800 international number with all six fields', () => {
    const v = ok(decodeClip('+CLIP: "+8613812345678",145,"",0,"",0'));
    expect(v).toMatchObject({ source: 'clip', number: '+8613812345678', numberType: 145, absence: null, name: null, cliValidity: 0 });
    expect(v.warnings).toEqual([]);
  });

  it("adds the '+' that type 145 promises when the modem leaves it out", () => {
    expect(ok(decodeClip('+CLIP: "8613812345678",145,"",0,"",0')).number).toBe('+8613812345678');
    expect(ok(decodeClip('+CLIP: "84912345678",145')).number).toBe('+84912345678');
  });

  it('keeps national and unknown-type numbers as sent', () => {
    expect(ok(decodeClip('+CLIP: "13812345678",129,"",0,"",0')).number).toBe('13812345678');
    expect(ok(decodeClip('+CLIP: "0912345678",161,,,,0')).number).toBe('0912345678');
    expect(ok(decodeClip('+CLIP: "02838123456",129')).numberType).toBe(129);
  });

  it('reads the short two-field form and SIM7600 empty middle fields', () => {
    const short = ok(decodeClip('+CLIP: "13812345678",129'));
    expect(short).toMatchObject({ number: '13812345678', cliValidity: null, name: null });
    const sim7600 = ok(decodeClip('+CLIP: "+8613812345678",145,,,,0'));
    expect(sim7600).toMatchObject({ number: '+8613812345678', cliValidity: 0 });
  });

  it('says withheld and unavailable from CLI validity', () => {
    expect(ok(decodeClip('+CLIP: "",128,"",,"",1'))).toMatchObject({ number: null, absence: 'private', cliValidity: 1 });
    expect(ok(decodeClip('+CLIP: "",128,"",0,"",1'))).toMatchObject({ number: null, absence: 'private' });
    expect(ok(decodeClip('+CLIP: "",128,,,,2'))).toMatchObject({ number: null, absence: 'unavailable', cliValidity: 2 });
    expect(ok(decodeClip('+CLIP: "",128,,,,3')).absence).toBe('unavailable'); // payphone
    expect(ok(decodeClip('+CLIP: "",128,,,,4')).absence).toBe('unavailable'); // other reasons
  });

  it('marks an empty number without a validity field as unknown, not withheld', () => {
    expect(ok(decodeClip('+CLIP: "",128'))).toMatchObject({ number: null, absence: 'unknown' });
    expect(ok(decodeClip('+CLIP: "",,"",,"",'))).toMatchObject({ number: null, absence: 'unknown', numberType: null });
  });

  it('keeps a number sent with validity 1 (override category) and says so', () => {
    const v = ok(decodeClip('+CLIP: "110",129,"",0,"",1'));
    expect(v).toMatchObject({ number: '110', absence: null, cliValidity: 1 });
    expect(v.warnings.join()).toMatch(/override/);
  });

  it('reads the phonebook alpha, including commas and spaces, and ignores an empty one', () => {
    expect(ok(decodeClip('+CLIP: "13812345678",129,"",0,"Wang, Xiao Ming",0')).name).toBe('Wang, Xiao Ming');
    expect(ok(decodeClip('+CLIP: "13812345678",129,"",0,"",0')).name).toBeNull();
    expect(ok(decodeClip('+CLIP: "13812345678",129,"",0,"  ",0')).name).toBeNull();
    expect(ok(decodeClip('+CLIP: "13812345678",129,"",,"A,B,,C",0')).name).toBe('A,B,,C');
  });

  it('tolerates spaces around fields and the trailing CR', () => {
    expect(ok(decodeClip('  +CLIP:"13812345678" , 129 ,"",0,"",0\r')).number).toBe('13812345678');
  });

  it('refuses broken lines with a reason, never an exception', () => {
    expect(code(decodeClip('+CLIP: "13812345678'))).toBe('bad-syntax'); // unterminated quote
    expect(code(decodeClip('+CLIP: "138"x,129'))).toBe('bad-syntax');
    expect(code(decodeClip('+CLIP: "13812345678"'))).toBe('bad-syntax'); // no type
    expect(code(decodeClip('+CLIP: "13812345678",abc'))).toBe('bad-syntax');
    expect(code(decodeClip('+CLIP: "13812345678",300'))).toBe('bad-syntax');
    expect(code(decodeClip('+CLIP: "13812345678",129,"",0,"",x'))).toBe('bad-syntax');
    expect(code(decodeClip('+CLIP: "13812345678",129,"",0,"",0,7'))).toBe('bad-syntax');
    expect(code(decodeClip('+CLIP: "Anonymous",128'))).toBe('bad-number');
    expect(code(decodeClip('+CLIP:'))).toBe('bad-syntax');
    expect(code(decodeClip('+CLCC: 1,1,4,0,0'))).toBe('unrecognised');
    expect(code(decodeClip('RING'))).toBe('unrecognised');
    const r = decodeClip('+CLIP: 13812345678"');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.raw).toBe('+CLIP: 13812345678"');
  });
});
