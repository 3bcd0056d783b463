// Reminders (MISSION C4, seed 000 items 6–8): the contract between daemon and UI.

/**
 * Every kind of reminder, in the order settings and the calendar list them. Where each kind's
 * date comes from: docs/reminders.md.
 */
export const REMINDER_KINDS = [
  'birthday',
  'baby_full_month',
  'baby_100_days',
  'shoot',
  'selection',
  'sample_viewing',
  'pickup',
  'wedding_day',
  'wedding_anniversary',
  'bridal_makeup',
  'after_sales',
  'stage_due',
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/** What a reminder is about: the customer themself, or one of their orders. */
export type ReminderSubjectType = 'customer' | 'order';

/** The most days ahead a reminder may be set to come ("N days before"). */
export const REMINDER_DAYS_BEFORE_MAX = 60;

/** One kind's settings (settings page → Reminders). */
export interface ReminderRule {
  kind: ReminderKind;
  enabled: boolean;
  /** 0 = on the day; N = N days before the date. */
  daysBefore: number;
  /** Local hour (studio's time zone, 0–23) the reminder becomes due. */
  hour: number;
  /** Shown again every day until marked done (else only from its day to the date itself). */
  repeatDaily: boolean;
  /** Also text the customer, through the kind's template (when SMS templates are available). */
  sms: boolean;
}

export type ReminderRules = Record<ReminderKind, ReminderRule>;

export const REMINDER_STATES = ['open', 'done', 'snoozed'] as const;
export type ReminderState = (typeof REMINDER_STATES)[number];

/** One reminder: a kind's occurrence for a customer (or one of their orders). */
export interface Reminder {
  id: number;
  kind: ReminderKind;
  subjectType: ReminderSubjectType;
  subjectId: number;
  customer: { id: number; customerNo: string; name: string; phone: string | null };
  /** The order's number when the subject is an order. */
  orderNo: string | null;
  /** The date it is about (birthday, shoot day…), YYYY-MM-DD on the studio's calendar. */
  occurrenceDate: string;
  /** UTC ISO */
  dueAt: string;
  repeatDaily: boolean;
  state: ReminderState;
  snoozedUntil: string | null;
  /** Who marked it done, and when (UTC ISO). */
  doneAt: string | null;
  doneBy: { id: number; name: string } | null;
}

/** GET /api/reminders/today: what staff should act on today (and the badge's count). */
export interface RemindersToday {
  /** The studio's date, YYYY-MM-DD. */
  today: string;
  timeZone: string;
  count: number;
  items: Reminder[];
}

/** GET /api/reminders?from=&to=&limit=: the reminders whose date falls in the range (day and week views). */
export interface ReminderRange {
  from: string;
  to: string;
  timeZone: string;
  /** By date, then due time. */
  items: Reminder[];
  /** True when the range holds more than `limit` reminders (`items` stops there). */
  more: boolean;
}

/** One day of the month view: how many reminders of each kind fall on it, and how many are still open. */
export interface ReminderDay {
  date: string;
  total: number;
  open: number;
  byKind: Partial<Record<ReminderKind, number>>;
}

/** GET /api/reminders/days?from=&to=: the month view (a studio with 200,000 customers has thousands a day). */
export interface ReminderDays {
  from: string;
  to: string;
  timeZone: string;
  days: ReminderDay[];
}

export const REMINDER_PAGE_MAX = 500;
/** The longest range the calendar may ask for at once (a month view with its edge weeks). */
export const REMINDER_RANGE_DAYS_MAX = 42;

/** POST /api/reminders/:id/snooze body. */
export interface ReminderSnooze {
  /** UTC ISO; in the future. */
  until: string;
}

/** POST /api/reminders/:id/called body: the note of the contact record it writes. */
export interface ReminderCalled {
  note?: string;
}
