import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAddress, encodeSmsc, readAddress, readSmsc } from '../../../src/modem/pdu/address.js';
import { bytesToHex, hexToBytes } from '../../../src/modem/pdu/hex.js';
import { OctetReader } from '../../../src/modem/pdu/octet-reader.js';
import { PduDecodeError, PduEncodeError } from '../../../src/modem/pdu/pdu-error.js';

const read = (hex: string) => readAddress(new OctetReader(hexToBytes(hex)), 'TP-OA');
const readSc = (hex: string) => readSmsc(new OctetReader(hexToBytes(hex)));
const enc = (a: string, alpha = false) => bytesToHex(encodeAddress(a, alpha));

describe('addresses (TS 23.040 §9.1.2.5)', () => {
  it('encodes international numbers with TON/NPI 0x91 and an F filler for an odd digit count', () => {
    // dreamfabric.com's SUBMIT example: +46708251358 -> 0B 91 6407281553F8.
    expect(enc('+46708251358')).toBe('0B916407281553F8');
    expect(enc('+84 90-123 (4567)')).toBe('0B914809214365F7');
  });

  it('encodes numbers without + as unknown (0x81), length in digits, even count without filler', () => {
    // The same walk-through: 0708251358 as unknown -> 0A 81 7080523185.
    expect(enc('0708251358')).toBe('0A817080523185');
    // '*' is semi-octet A, '#' is B (§9.1.2.3): * 1 0 1 # -> 1A 10 FB.
    expect(enc('*101#')).toBe('05811A10FB');
  });

  it('encodes an alphanumeric sender (0xD0) as packed GSM-7, length in useful semi-octets', () => {
    // "VIETTEL" = 56 49 45 54 54 45 4C, packed by hand (see vectors.test.ts): D664914A2D3201;
    // 7 septets = 49 bits -> 13 semi-octets (0x0D).
    expect(enc('VIETTEL', true)).toBe('0DD0D664914A2D3201');
    expect(() => enc('VIETTEL')).toThrow(PduEncodeError);
    expect(() => enc('ABCDEFGHIJKL', true)).toThrow(PduEncodeError); // 12 characters: over 11
  });

  it('refuses numbers that cannot be sent', () => {
    expect(() => enc('+123456789012345678901')).toThrow(PduEncodeError); // 21 digits
    expect(() => enc('')).toThrow(PduEncodeError);
    expect(() => enc('12a4')).toThrow(PduEncodeError);
  });

  it('decodes international, national (0xA1), unknown (0x81) and alphanumeric addresses', () => {
    expect(read('0B916407281553F8')).toEqual({ type: 'international', toa: 0x91, npi: 1, number: '+46708251358' });
    expect(read('0AA17080523185')).toEqual({ type: 'national', toa: 0xa1, npi: 1, number: '0708251358' });
    expect(read('0A817080523185')).toEqual({ type: 'unknown', toa: 0x81, npi: 1, number: '0708251358' });
    expect(read('0DD0D664914A2D3201')).toEqual({ type: 'alphanumeric', toa: 0xd0, npi: 0, number: 'VIETTEL' });
    expect(read('05811A10FB').number).toBe('*101#');
  });

  it('reports an F inside the digits, a length over 20 and a truncated body', () => {
    expect(() => read('0B9164F7281553F8')).toThrow(PduDecodeError);
    try {
      read('0B9164F7281553F8');
    } catch (e) {
      expect(e).toMatchObject({ code: 'bad_address', offset: 3 });
    }
    expect(() => read('15916407281553F8')).toThrow(expect.objectContaining({ code: 'bad_address' }));
    expect(() => read('0B9164072815')).toThrow(expect.objectContaining({ code: 'truncated' }));
  });

  it('property: any number round-trips through TP-DA', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.stringMatching(/^[0-9*#]{1,20}$/), (plus, digits) => {
        const a = read(enc((plus ? '+' : '') + digits));
        expect(a.number).toBe((plus ? '+' : '') + digits);
        expect(a.type).toBe(plus ? 'international' : 'unknown');
      }),
    );
  });
});

describe('SMSC address (TS 24.011 §8.2.5.1): length in octets', () => {
  it('is 00 when not given, and counts octets including the type octet', () => {
    expect(bytesToHex(encodeSmsc(undefined))).toBe('00');
    // dreamfabric.com's DELIVER example: 07 91 7283010010F5 = +27381000015.
    expect(bytesToHex(encodeSmsc('+27381000015'))).toBe('07917283010010F5');
    expect(readSc('07917283010010F5')).toEqual({ type: 'international', toa: 0x91, npi: 1, number: '+27381000015' });
    expect(readSc('00')).toBeNull();
    // China Mobile's centre +8613800200500: even digit count, no filler.
    expect(readSc('0891683108200005F0')?.number).toBe('+8613800200500');
  });

  it('reports a length over 11 octets or past the end', () => {
    expect(() => readSc('0C91')).toThrow(expect.objectContaining({ code: 'bad_address', offset: 0 }));
    expect(() => readSc('0791728301')).toThrow(expect.objectContaining({ code: 'truncated' }));
  });
});
