import { describe, expect, it } from 'vitest';
import { decodeCallerIdLine } from '../../src/callerid/index.js';

const BELLCORE =
  '80 20 01 08 30 33 32 31 31 34 30 35 02 0A 35 35 35 31 32 33 34 35 36 37 07 08 4A 4F 48 4E 20 44 4F 45 7A';

const summary = (text: string) => {
  const r = decodeCallerIdLine(text);
  return r.ok ? { source: r.value.source, number: r.value.number, absence: r.value.absence } : { error: r.error.code };
};

describe('decodeCallerIdLine', () => {
  it('recognises each format', () => {
    expect(summary('+CLIP: "13812345678",129,"",0,"",0')).toEqual({ source: 'clip', number: '13812345678', absence: null });
    expect(summary('+CLCC: 1,1,4,0,0,"+84912345678",145,""')).toEqual({ source: 'clcc', number: '+84912345678', absence: null });
    expect(summary('NMBR = P')).toEqual({ source: 'vcid', number: null, absence: 'private' });
    expect(summary(BELLCORE)).toEqual({ source: 'mdmf', number: '5551234567', absence: null });
    expect(summary(BELLCORE.toLowerCase().replace(/ /g, ''))).toEqual({ source: 'mdmf', number: '5551234567', absence: null });
    // SDMF: 0x04, 18 = 0x12 data bytes ("03211405" + "5551234567"); bytes before the checksum
    // sum to 945 = 0x3B1, so the checksum is 0x100 - 0xB1 = 0x4F.
    expect(summary('04 12 30 33 32 31 31 34 30 35 35 35 35 31 32 33 34 35 36 37 4F')).toEqual({ source: 'sdmf', number: '5551234567', absence: null });
    expect(summary('04 12 30 33 32 31 31 34 30 35 35 35 35 31 32 33 34 35 36 37 4E')).toEqual({ error: 'bad-checksum' });
  });

  it('reads a pasted multi-line VCID block, with RING around it', () => {
    const r = decodeCallerIdLine('RING\r\n\r\nDATE = 0321\r\nTIME = 1405\r\nNMBR = 5551234\r\nNAME = JOHN DOE\r\n\r\nRING');
    expect(r.ok && r.value).toMatchObject({ source: 'vcid', number: '5551234', name: 'JOHN DOE', dateTime: { month: 3, day: 21 } });
  });

  it('says a single VCID line other than NMBR cannot make a caller ID by itself', () => {
    expect(summary('NAME = JOHN DOE')).toEqual({ error: 'incomplete' });
  });

  it('explains what it accepts when the input is none of them', () => {
    const r = decodeCallerIdLine('RING');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'unrecognised', raw: 'RING', message: expect.stringMatching(/\+CLIP.*hex/) });
    expect(summary('')).toEqual({ error: 'empty' });
    expect(summary('+CLIP: "1",129\n+CLIP: "2",129')).toEqual({ error: 'unrecognised' });
    expect(summary('NMBR = 1\nNMBR = 2')).toEqual({ error: 'bad-syntax' });
  });

  it('routes hex-looking input to the frame decoder, whose error says what is wrong', () => {
    expect(summary('0321')).toEqual({ error: 'unknown-message-type' });
    expect(summary('80 20 01')).toEqual({ error: 'truncated' });
  });

  it('returns plain data that survives JSON', () => {
    const r = decodeCallerIdLine(BELLCORE);
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });
});
