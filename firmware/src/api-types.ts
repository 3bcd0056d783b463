// The one contract between the daemon and the UI. Both sides import these types; the
// daemon validates every request body with zod schemas that produce the same shapes.
// Envelope: a success answers `{ data }`, a failure `{ error }` with a proper HTTP status.

export const FEATURES = [
  'customers',
  'contacts',
  'sms',
  'calls',
  'ingest',
  'photos',
  'membership',
  'orders',
  'finance',
  'reports',
  'settings',
  'users',
  'audit',
] as const;
export type Feature = (typeof FEATURES)[number];

export const ACTIONS = ['view', 'add', 'edit', 'delete', 'print'] as const;
export type Action = (typeof ACTIONS)[number];

/** Feature → the actions granted. A feature absent from the map grants nothing. */
export type PermissionMap = Partial<Record<Feature, Action[]>>;

export const LANGUAGES = ['zh-CN', 'vi', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

/** MISSION C2: each customer is in exactly one stage at a time. */
export const STAGES = ['lead', 'ordered', 'shot', 'selected', 'history'] as const;
export type Stage = (typeof STAGES)[number];

export const GENDERS = ['female', 'male', 'other'] as const;
export type Gender = (typeof GENDERS)[number];

export const BUSINESS_TYPES = ['wedding', 'children', 'portrait', 'individual'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export interface ApiError {
  /** Machine-readable: 'validation', 'unauthenticated', 'forbidden', 'not_found',
   *  'conflict', 'duplicate_phone', 'throttled', 'bad_origin', 'setup_done', 'setup_needed', 'internal'. */
  code: string;
  message: string;
  /** For 'validation': one entry per bad field, path joined with dots (e.g. "phones.0.number"). */
  fields?: { path: string; message: string }[];
  /** For 'duplicate_phone'. */
  duplicates?: PhoneMatch[];
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

export interface SetupState {
  needed: boolean;
  /** Suggested values for the wizard's fields. */
  defaults: StudioSettings;
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
}

export type GroupPatch = Partial<GroupCreate>;

export interface Phone {
  /** E.164, e.g. "+8613812345678". */
  e164: string;
  /** As a person in the studio's country writes it, e.g. "138 1234 5678". */
  display: string;
  label: string;
}

export interface PhoneInput {
  number: string;
  label?: string;
}

export interface CustomerFields {
  name: string;
  gender: Gender | null;
  /** YYYY-MM-DD */
  birthday: string | null;
  address: string;
  area: string;
  occupation: string;
  source: string;
  businessType: BusinessType | null;
  /** Baby's birth date (for 100 days / full month reminders), YYYY-MM-DD. */
  babyBirthDate: string | null;
  /** YYYY-MM-DD (for the anniversary). */
  weddingDate: string | null;
  notes: string;
  tags: string[];
}

export interface Customer extends CustomerFields {
  id: number;
  customerNo: string;
  phones: Phone[];
  stage: Stage;
  /** UTC ISO time the customer entered the stage. */
  stageAddedAt: string;
  /** UTC ISO time the stage is due, or null. */
  stageDueAt: string | null;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

export interface CustomerSummary {
  id: number;
  customerNo: string;
  name: string;
  phones: Phone[];
  stage: Stage;
  stageDueAt: string | null;
  updatedAt: string;
}

/** POST /api/customers body: every CustomerFields key is optional except name. */
export type CustomerCreate = Partial<CustomerFields> & {
  name: string;
  phones?: PhoneInput[];
  stage?: Stage;
  stageDueAt?: string | null;
  /** Save even though a phone already belongs to another customer. */
  allowDuplicatePhone?: boolean;
};

export type CustomerPatch = Partial<Omit<CustomerCreate, 'name'>> & { name?: string };

export interface CustomerPage {
  items: CustomerSummary[];
  /** True when more results exist beyond `limit`. */
  more: boolean;
}

export interface PhoneMatch {
  e164: string;
  customerId: number;
  customerNo: string;
  name: string;
}

export interface PhoneCheck {
  /** Null when the input is not a valid number; `error` says why. */
  phone: Phone | null;
  error: string | null;
  matches: PhoneMatch[];
}

export interface AuditEntry {
  id: number;
  at: string;
  user: UserRef | null;
  /** e.g. 'create', 'update', 'delete', 'login', 'login_failed', 'logout', 'setup'. */
  action: string;
  /** e.g. 'customer', 'user', 'group', 'settings', 'session'. */
  entity: string;
  entityId: number | null;
  summary: string;
  detail: unknown;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` to get the next (older) page, null at the end. */
  nextBefore: number | null;
}

export type ComponentState = 'ok' | 'degraded' | 'down' | 'simulated';

export interface DiskHealth {
  role: 'library' | 'backup';
  path: string;
  state: ComponentState;
  freeBytes: number | null;
  totalBytes: number | null;
  error: string | null;
}

export type SimStatus = 'ready' | 'pin-required' | 'puk-required' | 'not-inserted' | 'error' | 'unknown';
export type Registration = 'home' | 'roaming' | 'searching' | 'denied' | 'not-registered' | 'unknown';

/** What the modem says about itself (H1 status page). */
export interface ModemInfo {
  manufacturer: string | null;
  model: string | null;
  revision: string | null;
  imei: string | null;
  sim: SimStatus;
  /** The SIM's answer as text, e.g. `SIM PIN` or `+CME ERROR: 10`. */
  simDetail: string | null;
  operator: string | null;
  registration: Registration;
  /** `+CSQ` rssi 0–31, 99 = unknown. */
  csq: number | null;
  /** The same as dBm (-113 + 2·rssi), null when unknown. */
  signalDbm: number | null;
  smsCentre: string | null;
  /** When these were read (ISO). */
  readAt: string;
}

export interface ModemLinkInfo {
  state: 'stopped' | 'connecting' | 'ready' | 'lost';
  port: string;
  since: string;
  lastError: string | null;
  lastErrorAt: string | null;
  attempts: number;
}

/** GET /api/modem: the modem in full (login needed: it shows the IMEI). */
export interface ModemStatus {
  state: ComponentState;
  kind: 'simulator' | 'serial' | 'none';
  port: string | null;
  /** One line for people: why it is not ok, or what it is. */
  detail: string | null;
  link: ModemLinkInfo | null;
  info: ModemInfo | null;
  /** The last power warning (SIM800 `UNDER-VOLTAGE WARNNING`…) and when. */
  powerWarning: { kind: string; at: string } | null;
}

export interface Health {
  status: 'ok' | 'degraded';
  version: string;
  uptimeSeconds: number;
  db: { state: ComponentState; schemaVersion: number; error: string | null };
  modem: { state: ComponentState; kind: string; port: string | null; detail: string | null };
  cardSource: { state: ComponentState; kind: string; path: string | null; cardPresent: boolean };
  disks: DiskHealth[];
}

/** What /api/events pushes. `type` names the event; later issues add calls, SMS, ingest. */
export interface ServerEvent {
  id: number;
  type: string;
  at: string;
  data: unknown;
}

// ------------------------------------------------------------------ SMS (H1, S4, S5)

export const OUTBOX_STATES = ['queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'cancelled'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export interface OutboxPart {
  seq: number;
  state: 'pending' | 'sending' | 'sent' | 'delivered' | 'failed' | 'unknown';
  /** The modem's message reference (`+CMGS: <mr>`). */
  mr: number | null;
  sentAt: string | null;
  /** What the delivery report said, e.g. "delivered" or "SME busy". */
  report: string | null;
  reportAt: string | null;
}

export interface OutboxMessage {
  id: number;
  to: string;
  customer: { id: number; customerNo: string; name: string } | null;
  inReplyTo: number | null;
  body: string;
  encoding: 'gsm7' | 'ucs2';
  partsTotal: number;
  state: OutboxState;
  attempts: number;
  nextAttemptAt: string | null;
  /** The modem's words, e.g. "+CMS ERROR: 38". */
  error: string | null;
  createdAt: string;
  createdBy: UserRef | null;
  sentAt: string | null;
  deliveredAt: string | null;
  parts: OutboxPart[];
}

export interface InboxMessage {
  id: number;
  from: string;
  customer: { id: number; customerNo: string; name: string } | null;
  body: string;
  sentAt: string | null;
  receivedAt: string;
  partsTotal: number;
  partsReceived: number;
  /** False when some parts of a long message never came (shown after a timeout). */
  complete: boolean;
  decodeError: string | null;
  readAt: string | null;
  readBy: UserRef | null;
}

export interface SmsPage<T> {
  items: T[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}
