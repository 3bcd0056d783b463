// Known PDUs. Each expected hex is either a published vector (source named) or built by hand
// field by field from TS 23.040 / 23.038, with the fields spelled out next to it.
import { describe, expect, it } from 'vitest';
import { decodePdu, encodeDeliver, encodeStatusReport, encodeSubmit, type DecodedPdu } from '../../../src/modem/pdu/index.js';

function ok(hex: string, hasSmsc = true): DecodedPdu {
  const r = decodePdu(hex, { hasSmsc });
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.pdu;
}

const VN_TIME = { year: 2024, month: 5, day: 10, hour: 9, minute: 0, second: 0, offsetMinutes: 420 };

describe('SMS-SUBMIT vectors', () => {
  it('"hellohello" to +46708251358, 4 days validity (dreamfabric.com / subnets.ru walk-through)', () => {
    // 00 SMSC: use the SIM's | 11 SUBMIT, VPF relative | 00 TP-MR | 0B 91 6407281553F8 TP-DA |
    // 00 PID | 00 DCS GSM-7 | AA 4 days | 0A 10 septets | E8329BFD4697D9EC37.
    const hex = '0011000B916407281553F80000AA0AE8329BFD4697D9EC37';
    expect(encodeSubmit({ to: '+46708251358', text: 'hellohello', validityMinutes: 4 * 24 * 60 })).toEqual({ encoding: 'gsm7', parts: [{ hex, tpduLength: 23 }] });
    expect(ok(hex)).toMatchObject({
      type: 'submit',
      smsc: null,
      tpduLength: 23,
      messageRef: 0,
      destination: { type: 'international', number: '+46708251358' },
      validity: { format: 'relative', vp: 0xaa, minutes: 5760 },
      userData: { length: 10, text: 'hellohello', header: null },
    });
  });

  it('UCS-2 Chinese "你好" to +84901234567 via centre +8613800200500, with a status report (by hand)', () => {
    // 08 91 683108200005F0 SMSC (8 octets: type + 7 of digits) | 21 SUBMIT + SRR, no VP | 00 MR |
    // 0B 91 4809214365F7 | 00 PID | 08 DCS UCS-2 | 04 octets | 4F60 你 597D 好.
    const hex = '0891683108200005F021000B914809214365F70008044F60597D';
    expect(encodeSubmit({ to: '+84901234567', text: '你好', smsc: '+8613800200500', statusReport: true })).toEqual({ encoding: 'ucs2', parts: [{ hex, tpduLength: 17 }] });
    expect(ok(hex)).toMatchObject({ type: 'submit', statusReportRequest: true, smsc: { number: '+8613800200500' }, userData: { dcs: { alphabet: 'ucs2' }, text: '你好' } });
  });

  it('an emoji is two UCS-2 units (a surrogate pair), D83D DE00 for 😀 (by hand)', () => {
    const { parts } = encodeSubmit({ to: '0901234567', text: 'A😀' });
    // 01 SUBMIT | 00 | 0A 81 9010325476 | 00 | 08 | 06 | 0041 D83D DE00.
    expect(parts).toEqual([{ hex: '0001000A8190103254760008060041D83DDE00', tpduLength: 18 }]);
  });

  it('a long GSM-7 message: concatenation header 05 00 03 ref total seq, 1 fill bit, 153 septets (by hand)', () => {
    const text = 'a'.repeat(160) + 'b'; // 161 septets: 153 + 8
    const { parts } = encodeSubmit({ to: '+46708251358', text, concatRef: 0x42 });
    expect(parts).toHaveLength(2);
    // 41 SUBMIT + UDHI | 00 | DA | 00 | 00 | A0 = 7 header septets + 153 | 050003 42 02 01 |
    // then 'a' (0x61) after one fill bit: 0x61 << 1 = C2.
    expect(parts[0]?.hex.slice(0, 42)).toBe('0041000B916407281553F80000A0050003420201C2');
    expect(parts[0]?.tpduLength).toBe(13 + 140);
    // Part 2: TP-MR counts up; UDL 0F = 7 + 8; 'a' = 0x61 << 1 = C2 again.
    expect(parts[1]?.hex.slice(0, 42)).toBe('0041010B916407281553F800000F050003420202C2');
  });

  it('a 16-bit reference uses IEI 08 and leaves 152 septets per part, no fill bits', () => {
    const { parts } = encodeSubmit({ to: '+46708251358', text: 'a'.repeat(161), concatRef16: 0xbeef });
    expect(parts).toHaveLength(2);
    // A0 = 8 header septets + 152 | 06 08 04 BEEF 02 01 | no fill: 'a' 61 | low bit of the next
    // 'a' << 7 = E1.
    expect(parts[0]?.hex.slice(22, 44)).toBe('0000A0060804BEEF0201E1');
  });
});

describe('SMS-DELIVER vectors', () => {
  it('"hellohello" from 27838890001 via +27381000015 (dreamfabric.com / subnets.ru walk-through)', () => {
    expect(ok('07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37')).toMatchObject({
      type: 'deliver',
      smsc: { type: 'international', number: '+27381000015' },
      originator: { type: 'subscriber', toa: 0xc8, number: '27838890001' },
      moreMessagesToSend: false,
      timestamp: { local: '1999-03-29T15:16:59+02:00', utc: '1999-03-29T13:16:59.000Z' },
      userData: { text: 'hellohello' },
      tpduLength: 28,
    });
  });

  it('"Hello" from the alphanumeric sender VIETTEL (by hand)', () => {
    // 07 91 4889000000F0 SMSC +84980000000 | 04 DELIVER, no more | 0D D0 D664914A2D3201 VIETTEL:
    //   V 56, I 49, E 45, T 54, T 54, E 45, L 4C packed: 56|1<<7=D6, 49>>1|1<<6=64, 45>>2|4<<5=91,
    //   54>>3|4<<4=4A, 54>>4|5<<3=2D, 45>>5|C<<2=32, 4C>>6=01; 49 bits = 13 semi-octets |
    // 00 PID | 00 DCS | 42500190000082 2024-05-10 09:00:00 +07:00 | 05 C8329BFD06 "Hello".
    const hex = '07914889000000F0040DD0D664914A2D32010000425001900000820' + '5C8329BFD06';
    expect(ok(hex)).toMatchObject({
      type: 'deliver',
      originator: { type: 'alphanumeric', toa: 0xd0, number: 'VIETTEL' },
      timestamp: { offsetMinutes: 420, utc: '2024-05-10T02:00:00.000Z' },
      userData: { text: 'Hello' },
    });
    expect(encodeDeliver({ from: 'VIETTEL', text: 'Hello', smsc: '+84980000000', timestamp: VN_TIME }).parts[0]?.hex).toBe(hex);
  });

  it('UCS-2 part 2 of 2 with a 16-bit reference (by hand)', () => {
    // 00 SMSC | 44 DELIVER + UDHI | 0B 91 4809214365F7 | 00 | 08 | time | 09 = 7 + 2 octets |
    // 06 08 04 ABCD 02 02 | 4F60 你.
    const pdu = ok('00440B914809214365F70008425001900000820906080' + '4ABCD02024F60');
    expect(pdu).toMatchObject({ userData: { concat: { ref: 0xabcd, refBits: 16, total: 2, seq: 2 }, header: [{ iei: 8, data: 'ABCD0202' }], text: '你' } });
  });

  it('GSM-7 with a header: UDL counts the header in septets, the text starts after the fill bit (by hand)', () => {
    // 40 DELIVER + UDHI | 04 81 2143 | 00 00 | time | 09 = 7 + 2 septets | 050003CC0201 | D0 69 "hi".
    expect(ok('00400481214300004250019000008209050003CC0201D069')).toMatchObject({
      originator: { number: '1234' },
      userData: { concat: { ref: 0xcc, refBits: 8, total: 2, seq: 1 }, text: 'hi' },
    });
  });

  it('8-bit data is kept as hex (by hand)', () => {
    // 04 | 04 81 2143 | 00 | 04 DCS 8-bit | time | 03 DEADBE.
    expect(ok('00040481214300044250019000008203DEADBE')).toMatchObject({ userData: { dcs: { alphabet: '8bit' }, text: null, data: 'DEADBE' } });
  });
});

describe('SMS-STATUS-REPORT vectors', () => {
  it('delivered, without SMSC field (amro.blogspot.com "Receiving SMS status report", +CDS)', () => {
    // 06 STATUS-REPORT, no more | 00 MR | 0B 91 0221815716F2 | SCTS 7090215101218 0 | DT … 71 80 | 00 ST.
    expect(ok('06000B910221815716F2709021510121807090215101718000', false)).toMatchObject({
      type: 'status-report',
      messageRef: 0,
      recipient: { number: '+20121875612' },
      timestamp: { local: '2007-09-12T15:10:12+02:00' },
      dischargeTime: { local: '2007-09-12T15:10:17+02:00', utc: '2007-09-12T13:10:17.000Z' },
      status: 0,
      statusClass: 'delivered',
      userData: null,
    });
  });

  it('expired (TP-ST 46) for TP-MR 0x2A, with an SMSC field (by hand)', () => {
    // 00 SMSC | 06 | 2A MR | 0B 91 4809214365F7 | SCTS | DT (one hour later, 10:00) | 46.
    const hex = '00062A0B914809214365F7425001900000824250010100008246';
    expect(encodeStatusReport({ messageRef: 42, recipient: '+84901234567', status: 0x46, timestamp: VN_TIME, dischargeTime: { ...VN_TIME, hour: 10 } })).toBe(hex);
    expect(ok(hex)).toMatchObject({ messageRef: 42, status: 0x46, statusClass: 'failed', statusText: 'validity period expired', dischargeTime: { local: '2024-05-10T10:00:00+07:00' } });
  });

  it('reads the optional TP-PI tail, and keeps the report when the tail is garbage', () => {
    const head = '00062A0B914809214365F742500190000082425001010000823' + '0';
    // PI 07: PID 00, DCS 00, UDL 02 "hi" (68 69 packed = E834).
    expect(ok(head + '07000002E834')).toMatchObject({ status: 0x30, statusClass: 'pending', pid: 0, userData: { text: 'hi' }, warnings: [] });
    const broken = ok(head + '04FF');
    expect(broken).toMatchObject({ status: 0x30, userData: null });
    expect(broken.warnings.join()).toMatch(/optional status report fields ignored/);
  });
});
