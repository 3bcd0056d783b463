import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexToBytes } from '../../../src/modem/pdu/hex.js';
import { decodeTimestamp, encodeTimestamp, type Timestamp } from '../../../src/modem/pdu/scts.js';
import { relativeValidityMinutes, encodeRelativeValidity } from '../../../src/modem/pdu/validity-period.js';

const dec = (hex: string) => decodeTimestamp(hexToBytes(hex)) as Timestamp;

describe('time stamps (TS 23.040 §9.2.3.11)', () => {
  it('decodes the dreamfabric.com example 99309251619580: 1999-03-29 15:16:59, +2 h', () => {
    // TZ octet 0x80: first semi-octet (low nibble) 0 = sign + and tens 0, second 8 -> 8 quarters.
    expect(dec('99309251619580')).toMatchObject({ year: 1999, month: 3, day: 29, hour: 15, minute: 16, second: 59, offsetMinutes: 120, local: '1999-03-29T15:16:59+02:00', utc: '1999-03-29T13:16:59.000Z' });
  });

  it('decodes Vietnam (+7 h = 28 quarters, TZ octet 82) and China (+8 h = 32, octet 23)', () => {
    expect(dec('42500190000082')).toMatchObject({ local: '2024-05-10T09:00:00+07:00', utc: '2024-05-10T02:00:00.000Z' });
    expect(dec('42500190000023')).toMatchObject({ offsetMinutes: 480, utc: '2024-05-10T01:00:00.000Z' });
  });

  it('decodes negative zones: bit 3 of the first semi-octet is the sign', () => {
    // -5 h = -20 quarters: tens 2 | sign 8 = A, units 0 -> octet 0A.  -3:30 = -14 quarters -> 49.
    expect(dec('4250019000000A')).toMatchObject({ offsetMinutes: -300, local: '2024-05-10T09:00:00-05:00', utc: '2024-05-10T14:00:00.000Z' });
    expect(dec('42500190000049')).toMatchObject({ offsetMinutes: -210, utc: '2024-05-10T12:30:00.000Z' });
    // Crossing midnight and a year: 2023-12-31 23:30 at -05:00 is 2024-01-01 04:30 UTC.
    expect(dec('3221133203000A').utc).toBe('2024-01-01T04:30:00.000Z');
    // -0 is plain 0.
    expect(dec('42500190000008').offsetMinutes).toBe(0);
  });

  it('says why a time stamp is not valid instead of inventing a date', () => {
    expect(decodeTimestamp(hexToBytes('42A00190000082'))).toMatch(/not a digit/);
    expect(dec('42209290000082').local).toBe('2024-02-29T09:00:00+07:00'); // a leap day is real…
    expect(decodeTimestamp(hexToBytes('32209290000082'))).toMatch(/no such date 2023-02-29/); // …in 2024 only
    expect(decodeTimestamp(hexToBytes('42401390000082'))).toMatch(/no such date 2024-04-31/);
    expect(decodeTimestamp(hexToBytes('42500152000082'))).toMatch(/no such time 25:00:00/);
    expect(decodeTimestamp(hexToBytes('425001900000'))).toMatch(/7 octets/);
  });

  it('property: encode -> decode returns the fields for any valid date and zone', () => {
    const fields = fc
      .record({
        year: fc.integer({ min: 1990, max: 2089 }),
        month: fc.integer({ min: 1, max: 12 }),
        day: fc.integer({ min: 1, max: 28 }),
        hour: fc.integer({ min: 0, max: 23 }),
        minute: fc.integer({ min: 0, max: 59 }),
        second: fc.integer({ min: 0, max: 59 }),
        offsetMinutes: fc.integer({ min: -79, max: 79 }).map((q) => (q === 0 ? 0 : q * 15)),
      });
    fc.assert(
      fc.property(fields, (f) => {
        const t = decodeTimestamp(encodeTimestamp(f));
        expect(t).toMatchObject(f);
        const { utc } = t as Timestamp;
        expect(Date.parse(utc)).toBe(Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second) - f.offsetMinutes * 60_000);
      }),
    );
  });

  it('refuses offsets a time stamp cannot hold', () => {
    const t = { year: 2024, month: 1, day: 1, hour: 0, minute: 0, second: 0 };
    expect(() => encodeTimestamp({ ...t, offsetMinutes: 20 })).toThrow(RangeError);
    expect(() => encodeTimestamp({ ...t, offsetMinutes: 80 * 15 })).toThrow(RangeError);
    expect(() => encodeTimestamp({ ...t, year: 2100, offsetMinutes: 0 })).toThrow(RangeError);
  });
});

describe('relative validity period (TS 23.040 §9.2.3.12.1)', () => {
  it('maps the four ranges', () => {
    expect([0, 143, 144, 167, 168, 170, 196, 197, 255].map(relativeValidityMinutes)).toEqual([5, 720, 750, 1440, 2 * 1440, 4 * 1440, 30 * 1440, 5 * 10080, 63 * 10080]);
    // 4 days -> AA, as in the dreamfabric.com SUBMIT example.
    expect(encodeRelativeValidity(4 * 1440)).toBe(0xaa);
    expect(encodeRelativeValidity(1)).toBe(0);
    expect(encodeRelativeValidity(61)).toBe(12); // rounds up: 65 min, never shorter than asked
    expect(encodeRelativeValidity(1e9)).toBe(255);
  });
});
