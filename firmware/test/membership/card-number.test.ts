// Card numbers (M1) as typed at the desk, scanned by a phone, or given by the box.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxCardNo, cleanCardNo, isBoxCardNo, nextFreeBoxCardNo, parseCardNo } from '../../src/membership/card-number.js';

const ok = (raw: string) => {
  const r = parseCardNo(raw);
  if (!r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be accepted: ${r.message}`);
  return r.cardNo;
};
const refused = (raw: string) => {
  const r = parseCardNo(raw);
  if (r.ok) throw new Error(`expected ${JSON.stringify(raw)} to be refused, got ${r.cardNo}`);
  return r.message;
};

describe('parseCardNo: one stored form for every way a number comes in', () => {
  it.each([
    ['VIP-0012', 'VIP-0012'],
    ['vip-0012', 'VIP-0012'],
    ['  8800 1234 5678  ', '880012345678'],
    ['8800\u00a01234', '88001234'], // no-break space copied from a web page
    ['8800\u30001234', '88001234'], // ideographic space from a Chinese input method
    ['８８００１２３４', '88001234'], // full-width digits
    ['ＶＩＰ－００１２', 'VIP-0012'], // full-width letters and dash
    ['VIP\u20130012', 'VIP-0012'], // en dash from a word processor
    ['VIP\u22120012', 'VIP-0012'], // minus sign
    ['M000001\r\n', 'M000001'], // a scanner app appends the line end
    ['\tabc1\u200b', 'ABC1'], // a tab and a zero-width space
    ['a-b-c-d', 'A-B-C-D'],
    ['abcd', 'ABCD'],
    ['1234', '1234'],
    ['x'.repeat(32), 'X'.repeat(32)],
  ])('%j → %s', (raw, want) => {
    expect(ok(raw)).toBe(want);
  });

  it('keeps dashes: on cards that print them they are part of the number', () => {
    expect(ok('VIP-0012')).not.toBe(ok('VIP0012'));
  });

  it.each([
    ['', 'required'],
    ['   ', 'required'],
    ['\r\n', 'required'],
  ])('refuses %j as %s', (raw, msg) => {
    expect(refused(raw)).toBe(msg);
  });

  it.each([
    ['abc', /4 to 32 characters.*3/],
    ['1 2 3', /4 to 32 characters.*3/],
    ['x'.repeat(33), /4 to 32 characters.*33/],
    ['VIP_0012', /letters A–Z, digits and dashes.*"_"/],
    ['VIP.0012', /"\."/],
    ['会员卡0012', /"会"/],
    ['thẻ-0012', /"ẻ"/],
    ['ß123', /"ß"/], // "ß".toUpperCase() is "SS": must not slip through as SS123
    ['https://x.example/c/1', /":"/], // some other QR code scanned by mistake
    ['-1234', /dash must stand between/],
    ['1234-', /dash must stand between/],
    ['12--34', /dash must stand between/],
    ['----', /dash must stand between/],
  ])('refuses %j with a clear message', (raw, msg) => {
    expect(refused(raw)).toMatch(msg);
  });

  it('is idempotent: a stored number parses to itself', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        const r = parseCardNo(raw);
        if (r.ok) expect(parseCardNo(r.cardNo)).toEqual(r);
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts exactly upper-case letters, digits and inner single dashes, 4 to 32 long', () => {
    const part = fc.stringMatching(/^[A-Z0-9]{1,8}$/);
    fc.assert(
      fc.property(fc.array(part, { minLength: 1, maxLength: 4 }), (parts) => {
        const s = parts.join('-');
        const r = parseCardNo(s.toLowerCase());
        expect(r.ok).toBe(s.length >= 4 && s.length <= 32);
        if (r.ok) expect(r.cardNo).toBe(s);
      }),
    );
  });

  it('never throws, and what it accepts matches the stored form', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 50 }), (raw) => {
        const r = parseCardNo(raw);
        if (r.ok) expect(r.cardNo).toMatch(/^[A-Z0-9](?:-?[A-Z0-9])+$/);
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 1000 },
    );
  });

  it('ignores spaces and case wherever they are', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9]{4,20}$/), fc.array(fc.nat(25), { maxLength: 5 }), (s, cuts) => {
        let spaced = s;
        for (const c of cuts) spaced = spaced.slice(0, c) + ' ' + spaced.slice(c);
        expect(ok(spaced)).toBe(s.toUpperCase());
      }),
    );
  });

  it('cleanCardNo only evens out forms, it does not validate', () => {
    expect(cleanCardNo(' a_b ')).toBe('a_b');
    expect(cleanCardNo('１ ２')).toBe('12');
  });
});

describe("the box's own numbers", () => {
  it('are M and six digits, more past 999999', () => {
    expect(boxCardNo(1)).toBe('M000001');
    expect(boxCardNo(42)).toBe('M000042');
    expect(boxCardNo(999_999)).toBe('M999999');
    expect(boxCardNo(1_000_000)).toBe('M1000000');
  });

  it('refuse a counter that is not a positive whole number', () => {
    for (const n of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60]) expect(() => boxCardNo(n)).toThrow(RangeError);
  });

  it('pass their own validation and are recognised as the box form', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 ** 12 }), (n) => {
        const no = boxCardNo(n);
        expect(parseCardNo(no)).toEqual({ ok: true, cardNo: no });
        expect(isBoxCardNo(no)).toBe(true);
      }),
    );
    for (const other of ['M12345', 'M00001A', 'VIP-0001', 'MM000001', 'm000001', 'M000001-2']) expect(isBoxCardNo(other)).toBe(false);
  });

  it('skip numbers already taken, from the counter on', () => {
    const taken = new Set(['M000003', 'M000004', 'M000006']);
    expect(nextFreeBoxCardNo(1, (n) => taken.has(n))).toBe('M000001');
    expect(nextFreeBoxCardNo(3, (n) => taken.has(n))).toBe('M000005');
    expect(nextFreeBoxCardNo(6, (n) => taken.has(n))).toBe('M000007');
    // A counter below 1 (an empty table) starts at 1.
    expect(nextFreeBoxCardNo(0, () => false)).toBe('M000001');
  });

  it('always find a free number not in the taken set, at or after the counter', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 50 }), fc.uniqueArray(fc.integer({ min: 1, max: 80 }), { maxLength: 60 }), (start, used) => {
        const taken = new Set(used.map(boxCardNo));
        const got = nextFreeBoxCardNo(start, (n) => taken.has(n));
        expect(taken.has(got)).toBe(false);
        const n = Number(got.slice(1));
        expect(n).toBeGreaterThanOrEqual(start);
        // The first free one: every number between the counter and it is taken.
        for (let k = start; k < n; k++) expect(taken.has(boxCardNo(k))).toBe(true);
      }),
    );
  });
});
