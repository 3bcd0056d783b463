// Quiet hours (care/quiet-hours.ts): a message ready inside the window waits until the studio's
// clock first leaves it. Checked minute by minute across whole days, in fixed zones and across
// DST changes in both directions, for windows within a day and across midnight.
import { describe, expect, it } from 'vitest';
import { inQuietWindow, parseHhmm, quietUntil, type QuietHours } from '../../src/care/quiet-hours.js';
import { wallClock } from '../../src/util/local-time.js';

const MIN = 60_000;
const minuteOfDay = (t: Date, tz: string) => {
  const w = wallClock(t, tz);
  return w.hour * 60 + w.minute;
};

/**
 * The definition, by brute force: from `at`, step minute by minute until the clock is outside
 * the window; that instant (null when `at` itself is outside) is what quietUntil must give.
 */
function bruteForce(at: Date, q: QuietHours, tz: string): Date | null {
  if (!inQuietWindow(minuteOfDay(at, tz), q)) return null;
  let t = Math.floor(at.getTime() / MIN) * MIN;
  for (let i = 0; i < 2 * 24 * 60; i++) {
    t += MIN;
    if (!inQuietWindow(minuteOfDay(new Date(t), tz), q)) return new Date(t);
  }
  throw new Error('never leaves the window');
}

function sweep(q: QuietHours, tz: string, fromIso: string, hours: number, stepMin: number): number {
  let checked = 0;
  const from = Date.parse(fromIso);
  for (let t = from; t < from + hours * 3600_000; t += stepMin * MIN) {
    const at = new Date(t);
    const want = bruteForce(at, q, tz);
    const got = quietUntil(at, q, tz);
    expect(got?.toISOString() ?? null, `${q.start}–${q.end} at ${at.toISOString()} in ${tz}`).toBe(want?.toISOString() ?? null);
    checked++;
  }
  return checked;
}

describe('the quiet window', () => {
  it('is [start, end): crossing midnight, within a day, and none when start == end', () => {
    const night = { start: '21:00', end: '08:00' };
    expect(inQuietWindow(20 * 60 + 59, night)).toBe(false);
    expect(inQuietWindow(21 * 60, night)).toBe(true);
    expect(inQuietWindow(0, night)).toBe(true);
    expect(inQuietWindow(7 * 60 + 59, night)).toBe(true);
    expect(inQuietWindow(8 * 60, night)).toBe(false);
    const lunch = { start: '12:00', end: '13:30' };
    expect(inQuietWindow(11 * 60 + 59, lunch)).toBe(false);
    expect(inQuietWindow(12 * 60, lunch)).toBe(true);
    expect(inQuietWindow(13 * 60 + 30, lunch)).toBe(false);
    for (let m = 0; m < 24 * 60; m++) expect(inQuietWindow(m, { start: '08:00', end: '08:00' })).toBe(false);
  });

  it('reads HH:MM and refuses anything else', () => {
    expect(parseHhmm('00:00')).toBe(0);
    expect(parseHhmm('23:59')).toBe(23 * 60 + 59);
    for (const bad of ['24:00', '8:00', '08:60', '08:00:00', ' 08:00', '', 'eight']) expect(parseHhmm(bad), bad).toBeNull();
    expect(() => quietUntil(new Date(), { start: '21:00', end: '8' }, 'UTC')).toThrow(RangeError);
  });
});

describe('quietUntil', () => {
  it('21:00–08:00 in Shanghai: the evening waits for tomorrow 08:00, the early morning for today 08:00', () => {
    const q = { start: '21:00', end: '08:00' };
    const tz = 'Asia/Shanghai';
    expect(quietUntil(new Date('2026-12-02T12:59:00Z'), q, tz)).toBeNull(); // 20:59
    expect(quietUntil(new Date('2026-12-02T13:00:00Z'), q, tz)?.toISOString()).toBe('2026-12-03T00:00:00.000Z'); // 21:00 → 08:00
    expect(quietUntil(new Date('2026-12-02T16:30:00Z'), q, tz)?.toISOString()).toBe('2026-12-03T00:00:00.000Z'); // 00:30 → 08:00 the same day
    expect(quietUntil(new Date('2026-12-02T23:59:59Z'), q, tz)?.toISOString()).toBe('2026-12-03T00:00:00.000Z');
    expect(quietUntil(new Date('2026-12-03T00:00:00Z'), q, tz)).toBeNull(); // 08:00 sharp goes
    // Year end: 31 Dec 22:00 waits for 1 Jan 08:00.
    expect(quietUntil(new Date('2026-12-31T14:00:00Z'), q, tz)?.toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('start == end: never quiet', () => {
    for (let h = 0; h < 24; h++) expect(quietUntil(new Date(Date.UTC(2026, 11, 2, h, 17)), { start: '09:00', end: '09:00' }, 'Asia/Ho_Chi_Minh')).toBeNull();
  });

  it('agrees with the minute-by-minute definition over whole days (every minute), fixed-offset zones', () => {
    let n = 0;
    for (const q of [{ start: '21:00', end: '08:00' }, { start: '12:00', end: '13:30' }, { start: '00:00', end: '06:00' }, { start: '22:15', end: '00:00' }]) {
      n += sweep(q, 'Asia/Ho_Chi_Minh', '2026-12-01T17:00:00Z', 24, 1);
    }
    expect(n).toBe(4 * 24 * 60);
  });

  it('agrees across DST changes both ways (New York, Berlin, Lord Howe\'s half hour), for windows that hold or end in the change', () => {
    const windows = [
      { start: '21:00', end: '08:00' },
      // Ends inside the spring-forward gap (02:30 never happens in New York on 8 March).
      { start: '01:00', end: '02:30' },
      // Ends inside the repeated hour of the autumn change (01:30 happens twice on 1 November).
      { start: '01:00', end: '01:30' },
      { start: '23:00', end: '03:00' },
    ];
    const days: [string, string][] = [
      ['America/New_York', '2026-03-07T12:00:00Z'],
      ['America/New_York', '2026-10-31T12:00:00Z'],
      ['Europe/Berlin', '2026-03-28T12:00:00Z'],
      ['Europe/Berlin', '2026-10-24T12:00:00Z'],
      ['Australia/Lord_Howe', '2026-04-04T00:00:00Z'],
      ['Australia/Lord_Howe', '2026-10-03T00:00:00Z'],
    ];
    for (const [tz, from] of days) for (const q of windows) sweep(q, tz, from, 48, 5);
  });

  it('the second pass of a repeated hour waits for the second reading of the end, not the first (already past)', () => {
    // New York 2026-11-01 01:15 EST (06:15 UTC) is the second 01:15; 01:30 comes again at 06:30 UTC.
    expect(quietUntil(new Date('2026-11-01T06:15:00Z'), { start: '01:00', end: '01:30' }, 'America/New_York')?.toISOString()).toBe('2026-11-01T06:30:00.000Z');
    // The first pass: 05:15 UTC is 01:15 EDT; the first 01:30 is 05:30 UTC.
    expect(quietUntil(new Date('2026-11-01T05:15:00Z'), { start: '01:00', end: '01:30' }, 'America/New_York')?.toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });
});
