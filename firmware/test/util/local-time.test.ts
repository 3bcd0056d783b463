// Wall-clock arithmetic in a time zone (util/local-time.ts): ordinary days, DST gaps and
// overlaps, month/year ends and invalid dates.
import { describe, expect, it } from 'vitest';
import { addDays, atLocalTime, localDate, parseIsoDate, wallClock } from '../../src/util/local-time.js';

describe('atLocalTime', () => {
  it('turns a studio reading into UTC', () => {
    expect(atLocalTime({ year: 2026, month: 3, day: 10 }, 10, 0, 'Asia/Shanghai').toISOString()).toBe('2026-03-10T02:00:00.000Z');
    expect(atLocalTime({ year: 2026, month: 3, day: 10 }, 0, 30, 'Asia/Ho_Chi_Minh').toISOString()).toBe('2026-03-09T17:30:00.000Z');
    expect(atLocalTime({ year: 2026, month: 7, day: 1 }, 10, 0, 'America/New_York').toISOString()).toBe('2026-07-01T14:00:00.000Z');
    expect(atLocalTime({ year: 2026, month: 7, day: 1 }, 10, 0, 'Pacific/Chatham').toISOString()).toBe('2026-06-30T21:15:00.000Z') // +12:45 in winter;
  });

  it('in a spring-forward gap takes the instant the clock jumps to', () => {
    // New York 2026-03-08: 02:00 → 03:00. 02:30 never happens; 03:30 EDT = 07:30 UTC is after the jump.
    const t = atLocalTime({ year: 2026, month: 3, day: 8 }, 2, 30, 'America/New_York');
    expect(t.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(wallClock(t, 'America/New_York').hour).toBe(3);
  });

  it('in an autumn overlap takes the first of the two', () => {
    // New York 2026-11-01: 01:30 happens at 05:30 UTC (EDT) and 06:30 UTC (EST).
    expect(atLocalTime({ year: 2026, month: 11, day: 1 }, 1, 30, 'America/New_York').toISOString()).toBe('2026-11-01T05:30:00.000Z');
  });

  it('refuses an unknown zone', () => {
    expect(() => atLocalTime({ year: 2026, month: 1, day: 1 }, 10, 0, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('dates', () => {
  it('localDate is the studio day', () => {
    expect(localDate(new Date('2026-03-09T23:30:00Z'), 'Asia/Shanghai')).toEqual({ year: 2026, month: 3, day: 10 });
    expect(wallClock(new Date('2026-03-09T16:00:00Z'), 'Asia/Shanghai').hour).toBe(0);
  });

  it('addDays crosses month, year and leap days', () => {
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({ year: 2028, month: 2, day: 29 });
    expect(addDays({ year: 2026, month: 2, day: 28 }, 1)).toEqual({ year: 2026, month: 3, day: 1 });
    expect(addDays({ year: 2026, month: 12, day: 31 }, 1)).toEqual({ year: 2027, month: 1, day: 1 });
    expect(addDays({ year: 2026, month: 1, day: 31 }, 30)).toEqual({ year: 2026, month: 3, day: 2 });
    expect(addDays({ year: 2026, month: 3, day: 1 }, -1)).toEqual({ year: 2026, month: 2, day: 28 });
  });

  it('parseIsoDate accepts real dates only', () => {
    expect(parseIsoDate('2028-02-29')).toEqual({ year: 2028, month: 2, day: 29 });
    for (const bad of ['2026-02-29', '2026-13-01', '2026-04-31', '2026-4-1', '', '20260401']) expect(parseIsoDate(bad)).toBeNull();
  });
});

describe('atLocalTime far from UTC', () => {
  it('in an autumn overlap of a far-east zone takes the first of the two (Lord Howe, +11 → +10:30)', () => {
    // 2026-04-05 02:00 LHDT the clock goes back to 01:30: 01:30 is read at 14:30 UTC and at 15:00 UTC.
    expect(atLocalTime({ year: 2026, month: 4, day: 5 }, 1, 30, 'Australia/Lord_Howe').toISOString()).toBe('2026-04-04T14:30:00.000Z');
    // Auckland 2026-04-05 03:00 NZDT → 02:00 NZST: 02:30 is read at 13:30 and 14:30 UTC.
    expect(atLocalTime({ year: 2026, month: 4, day: 5 }, 2, 30, 'Pacific/Auckland').toISOString()).toBe('2026-04-04T13:30:00.000Z');
    // Kiritimati is +14 all year.
    expect(atLocalTime({ year: 2026, month: 4, day: 5 }, 2, 30, 'Pacific/Kiritimati').toISOString()).toBe('2026-04-04T12:30:00.000Z');
  });
});
