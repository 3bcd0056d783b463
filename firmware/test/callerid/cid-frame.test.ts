import { describe, expect, it } from 'vitest';
import { decodeCidFrame, decodeCidHex, type CallerIdResult } from '../../src/callerid/index.js';
import { frame, hex, mdmf, sdmf } from './cid-encoder.js';

const ok = (r: CallerIdResult) => {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
};
const err = (r: CallerIdResult) => {
  if (r.ok) throw new Error(`expected an error, got ${JSON.stringify(r.value)}`);
  return r.error;
};

/*
 * The classic Bellcore MDMF example: date-time "03211405" (21 March 14:05), number
 * "5551234567", name "JOHN DOE". Parameters are 2+8, 2+10 and 2+8 bytes, so the length byte
 * is 32 = 0x20. The bytes before the checksum sum to 1670 = 0x686; 0x100 - 0x86 = 0x7A, so
 * the checksum byte is 0x7A (computed by hand, and checked against the test encoder below).
 */
const BELLCORE =
  '80 20 01 08 30 33 32 31 31 34 30 35 02 0A 35 35 35 31 32 33 34 35 36 37 07 08 4A 4F 48 4E 20 44 4F 45 7A';
const BELLCORE_BYTES = BELLCORE.split(' ').map((h) => parseInt(h, 16));

/* SDMF: type 0x04, 8 date digits + 10 number digits = 18 = 0x12 data bytes. */
const SDMF_EXAMPLE = hex(sdmf('03211405', '5551234567'));

describe('MDMF', () => {
  it('decodes the Bellcore example, whose length and checksum we computed', () => {
    expect(hex(mdmf([
      { type: 0x01, value: '03211405' },
      { type: 0x02, value: '5551234567' },
      { type: 0x07, value: 'JOHN DOE' },
    ]))).toBe(BELLCORE);
    const v = ok(decodeCidHex(BELLCORE));
    expect(v).toEqual({
      source: 'mdmf',
      number: '5551234567',
      numberType: null,
      absence: null,
      name: 'JOHN DOE',
      nameAbsence: null,
      dateTime: { month: 3, day: 21, hour: 14, minute: 5 },
      calledNumber: null,
      callType: null,
      cliValidity: null,
      call: null,
      extras: [],
      warnings: [],
      raw: BELLCORE,
    });
  });

  it('accepts lowercase, no spaces, odd spacing and line breaks', () => {
    const expected = ok(decodeCidHex(BELLCORE));
    for (const text of [BELLCORE.toLowerCase(), BELLCORE.replace(/ /g, ''), `  ${BELLCORE.replace(/ /g, '  ')}\r\n`, hex(BELLCORE_BYTES, '\t')]) {
      expect({ ...ok(decodeCidHex(text)), raw: '' }).toEqual({ ...expected, raw: '' });
    }
  });

  it('reads private and out-of-area reasons for number and name', () => {
    const v = ok(decodeCidHex(hex(mdmf([{ type: 0x01, value: '12312359' }, { type: 0x04, value: 'P' }, { type: 0x08, value: 'P' }]))));
    expect(v).toMatchObject({ number: null, absence: 'private', name: null, nameAbsence: 'private', dateTime: { month: 12, day: 31, hour: 23, minute: 59 } });
    const o = ok(decodeCidHex(hex(mdmf([{ type: 0x04, value: 'O' }, { type: 0x08, value: 'O' }]))));
    expect(o).toMatchObject({ absence: 'unavailable', nameAbsence: 'unavailable' });
  });

  it('reads the ETSI called number and call type, and keeps unknown parameters raw', () => {
    const v = ok(decodeCidHex(hex(mdmf([
      { type: 0x11, value: Uint8Array.of(0x01) },
      { type: 0x02, value: '13812345678' },
      { type: 0x03, value: '01065529988' },
      { type: 0x0b, value: Uint8Array.of(0x01, 0xff) },
      { type: 0xe0, value: '' },
    ]))));
    expect(v).toMatchObject({ number: '13812345678', calledNumber: '01065529988', callType: 1 });
    expect(v.extras).toEqual([
      { tag: 'param 0x0B', value: '01 FF' },
      { tag: 'param 0xE0', value: '' },
    ]);
  });

  it('decodes a GB2312 Chinese name and a UTF-8 one', () => {
    const gb = ok(decodeCidHex(hex(mdmf([{ type: 0x02, value: '13812345678' }, { type: 0x07, value: Uint8Array.of(0xd5, 0xc5, 0xc8, 0xfd) }]))));
    expect(gb.name).toBe('张三');
    const utf8 = ok(decodeCidHex(hex(mdmf([{ type: 0x02, value: '1' }, { type: 0x07, value: Uint8Array.from(Buffer.from('Trần', 'utf8')) }]))));
    expect(utf8.name).toBe('Trần');
  });

  it('warns about odd contents without failing the call', () => {
    const v = ok(decodeCidHex(hex(mdmf([
      { type: 0x01, value: '13451405' }, // month 13
      { type: 0x02, value: '5551234' },
      { type: 0x02, value: '5559999' }, // repeated: first kept
      { type: 0x04, value: 'P' }, // contradicts the number: number kept
      { type: 0x11, value: Uint8Array.of(1, 2) },
    ]))));
    expect(v).toMatchObject({ number: '5551234', absence: null, dateTime: null, callType: null });
    expect(v.warnings).toHaveLength(4);
    const noNumber = ok(decodeCidHex(hex(mdmf([{ type: 0x07, value: 'JOHN' }]))));
    expect(noNumber).toMatchObject({ number: null, absence: 'unknown', name: 'JOHN' });
    const badDigits = ok(decodeCidHex(hex(mdmf([{ type: 0x02, value: '55A1' }, { type: 0x04, value: 'X' }]))));
    expect(badDigits).toMatchObject({ number: null, absence: 'unknown' });
    expect(badDigits.warnings.join()).toMatch(/not digits.*neither O nor P/);
    const empty = ok(decodeCidHex(hex(frame(0x80, []))));
    expect(empty).toMatchObject({ number: null, absence: 'unknown' });
  });

  it('refuses a parameter that runs past the end of the data', () => {
    const overrun = err(decodeCidHex(hex(frame(0x80, [0x02, 0x05, 0x31, 0x32]))));
    expect(overrun.code).toBe('parameter-overrun');
    expect(overrun.message).toMatch(/0x02 at data offset 0 says 5 bytes but only 2 remain/);
    const noLength = err(decodeCidHex(hex(frame(0x80, [0x02, 0x01, 0x31, 0x07]))));
    expect(noLength.code).toBe('parameter-overrun');
    expect(noLength.message).toMatch(/0x07 at data offset 3 has no length byte/);
  });
});

describe('SDMF', () => {
  it('decodes date-time and number', () => {
    expect(SDMF_EXAMPLE.slice(0, 5)).toBe('04 12');
    expect(ok(decodeCidHex(SDMF_EXAMPLE))).toMatchObject({
      source: 'sdmf',
      number: '5551234567',
      absence: null,
      name: null,
      dateTime: { month: 3, day: 21, hour: 14, minute: 5 },
    });
  });

  it('reads O and P in place of the number', () => {
    expect(ok(decodeCidHex(hex(sdmf('03211405', 'O'))))).toMatchObject({ number: null, absence: 'unavailable' });
    expect(ok(decodeCidHex(hex(sdmf('03211405', 'P'))))).toMatchObject({ number: null, absence: 'private' });
    expect(ok(decodeCidHex(hex(sdmf('03211405', ''))))).toMatchObject({ number: null, absence: 'unknown' });
  });

  it('keeps the number when the exchange clock is nonsense', () => {
    const v = ok(decodeCidHex(hex(sdmf('00009999', '5551234'))));
    expect(v).toMatchObject({ number: '5551234', dateTime: null });
    expect(v.warnings.join()).toMatch(/00009999/);
  });

  it('refuses data too short to hold the date-time', () => {
    expect(err(decodeCidHex(hex(frame(0x04, [0x30, 0x33])))).code).toBe('bad-sdmf');
  });
});

describe('framing errors', () => {
  it('names the expected and actual checksum', () => {
    const broken = [...BELLCORE_BYTES.slice(0, -1), 0x7b];
    const e = err(decodeCidHex(hex(broken)));
    expect(e.code).toBe('bad-checksum');
    expect(e.message).toBe('checksum byte is 0x7B but the frame needs 0x7A');
  });

  it('catches any single corrupted data byte through the checksum', () => {
    for (let i = 2; i < BELLCORE_BYTES.length - 1; i++) {
      const bytes = [...BELLCORE_BYTES];
      bytes[i] = ((bytes[i] ?? 0) + 1) & 0xff;
      expect(err(decodeCidHex(hex(bytes))).code, `byte ${i}`).toBe('bad-checksum');
    }
  });

  it('reports truncation at every length of an MDMF and an SDMF frame', () => {
    for (const full of [BELLCORE_BYTES, sdmf('03211405', '5551234567')]) {
      for (let n = 0; n < full.length; n++) {
        const e = err(decodeCidHex(hex(full.slice(0, n))));
        expect(e.code, `${n} of ${full.length} bytes`).toBe(n === 0 ? 'empty' : 'truncated');
      }
    }
  });

  it('refuses bytes after the checksum as a length mismatch', () => {
    const e = err(decodeCidHex(`${BELLCORE} 00`));
    expect(e.code).toBe('length-mismatch');
    expect(e.message).toMatch(/32 data bytes, but 1 byte\(s\) follow the checksum/);
    const wrongLength = [...BELLCORE_BYTES];
    wrongLength[1] = 0x1f;
    expect(err(decodeCidHex(hex(wrongLength))).code).toBe('length-mismatch');
    wrongLength[1] = 0x21;
    expect(err(decodeCidHex(hex(wrongLength))).code).toBe('truncated');
  });

  it('refuses bad hex, saying where', () => {
    expect(err(decodeCidHex('80 2 01')).message).toMatch(/group 2 \("2"\).*nibble is missing/);
    expect(err(decodeCidHex('802')).code).toBe('bad-hex');
    expect(err(decodeCidHex('80 2G')).message).toMatch(/'G' in group 2/);
    expect(err(decodeCidHex('0x80 0x20')).code).toBe('bad-hex');
    expect(err(decodeCidHex('80,20')).code).toBe('bad-hex');
    expect(err(decodeCidHex('   ')).code).toBe('empty');
  });

  it('names message types that are not caller ID', () => {
    expect(err(decodeCidHex(hex(frame(0x82, [0x0b, 0x01, 0xff])))).message).toMatch(/0x82 is an MDMF message-waiting indicator, not caller ID/);
    expect(err(decodeCidHex(hex(frame(0x06, [0x42, 0x42, 0x42])))).message).toMatch(/0x06 is an SDMF message-waiting/);
    const e = err(decodeCidHex('12 34 56'));
    expect(e.code).toBe('unknown-message-type');
    expect(e.message).toMatch(/0x12 is not caller ID \(expected 0x04 SDMF or 0x80 MDMF\)/);
  });

  it('skips channel-seizure (0x55) and mark (0xFF) bytes, which cannot be a message type', () => {
    const v = ok(decodeCidHex(`55 55 55 FF FF ${BELLCORE}`));
    expect(v.number).toBe('5551234567');
    expect(v.warnings).toEqual(['skipped 5 channel-seizure/mark byte(s) before the message type']);
    expect(err(decodeCidHex('55 55 FF')).code).toBe('truncated');
  });

  it('does not guess past other leading garbage', () => {
    const e = err(decodeCidHex(`55 00 ${BELLCORE}`));
    expect(e.code).toBe('unknown-message-type');
    expect(e.message).toMatch(/0x00 after 1 channel-seizure\/mark byte/);
    expect(err(decodeCidHex(`01 ${BELLCORE}`)).code).toBe('unknown-message-type');
  });

  it('decodes bytes handed over directly', () => {
    expect(ok(decodeCidFrame(Uint8Array.from(BELLCORE_BYTES), 'bytes')).raw).toBe('bytes');
    expect(err(decodeCidFrame(new Uint8Array(), '')).code).toBe('empty');
  });
});
