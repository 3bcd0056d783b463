// The appointment clash check and slot finder (O3), pure: no I/O, the clock and the studio's
// zone come in as arguments. Times are UTC milliseconds; the studio's calendar (working hours,
// days off, "which day") is read in its time zone, so a DST change moves nothing.
//
// An appointment occupies its room and its people from `setupBefore` minutes before its start
// to `setupAfter` minutes after its end (its busy window). Windows are half-open [from, to):
// one ending at 10:00 and another starting at 10:00 do not clash. The appointment itself (not
// its set-up) must lie within the day's opening hours, on a day that is not a day off.
import type { AppointmentWarning, DayHours } from '../api-types.js';
import { addDays, atLocalTime, formatIsoDate, localDate, wallClock, type LocalDate } from '../util/local-time.js';

const MINUTE = 60_000;

export interface Booking {
  /** 0 for the one being checked when it is new. */
  id: number;
  start: number;
  end: number;
  setupBefore: number;
  setupAfter: number;
  roomId: number | null;
  people: readonly number[];
}

export interface StudioCalendar {
  timeZone: string;
  /** Monday first, seven entries. */
  workingHours: readonly DayHours[];
  /** YYYY-MM-DD */
  daysOff: ReadonlySet<string>;
}

/** The busy window: the appointment and its set-up either side. */
export function busyWindow(b: Booking): { from: number; to: number } {
  return { from: b.start - b.setupBefore * MINUTE, to: b.end + b.setupAfter * MINUTE };
}

/** Half-open windows overlap when each starts before the other ends. */
export function overlaps(a: { from: number; to: number }, b: { from: number; to: number }): boolean {
  return a.from < b.to && b.from < a.to;
}

/** "HH:MM" → minutes after midnight, or null. */
export function minutesOf(hhmm: string): number | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/** Monday 0 … Sunday 6 of a calendar date. */
export function weekdayOf(d: LocalDate): number {
  return (new Date(Date.UTC(d.year, d.month - 1, d.day)).getUTCDay() + 6) % 7;
}

/** The day's opening and closing instants, or why there are none. */
export function openingOf(date: LocalDate, cal: StudioCalendar): { open: number; close: number } | 'day_off' | 'closed' {
  if (cal.daysOff.has(formatIsoDate(date))) return 'day_off';
  const h = cal.workingHours[weekdayOf(date)];
  const o = h ? minutesOf(h.open) : null;
  const c = h ? minutesOf(h.close) : null;
  if (o === null || c === null || c <= o) return 'closed';
  const open = atLocalTime(date, Math.floor(o / 60), o % 60, cal.timeZone).getTime();
  const close = atLocalTime(date, Math.floor(c / 60), c % 60, cal.timeZone).getTime();
  return close > open ? { open, close } : 'closed';
}

/** The clashes with other bookings (not itself, by id), room before people, by start. */
export function clashesOf(b: Booking, others: readonly Booking[]): AppointmentWarning[] {
  const w = busyWindow(b);
  const out: AppointmentWarning[] = [];
  const sorted = others.filter((o) => o.id !== b.id || b.id === 0).sort((x, y) => x.start - y.start || x.id - y.id);
  for (const o of sorted) {
    if (!overlaps(w, busyWindow(o))) continue;
    if (b.roomId !== null && o.roomId === b.roomId) out.push({ type: 'room', roomId: b.roomId, appointmentId: o.id });
  }
  for (const p of b.people) {
    for (const o of sorted) {
      if (o.people.includes(p) && overlaps(w, busyWindow(o))) out.push({ type: 'person', userId: p, appointmentId: o.id });
    }
  }
  return out;
}

/** Is the appointment itself inside one day's opening hours (not a day off, not a closed weekday)? */
export function calendarWarnings(b: Pick<Booking, 'start' | 'end'>, cal: StudioCalendar): AppointmentWarning[] {
  const day = localDate(new Date(b.start), cal.timeZone);
  const date = formatIsoDate(day);
  const opening = openingOf(day, cal);
  if (opening === 'day_off') return [{ type: 'day_off', date }];
  if (opening === 'closed') return [{ type: 'closed', date }];
  return b.start >= opening.open && b.end <= opening.close ? [] : [{ type: 'outside_hours', date }];
}

/** Every warning for a booking: in the past, the calendar, clashes. Empty = it may be booked as it is. */
export function checkBooking(b: Booking, others: readonly Booking[], cal: StudioCalendar, now: number): AppointmentWarning[] {
  return [...(b.start < now ? [{ type: 'past' as const }] : []), ...calendarWarnings(b, cal), ...clashesOf(b, others)];
}

export interface SlotSearch {
  /** Candidate starts lie on this grid of the studio's clock (minutes past midnight divisible by it). */
  stepMinutes: number;
  /** Days searched either side of the wanted day. */
  days: number;
  /** How many slots to offer. */
  count: number;
}

export const DEFAULT_SLOT_SEARCH: SlotSearch = { stepMinutes: 15, days: 14, count: 5 };

/**
 * The nearest free starts to `b.start` for the same length, set-up, room and people: inside
 * opening hours, not on a day off, not before `now`, clashing with nothing. Nearest by distance
 * from the wanted start; of two equally near the earlier. Candidate starts are the studio's
 * quarter hours (a DST gap's readings collapse to the instant after the jump, counted once).
 */
export function findSlots(b: Booking, others: readonly Booking[], cal: StudioCalendar, now: number, search: SlotSearch = DEFAULT_SLOT_SEARCH): { start: number; end: number }[] {
  const length = b.end - b.start;
  if (length <= 0 || search.count <= 0) return [];
  const relevant = others.filter((o) => (o.id !== b.id || b.id === 0) && ((b.roomId !== null && o.roomId === b.roomId) || o.people.some((p) => b.people.includes(p))));
  const wantedDay = localDate(new Date(b.start), cal.timeZone);
  const seen = new Set<number>();
  const candidates: number[] = [];
  for (let i = -search.days; i <= search.days; i++) {
    const day = addDays(wantedDay, i);
    const opening = openingOf(day, cal);
    if (typeof opening === 'string') continue;
    const h = cal.workingHours[weekdayOf(day)]!;
    const first = Math.ceil(minutesOf(h.open)! / search.stepMinutes) * search.stepMinutes;
    for (let m = first; m < 24 * 60; m += search.stepMinutes) {
      const start = atLocalTime(day, Math.floor(m / 60), m % 60, cal.timeZone).getTime();
      if (start < opening.open || seen.has(start)) continue;
      if (start + length > opening.close) break;
      seen.add(start);
      if (start >= now) candidates.push(start);
    }
  }
  candidates.sort((x, y) => Math.abs(x - b.start) - Math.abs(y - b.start) || x - y);
  const out: { start: number; end: number }[] = [];
  for (const start of candidates) {
    const moved = { ...b, start, end: start + length };
    if (clashesOf(moved, relevant).length === 0) out.push({ start, end: start + length });
    if (out.length >= search.count) break;
  }
  return out;
}

/** The studio's wall-clock minute of an instant (for tests and labels). */
export function localMinutes(at: number, timeZone: string): number {
  const w = wallClock(new Date(at), timeZone);
  return w.hour * 60 + w.minute;
}
