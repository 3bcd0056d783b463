import { describe, expect, it } from 'vitest';
import {
  captureTimeFrom, formatOffset, isValidTimeZone, parseExifDateTime, parseOffset, parseSubSec, zonedWallTimeToUtcMs,
} from '../../src/ingest/photos/capture-time.js';

const wall = (s: string) => {
  const w = parseExifDateTime(s);
  if (!w) throw new Error(`bad wall time ${s}`);
  return w;
};
const utc = (s: string, tz: string) => new Date(zonedWallTimeToUtcMs(wall(s), tz)).toISOString();

describe('parseExifDateTime', () => {
  it('reads the EXIF form and its common variants', () => {
    expect(parseExifDateTime('2024:05:01 10:00:00')).toEqual({ year: 2024, month: 5, day: 1, hour: 10, minute: 0, second: 0, millisecond: 0 });
    expect(parseExifDateTime('2024:05:01 10:00:00\0')).not.toBeNull();
    expect(parseExifDateTime(' 2024-05-01T10:00:07 ')?.second).toBe(7);
    expect(parseExifDateTime('2024/05/01 10:00')?.minute).toBe(0);
    expect(parseExifDateTime('2024:05:01 10:00:00.25')?.millisecond).toBe(250);
    expect(parseExifDateTime('2024:02:29 23:59:59')?.day).toBe(29); // leap year
  });

  it('rejects what is not a date: blanks, an unset camera clock, impossible days, other types', () => {
    for (const v of ['', '    :  :     :  :  ', '0000:00:00 00:00:00', '2023:02:29 10:00:00', '2024:04:31 10:00:00', '2024:13:01 10:00:00', '2024:05:01 24:00:00', '2024:05:01', 'yesterday', '1850:01:01 00:00:00']) {
      expect(parseExifDateTime(v), JSON.stringify(v)).toBeNull();
    }
    for (const v of [undefined, null, 20240501, new Date(), ['2024:05:01 10:00:00']]) expect(parseExifDateTime(v)).toBeNull();
  });
});

describe('offsets and sub-seconds', () => {
  it('parses EXIF offsets', () => {
    expect(parseOffset('+07:00')).toBe(420);
    expect(parseOffset('-05:30')).toBe(-330);
    expect(parseOffset('+0545')).toBe(345);
    expect(parseOffset('+09')).toBe(540);
    expect(parseOffset('Z')).toBe(0);
    expect(parseOffset('+07:00\0')).toBe(420);
    for (const v of ['', '   ', '07:00', '+15:00', '+07:75', 'UTC', 7, null]) expect(parseOffset(v), JSON.stringify(v)).toBeNull();
    expect(formatOffset(-330)).toBe('-05:30');
    expect(formatOffset(0)).toBe('+00:00');
  });

  it('parses sub-seconds as fractions', () => {
    expect(parseSubSec('5')).toBe(500);
    expect(parseSubSec('05')).toBe(50);
    expect(parseSubSec('123456')).toBe(123);
    expect(parseSubSec(42)).toBe(420);
    expect(parseSubSec('  ')).toBeNull();
    expect(parseSubSec('-1')).toBeNull();
  });
});

describe('zonedWallTimeToUtcMs', () => {
  it('zones without DST', () => {
    expect(utc('2024:05:01 10:00:00', 'Asia/Ho_Chi_Minh')).toBe('2024-05-01T03:00:00.000Z');
    expect(utc('2024:05:01 10:00:00', 'Asia/Shanghai')).toBe('2024-05-01T02:00:00.000Z');
    expect(utc('2024:05:01 10:00:00', 'UTC')).toBe('2024-05-01T10:00:00.000Z');
    expect(utc('2024:01:01 00:30:00', 'Asia/Kathmandu')).toBe('2023-12-31T18:45:00.000Z');
  });

  it('a zone with DST, on both sides of the year', () => {
    expect(utc('2024:07:01 12:00:00', 'Europe/Berlin')).toBe('2024-07-01T10:00:00.000Z');
    expect(utc('2024:01:15 12:00:00', 'Europe/Berlin')).toBe('2024-01-15T11:00:00.000Z');
  });

  it('a wall time that happened twice (clocks set back) is the first one', () => {
    // Berlin, 27 Oct 2024: 03:00 CEST -> 02:00 CET; 02:30 happened at 00:30Z and 01:30Z.
    expect(utc('2024:10:27 02:30:00', 'Europe/Berlin')).toBe('2024-10-27T00:30:00.000Z');
    expect(utc('2024:11:03 01:30:00', 'America/New_York')).toBe('2024-11-03T05:30:00.000Z');
  });

  it('a wall time that never happened (clocks set forward) moves forward by the gap', () => {
    // Berlin, 31 Mar 2024: 02:00 CET -> 03:00 CEST; 02:30 does not exist; read as 03:30 CEST.
    expect(utc('2024:03:31 02:30:00', 'Europe/Berlin')).toBe('2024-03-31T01:30:00.000Z');
    expect(utc('2024:03:10 02:15:00', 'America/New_York')).toBe('2024-03-10T07:15:00.000Z');
  });

  it('round-trips: the instant found shows the same wall time, and is the earliest that does', () => {
    const f = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/New_York', dateStyle: 'short', timeStyle: 'medium' });
    const show = (t: number) => f.format(new Date(t)).replace(/-/g, ':'); // "2024:03:10 03:00:00"
    // Every 20 minutes across both 2024 transitions, every 7 hours through the rest of the year.
    const instants: number[] = [];
    for (const [from, to] of [[Date.UTC(2024, 2, 9), Date.UTC(2024, 2, 12)], [Date.UTC(2024, 10, 2), Date.UTC(2024, 10, 5)]] as const) {
      for (let t = from; t < to; t += 20 * 60_000) instants.push(t);
    }
    for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2025, 0, 1); t += 7 * 3_600_000) instants.push(t);
    let ambiguous = 0;
    for (const t of instants) {
      const local = show(t);
      const back = zonedWallTimeToUtcMs(wall(local), 'America/New_York');
      expect(show(back), `${local} -> ${new Date(back).toISOString()}`).toBe(local);
      expect(back).toBeLessThanOrEqual(t);
      if (back !== t) {
        ambiguous++;
        expect(t - back).toBe(3_600_000); // the second 01:xx of the November night
      }
    }
    expect(ambiguous).toBe(3); // 01:00, 01:20, 01:40 EST on 3 November
  });

  it('knows valid zone names', () => {
    expect(isValidTimeZone('Asia/Ho_Chi_Minh')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});

describe('captureTimeFrom', () => {
  it('uses the EXIF offset when there is one, whatever the box zone', () => {
    expect(captureTimeFrom('2024:05:01 10:00:00', undefined, '+09:00', 'Europe/Berlin')).toEqual({ utc: '2024-05-01T01:00:00.000Z', local: '2024-05-01T10:00:00', offset: '+09:00' });
  });
  it('falls back to the box zone without an offset, or with a nonsense one', () => {
    expect(captureTimeFrom('2024:05:01 10:00:00', undefined, undefined, 'Asia/Ho_Chi_Minh')).toEqual({ utc: '2024-05-01T03:00:00.000Z', local: '2024-05-01T10:00:00', offset: null });
    expect(captureTimeFrom('2024:05:01 10:00:00', undefined, '      ', 'Asia/Ho_Chi_Minh')?.utc).toBe('2024-05-01T03:00:00.000Z');
  });
  it('adds sub-seconds', () => {
    expect(captureTimeFrom('2024:05:01 10:00:00', '37', '+00:00', 'UTC')).toEqual({ utc: '2024-05-01T10:00:00.370Z', local: '2024-05-01T10:00:00.370', offset: '+00:00' });
  });
  it('null for an unusable date-time', () => {
    expect(captureTimeFrom('0000:00:00 00:00:00', '12', '+07:00', 'UTC')).toBeNull();
  });
});
