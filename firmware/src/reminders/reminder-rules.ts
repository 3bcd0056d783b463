// The reminder rules (MISSION C4), pure: a customer's dates (and their orders'), the studio's
// rule for each kind and "now" in the studio's time zone → the occurrences to remind about.
// No I/O; the clock and the zone come in as arguments. The store (reminder-store.ts) keeps the
// occurrences as rows, UNIQUE on kind + subject + occurrence date, so planning twice is harmless.
import {
  REMINDER_KINDS,
  type OrderState,
  type ReminderKind,
  type ReminderRule,
  type ReminderRules,
  type ReminderSubjectType,
  type Stage,
} from '../api-types.js';
import {
  addDays,
  anniversaryIn,
  atLocalTime,
  compareDates,
  formatIsoDate,
  localDate,
  parseIsoDate,
  wallClock,
  type LocalDate,
} from '../util/local-time.js';
import { lunarBirthdayIn, lunarOf } from './lunar-dates.js';

/** The dates of one customer the rules read (customers table). */
export interface CustomerDates {
  id: number;
  /** YYYY-MM-DD, the solar (Gregorian) day of birth, whichever calendar they celebrate by. */
  birthday: string | null;
  /** The birthday is kept on the lunar calendar. */
  birthdayLunar: boolean;
  babyBirthDate: string | null;
  weddingDate: string | null;
  stage: Stage;
  /** UTC ISO */
  stageDueAt: string | null;
}

/** The dates of one order the rules read (orders table). */
export interface OrderDates {
  id: number;
  customerId: number;
  state: OrderState;
  /** The shoot, UTC ISO. */
  serviceAt: string | null;
  /** Sample viewing (看样), UTC ISO. */
  sampleAt: string | null;
  /** When the order reached its state, UTC ISO (for a delivered order: the pickup). */
  stateChangedAt: string;
}

/** A baby's full month is its 30th day and "100 days" its 100th, the day of birth being the 1st. */
export const BABY_FULL_MONTH_DAY = 30;
export const BABY_100_DAYS_DAY = 100;
/** The after-sales visit (回访) falls this many days after the pickup. */
export const AFTER_SALES_DAYS = 7;
/** How far ahead reminders are planned, so that the calendar shows this month and the next. */
export const PLAN_HORIZON_DAYS = 62;

/** A date a reminder kind is about: a birthday, a shoot… */
export interface ReminderEvent {
  kind: ReminderKind;
  subjectType: ReminderSubjectType;
  subjectId: number;
  customerId: number;
  date: LocalDate;
}

export interface Occurrence {
  kind: ReminderKind;
  subjectType: ReminderSubjectType;
  subjectId: number;
  customerId: number;
  /** The date the reminder is about (the birthday, the shoot's day), YYYY-MM-DD, studio time. */
  occurrenceDate: string;
  /** When it becomes due: `daysBefore` days earlier at `hour`, studio time; UTC ISO. */
  dueAt: string;
  repeatDaily: boolean;
  sms: boolean;
}

/** The rules a new box starts with: the appointment kinds the day before, family dates on the day. */
export const DEFAULT_RULES: ReminderRules = {
  birthday: { kind: 'birthday', enabled: true, daysBefore: 0, hour: 9, repeatDaily: false, sms: false },
  baby_full_month: { kind: 'baby_full_month', enabled: true, daysBefore: 3, hour: 10, repeatDaily: false, sms: false },
  baby_100_days: { kind: 'baby_100_days', enabled: true, daysBefore: 7, hour: 10, repeatDaily: false, sms: false },
  shoot: { kind: 'shoot', enabled: true, daysBefore: 1, hour: 10, repeatDaily: false, sms: false },
  selection: { kind: 'selection', enabled: true, daysBefore: 1, hour: 10, repeatDaily: true, sms: false },
  sample_viewing: { kind: 'sample_viewing', enabled: true, daysBefore: 1, hour: 10, repeatDaily: true, sms: false },
  pickup: { kind: 'pickup', enabled: true, daysBefore: 1, hour: 10, repeatDaily: true, sms: false },
  wedding_day: { kind: 'wedding_day', enabled: true, daysBefore: 0, hour: 9, repeatDaily: false, sms: false },
  wedding_anniversary: { kind: 'wedding_anniversary', enabled: true, daysBefore: 0, hour: 10, repeatDaily: false, sms: false },
  bridal_makeup: { kind: 'bridal_makeup', enabled: true, daysBefore: 1, hour: 16, repeatDaily: false, sms: false },
  after_sales: { kind: 'after_sales', enabled: true, daysBefore: 0, hour: 10, repeatDaily: true, sms: false },
  stage_due: { kind: 'stage_due', enabled: false, daysBefore: 0, hour: 9, repeatDaily: true, sms: false },
};

const SUBJECT: Record<ReminderKind, ReminderSubjectType> = {
  birthday: 'customer',
  baby_full_month: 'customer',
  baby_100_days: 'customer',
  shoot: 'order',
  selection: 'customer',
  sample_viewing: 'order',
  pickup: 'customer',
  wedding_day: 'customer',
  wedding_anniversary: 'customer',
  bridal_makeup: 'customer',
  after_sales: 'order',
  stage_due: 'customer',
};

export function subjectTypeOf(kind: ReminderKind): ReminderSubjectType {
  return SUBJECT[kind];
}

/** Orders past which sample viewing no longer applies. */
const SAMPLE_OVER: ReadonlySet<OrderState> = new Set(['delivered', 'cancelled']);

/** A window of the studio's calendar, both ends included. */
export interface DateWindow {
  from: LocalDate;
  to: LocalDate;
}

function inWindow(d: LocalDate, w: DateWindow): boolean {
  return compareDates(d, w.from) >= 0 && compareDates(d, w.to) <= 0;
}

/**
 * The days in `w` a yearly date comes round, strictly after the original (a birthday is not the
 * day of birth; the first anniversary is a year after the wedding). Solar: Feb 29 falls on Feb 28
 * in common years. Lunar: the same lunar month and day each lunar year (lunar-dates.ts), which
 * may fall in the next solar year (the 12th lunar month reaches into January/February).
 */
export function yearlyDates(original: LocalDate, lunar: boolean, w: DateWindow): LocalDate[] {
  const out: LocalDate[] = [];
  const l = lunar ? lunarOf(original) : null;
  for (let year = w.from.year - 1; year <= w.to.year; year++) {
    const d = l ? lunarBirthdayIn(year, l.month, l.day) : anniversaryIn(original, year);
    if (compareDates(d, original) > 0 && inWindow(d, w)) out.push(d);
  }
  return out;
}

const NONE: ReminderEvent[] = [];
const NO_DATES: LocalDate[] = [];

/** A one-off date, when it lies in the window. */
function once(d: LocalDate | null, w: DateWindow): LocalDate[] {
  return d && inWindow(d, w) ? [d] : NO_DATES;
}

function dateOf(iso: string | null): LocalDate | null {
  return iso ? parseIsoDate(iso) : null;
}

// A run asks for the local date of ~100,000 instants and the instant of a few hundred local
// (day, hour) pairs; Intl costs ~10 µs a call. Both are memoised (pure answers, bounded maps).
const CACHE_MAX = 200_000;
const QUARTER_HOUR = 900_000;
const zoneOffsets = new Map<string, number | null>();
const instants = new Map<string, string>();

function offsetAt(ms: number, timeZone: string): number {
  const w = wallClock(new Date(ms), timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(ms / 1000) * 1000;
}

/**
 * The studio's date of a UTC instant. The zone's offset is looked up once per quarter hour of
 * UTC time (zones change offset on whole quarter hours): a quarter hour whose two ends have
 * different offsets (a DST change inside it) is asked exactly.
 */
export function dayOf(iso: string | null, timeZone: string): LocalDate | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  const bucket = Math.floor(ms / QUARTER_HOUR);
  const key = `${timeZone} ${bucket}`;
  let offset = zoneOffsets.get(key);
  if (offset === undefined) {
    const start = offsetAt(bucket * QUARTER_HOUR, timeZone);
    offset = start === offsetAt(bucket * QUARTER_HOUR + QUARTER_HOUR - 1000, timeZone) ? start : null;
    if (zoneOffsets.size >= CACHE_MAX) zoneOffsets.clear();
    zoneOffsets.set(key, offset);
  }
  if (offset === null) return localDate(new Date(ms), timeZone);
  const d = new Date(ms + offset);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** atLocalTime(...) as UTC ISO, memoised. */
function instantOf(day: LocalDate, hour: number, timeZone: string): string {
  const key = `${timeZone} ${day.year}-${day.month}-${day.day} ${hour}`;
  let at = instants.get(key);
  if (at === undefined) {
    at = atLocalTime(day, hour, 0, timeZone).toISOString();
    if (instants.size >= CACHE_MAX) instants.clear();
    instants.set(key, at);
  }
  return at;
}

/** A customer's dates parsed once for all kinds (a run reads 200,000 customers). */
interface ParsedDates {
  birth: LocalDate | null;
  baby: LocalDate | null;
  wedding: LocalDate | null;
  due: LocalDate | null;
}

function parseDates(c: CustomerDates, timeZone: string): ParsedDates {
  return { birth: dateOf(c.birthday), baby: dateOf(c.babyBirthDate), wedding: dateOf(c.weddingDate), due: dayOf(c.stageDueAt, timeZone) };
}

/** The dates one customer's own fields give `kind` in the window (order kinds give none). */
export function customerEvents(kind: ReminderKind, c: CustomerDates, w: DateWindow, timeZone: string): ReminderEvent[] {
  return eventsOfParsed(kind, c, parseDates(c, timeZone), w);
}

function events(kind: ReminderKind, subjectType: ReminderSubjectType, subjectId: number, customerId: number, dates: LocalDate[]): ReminderEvent[] {
  if (!dates.length) return NONE;
  const out: ReminderEvent[] = [];
  for (const date of dates) out.push({ kind, subjectType, subjectId, customerId, date });
  return out;
}

function eventsOfParsed(kind: ReminderKind, c: CustomerDates, p: ParsedDates, w: DateWindow): ReminderEvent[] {
  switch (kind) {
    case 'birthday':
      return p.birth ? events(kind, 'customer', c.id, c.id, yearlyDates(p.birth, c.birthdayLunar, w)) : [];
    case 'baby_full_month':
      return p.baby ? events(kind, 'customer', c.id, c.id, once(addDays(p.baby, BABY_FULL_MONTH_DAY - 1), w)) : [];
    case 'baby_100_days':
      return p.baby ? events(kind, 'customer', c.id, c.id, once(addDays(p.baby, BABY_100_DAYS_DAY - 1), w)) : [];
    case 'selection':
      return c.stage === 'shot' ? events(kind, 'customer', c.id, c.id, once(p.due, w)) : [];
    case 'pickup':
      return c.stage === 'selected' ? events(kind, 'customer', c.id, c.id, once(p.due, w)) : [];
    case 'wedding_day':
    case 'bridal_makeup':
      return events(kind, 'customer', c.id, c.id, once(p.wedding, w));
    case 'wedding_anniversary':
      return p.wedding ? events(kind, 'customer', c.id, c.id, yearlyDates(p.wedding, false, w)) : [];
    case 'stage_due':
      return events(kind, 'customer', c.id, c.id, once(p.due, w));
    default:
      return [];
  }
}

/** The dates one order gives `kind` in the window (customer kinds give none). */
export function orderEvents(kind: ReminderKind, o: OrderDates, w: DateWindow, timeZone: string): ReminderEvent[] {
  switch (kind) {
    case 'shoot':
      return events(kind, 'order', o.id, o.customerId, o.state === 'booked' ? once(dayOf(o.serviceAt, timeZone), w) : []);
    case 'sample_viewing':
      return events(kind, 'order', o.id, o.customerId, SAMPLE_OVER.has(o.state) ? [] : once(dayOf(o.sampleAt, timeZone), w));
    case 'after_sales': {
      const pickup = o.state === 'delivered' ? dayOf(o.stateChangedAt, timeZone) : null;
      return events(kind, 'order', o.id, o.customerId, once(pickup && addDays(pickup, AFTER_SALES_DAYS), w));
    }
    default:
      return [];
  }
}

export interface PlanContext {
  now: Date;
  /** The studio's IANA time zone. */
  timeZone: string;
  /** Plan reminders whose day is at most this many days ahead (default PLAN_HORIZON_DAYS). */
  horizonDays?: number;
}

/**
 * The window of event dates a rule looks at: from today (a date already past while the box was
 * off is not reminded of afterwards: no burst of stale reminders) to the last date whose
 * reminder day (`daysBefore` earlier) is within the horizon.
 */
export function eventWindow(rule: ReminderRule, ctx: PlanContext): DateWindow {
  const today = localDate(ctx.now, ctx.timeZone);
  return { from: today, to: addDays(today, (ctx.horizonDays ?? PLAN_HORIZON_DAYS) + rule.daysBefore) };
}

/** The reminder for one event under `rule`: `daysBefore` days earlier at `hour`, studio time. */
export function occurrenceOf(rule: ReminderRule, e: ReminderEvent, timeZone: string): Occurrence {
  const day = addDays(e.date, -rule.daysBefore);
  return {
    kind: e.kind,
    subjectType: e.subjectType,
    subjectId: e.subjectId,
    customerId: e.customerId,
    occurrenceDate: formatIsoDate(e.date),
    dueAt: instantOf(day, rule.hour, timeZone),
    repeatDaily: rule.repeatDaily,
    sms: rule.sms,
  };
}

/**
 * Every occurrence the enabled rules give for these customers and orders, from today to the
 * horizon. Each is identified by kind + subject + occurrence date (the store's UNIQUE key).
 */
export function planOccurrences(
  rules: ReminderRules,
  customers: Iterable<CustomerDates>,
  orders: Iterable<OrderDates>,
  ctx: PlanContext,
): Occurrence[] {
  const out: Occurrence[] = [];
  const enabled = REMINDER_KINDS.map((k) => rules[k]).filter((r) => r.enabled);
  const byCustomer = enabled.filter((r) => SUBJECT[r.kind] === 'customer').map((r) => ({ r, w: eventWindow(r, ctx) }));
  const byOrder = enabled.filter((r) => SUBJECT[r.kind] === 'order').map((r) => ({ r, w: eventWindow(r, ctx) }));
  for (const c of customers) {
    const p = parseDates(c, ctx.timeZone);
    for (const x of byCustomer) for (const e of eventsOfParsed(x.r.kind, c, p, x.w)) out.push(occurrenceOf(x.r, e, ctx.timeZone));
  }
  for (const o of orders) {
    for (const x of byOrder) for (const e of orderEvents(x.r.kind, o, x.w, ctx.timeZone)) out.push(occurrenceOf(x.r, e, ctx.timeZone));
  }
  return out;
}

/** The studio's today and the instant its day ends (the today list holds reminders due by then). */
export function studioDay(now: Date, timeZone: string): { today: string; endsAt: string } {
  const today = localDate(now, timeZone);
  return { today: formatIsoDate(today), endsAt: atLocalTime(addDays(today, 1), 0, 0, timeZone).toISOString() };
}

/**
 * Whether an open reminder is on today's list: due by the end of the studio's day, and either
 * repeating until done or its date not yet past (a one-time reminder lapses after its day).
 * A snoozed one is off the list until the snooze ends, then on it until done (staff asked for it).
 */
export function onTodayList(
  r: { dueAt: string; occurrenceDate: string; repeatDaily: boolean; snoozedUntil: string | null },
  now: Date,
  timeZone: string,
): boolean {
  const day = studioDay(now, timeZone);
  if (r.snoozedUntil) return r.snoozedUntil <= now.toISOString();
  return r.dueAt < day.endsAt && (r.repeatDaily || r.occurrenceDate >= day.today);
}
