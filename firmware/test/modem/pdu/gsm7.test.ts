import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gsm7Width, isGsm7, septetsToText, textToSeptets } from '../../../src/modem/pdu/gsm7-alphabet.js';
import { bytesToHex } from '../../../src/modem/pdu/hex.js';
import { fillBitsAfter, packSeptets, udhSeptets, unpackSeptets } from '../../../src/modem/pdu/septet-packing.js';
import { GSM7_BASIC, GSM7_EXTENSION, gsm7Text } from './arbitraries.js';

describe('GSM 7-bit default alphabet (TS 23.038 §6.2.1)', () => {
  it('holds the 127 basic characters and 10 extension characters, nothing else', () => {
    expect(GSM7_BASIC).toHaveLength(127);
    for (const c of GSM7_BASIC) expect(gsm7Width(c.charCodeAt(0)), c).toBe(1);
    for (const c of GSM7_EXTENSION) expect(gsm7Width(c.charCodeAt(0)), c).toBe(2);
    for (const c of ['\u001b', 'ç', 'ê', 'ư', '你', '`', '\t', 'ẹ']) expect(isGsm7(c), c).toBe(false);
    expect(isGsm7('😀')).toBe(false);
  });

  it('puts characters at the code points of the spec table', () => {
    // Spot checks from the table: @ 0x00, £ 0x01, LF 0x0A, Δ 0x10, ¤ 0x24, ¡ 0x40, § 0x5F, ¿ 0x60, à 0x7F.
    expect(textToSeptets('@£\nΔ¤¡§¿à')).toEqual([0x00, 0x01, 0x0a, 0x10, 0x24, 0x40, 0x5f, 0x60, 0x7f]);
    // Extension: ESC then € 0x65, [ 0x3C, ] 0x3E, { 0x28, } 0x29, ~ 0x3D, ^ 0x14, \ 0x2F, | 0x40, FF 0x0A.
    expect(textToSeptets('€[]{}~^\\|\f')).toEqual([0x1b, 0x65, 0x1b, 0x3c, 0x1b, 0x3e, 0x1b, 0x28, 0x1b, 0x29, 0x1b, 0x3d, 0x1b, 0x14, 0x1b, 0x2f, 0x1b, 0x40, 0x1b, 0x0a]);
    expect(textToSeptets('abcç')).toBeNull();
  });

  it('reads unknown escapes as the basic character, ESC ESC and a trailing ESC as a space (§6.2.1.1)', () => {
    expect(septetsToText([0x1b, 0x41])).toBe('A');
    expect(septetsToText([0x1b, 0x1b, 0x41])).toBe(' A');
    expect(septetsToText([0x41, 0x1b])).toBe('A ');
    expect(septetsToText([0x1b, 0x65])).toBe('€');
  });

  it('property: text -> septets -> text is the identity', () => {
    fc.assert(
      fc.property(gsm7Text, (t) => {
        expect(septetsToText(textToSeptets(t) ?? [])).toBe(t);
      }),
    );
  });
});

describe('septet packing (TS 23.038 §6.1.2.1.1)', () => {
  it('packs the spec example "hellohello" to E8329BFD4697D9EC37', () => {
    // The packing example of TS 23.038 §6.1.2.1.1, also the TP-UD of the dreamfabric.com
    // SUBMIT/DELIVER walk-throughs. 10 septets = 70 bits -> 9 octets.
    expect(bytesToHex(packSeptets(textToSeptets('hellohello') ?? []))).toBe('E8329BFD4697D9EC37');
  });

  it('packs 8 septets into exactly 7 octets, the 8th septet filling the top bits', () => {
    // "12345678": 0x31..0x38. Octet 0 = 0x31 | (0x32 & 1) << 7 = 0x31; octet 6 = 0x37 >> 6 | 0x38 << 1 = 0x70.
    expect(bytesToHex(packSeptets(textToSeptets('12345678') ?? []))).toBe('31D98C56B3DD70');
  });

  it('puts fill bits after a user data header so the text starts on a septet boundary', () => {
    // 6-octet concatenation header = 48 bits: 1 fill bit, 7 septets; 7 octets = 56 bits: 0 fill, 8 septets.
    expect([fillBitsAfter(6), udhSeptets(6)]).toEqual([1, 7]);
    expect([fillBitsAfter(7), udhSeptets(7)]).toEqual([0, 8]);
    // "hi" after 1 fill bit: 0x68 << 1 = 0xD0, then 0x69 starts at bit 8.
    expect(bytesToHex(packSeptets([0x68, 0x69], 1))).toBe('D069');
  });

  it('property: unpack(pack(septets, fill)) returns the septets for every fill', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 127 }), { maxLength: 170 }), fc.integer({ min: 0, max: 6 }), (s, fill) => {
        const packed = packSeptets(s, fill);
        expect(packed.length).toBe(Math.ceil((fill + 7 * s.length) / 8));
        expect(unpackSeptets(packed, s.length, fill)).toEqual(s);
      }),
    );
  });
});
