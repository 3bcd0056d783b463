// The one contract between the daemon and the UI. Both sides import these types; the
// daemon validates every request body with zod schemas that produce the same shapes.
// Envelope: a success answers `{ data }`, a failure `{ error }` with a proper HTTP status.

import type { PhoneMatch } from './customers.js';
import type { AppointmentCheck } from './appointments.js';

export const FEATURES = [
  'customers',
  'contacts',
  'reminders',
  'sms',
  /** Message templates (S1): view them / create, change, delete them. */
  'templates',
  /**
   * Group SMS (S3) and send records (S5): view campaigns and records / add segments and
   * drafts / edit: send, schedule, pause, resume, cancel (the "send" right) / delete segments /
   * print: export the records.
   */
  'campaigns',
  'calls',
  'ingest',
  'photos',
  'membership',
  'orders',
  /** The order workflow board (O2): view it / move orders (edit). Defining the stages is settings:edit. */
  'workflow',
  'finance',
  /** Closing the day (F2): view the closings, add (close a day). Apart from finance on purpose. */
  'closing',
  'reports',
  'settings',
  'users',
  /** Making and changing groups, i.e. who gets which rights: only admins by default. */
  'groups',
  'audit',
] as const;
export type Feature = (typeof FEATURES)[number];

export const ACTIONS = ['view', 'add', 'edit', 'delete', 'print'] as const;
export type Action = (typeof ACTIONS)[number];

/** Feature → the actions granted. A feature absent from the map grants nothing. */
export type PermissionMap = Partial<Record<Feature, Action[]>>;

export const LANGUAGES = ['zh-CN', 'vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface ApiError {
  /** Machine-readable: 'validation', 'unauthenticated', 'forbidden', 'not_found',
   *  'conflict', 'duplicate_phone', 'throttled', 'bad_origin', 'setup_done', 'setup_needed', 'internal'. */
  code: string;
  message: string;
  /** For 'validation': one entry per bad field, path joined with dots (e.g. "phones.0.number"). */
  fields?: { path: string; message: string }[];
  /** For 'duplicate_phone'. */
  duplicates?: PhoneMatch[];
  /** For 'appointment_clash' (O3): the warnings and the nearest free slots. */
  clash?: AppointmentCheck;
}

export interface StudioSettings {
  studioName: string;
  language: Language;
  /** IANA zone, e.g. "Asia/Shanghai". Times are stored in UTC and shown in this zone. */
  timeZone: string;
  /** ISO 4217, e.g. "CNY", "VND". Money is stored in its minor unit. */
  currency: string;
  /** ISO 3166-1 alpha-2, the default region for phone numbers, e.g. "CN", "VN". */
  country: string;
}

/**
 * GET /api/setup, asked by anyone before logging in. Before setup: the wizard's suggested
 * values. After it: only that it is done, and the two things the login screen shows anyone
 * who opens the box (the studio's name and language); the rest of the settings need a login.
 */
export type SetupState = SetupNeeded | SetupDone;

export interface SetupNeeded {
  needed: true;
  /** Suggested values for the wizard's fields. */
  defaults: StudioSettings;
}

export interface SetupDone {
  needed: false;
  login: { studioName: string; language: Language };
}

export interface SetupRequest extends StudioSettings {
  admin: { username: string; displayName: string; password: string };
}

export interface UserRef {
  id: number;
  name: string;
}

export interface Me {
  user: { id: number; username: string; displayName: string; isAdmin: boolean };
  /** Effective rights: the union of the user's groups; an admin has every action. */
  permissions: PermissionMap;
  settings: StudioSettings;
  /** The most this user may take off a bill, percent of its gross (their groups' largest; admin 100). */
  discountLimitPct: number;
  /**
   * The box's clock when it answered: `now` UTC ISO, `today` the studio's date (YYYY-MM-DD in
   * its zone). Screens take the studio's "today" from here, never from the browser's clock.
   */
  clock: { now: string; today: string };
}

export interface User {
  id: number;
  username: string;
  displayName: string;
  isAdmin: boolean;
  disabled: boolean;
  groupIds: number[];
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface UserCreate {
  username: string;
  displayName: string;
  password: string;
  isAdmin?: boolean;
  groupIds?: number[];
}

export interface UserPatch {
  displayName?: string;
  password?: string;
  isAdmin?: boolean;
  disabled?: boolean;
  groupIds?: number[];
}

export interface Group {
  id: number;
  name: string;
  description: string;
  permissions: PermissionMap;
  /** Largest discount off a bill's gross the group's members may give, percent (0 = none). */
  discountLimitPct: number;
  memberIds: number[];
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface GroupCreate {
  name: string;
  description?: string;
  permissions?: PermissionMap;
  discountLimitPct?: number;
}

export type GroupPatch = Partial<GroupCreate>;
