// decodePdu must answer every input with a value: broken PDUs come back as { ok: false }.
// The errors must also be real findings, never 'internal' (a bug caught by the safety net).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePdu, encodeDeliver, encodeStatusReport, encodeSubmit, type DecodeResult } from '../../../src/modem/pdu/index.js';
import { anyText } from './arbitraries.js';

const TIME = { year: 2024, month: 5, day: 10, hour: 9, minute: 0, second: 0, offsetMinutes: -300 };
const CODES = ['bad_hex', 'truncated', 'bad_length', 'bad_address', 'bad_udh', 'unsupported_type'];

function check(hex: string, hasSmsc = true): DecodeResult {
  let r: DecodeResult | undefined;
  expect(() => (r = decodePdu(hex, { hasSmsc }))).not.toThrow();
  if (r && !r.ok) {
    expect(CODES).toContain(r.error.code);
    expect(r.error.message.length).toBeGreaterThan(0);
  }
  return r as DecodeResult;
}

const VALID = [
  '07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37',
  '0011000B916407281553F80000AA0AE8329BFD4697D9EC37',
  '00062A0B914809214365F74250019000008242500101000082300700' + '0002E834',
  '00440B914809214365F700084250019000008209060804ABCD02024F60',
  ...encodeSubmit({ to: '+84901234567', text: 'Xin chào 你好 😀 '.repeat(12), statusReport: true, validityMinutes: 60 }).parts.map((p) => p.hex),
  ...encodeSubmit({ to: '+84901234567', text: '[€] {~} '.repeat(40), concatRef16: 513 }).parts.map((p) => p.hex),
  ...encodeDeliver({ from: 'VIETTEL', text: 'Khuyến mãi 50%', timestamp: TIME }).parts.map((p) => p.hex),
  encodeStatusReport({ messageRef: 7, recipient: '0901234567', status: 0x62, timestamp: TIME, dischargeTime: TIME }),
];

describe('decodePdu never throws', () => {
  it('names the problem for typical broken input', () => {
    expect(check('')).toMatchObject({ ok: false, error: { code: 'truncated' } });
    expect(check('0')).toMatchObject({ ok: false, error: { code: 'bad_hex' } });
    expect(check('00zz')).toMatchObject({ ok: false, error: { code: 'bad_hex', offset: 1 } });
    expect(check('0003')).toMatchObject({ ok: false, error: { code: 'unsupported_type', offset: 1 } });
    expect(check('0004')).toMatchObject({ ok: false, error: { code: 'truncated', offset: 2 } });
    expect(check('00'.repeat(600))).toMatchObject({ ok: false, error: { code: 'bad_length' } });
    // TP-UDL 0xFF for GSM-7: over 160 septets.
    expect(check('00040481214300004250019000008' + '2FF')).toMatchObject({ ok: false, error: { code: 'bad_length', offset: 15 } });
    // UDHI set, UDHL 0x20 longer than the 3-octet user data.
    expect(check('00440481214300044250019000008203200000')).toMatchObject({ ok: false, error: { code: 'bad_udh' } });
    // An information element running past UDHL.
    expect(check('0044048121430004425001900000820403000501')).toMatchObject({ ok: false, error: { code: 'bad_udh' } });
    // Not a string at all (a JavaScript caller).
    expect(decodePdu(42 as unknown as string)).toMatchObject({ ok: false, error: { code: 'bad_hex' } });
  });

  it('keeps a message whose time stamp is invalid, with a warning', () => {
    const r = check('00040481214300004299999999999905C8329BFD06');
    expect(r).toMatchObject({ ok: true, pdu: { timestamp: { invalid: expect.any(String), hex: '42999999999999' }, userData: { text: 'Hello' } } });
    if (r.ok) expect(r.pdu.warnings).toHaveLength(1);
  });

  it('every valid vector decodes, and every truncation of it is an error value', () => {
    for (const hex of VALID) {
      expect(check(hex).ok, hex).toBe(true);
      for (let n = 0; n < hex.length; n++) {
        const r = check(hex.slice(0, n));
        // Status reports may legitimately end after TP-ST; everything shorter is an error.
        if (r.ok) expect(r.pdu.type).toBe('status-report');
      }
    }
  });

  it('property: arbitrary hex, with and without SMSC field', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9A-Fa-f]{0,400}$/), fc.boolean(), (hex, hasSmsc) => {
        check(hex, hasSmsc);
      }),
      { numRuns: 2000 },
    );
  });

  it('property: arbitrary strings, including lone surrogates and non-hex', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (s) => {
        check(s);
      }),
      { numRuns: 500 },
    );
  });

  it('property: random octet flips, insertions and deletions in valid PDUs', () => {
    const mutation = fc.record({ at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('flip', 'insert', 'delete') });
    fc.assert(
      fc.property(fc.constantFrom(...VALID), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (hex, mutations, hasSmsc) => {
        const bytes = hex.match(/../g) ?? [];
        for (const m of mutations) {
          const i = m.at % (bytes.length + 1);
          const b = m.byte.toString(16).padStart(2, '0');
          if (m.kind === 'flip') bytes[Math.min(i, bytes.length - 1)] = b;
          else if (m.kind === 'insert') bytes.splice(i, 0, b);
          else bytes.splice(i, 1);
        }
        check(bytes.join(''), hasSmsc);
      }),
      { numRuns: 3000 },
    );
  });

  it('property: PDUs of arbitrary texts survive every single-octet corruption', () => {
    fc.assert(
      fc.property(anyText, fc.nat(), fc.integer({ min: 0, max: 255 }), (text, at, byte) => {
        const hex = encodeSubmit({ to: '+84901234567', text }).parts[0]?.hex ?? '';
        const i = (at % (hex.length / 2)) * 2;
        check(hex.slice(0, i) + byte.toString(16).padStart(2, '0') + hex.slice(i + 2));
      }),
      { numRuns: 300 },
    );
  });
});
