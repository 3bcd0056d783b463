// The pure part of a report's range: studio days to UTC instants (DST included), the months
// and days inside a range clipped to it, the default last twelve months.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buckets, lastTwelveMonths, MAX_RANGE_DAYS, rangeInstants } from '../../src/reports/report-range.js';
import { ageBand, AGE_BANDS } from '../../src/reports/new-customers.js';

describe('report ranges', () => {
  it('turns studio days into [from, to) at local midnights, DST-exact', () => {
    expect(rangeInstants('2026-01-01', '2026-03-31', 'Asia/Shanghai')).toEqual({ from: '2025-12-31T16:00:00.000Z', to: '2026-03-31T16:00:00.000Z' });
    // Berlin goes to summer time on 2026-03-29: the last day has 23 hours.
    expect(rangeInstants('2026-03-29', '2026-03-29', 'Europe/Berlin')).toEqual({ from: '2026-03-28T23:00:00.000Z', to: '2026-03-29T22:00:00.000Z' });
    expect(rangeInstants('2026-02-30', '2026-03-01', 'UTC')).toEqual({ field: 'from', message: 'a date, YYYY-MM-DD' });
    expect(rangeInstants('2026-03-02', '2026-03-01', 'UTC')).toMatchObject({ field: 'to' });
    expect(rangeInstants('2015-01-01', '2026-01-01', 'UTC')).toMatchObject({ field: 'to' });
    expect(MAX_RANGE_DAYS).toBe(3660);
  });

  it('cuts a range into months clipped to it, and days', () => {
    expect(buckets('2026-01-15', '2026-03-10', 'month', 'UTC')).toEqual([
      { key: '2026-01', from: '2026-01-15T00:00:00.000Z', to: '2026-02-01T00:00:00.000Z' },
      { key: '2026-02', from: '2026-02-01T00:00:00.000Z', to: '2026-03-01T00:00:00.000Z' },
      { key: '2026-03', from: '2026-03-01T00:00:00.000Z', to: '2026-03-11T00:00:00.000Z' },
    ]);
    expect(buckets('2025-12-31', '2026-01-01', 'day', 'Asia/Shanghai').map((b) => [b.key, b.from])).toEqual([['2025-12-31', '2025-12-30T16:00:00.000Z'], ['2026-01-01', '2025-12-31T16:00:00.000Z']]);
  });

  it('buckets tile the range exactly, whatever the days and zone', () => {
    const day = fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 400 }), fc.constantFrom('UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York'), fc.constantFrom<'month' | 'day'>('month', 'day'), (from, len, zone, by) => {
        const to = new Date(Date.parse(from) + len * 86_400_000).toISOString().slice(0, 10);
        const r = rangeInstants(from, to, zone);
        if ('field' in r) return false;
        const list = buckets(from, to, by, zone);
        expect(list[0]!.from).toBe(r.from);
        expect(list.at(-1)!.to).toBe(r.to);
        for (let i = 1; i < list.length; i++) expect(list[i]!.from).toBe(list[i - 1]!.to);
        if (by === 'day') expect(list).toHaveLength(len + 1);
        return true;
      }),
      { numRuns: 40 },
    );
  });

  it('defaults to the first of the month eleven months back', () => {
    expect(lastTwelveMonths({ year: 2026, month: 4, day: 15 })).toEqual({ from: '2025-05-01', to: '2026-04-15' });
    expect(lastTwelveMonths({ year: 2026, month: 12, day: 2 })).toEqual({ from: '2026-01-01', to: '2026-12-02' });
    expect(lastTwelveMonths({ year: 2026, month: 1, day: 31 })).toEqual({ from: '2025-02-01', to: '2026-01-31' });
  });

  it('puts every age in one band', () => {
    expect([0, 17, 18, 24, 25, 29, 30, 34, 35, 39, 40, 49, 50, 120].map(ageBand)).toEqual([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]);
    fc.assert(fc.property(fc.integer({ min: 0, max: 150 }), (a) => AGE_BANDS[ageBand(a)]! <= a && (ageBand(a) === AGE_BANDS.length - 1 || a < AGE_BANDS[ageBand(a) + 1]!)));
  });
});
