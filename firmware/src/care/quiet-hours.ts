// Quiet hours (issue 14.5): no marketing or reminder SMS between, say, 21:00 and 08:00 on the
// studio's clock. Pure: the wall clock comes from Intl (util/local-time.ts), no I/O.
//
// The window is [start, end) in local wall-clock minutes. start > end crosses midnight
// (21:00–08:00); start == end means no quiet hours at all (not "all day": a window nobody can
// leave would hold every message for ever).
import { addDays, atLocalTime, wallClock, type LocalDate } from '../util/local-time.js';

export interface QuietHours {
  /** "HH:MM", 24-hour. */
  start: string;
  end: string;
}

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes since local midnight of "HH:MM", or null when it is not such a time. */
export function parseHhmm(s: string): number | null {
  const m = HHMM.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function minutesOf(s: string): number {
  const m = parseHhmm(s);
  if (m === null) throw new RangeError(`not a time of day (HH:MM): ${JSON.stringify(s)}`);
  return m;
}

/** True when `minute` (since local midnight) lies inside the window. */
export function inQuietWindow(minute: number, q: QuietHours): boolean {
  const s = minutesOf(q.start);
  const e = minutesOf(q.end);
  if (s === e) return false;
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

/**
 * When a non-urgent SMS may go out if it is ready at `at`: null when `at` is outside the quiet
 * hours (send now), else the first instant after `at` at which the studio's clock reads `end`.
 * Across a DST change: an end that falls into a spring-forward gap is the instant of the jump
 * (the clock is past `end` from then on); an end that is read twice (autumn) is the first
 * reading after `at`.
 */
export function quietUntil(at: Date, q: QuietHours, timeZone: string): Date | null {
  const w = wallClock(at, timeZone);
  const minute = w.hour * 60 + w.minute;
  if (!inQuietWindow(minute, q)) return null;
  const e = minutesOf(q.end);
  const today: LocalDate = { year: w.year, month: w.month, day: w.day };
  // Before the end on today's clock (the early morning, or a window within one day): today's
  // end; else (the evening part of a window that crosses midnight) tomorrow's.
  const day = minute < e ? today : addDays(today, 1);
  const reading = nextReading(at, day, Math.floor(e / 60), e % 60, timeZone);
  const r = wallClock(reading, timeZone);
  if (r.hour * 60 + r.minute === e) return reading;
  // The end fell into a spring-forward gap (02:30 on a day the clock jumps from 02:00 to 03:00):
  // the window is left at the jump. Between `at` (inside) and `reading` (outside) the clock only
  // moves forward, so the first minute outside is found by halving.
  let lo = Math.floor(at.getTime() / 60_000);
  let hi = Math.floor(reading.getTime() / 60_000);
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    const w2 = wallClock(new Date(mid * 60_000), timeZone);
    if (inQuietWindow(w2.hour * 60 + w2.minute, q)) lo = mid;
    else hi = mid;
  }
  return new Date(hi * 60_000);
}

/** The first instant after `at` when the clock reads `date` `hour`:`minute` (or just after its gap). */
function nextReading(at: Date, date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const first = atLocalTime(date, hour, minute, timeZone);
  if (first.getTime() > at.getTime()) return first;
  // An autumn overlap: `at` is in the second pass of the repeated hour, after the first reading
  // of the end. The second reading is one shift later; DST shifts are at most a few hours, so
  // look at the instants an hour (or half an hour, Lord Howe) apart.
  for (const stepMin of [30, 60, 120]) {
    const t = new Date(first.getTime() + stepMin * 60_000);
    const r = wallClock(t, timeZone);
    if (t.getTime() > at.getTime() && r.year === date.year && r.month === date.month && r.day === date.day && r.hour === hour && r.minute === minute) return t;
  }
  // Never reached with real zones; never hold a message for ever.
  return new Date(at.getTime() + 60_000);
}
