// The reminders calendar's date arithmetic: weeks from Monday, month grids, month steps at month ends.
import { describe, expect, it } from 'vitest';
import { addDaysTo, addMonths, monthGrid, weekDays, weekStart } from '../src/calendar-dates';

describe('calendar dates', () => {
  it('weeks start on Monday, across month and year ends', () => {
    expect(weekStart('2026-12-02')).toBe('2026-11-30'); // a Wednesday
    expect(weekStart('2026-11-30')).toBe('2026-11-30');
    expect(weekStart('2027-01-03')).toBe('2026-12-28'); // a Sunday
    expect(weekDays('2027-01-01')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
  });

  it('month steps keep the day within the month; days add across Feb 29', () => {
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2028-01-31', 1)).toBe('2028-02-29');
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addDaysTo('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDaysTo('2027-02-28', 1)).toBe('2027-03-01');
  });

  it('a month grid is whole weeks covering the month, never more than 42 days', () => {
    const feb2027 = monthGrid('2027-02-10'); // Feb 1 2027 is a Monday, 28 days
    expect([feb2027[0], feb2027.at(-1), feb2027.length]).toEqual(['2027-02-01', '2027-02-28', 28]);
    const aug2026 = monthGrid('2026-08-31'); // Aug 1 2026 is a Saturday, 31 days: six weeks
    expect([aug2026[0], aug2026.at(-1), aug2026.length]).toEqual(['2026-07-27', '2026-09-06', 42]);
    for (let m = 1; m <= 12; m++) {
      const g = monthGrid(`2026-${String(m).padStart(2, '0')}-01`);
      expect(g.length % 7).toBe(0);
      expect(g.length).toBeLessThanOrEqual(42);
    }
  });
});
