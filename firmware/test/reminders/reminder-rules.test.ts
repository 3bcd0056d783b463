// The reminder rules (reminders/reminder-rules.ts, lunar-dates.ts): every kind from its source
// field, against dates worked out by hand — Feb 29 in common years, month and year ends, lunar
// leap months and the lunar 30th in a 29-day month, DST gaps and overlaps, zones either side of
// UTC — and the planning window as properties.
import fc from 'fast-check';
import { Lunar, LunarMonth, Solar } from 'lunar-typescript';
import { describe, expect, it } from 'vitest';
import { REMINDER_KINDS, type ReminderKind, type ReminderRules } from '../../src/api-types.js';
import { lunarBirthdayIn, lunarOf } from '../../src/reminders/lunar-dates.js';
import {
  AFTER_SALES_DAYS,
  DEFAULT_RULES,
  customerEvents,
  dayOf,
  onTodayList,
  orderEvents,
  planOccurrences,
  studioDay,
  yearlyDates,
  type CustomerDates,
  type OrderDates,
} from '../../src/reminders/reminder-rules.js';
import { formatIsoDate, localDate, parseIsoDate } from '../../src/util/local-time.js';

const d = (s: string) => parseIsoDate(s)!;
const w = (from: string, to: string) => ({ from: d(from), to: d(to) });
const iso = (ds: { year: number; month: number; day: number }[]) => ds.map(formatIsoDate);

const customer = (over: Partial<CustomerDates> = {}): CustomerDates => ({
  id: 7,
  birthday: null,
  birthdayLunar: false,
  babyBirthDate: null,
  weddingDate: null,
  stage: 'lead',
  stageDueAt: null,
  ...over,
});
const order = (over: Partial<OrderDates> = {}): OrderDates => ({
  id: 31,
  customerId: 7,
  state: 'booked',
  serviceAt: null,
  sampleAt: null,
  stateChangedAt: '2026-01-01T00:00:00.000Z',
  ...over,
});

/** Only `kind` on, with these settings. */
function only(kind: ReminderKind, over: Partial<ReminderRules[ReminderKind]> = {}): ReminderRules {
  const rules = { ...DEFAULT_RULES };
  for (const k of REMINDER_KINDS) rules[k] = { ...rules[k], enabled: false };
  rules[kind] = { ...DEFAULT_RULES[kind], enabled: true, ...over };
  return rules;
}

describe('solar yearly dates', () => {
  it('Feb 29 falls on Feb 28 in common years and on Feb 29 in leap years (2100 is not one)', () => {
    expect(iso(yearlyDates(d('2000-02-29'), false, w('2026-01-01', '2029-12-31')))).toEqual(['2026-02-28', '2027-02-28', '2028-02-29', '2029-02-28']);
    expect(iso(yearlyDates(d('2096-02-29'), false, w('2100-01-01', '2100-12-31')))).toEqual(['2100-02-28']);
  });

  it('never the original day itself, nor before it', () => {
    expect(iso(yearlyDates(d('2026-05-01'), false, w('2026-01-01', '2027-12-31')))).toEqual(['2027-05-01']);
  });

  it('Dec 31 and Jan 1 across the year boundary', () => {
    expect(iso(yearlyDates(d('1990-12-31'), false, w('2026-12-30', '2027-01-02')))).toEqual(['2026-12-31']);
    expect(iso(yearlyDates(d('1990-01-01'), false, w('2026-12-30', '2027-01-02')))).toEqual(['2027-01-01']);
  });
});

describe('lunar birthdays (lunar-typescript)', () => {
  it('the calendar itself: Spring Festival 2026 is Feb 17, 2027 Feb 6; 1990 had a leap 5th month', () => {
    expect(lunarOf(d('2026-02-17'))).toEqual({ year: 2026, month: 1, leap: false, day: 1 });
    expect(lunarOf(d('2026-02-16'))).toEqual({ year: 2025, month: 12, leap: false, day: 29 });
    expect(formatIsoDate(lunarBirthdayIn(2027, 1, 1))).toBe('2027-02-06');
    expect(lunarOf(d('1990-06-23'))).toEqual({ year: 1990, month: 5, leap: true, day: 1 });
  });

  it('born in a leap month (闰五月初一, 1990-06-23): celebrated in the ordinary 5th month', () => {
    // 2026's 5th month starts on Jun 15.
    expect(iso(yearlyDates(d('1990-06-23'), true, w('2026-01-01', '2026-12-31')))).toEqual(['2026-06-15']);
    // 2020 had a leap 4th month: one born in it (2020-06-01, 闰四月初十) has 四月初十 = 2026-05-26.
    expect(iso(yearlyDates(d('2020-06-01'), true, w('2026-01-01', '2026-12-31')))).toEqual(['2026-05-26']);
  });

  it('born on the 30th (1990 五月三十, Jun 22): the 29th when the month has only 29 days', () => {
    // 2026's 5th month has 29 days (Jun 15 – Jul 13).
    expect(iso(yearlyDates(d('1990-06-22'), true, w('2026-01-01', '2026-12-31')))).toEqual(['2026-07-13']);
    // 腊月三十 of a year whose 12th month is short: New Year's Eve, the 29th.
    expect(formatIsoDate(lunarBirthdayIn(2025, 12, 30))).toBe('2026-02-16');
    expect(formatIsoDate(lunarBirthdayIn(2026, 12, 30))).toBe('2027-02-05');
  });

  it('a 12th-month birthday falls in the next solar year (1990 腊月初一 = 1991-01-16)', () => {
    expect(iso(yearlyDates(d('1991-01-16'), true, w('2026-01-01', '2026-12-31')))).toEqual(['2026-01-19']);
    expect(iso(yearlyDates(d('1991-01-16'), true, w('2026-12-01', '2027-01-31')))).toEqual(['2027-01-08']);
  });

  it("the month tables agree with lunar-typescript's own conversion, day by day over 150 years", () => {
    // Every day, not a sample: a sample of 400 usually missed the leap-month 30th (1941's is one)
    // and failed only on the run that hit it.
    const wrong: string[] = [];
    for (let n = 0; n <= 365 * 150; n++) {
      const t = new Date(Date.UTC(1940, 0, 1) + n * 86400_000);
      const day = t.toISOString().slice(0, 10);
      const l = Solar.fromYmd(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()).getLunar();
      const ours = lunarOf({ year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate() });
      const theirs = { year: l.getYear(), month: Math.abs(l.getMonth()), leap: l.getMonth() < 0, day: l.getDay() };
      if (ours.year !== theirs.year || ours.month !== theirs.month || ours.leap !== theirs.leap || ours.day !== theirs.day) {
        wrong.push(`${day}: lunar ${JSON.stringify(ours)} ≠ ${JSON.stringify(theirs)}`);
      }
      // Born in an ordinary month: the birthday that lunar year is the day itself. Born in a leap
      // month: the same day of the ordinary month, or its 29th when it has no 30th
      // (lunarBirthdayIn's rule; lunar-typescript refuses a 30th that does not exist).
      const back = !theirs.leap
        ? day
        : Lunar.fromYmd(theirs.year, theirs.month, Math.min(theirs.day, LunarMonth.fromYm(theirs.year, theirs.month)!.getDayCount())).getSolar().toYmd();
      const birthday = formatIsoDate(lunarBirthdayIn(theirs.year, theirs.month, theirs.day));
      if (birthday !== back) wrong.push(`born ${day}: birthday ${birthday} ≠ ${back}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
  });

  it('every lunar birthday lands on the same lunar month and day (or the 29th), never twice in one lunar year', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 365 * 60 }), fc.integer({ min: 2026, max: 2040 }), (n, year) => {
        const born = new Date(Date.UTC(1960, 0, 1) + n * 86400_000);
        const b = { year: born.getUTCFullYear(), month: born.getUTCMonth() + 1, day: born.getUTCDate() };
        const l = lunarOf(b);
        // Over two solar years: at least once (a solar year may have none: the 11th lunar month
        // can fall in December one year and January the next), once per lunar year.
        const days = yearlyDates(b, true, w(`${year}-01-01`, `${year + 1}-12-31`));
        expect(days.length).toBeGreaterThanOrEqual(1);
        expect(new Set(days.map((x) => lunarOf(x).year)).size).toBe(days.length);
        for (const day of days) {
          const got = lunarOf(day);
          expect(got.month).toBe(l.month);
          expect(got.leap).toBe(false);
          expect(got.day === l.day || (l.day === 30 && got.day === 29)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('each kind reads its own source', () => {
  const tz = 'Asia/Shanghai';
  const all = w('2026-01-01', '2027-12-31');
  const days = (kind: ReminderKind, c: CustomerDates) => iso(customerEvents(kind, c, all, tz).map((e) => e.date));

  it('baby: the 30th and the 100th day, the birth day being the 1st (across month and year ends)', () => {
    const c = customer({ babyBirthDate: '2026-01-31' });
    expect(days('baby_full_month', c)).toEqual(['2026-03-01']);
    expect(days('baby_100_days', c)).toEqual(['2026-05-10']);
    const december = customer({ babyBirthDate: '2026-12-15' });
    expect(days('baby_full_month', december)).toEqual(['2027-01-13']);
    expect(days('baby_100_days', december)).toEqual(['2027-03-24']);
  });

  it('wedding: the day and the make-up once; the anniversary every year after', () => {
    const c = customer({ weddingDate: '2026-10-01' });
    expect(days('wedding_day', c)).toEqual(['2026-10-01']);
    expect(days('bridal_makeup', c)).toEqual(['2026-10-01']);
    expect(days('wedding_anniversary', c)).toEqual(['2027-10-01']);
  });

  it("selection and pickup are the 'shot' and 'selected' stages' due days, in the studio's zone", () => {
    // 17:00 UTC is 01:00 the next day in Shanghai.
    const due = '2026-03-09T17:00:00.000Z';
    expect(days('selection', customer({ stage: 'shot', stageDueAt: due }))).toEqual(['2026-03-10']);
    expect(days('selection', customer({ stage: 'selected', stageDueAt: due }))).toEqual([]);
    expect(days('pickup', customer({ stage: 'selected', stageDueAt: due }))).toEqual(['2026-03-10']);
    expect(days('stage_due', customer({ stage: 'lead', stageDueAt: due }))).toEqual(['2026-03-10']);
    expect(days('stage_due', customer({ stage: 'lead' }))).toEqual([]);
  });

  it('orders: the shoot while booked, sample viewing until delivered, the after-sales visit a week after pickup', () => {
    const at = '2026-04-30T16:30:00.000Z'; // May 1, 00:30 in Shanghai
    const ev = (kind: ReminderKind, o: OrderDates) => orderEvents(kind, o, all, tz).map((e) => [e.subjectType, e.subjectId, e.customerId, formatIsoDate(e.date)]);
    expect(ev('shoot', order({ serviceAt: at }))).toEqual([['order', 31, 7, '2026-05-01']]);
    expect(ev('shoot', order({ serviceAt: at, state: 'shot' }))).toEqual([]);
    expect(ev('sample_viewing', order({ sampleAt: at, state: 'in_production' }))).toEqual([['order', 31, 7, '2026-05-01']]);
    expect(ev('sample_viewing', order({ sampleAt: at, state: 'delivered' }))).toEqual([]);
    expect(ev('after_sales', order({ state: 'delivered', stateChangedAt: at }))).toEqual([['order', 31, 7, `2026-05-0${1 + AFTER_SALES_DAYS}`]]);
    expect(ev('after_sales', order({ state: 'ready', stateChangedAt: at }))).toEqual([]);
    // A customer kind gives nothing from an order and the other way round.
    expect(ev('birthday', order({ serviceAt: at }))).toEqual([]);
    expect(days('shoot', customer({ birthday: '1990-01-01' }))).toEqual([]);
  });
});

describe('planning: days before, the hour, time zones', () => {
  it("N days before at the hour, in the studio's zone (09:00 Shanghai is 01:00 UTC), across the year end", () => {
    const occ = planOccurrences(only('birthday', { daysBefore: 3, hour: 9 }), [customer({ birthday: '1990-01-01' })], [], {
      now: new Date('2026-12-20T00:00:00Z'),
      timeZone: 'Asia/Shanghai',
    });
    expect(occ).toEqual([
      { kind: 'birthday', subjectType: 'customer', subjectId: 7, customerId: 7, occurrenceDate: '2027-01-01', dueAt: '2026-12-29T01:00:00.000Z', repeatDaily: false, sms: false },
    ]);
  });

  it("Feb 29's reminder a day before is Feb 27 in a common year, Feb 28 in a leap year; Mar 1's is Feb 28 / Feb 29", () => {
    const plan = (birthday: string, now: string) =>
      planOccurrences(only('birthday', { daysBefore: 1, hour: 0 }), [customer({ birthday })], [], { now: new Date(now), timeZone: 'UTC' }).map((o) => [o.occurrenceDate, o.dueAt.slice(0, 10)]);
    expect(plan('2000-02-29', '2027-02-01T00:00:00Z')).toEqual([['2027-02-28', '2027-02-27']]);
    expect(plan('2000-02-29', '2028-02-01T00:00:00Z')).toEqual([['2028-02-29', '2028-02-28']]);
    expect(plan('2000-03-01', '2027-02-01T00:00:00Z')).toEqual([['2027-03-01', '2027-02-28']]);
    expect(plan('2000-03-01', '2028-02-01T00:00:00Z')).toEqual([['2028-03-01', '2028-02-29']]);
  });

  it('an hour in the spring-forward gap is the instant after the jump; in the autumn overlap the first of the two', () => {
    const at = (date: string, hour: number, zone: string) =>
      planOccurrences(only('wedding_day', { daysBefore: 0, hour }), [customer({ weddingDate: date })], [], { now: new Date(`${date.slice(0, 8)}01T00:00:00Z`), timeZone: zone })[0]!.dueAt;
    // New York, 2026-03-08: 02:00 does not happen (EST → EDT at 02:00 = 07:00 UTC).
    expect(at('2026-03-08', 2, 'America/New_York')).toBe('2026-03-08T07:00:00.000Z');
    // New York, 2026-11-01: 01:00 happens twice, first in EDT (05:00 UTC).
    expect(at('2026-11-01', 1, 'America/New_York')).toBe('2026-11-01T05:00:00.000Z');
    // Berlin, 2026-03-29: 10:00 is already summer time (UTC+2).
    expect(at('2026-03-29', 10, 'Europe/Berlin')).toBe('2026-03-29T08:00:00.000Z');
  });

  it("'today' is the studio's: 23:30 UTC on Dec 31 is already Jan 1 in Shanghai (yesterday's birthday is not planned)", () => {
    const now = new Date('2026-12-31T23:30:00Z');
    const plan = (zone: string) => planOccurrences(only('birthday'), [customer({ birthday: '1990-12-31' })], [], { now, timeZone: zone }).map((o) => o.occurrenceDate);
    expect(plan('UTC')).toEqual(['2026-12-31']);
    expect(plan('Asia/Shanghai')).toEqual([]);
    // West of UTC it is still Dec 31 afternoon.
    expect(plan('America/Los_Angeles')).toEqual(['2026-12-31']);
    expect(studioDay(now, 'Asia/Shanghai')).toEqual({ today: '2027-01-01', endsAt: '2027-01-01T16:00:00.000Z' });
  });

  it('off kinds plan nothing; a customer with no dates plans nothing', () => {
    const off = only('birthday', { enabled: false });
    expect(planOccurrences(off, [customer({ birthday: '1990-01-05' })], [], { now: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC' })).toEqual([]);
    expect(planOccurrences(DEFAULT_RULES, [customer()], [order()], { now: new Date('2026-01-01T00:00:00Z'), timeZone: 'UTC' })).toEqual([]);
  });

  it('properties: every planned reminder is for a date from today, due daysBefore earlier, within the horizon; planning twice gives the same', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 365 * 50 }),
        fc.integer({ min: 0, max: 800 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 23 }),
        fc.boolean(),
        fc.constantFrom('UTC', 'Asia/Shanghai', 'Asia/Ho_Chi_Minh', 'America/New_York', 'Pacific/Auckland'),
        (born, nowDays, daysBefore, hour, lunar, zone) => {
          const b = new Date(Date.UTC(1970, 0, 1) + born * 86400_000).toISOString().slice(0, 10);
          const now = new Date(Date.UTC(2026, 0, 1) + nowDays * 86400_000 + 3600_000 * 5);
          const rules = only('birthday', { daysBefore, hour });
          const c = customer({ birthday: b, birthdayLunar: lunar, weddingDate: b });
          const occ = planOccurrences(rules, [c], [], { now, timeZone: zone, horizonDays: 40 });
          expect(planOccurrences(rules, [c], [], { now, timeZone: zone, horizonDays: 40 })).toEqual(occ);
          const today = studioDay(now, zone).today;
          for (const o of occ) {
            expect(o.occurrenceDate >= today).toBe(true);
            const remindDay = new Date(Date.parse(`${o.occurrenceDate}T00:00:00Z`) - daysBefore * 86400_000).toISOString().slice(0, 10);
            expect(remindDay <= new Date(Date.parse(`${today}T00:00:00Z`) + 40 * 86400_000).toISOString().slice(0, 10)).toBe(true);
            const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(o.dueAt));
            expect(local).toBe(remindDay);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("today's list", () => {
  const tz = 'Asia/Ho_Chi_Minh';
  const now = new Date('2026-06-10T05:00:00Z'); // 12:00 in Hanoi
  const r = (over: Partial<Parameters<typeof onTodayList>[0]>) => ({ dueAt: '2026-06-10T03:00:00.000Z', occurrenceDate: '2026-06-11', repeatDaily: false, snoozedUntil: null, ...over });

  it('due today, earlier or later in the day, is on it; tomorrow is not', () => {
    expect(onTodayList(r({}), now, tz)).toBe(true);
    expect(onTodayList(r({ dueAt: '2026-06-10T16:59:00.000Z' }), now, tz)).toBe(true); // 23:59 local
    expect(onTodayList(r({ dueAt: '2026-06-10T17:00:00.000Z' }), now, tz)).toBe(false); // 00:00 tomorrow
  });

  it('a one-time reminder lapses after its date; a repeating one stays until done', () => {
    expect(onTodayList(r({ occurrenceDate: '2026-06-09', dueAt: '2026-06-08T03:00:00.000Z' }), now, tz)).toBe(false);
    expect(onTodayList(r({ occurrenceDate: '2026-06-09', dueAt: '2026-06-08T03:00:00.000Z', repeatDaily: true }), now, tz)).toBe(true);
  });

  it('snoozed: off the list until the snooze ends', () => {
    expect(onTodayList(r({ snoozedUntil: '2026-06-10T06:00:00.000Z' }), now, tz)).toBe(false);
    expect(onTodayList(r({ snoozedUntil: '2026-06-10T04:00:00.000Z' }), now, tz)).toBe(true);
    // Snoozed past a one-time reminder's date: it still comes back.
    expect(onTodayList(r({ occurrenceDate: '2026-06-08', snoozedUntil: '2026-06-10T04:00:00.000Z' }), now, tz)).toBe(true);
  });
});

describe("the memoised studio date of an instant", () => {
  it('equals the plain Intl reading, across DST changes and odd offsets (Lord Howe ±30 min, Kathmandu +5:45, Chatham +12:45)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(2025, 0, 1), max: Date.UTC(2028, 0, 1) }),
        fc.constantFrom('Australia/Lord_Howe', 'Asia/Kathmandu', 'Pacific/Chatham', 'America/New_York', 'Europe/Berlin', 'Asia/Shanghai', 'America/St_Johns'),
        (ms, zone) => {
          const iso = new Date(ms).toISOString();
          expect(dayOf(iso, zone)).toEqual(localDate(new Date(ms), zone));
        },
      ),
      { numRuns: 3000 },
    );
    // The minutes either side of New York's spring-forward and fall-back instants.
    for (const at of ['2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z', '2026-11-01T05:59:59Z', '2026-11-01T06:00:00Z', '2026-04-04T14:59:59Z', '2026-04-04T15:00:00Z']) {
      expect(dayOf(at, 'America/New_York')).toEqual(localDate(new Date(at), 'America/New_York'));
      expect(dayOf(at, 'Australia/Lord_Howe')).toEqual(localDate(new Date(at), 'Australia/Lord_Howe'));
    }
  });
});
