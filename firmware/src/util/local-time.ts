// Wall-clock arithmetic in the studio's time zone, pure (Intl only, no I/O). The box stores UTC
// and shows local time; "due today", "in 7 days at 10:00" and "overdue" are questions about the
// studio's calendar, not UTC's (10:00 in Shanghai is 02:00 UTC; 00:30 local is the previous
// UTC day).

export interface LocalDate {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One cached formatter per zone that reads the wall clock as numbers (shared with the ingest's capture times). */
export function zoneFormatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    // Gregorian, Latin digits and a 0–23 hour whatever the runtime's locale data prefers.
    f = new Intl.DateTimeFormat('en-US-u-ca-gregory-nu-latn', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The wall-clock reading in `timeZone` at `at`. An unknown zone throws RangeError. */
export function wallClock(at: Date, timeZone: string): LocalDate & { hour: number; minute: number; second: number } {
  const parts = zoneFormatter(timeZone).formatToParts(at);
  const n = (type: Intl.DateTimeFormatPartTypes): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: n('year'), month: n('month'), day: n('day'), hour: n('hour') % 24, minute: n('minute'), second: n('second') };
}

/** The studio's date at `at`. */
export function localDate(at: Date, timeZone: string): LocalDate {
  const { year, month, day } = wallClock(at, timeZone);
  return { year, month, day };
}

/** Milliseconds the zone is ahead of UTC at `at` (whole seconds; +8 h for Shanghai). */
function offsetAt(at: number, timeZone: string): number {
  const w = wallClock(new Date(at), timeZone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(at / 1000) * 1000;
}

/**
 * The instant the studio's clock reads `date` at `hour`:`minute`. In a spring-forward gap (the
 * reading never happens) it is the instant just after the gap, the first time the day reaches
 * that hour; in an autumn overlap (the reading happens twice) it is the first of the two.
 */
export function atLocalTime(date: LocalDate, hour: number, minute: number, timeZone: string): Date {
  const naive = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  // The real instant is naive minus the zone's offset. The offset at the naive instant puts us
  // within a few hours of it; the offsets 6 h either side of there cover every real zone's DST
  // step. (Sampling around the naive instant itself missed the change in far-east zones: Lord
  // Howe, +11, gave the later of two readings.)
  const guess = naive - offsetAt(naive, timeZone);
  const offsets = new Set([offsetAt(guess - 6 * 3600_000, timeZone), offsetAt(guess, timeZone), offsetAt(guess + 6 * 3600_000, timeZone)]);
  const candidates = [...offsets].map((o) => naive - o).filter((t) => {
    const w = wallClock(new Date(t), timeZone);
    return w.year === date.year && w.month === date.month && w.day === date.day && w.hour === hour && w.minute === minute;
  });
  if (candidates.length) return new Date(Math.min(...candidates));
  // The gap: the reading is skipped; the clock jumped from the old (smaller) offset to the new one.
  return new Date(naive - Math.min(...offsets));
}

/** `date` plus `days` calendar days (month and year ends, Feb 29 handled by Date.UTC). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function sameDate(a: LocalDate, b: LocalDate): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}

/** "YYYY-MM-DD" → LocalDate, or null when it is not a real calendar date. */
export function parseIsoDate(s: string): LocalDate | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return null;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  const back = addDays(date, 0);
  return sameDate(date, back) ? date : null;
}

export function compareDates(a: LocalDate, b: LocalDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The day `date` comes round in `year`: Feb 29 falls on Feb 28 in a common year. */
export function anniversaryIn(date: LocalDate, year: number): LocalDate {
  const leapDay = date.month === 2 && date.day === 29;
  return leapDay && !isLeapYear(year) ? { year, month: 2, day: 28 } : { year, month: date.month, day: date.day };
}

/** "YYYY-MM-DD" */
export function formatIsoDate(d: LocalDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
