// Appointments (O3): the contract between daemon and UI. See docs/appointments.md.
import type { UserRef } from './core.js';
import type { CustomerRef } from './calls.js';
import type { Post } from './workflow.js';

/** What an appointment is for. */
export const APPOINTMENT_KINDS = ['shoot', 'makeup', 'selection', 'sample_viewing', 'pickup'] as const;
export type AppointmentKind = (typeof APPOINTMENT_KINDS)[number];

/** Set-up (before) and clearing-up (after) minutes a new appointment of each kind gets unless given. */
export const DEFAULT_SETUP: Record<AppointmentKind, { before: number; after: number }> = {
  shoot: { before: 15, after: 15 },
  makeup: { before: 10, after: 0 },
  selection: { before: 0, after: 10 },
  sample_viewing: { before: 0, after: 10 },
  pickup: { before: 0, after: 0 },
};

/** The most set-up or clearing-up minutes an appointment may have. */
export const SETUP_MAX_MINUTES = 240;
/** The longest appointment, minutes (a wedding day's shoot). */
export const APPOINTMENT_MAX_MINUTES = 16 * 60;

/** One weekday's opening hours, studio time ("HH:MM"); null = closed that weekday. */
export type DayHours = { open: string; close: string } | null;

/** GET/PUT /api/appointments/settings: rooms, working hours, days off. */
export interface AppointmentSettings {
  /** Monday first (index 0) to Sunday (index 6). */
  workingHours: DayHours[];
  /** Days the studio is closed (holidays), YYYY-MM-DD on the studio's calendar. */
  daysOff: string[];
  rooms: Room[];
}

export interface Room {
  id: number;
  name: string;
  /** A retired room keeps its appointments but takes no new ones. */
  active: boolean;
}

/** PUT /api/appointments/settings (settings:edit): the whole list; a room without id is new. */
export interface AppointmentSettingsInput {
  workingHours: DayHours[];
  daysOff: string[];
  rooms: { id?: number; name: string; active: boolean }[];
}

export interface AppointmentPerson {
  userId: number;
  name: string;
  post: Post;
}

export interface Appointment {
  id: number;
  kind: AppointmentKind;
  customer: CustomerRef;
  order: { id: number; orderNo: string } | null;
  room: { id: number; name: string } | null;
  people: AppointmentPerson[];
  /** UTC ISO; the appointment itself, without set-up time. */
  startsAt: string;
  endsAt: string;
  setupBefore: number;
  setupAfter: number;
  note: string;
  state: 'booked' | 'cancelled';
  /** Why staff booked it despite a warning, or null. */
  overrideReason: string | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** POST /api/appointments, PUT /api/appointments/:id, POST /api/appointments/check. */
export interface AppointmentInput {
  kind: AppointmentKind;
  customerId: number;
  orderId?: number | null;
  roomId?: number | null;
  people: { userId: number; post: Post }[];
  startsAt: string;
  endsAt: string;
  /** Minutes; omitted = DEFAULT_SETUP of the kind. */
  setupBefore?: number;
  setupAfter?: number;
  note?: string;
  /** Book despite the warnings: the reason is required and audited. */
  overrideReason?: string;
}

/** One reason a booking is warned about. */
export type AppointmentWarning =
  | { type: 'room'; roomId: number; appointmentId: number }
  | { type: 'person'; userId: number; appointmentId: number }
  | { type: 'day_off'; date: string }
  | { type: 'closed'; date: string }
  | { type: 'outside_hours'; date: string }
  | { type: 'past' };

/** A free start the slot finder offers (the same length, room and people). */
export interface AppointmentSlot {
  startsAt: string;
  endsAt: string;
}

/** POST /api/appointments/check, and the 409 appointment_clash's `clash`. */
export interface AppointmentCheck {
  warnings: AppointmentWarning[];
  /** The appointments named by the warnings (to show whose they are). */
  clashesWith: Appointment[];
  /** The nearest free starts, nearest first (empty when there are no warnings). */
  slots: AppointmentSlot[];
}

/** GET /api/appointments?from=&to=&room=&person=: the calendar's days (studio dates, at most 42; none given: today). */
export interface AppointmentCalendar {
  from: string;
  to: string;
  /** The studio's date now (the box's clock, never the browser's). */
  today: string;
  timeZone: string;
  items: Appointment[];
  rooms: Room[];
  /** Active users, for the person filter and the booking form. */
  people: UserRef[];
  workingHours: DayHours[];
  daysOff: string[];
}
