// The appointment clash check and slot finder (O3), pure: edges of overlaps, set-up time, room
// and people, working hours and days off on the studio's calendar (Shanghai, where UTC's day
// differs from the studio's in the morning), DST days (New York, London), and properties over
// random schedules against a brute-force search.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DayHours } from '../../src/api-types.js';
import {
  busyWindow, calendarWarnings, checkBooking, clashesOf, findSlots, localMinutes, minutesOf, openingOf, overlaps, weekdayOf, type Booking, type StudioCalendar,
} from '../../src/appointments/clash-rules.js';
import { atLocalTime, localDate } from '../../src/util/local-time.js';

const MIN = 60_000;
const nineToSix: DayHours = { open: '09:00', close: '18:00' };
const cal = (timeZone: string, extra: Partial<StudioCalendar> = {}): StudioCalendar => ({
  timeZone, workingHours: [nineToSix, nineToSix, nineToSix, nineToSix, nineToSix, nineToSix, nineToSix], daysOff: new Set(), ...extra,
});
const SH = cal('Asia/Shanghai');
/** 2026-12-dd hh:mm in Shanghai (UTC+8) as ms. */
const sh = (day: number, hour: number, minute = 0) => Date.UTC(2026, 11, day, hour - 8, minute);
const booking = (id: number, start: number, minutes: number, extra: Partial<Booking> = {}): Booking => ({
  id, start, end: start + minutes * MIN, setupBefore: 0, setupAfter: 0, roomId: null, people: [], ...extra,
});
const NOW = sh(1, 8);

describe('overlaps at the edges', () => {
  it('half-open: touching windows do not clash, one minute more does', () => {
    expect(overlaps({ from: 0, to: 10 }, { from: 10, to: 20 })).toBe(false);
    expect(overlaps({ from: 10, to: 20 }, { from: 0, to: 10 })).toBe(false);
    expect(overlaps({ from: 0, to: 11 }, { from: 10, to: 20 })).toBe(true);
    expect(overlaps({ from: 0, to: 30 }, { from: 10, to: 20 })).toBe(true); // inside
    expect(overlaps({ from: 10, to: 20 }, { from: 10, to: 20 })).toBe(true); // the same
  });
  it('back to back in one room is fine; a minute over is a room clash', () => {
    const a = booking(1, sh(3, 10), 60, { roomId: 7 });
    expect(clashesOf(booking(0, sh(3, 11), 60, { roomId: 7 }), [a])).toEqual([]);
    expect(clashesOf(booking(0, sh(3, 9), 60, { roomId: 7 }), [a])).toEqual([]);
    expect(clashesOf(booking(0, sh(3, 10, 59), 60, { roomId: 7 }), [a])).toEqual([{ type: 'room', roomId: 7, appointmentId: 1 }]);
    expect(clashesOf(booking(0, sh(3, 9, 1), 60, { roomId: 7 }), [a])).toEqual([{ type: 'room', roomId: 7, appointmentId: 1 }]);
  });
  it('set-up time before and clearing-up after count: either side closes the gap', () => {
    const a = booking(1, sh(3, 10), 60, { roomId: 7, setupAfter: 15 }); // busy 10:00–11:15
    expect(busyWindow(a)).toEqual({ from: sh(3, 10), to: sh(3, 11, 15) });
    expect(clashesOf(booking(0, sh(3, 11), 60, { roomId: 7 }), [a])).toHaveLength(1);
    expect(clashesOf(booking(0, sh(3, 11, 15), 60, { roomId: 7 }), [a])).toEqual([]);
    // The new one's own set-up before reaches back into a's clearing-up.
    expect(clashesOf(booking(0, sh(3, 11, 30), 60, { roomId: 7, setupBefore: 15 }), [a])).toEqual([]);
    expect(clashesOf(booking(0, sh(3, 11, 29), 60, { roomId: 7, setupBefore: 15 }), [a])).toHaveLength(1);
    // Set-up before a later appointment.
    const b = booking(2, sh(3, 14), 60, { roomId: 7, setupBefore: 30 }); // busy 13:30–15:00
    expect(clashesOf(booking(0, sh(3, 12, 30), 60, { roomId: 7 }), [b])).toEqual([]);
    expect(clashesOf(booking(0, sh(3, 12, 31), 60, { roomId: 7 }), [b])).toHaveLength(1);
  });
});

describe('who and where clashes', () => {
  const a = booking(1, sh(3, 10), 120, { roomId: 7, people: [11, 12] });
  it('the same room; the same photographer or make-up artist; each named', () => {
    expect(clashesOf(booking(0, sh(3, 11), 60, { roomId: 7, people: [12, 13] }), [a])).toEqual([
      { type: 'room', roomId: 7, appointmentId: 1 },
      { type: 'person', userId: 12, appointmentId: 1 },
    ]);
    expect(clashesOf(booking(0, sh(3, 11), 60, { roomId: 8, people: [11] }), [a])).toEqual([{ type: 'person', userId: 11, appointmentId: 1 }]);
  });
  it('another room and other people at the same time: no clash; no room is no room clash', () => {
    expect(clashesOf(booking(0, sh(3, 11), 60, { roomId: 8, people: [13] }), [a])).toEqual([]);
    expect(clashesOf(booking(0, sh(3, 11), 60, { roomId: null, people: [] }), [booking(1, sh(3, 10), 120)])).toEqual([]);
  });
  it('an appointment moved does not clash with itself', () => {
    expect(clashesOf({ ...a, start: a.start + 30 * MIN, end: a.end + 30 * MIN }, [a])).toEqual([]);
    expect(clashesOf({ ...a, id: 2 }, [a])).toHaveLength(3);
  });
  it('several clashes with several appointments, by start', () => {
    const b = booking(2, sh(3, 9), 90, { people: [13] });
    const w = clashesOf(booking(0, sh(3, 9, 30), 60, { roomId: 7, people: [11, 13] }), [a, b]);
    expect(w).toEqual([
      { type: 'room', roomId: 7, appointmentId: 1 },
      { type: 'person', userId: 11, appointmentId: 1 },
      { type: 'person', userId: 13, appointmentId: 2 },
    ]);
  });
});

describe('working hours and days off on the studio calendar', () => {
  it('from opening to closing exactly is inside; a minute either side is not', () => {
    expect(calendarWarnings(booking(0, sh(3, 9), 9 * 60), SH)).toEqual([]);
    expect(calendarWarnings(booking(0, sh(3, 8, 59), 60), SH)).toEqual([{ type: 'outside_hours', date: '2026-12-03' }]);
    expect(calendarWarnings(booking(0, sh(3, 17, 1), 60), SH)).toEqual([{ type: 'outside_hours', date: '2026-12-03' }]);
  });
  it('a day off is the studio date: 07:30 Shanghai on 3 Dec is 2 Dec in UTC', () => {
    const off = cal('Asia/Shanghai', { daysOff: new Set(['2026-12-03']) });
    expect(new Date(sh(3, 7, 30)).toISOString().slice(0, 10)).toBe('2026-12-02');
    expect(calendarWarnings(booking(0, sh(3, 7, 30), 30), off)).toEqual([{ type: 'day_off', date: '2026-12-03' }]);
    expect(calendarWarnings(booking(0, sh(3, 10), 30), off)).toEqual([{ type: 'day_off', date: '2026-12-03' }]);
    expect(calendarWarnings(booking(0, sh(4, 10), 30), off)).toEqual([]);
  });
  it('a closed weekday (Sunday 6 Dec 2026), and hours that make no sense are closed', () => {
    const hours = [...SH.workingHours];
    hours[6] = null;
    expect(weekdayOf({ year: 2026, month: 12, day: 6 })).toBe(6);
    expect(weekdayOf({ year: 2026, month: 12, day: 7 })).toBe(0);
    expect(calendarWarnings(booking(0, sh(6, 10), 30), { ...SH, workingHours: hours })).toEqual([{ type: 'closed', date: '2026-12-06' }]);
    hours[0] = { open: '18:00', close: '09:00' };
    expect(openingOf({ year: 2026, month: 12, day: 7 }, { ...SH, workingHours: hours })).toBe('closed');
    expect(minutesOf('24:00')).toBeNull();
    expect(minutesOf('9:00')).toBeNull();
    expect(minutesOf('23:59')).toBe(23 * 60 + 59);
  });
  it('an appointment across midnight is outside the hours of its day', () => {
    const late = cal('Asia/Shanghai', { workingHours: Array(7).fill({ open: '00:00', close: '23:59' }) });
    expect(calendarWarnings(booking(0, sh(3, 23), 120), late)).toEqual([{ type: 'outside_hours', date: '2026-12-03' }]);
  });
  it('checkBooking puts the past first, then the calendar, then the clashes', () => {
    const b = booking(0, sh(1, 7), 60, { roomId: 1 });
    expect(checkBooking(b, [booking(5, sh(1, 7), 30, { roomId: 1 })], SH, NOW)).toEqual([
      { type: 'past' }, { type: 'outside_hours', date: '2026-12-01' }, { type: 'room', roomId: 1, appointmentId: 5 },
    ]);
  });
});

describe('time zones and DST', () => {
  it('New York: 09:00 opening is 14:00 UTC in winter, 13:00 UTC after the spring change (8 Mar 2026)', () => {
    const ny = cal('America/New_York');
    const before = openingOf({ year: 2026, month: 3, day: 7 }, ny) as { open: number; close: number };
    const after = openingOf({ year: 2026, month: 3, day: 8 }, ny) as { open: number; close: number };
    expect(new Date(before.open).toISOString()).toBe('2026-03-07T14:00:00.000Z');
    expect(new Date(after.open).toISOString()).toBe('2026-03-08T13:00:00.000Z');
    expect(after.close - after.open).toBe(9 * 3600_000);
  });
  it('a studio open through the spring gap: the skipped hour is never offered twice, lengths stay real', () => {
    const ny = cal('America/New_York', { workingHours: Array(7).fill({ open: '00:00', close: '12:00' }) });
    const wanted = atLocalTime({ year: 2026, month: 3, day: 8 }, 1, 30, 'America/New_York').getTime();
    const b = booking(0, wanted, 60);
    const slots = findSlots(b, [], ny, 0, { stepMinutes: 15, days: 0, count: 200 });
    const starts = slots.map((s) => s.start);
    expect(new Set(starts).size).toBe(starts.length);
    for (const s of slots) expect(s.end - s.start).toBe(60 * MIN);
    // 00:00–11:00 on the hour and quarters is 45 readings, of which 02:00–02:45 do not exist
    // (they all map to 03:00, which exists anyway): 41 distinct starts.
    expect(starts).toHaveLength(41);
    expect(starts.map((s) => localMinutes(s, 'America/New_York')).every((m) => m % 15 === 0 && (m < 120 || m >= 180))).toBe(true);
  });
  it('London, autumn (25 Oct 2026): 01:30 happens twice; offered once (the first)', () => {
    const ldn = cal('Europe/London', { workingHours: Array(7).fill({ open: '00:00', close: '04:00' }) });
    const wanted = atLocalTime({ year: 2026, month: 10, day: 25 }, 1, 0, 'Europe/London').getTime();
    const slots = findSlots(booking(0, wanted, 30), [], ldn, 0, { stepMinutes: 30, days: 0, count: 100 });
    // 00:00 … 03:30 by half hours = 8 readings; the day is 5 real hours long.
    expect(slots).toHaveLength(8);
    expect(new Date(slots.find((s) => localMinutes(s.start, 'Europe/London') === 90)!.start).toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });
  it('an appointment stored in UTC falls on the studio day of its zone', () => {
    const at = Date.parse('2026-12-02T17:00:00Z'); // 01:00 on 3 Dec in Shanghai, 12:00 on 2 Dec in New York
    expect(localDate(new Date(at), 'Asia/Shanghai').day).toBe(3);
    const off = new Set(['2026-12-03']);
    expect(calendarWarnings(booking(0, at, 30), cal('Asia/Shanghai', { daysOff: off }))).toEqual([{ type: 'day_off', date: '2026-12-03' }]);
    expect(calendarWarnings(booking(0, at, 30), cal('America/New_York', { daysOff: off }))).toEqual([]);
  });
});

describe('the slot finder', () => {
  const a = booking(1, sh(3, 10), 120, { roomId: 7, people: [11], setupAfter: 15 }); // busy 10:00–12:15
  it('offers the nearest free starts either side of the wanted one, nearest first', () => {
    const wanted = booking(0, sh(3, 11), 60, { roomId: 7 });
    const slots = findSlots(wanted, [a], SH, NOW, { stepMinutes: 15, days: 14, count: 4 });
    // After: 12:15 (1 h 15 later), 12:30, 12:45; before: it must end by 10:00 → 09:00, 2 h
    // earlier, as near as 13:00 and earlier, so before it.
    expect(slots.map((s) => new Date(s.start).toISOString())).toEqual([
      new Date(sh(3, 12, 15)).toISOString(),
      new Date(sh(3, 12, 30)).toISOString(),
      new Date(sh(3, 12, 45)).toISOString(),
      new Date(sh(3, 9)).toISOString(),
    ]);
    expect(slots.every((s) => s.end - s.start === 60 * MIN)).toBe(true);
  });
  it('of two equally near, the earlier', () => {
    const busy = booking(1, sh(3, 11), 60, { roomId: 7 });
    const slots = findSlots(booking(0, sh(3, 11), 60, { roomId: 7 }), [busy], SH, NOW, { stepMinutes: 60, days: 0, count: 2 });
    expect(slots.map((s) => s.start)).toEqual([sh(3, 10), sh(3, 12)]);
  });
  it('skips days off, closed days, the past, and the closing time', () => {
    const hours = [...SH.workingHours];
    hours[4] = null; // Friday 4 Dec closed
    const c = { ...SH, workingHours: hours, daysOff: new Set(['2026-12-05']) };
    // A full day at 9:00–18:00 on Thursday 3 Dec: the next free one is Sunday 6 Dec (Fri closed, Sat off), earlier ones are in the past.
    const allDay = booking(1, sh(3, 9), 9 * 60, { roomId: 7 });
    const slots = findSlots(booking(0, sh(3, 9), 9 * 60, { roomId: 7 }), [allDay, booking(2, sh(2, 9), 9 * 60, { roomId: 7 })], c, sh(2, 12), { stepMinutes: 15, days: 14, count: 1 });
    expect(slots).toEqual([{ start: sh(6, 9), end: sh(6, 18) }]);
    // Longer than any day: nothing.
    expect(findSlots(booking(0, sh(3, 9), 10 * 60), [], c, NOW)).toEqual([]);
  });
  it('a person busy elsewhere counts; the room alone does not block other rooms', () => {
    const slots = findSlots(booking(0, sh(3, 10), 60, { roomId: 8, people: [11] }), [a], SH, NOW, { stepMinutes: 15, days: 0, count: 1 });
    expect(slots).toEqual([{ start: sh(3, 9), end: sh(3, 10) }]);
    expect(findSlots(booking(0, sh(3, 10), 60, { roomId: 8 }), [a], SH, NOW, { stepMinutes: 15, days: 0, count: 1 })).toEqual([{ start: sh(3, 10), end: sh(3, 11) }]);
  });
});

describe('properties over random schedules', () => {
  const zones = ['Asia/Shanghai', 'Asia/Ho_Chi_Minh', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kolkata'];
  const base = Date.UTC(2026, 2, 1); // through the March DST changes
  const bookingArb = (id: number) =>
    fc.record({
      start: fc.integer({ min: 0, max: 40 * 96 }).map((q) => base + q * 15 * MIN),
      minutes: fc.integer({ min: 1, max: 16 }).map((q) => q * 15),
      setupBefore: fc.constantFrom(0, 10, 15, 30),
      setupAfter: fc.constantFrom(0, 5, 15),
      roomId: fc.constantFrom(null, 1, 2),
      people: fc.subarray([11, 12, 13], { maxLength: 2 }),
    }).map((r): Booking => ({ id, start: r.start, end: r.start + r.minutes * MIN, setupBefore: r.setupBefore, setupAfter: r.setupAfter, roomId: r.roomId, people: r.people }));
  const scheduleArb = fc.integer({ min: 0, max: 25 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => bookingArb(i + 1))));
  const hoursArb = fc.array(
    fc.option(fc.record({ open: fc.integer({ min: 0, max: 12 }), close: fc.integer({ min: 13, max: 23 }) }).map((h) => ({ open: `${String(h.open).padStart(2, '0')}:00`, close: `${String(h.close).padStart(2, '0')}:30` })), { nil: null, freq: 5 }),
    { minLength: 7, maxLength: 7 },
  );

  it('a clash is mutual on the shared room or person', () => {
    fc.assert(
      fc.property(bookingArb(1), bookingArb(2), (x, y) => {
        const xy = clashesOf(x, [y]);
        const yx = clashesOf(y, [x]);
        expect(xy.filter((w) => w.type === 'room').length).toBe(yx.filter((w) => w.type === 'room').length);
        expect(xy.filter((w) => w.type === 'person').length).toBe(yx.filter((w) => w.type === 'person').length);
        const shared = (x.roomId !== null && x.roomId === y.roomId) || x.people.some((p) => y.people.includes(p));
        expect(xy.length > 0).toBe(shared && overlaps(busyWindow(x), busyWindow(y)));
      }),
      { numRuns: 500 },
    );
  });

  it('every offered slot is free, inside the hours, not in the past, nearest first — and none nearer was missed (brute force)', () => {
    fc.assert(
      fc.property(scheduleArb, bookingArb(0), hoursArb, fc.constantFrom(...zones), fc.integer({ min: 0, max: 20 * 96 }), (others, wanted, hours, timeZone, nowQ) => {
        const c: StudioCalendar = { timeZone, workingHours: hours, daysOff: new Set(['2026-03-10', '2026-03-29']) };
        const now = base + nowQ * 15 * MIN;
        const search = { stepMinutes: 15, days: 3, count: 3 };
        const slots = findSlots(wanted, others, c, now, search);
        const length = wanted.end - wanted.start;
        for (const s of slots) {
          const moved = { ...wanted, start: s.start, end: s.end };
          expect(s.end - s.start).toBe(length);
          expect(checkBooking(moved, others, c, now)).toEqual([]);
          expect(localMinutes(s.start, timeZone) % 15).toBe(0);
        }
        for (let i = 1; i < slots.length; i++) expect(Math.abs(slots[i]!.start - wanted.start)).toBeGreaterThanOrEqual(Math.abs(slots[i - 1]!.start - wanted.start));
        // Brute force: every quarter hour (UTC grid, which is the local grid in these zones but
        // Kolkata's and Lord Howe's half hours, so use 5 minutes) within the searched days.
        const day = localDate(new Date(wanted.start), timeZone);
        const from = atLocalTime({ ...day }, 0, 0, timeZone).getTime() - 3 * 86400_000 - 86400_000;
        const to = from + 9 * 86400_000;
        const reach = slots.length === search.count ? Math.abs(slots[slots.length - 1]!.start - wanted.start) : Infinity;
        for (let t = from; t < to; t += 5 * MIN) {
          if (Math.abs(t - wanted.start) >= reach) continue;
          if (localMinutes(t, timeZone) % 15 !== 0) continue;
          const d = localDate(new Date(t), timeZone);
          const dd = (Date.UTC(d.year, d.month - 1, d.day) - Date.UTC(day.year, day.month - 1, day.day)) / 86400_000;
          if (Math.abs(dd) > search.days) continue;
          const moved = { ...wanted, start: t, end: t + length };
          if (checkBooking(moved, others, c, now).length === 0) expect(slots.map((s) => s.start)).toContain(t);
        }
      }),
      { numRuns: 100 },
    );
  });
});
