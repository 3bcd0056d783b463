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
