// The pure part of a report's range (R1): studio days → UTC instants, and the months or days
// inside a range ("buckets") that a report counts into, each clipped to the range. DST-exact:
// every bound is a local midnight (util/local-time.ts). Tested in firmware/test/reports/.
import { addDays, atLocalTime, compareDates, formatIsoDate, parseIsoDate, type LocalDate } from '../util/local-time.js';

/** The longest range a report takes (ten years and leap days). */
export const MAX_RANGE_DAYS = 3660;
/** The most days a by-day report shows. */
export const MAX_DAY_BUCKETS = 400;

export interface Bucket {
  /** YYYY-MM for a month, YYYY-MM-DD for a day. */
  key: string;
  /** UTC ISO, inclusive. */
  from: string;
  /** UTC ISO, exclusive. */
  to: string;
}

const midnight = (d: LocalDate, timeZone: string) => atLocalTime(d, 0, 0, timeZone).toISOString();

/** Days from a to b (b − a), both calendar dates. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}

/** The range a report shows when none is asked: the first of the month eleven months back to today. */
export function lastTwelveMonths(today: LocalDate): { from: string; to: string } {
  const m = today.year * 12 + (today.month - 1) - 11;
  return { from: formatIsoDate({ year: Math.floor(m / 12), month: (m % 12) + 1, day: 1 }), to: formatIsoDate(today) };
}

/** [from, to) of the studio days fromDay..toDay (inclusive), or why not. */
export function rangeInstants(fromDay: string, toDay: string, timeZone: string): { from: string; to: string } | { field: 'from' | 'to'; message: string } {
  const a = parseIsoDate(fromDay);
  if (!a) return { field: 'from', message: 'a date, YYYY-MM-DD' };
  const b = parseIsoDate(toDay);
  if (!b) return { field: 'to', message: 'a date, YYYY-MM-DD' };
  if (compareDates(b, a) < 0) return { field: 'to', message: 'on or after from' };
  if (daysBetween(a, b) >= MAX_RANGE_DAYS) return { field: 'to', message: `at most ${MAX_RANGE_DAYS} days after from` };
  return { from: midnight(a, timeZone), to: midnight(addDays(b, 1), timeZone) };
}

/** The months (or days) of fromDay..toDay, in order, each clipped to the range. */
export function buckets(fromDay: string, toDay: string, by: 'month' | 'day', timeZone: string): Bucket[] {
  const a = parseIsoDate(fromDay);
  const b = parseIsoDate(toDay);
  if (!a || !b || compareDates(b, a) < 0) return [];
  const end = addDays(b, 1);
  const out: Bucket[] = [];
  let d = a;
  while (compareDates(d, end) < 0) {
    let next: LocalDate;
    let key: string;
    if (by === 'day') {
      next = addDays(d, 1);
      key = formatIsoDate(d);
    } else {
      next = d.month === 12 ? { year: d.year + 1, month: 1, day: 1 } : { year: d.year, month: d.month + 1, day: 1 };
      if (compareDates(next, end) > 0) next = end;
      key = formatIsoDate(d).slice(0, 7);
    }
    out.push({ key, from: midnight(d, timeZone), to: midnight(next, timeZone) });
    d = next;
  }
  return out;
}

/**
 * The buckets as one SQL parameter: `WITH b AS (SELECT value ->> 0 AS k, value ->> 1 AS s,
 * value ->> 2 AS e FROM json_each(?))` reads it back (BUCKETS_CTE).
 */
export function bucketParam(list: Bucket[]): string {
  return JSON.stringify(list.map((b) => [b.key, b.from, b.to]));
}
export const BUCKETS_CTE = `b AS (SELECT value ->> 0 AS k, value ->> 1 AS s, value ->> 2 AS e, key AS n FROM json_each(?))`;
