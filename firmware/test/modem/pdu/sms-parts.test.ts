import { describe, expect, it } from 'vitest';
import { decodeDcs } from '../../../src/modem/pdu/dcs.js';
import { classifyStatus } from '../../../src/modem/pdu/delivery-status.js';
import { parseUdh } from '../../../src/modem/pdu/udh.js';
import { hexToBytes } from '../../../src/modem/pdu/hex.js';
import { smsParts } from '../../../src/modem/pdu/index.js';

describe('smsParts (the UI preview)', () => {
  it('GSM-7: 160 in one part, then 153 per part; extension characters count 2', () => {
    expect(smsParts('')).toEqual({ encoding: 'gsm7', parts: 1, unitsUsed: 0, unitsPerPart: 160, remainingInPart: 160 });
    expect(smsParts('a'.repeat(160))).toEqual({ encoding: 'gsm7', parts: 1, unitsUsed: 160, unitsPerPart: 160, remainingInPart: 0 });
    expect(smsParts('a'.repeat(161))).toEqual({ encoding: 'gsm7', parts: 2, unitsUsed: 161, unitsPerPart: 153, remainingInPart: 145 });
    expect(smsParts('€'.repeat(80)).parts).toBe(1);
    expect(smsParts('€'.repeat(81))).toMatchObject({ parts: 2, unitsUsed: 162 });
    // An escape pair is never split: 152 + '€' would be 154, so the € opens part 2.
    expect(smsParts('a'.repeat(152) + '€' + 'a'.repeat(10))).toMatchObject({ parts: 2, unitsUsed: 164, remainingInPart: 153 - 12 });
    expect(smsParts('a'.repeat(153 * 3))).toMatchObject({ parts: 3, remainingInPart: 0 });
  });

  it('UCS-2: 70 in one part, then 67; an emoji is 2 units and never split', () => {
    expect(smsParts('你'.repeat(70))).toEqual({ encoding: 'ucs2', parts: 1, unitsUsed: 70, unitsPerPart: 70, remainingInPart: 0 });
    expect(smsParts('你'.repeat(71))).toEqual({ encoding: 'ucs2', parts: 2, unitsUsed: 71, unitsPerPart: 67, remainingInPart: 63 });
    expect(smsParts('😀'.repeat(35))).toMatchObject({ parts: 1, unitsUsed: 70 });
    // 66 units + an emoji would be 68: the emoji moves to part 2.
    expect(smsParts('你'.repeat(66) + '😀' + '你'.repeat(5))).toMatchObject({ parts: 2, unitsUsed: 73, remainingInPart: 67 - 7 });
  });

  it('Vietnamese with diacritics outside GSM-7 needs UCS-2; GSM-7 accents do not', () => {
    expect(smsParts('Cảm ơn quý khách').encoding).toBe('ucs2');
    expect(smsParts('Xin chào').encoding).toBe('gsm7'); // à is in the default alphabet
    expect(smsParts('Xin chào', { forceUcs2: true }).encoding).toBe('ucs2');
  });

  it('a 16-bit reference leaves 152 septets / 66 units per part', () => {
    expect(smsParts('a'.repeat(161), { ref16: true })).toMatchObject({ parts: 2, unitsPerPart: 152 });
    expect(smsParts('你'.repeat(133), { ref16: true })).toMatchObject({ parts: 3, unitsPerPart: 66 });
  });
});

describe('data coding scheme (TS 23.038 §4)', () => {
  it('reads the general data coding group: alphabet, class, compression, auto-delete', () => {
    expect(decodeDcs(0x00)).toMatchObject({ alphabet: 'gsm7', messageClass: null, compressed: false, reserved: false });
    expect(decodeDcs(0x08)).toMatchObject({ alphabet: 'ucs2' });
    expect(decodeDcs(0x10)).toMatchObject({ alphabet: 'gsm7', messageClass: 0 }); // flash SMS
    expect(decodeDcs(0x19)).toMatchObject({ alphabet: 'ucs2', messageClass: 1 });
    expect(decodeDcs(0x24)).toMatchObject({ alphabet: '8bit', compressed: true });
    expect(decodeDcs(0x48)).toMatchObject({ alphabet: 'ucs2', autoDelete: true });
    expect(decodeDcs(0x0c)).toMatchObject({ alphabet: 'gsm7', reserved: true }); // reserved alphabet 11
  });

  it('reads message waiting groups, the F group, and reads reserved groups as GSM-7', () => {
    expect(decodeDcs(0xc8)).toMatchObject({ alphabet: 'gsm7', messageWaiting: { active: true, kind: 'voicemail', store: false } });
    expect(decodeDcs(0xd2)).toMatchObject({ alphabet: 'gsm7', messageWaiting: { active: false, kind: 'email', store: true } });
    expect(decodeDcs(0xe9)).toMatchObject({ alphabet: 'ucs2', messageWaiting: { active: true, kind: 'fax' } });
    expect(decodeDcs(0xf0)).toMatchObject({ alphabet: 'gsm7', messageClass: 0 });
    expect(decodeDcs(0xf6)).toMatchObject({ alphabet: '8bit', messageClass: 2 });
    expect(decodeDcs(0x80)).toMatchObject({ alphabet: 'gsm7', reserved: true });
  });
});

describe('user data header (TS 23.040 §9.2.3.24)', () => {
  it('reads 8- and 16-bit concatenation and keeps other elements raw', () => {
    expect(parseUdh(hexToBytes('0A0003CC0302' + '0A03000102'), 0)).toEqual({
      concat: { ref: 0xcc, refBits: 8, total: 3, seq: 2 },
      elements: [{ iei: 0, data: 'CC0302' }, { iei: 0x0a, data: '000102' }],
    });
    expect(parseUdh(hexToBytes('060804ABCD0201'), 0).concat).toEqual({ ref: 0xabcd, refBits: 16, total: 2, seq: 1 });
  });

  it('ignores a concatenation element with seq 0 or past the total, as the spec says', () => {
    expect(parseUdh(hexToBytes('050003CC0200'), 0).concat).toBeNull();
    expect(parseUdh(hexToBytes('050003CC0203'), 0)).toMatchObject({ concat: null, elements: [{ iei: 0, data: 'CC0203' }] });
  });
});

describe('TP-Status (TS 23.040 §9.2.3.15)', () => {
  it('classifies by group', () => {
    expect(classifyStatus(0x00)).toEqual({ class: 'delivered', text: 'received by the recipient' });
    expect(classifyStatus(0x02).class).toBe('delivered');
    expect(classifyStatus(0x21)).toEqual({ class: 'pending', text: 'recipient busy' });
    expect(classifyStatus(0x30)).toEqual({ class: 'pending', text: 'service-centre specific status 0x30' });
    expect(classifyStatus(0x46)).toEqual({ class: 'failed', text: 'validity period expired' });
    expect(classifyStatus(0x62).class).toBe('failed');
    expect(classifyStatus(0x80)).toEqual({ class: 'unknown', text: 'reserved status 0x80' });
  });
});
