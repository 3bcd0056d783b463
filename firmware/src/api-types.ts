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

/** Why a disk cannot be written to (machine code; `error` says it for people). */
export type DiskDownReason = 'not-connected' | 'not-mounted' | 'read-only' | 'ambiguous' | 'error';

export interface DiskHealth {
  role: 'library' | 'backup';
  path: string;
  state: ComponentState;
  freeBytes: number | null;
  totalBytes: number | null;
  error: string | null;
  /** Set when state is 'down'. Absent from stand-ins that predate it. */
  reason?: DiskDownReason | null;
  /** How the disk is identified (filesystem UUID / label from config) and where it was found. */
  uuid?: string | null;
  label?: string | null;
  device?: string | null;
  fsType?: string | null;
}

/** A memory card that is inserted and readable (H3). */
export interface CardInfo {
  /**
   * Stable for the same card across re-insertions: `<fstype>-<filesystem UUID / volume serial>`
   * for a real card, `folder-…` for the laptop stand-in (see folder-card-id.ts).
   */
  cardId: string;
  /** The filesystem label ("EOS_DIGITAL", "NIKON D850"), the folder name for the stand-in; null when the card has none. */
  label: string | null;
  /** Where the card's files are: the read-only mount point (the folder itself for the stand-in). */
  root: string;
  /** vfat, exfat, ntfs… ('folder' for the stand-in). */
  fsType: string;
  /** The block device, e.g. /dev/sda1; null for the stand-in. */
  device: string | null;
  /** Capacity of the card's filesystem partition; null when unknown (stand-in). */
  sizeBytes: number | null;
  /** True when the mount was verified read-only; the stand-in folder is not. */
  readOnly: boolean;
  /** When the box noticed it (ISO). */
  insertedAt: string;
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
  cardSource: {
    state: ComponentState;
    kind: string;
    path: string | null;
    cardPresent: boolean;
    /** The cards inserted and mounted now. */
    cards?: CardInfo[];
    /** One line for people: why it is not ok, or a warning. */
    detail?: string | null;
  };
  disks: DiskHealth[];
  /** The analog voice modem on the landline (caller ID, H2); null when none is configured. */
  landline: { state: ComponentState; port: string; detail: string | null; since: string } | null;
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

// ------------------------------------------------------------------ Calls (H2)

/** The SIM in the GSM HAT, or the shop's landline through an analog voice modem. */
export const CALL_LINES = ['gsm', 'analog'] as const;
export type CallLine = (typeof CALL_LINES)[number];

/**
 * How a call ended. `unknown`: the line cannot tell (an analog modem does not see the handset
 * picked up; the modem went away mid-call; the box restarted).
 */
export const CALL_OUTCOMES = ['answered', 'missed', 'unknown'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

/** Why there is no number: withheld by the caller, not delivered by the network, or not said. */
export type CallerAbsence = 'private' | 'unavailable' | 'unknown';

export interface CustomerRef {
  id: number;
  customerNo: string;
  name: string;
}

/**
 * The caller's card in the popup: who (C1), stage (C2), last order (O1), what is owed (F1),
 * member card (M1), last contact (C3). A part is null when there is nothing to show, and for
 * a user without the right to see it (orders, finance, membership, contacts: view).
 */
export interface CallerCard extends CustomerRef {
  stage: Stage;
  stageDueAt: string | null;
  /** The newest order not cancelled (else the newest cancelled one); `at`: its service time, else when it was made. */
  lastOrder: { id: number; orderNo: string; title: string; state: OrderState; at: string } | null;
  /** What the customer still owes over all orders, in the currency's minor unit; null when nothing. */
  unpaid: { amountMinor: number; currency: string } | null;
  /** The customer's active card (a main card before an attached one) and its points. */
  membership: { cardNo: string; cardType: string; points: number } | null;
  /** The newest contact record (C3). */
  lastContact: { at: string; channel: ContactChannel; note: string; by: UserRef | null } | null;
}

/** A call that is ringing or being talked on: `call.ringing` / `call.answered` events, GET /api/calls/active. */
export interface ActiveCall {
  callId: number;
  line: CallLine;
  state: 'ringing' | 'answered';
  /** As the line delivered it; null when withheld or not delivered (`absence` says which). */
  number: string | null;
  e164: string | null;
  /** For people: national form for the studio's country, else international, else as delivered. */
  display: string | null;
  absence: CallerAbsence | null;
  /** A name from the line (analog NAME, the module's phonebook). */
  callerName: string | null;
  startedAt: string;
  answeredAt: string | null;
  /** The matching customer (most recently changed when several share the number), or null. */
  customer: CallerCard | null;
  /** Other customers with the same number (a couple sharing a phone). */
  alsoMatches: CustomerRef[];
}

/** The `call.ended` event. */
export interface CallEnded {
  callId: number;
  line: CallLine;
  outcome: CallOutcome;
  endedAt: string;
  customerId: number | null;
}

/** One row of the call log. */
export interface CallRecord {
  id: number;
  line: CallLine;
  number: string | null;
  e164: string | null;
  display: string | null;
  absence: CallerAbsence | null;
  callerName: string | null;
  customer: CustomerRef | null;
  state: 'ringing' | 'answered' | 'ended';
  outcome: CallOutcome | null;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  calledBackAt: string | null;
  calledBackBy: UserRef | null;
}

export interface CallPage {
  items: CallRecord[];
  /** Pass as `before` for the next (older) page; null at the end. */
  nextBefore: number | null;
}

/** A known customer whose calls were missed and not yet returned (GET /api/calls/missed). */
export interface MissedCaller {
  customer: CustomerRef;
  /** The latest of those calls: POST /api/calls/:id/called-back with its id clears them all. */
  call: CallRecord;
  /** How many calls from this customer wait for a call back. */
  count: number;
}

// ------------------------------------------------------------------ Contact records (C3)

/** How the studio and the customer were in touch. */
export const CONTACT_CHANNELS = ['phone', 'sms', 'visit', 'wechat', 'other'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

/** One contact with a customer: GET/POST /api/customers/:id/contacts. */
export interface ContactRecord {
  id: number;
  customerId: number;
  /** When the contact happened (UTC ISO); now unless given. */
  at: string;
  channel: ContactChannel;
  note: string;
  /** The call it was written from (the caller-ID popup), or null. */
  callId: number | null;
  createdAt: string;
  createdBy: UserRef | null;
}

/** POST /api/customers/:id/contacts. */
export interface ContactRecordInput {
  channel: ContactChannel;
  /** 1–2000 characters, trimmed. */
  note: string;
  /** ISO date-time with offset; defaults to now. */
  at?: string;
  callId?: number | null;
}

// ------------------------------------------------------------------ Card ingest (H3)

/** Where a stored file sits in its order folder. */
export const PHOTO_KINDS = ['originals', 'first-edits', 'refined', 'design'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];
/** Where edited files can be imported (never into the originals). */
export const EDIT_KINDS = ['first-edits', 'refined', 'design'] as const;
export type EditKind = (typeof EDIT_KINDS)[number];

export const INGEST_JOB_STATES = ['queued', 'copying', 'verifying', 'done', 'interrupted', 'failed'] as const;
export type IngestJobState = (typeof INGEST_JOB_STATES)[number];

/** A card's files by kind: the screens' summary and the scan's (ingest/scan-card.ts). */
export interface CardFileCounts {
  /** Files the copy takes (photos, RAW, videos, sidecars) and their bytes. */
  files: number;
  bytes: number;
  photos: number;
  raws: number;
  videos: number;
  sidecars: number;
  /** Unknown files, left on the card (shown so nobody is surprised). */
  others: number;
}

/** What is on an inserted card, for "card inserted: N files, X GB, shot between … and …". */
export interface CardScanSummary extends CardFileCounts {
  /** UTC ISO; null when the card has no photos or videos. */
  shotFrom: string | null;
  shotTo: string | null;
  shotTimeSource: 'exif' | 'mtime' | null;
  /** The first few problems met while reading the card. */
  problems: string[];
}

export interface PreflightIssueInfo {
  /** e.g. backup-missing, library-full, backup-low-space, backup-skipped (see ingest/preflight.ts). */
  code: string;
  role: 'library' | 'backup' | null;
  /** English, for logs; the UI words it by code. */
  message: string;
}

/** May a card be copied now, and what must staff be told (both disks' free space with it). */
export interface IngestPreflight {
  ok: boolean;
  blockers: PreflightIssueInfo[];
  warnings: PreflightIssueInfo[];
  /** False with ok: library only (an admin overrode a missing backup disk). */
  useBackup: boolean;
  /** Free bytes each disk needs for this card. */
  needBytes: number;
  /** True when the only blockers are the backup disk's: an admin may copy anyway. */
  overridable: boolean;
  library: DiskHealth | null;
  backup: DiskHealth | null;
}

/** A customer offered for a card: the one it was copied for before, today's shoots, recent ones. */
export interface IngestSuggestion {
  customer: CustomerRef;
  reason: 'same-card' | 'today' | 'recent';
  stage: Stage;
  stageDueAt: string | null;
}

export interface IngestProgressInfo {
  jobId: number;
  phase: 'copying' | 'verifying';
  files: number;
  bytes: number;
  totalFiles: number;
  totalBytes: number;
  filesVerified: number;
  filesToVerify: number;
  mbPerSecond: number;
  secondsLeft: number | null;
}

export interface IngestProblemInfo {
  id: number;
  sourcePath: string | null;
  code: string;
  message: string;
  at: string;
}

/** A copy job's counts: the screens' (IngestJobInfo) and the engine's (ingest/ingest-types.ts). */
export interface IngestCounts {
  /** Media files on the card and their bytes. */
  filesTotal: number;
  bytesTotal: number;
  /** New files this job stored on both disks. */
  filesCopied: number;
  bytesCopied: number;
  /** Files that were already there (same card file, or same size and hash for this customer). */
  filesSkipped: number;
  bytesSkipped: number;
  /** Files this job read back from both disks with the right hash. */
  filesVerified: number;
  /** Files that could not be read from the card, or did not verify. */
  filesFailed: number;
}

/** A copy job as the screens show it (GET /api/ingest/jobs, ingest.* events). */
export interface IngestJobInfo extends IngestCounts {
  id: number;
  /** card: from an inserted card; upload: edited files sent from a browser; folder: `studio-box ingest`. */
  kind: 'card' | 'upload' | 'folder';
  customerId: number;
  customer: CustomerRef | null;
  orderLabel: string | null;
  /** "<customer no> <name>/<order folder>" on both disks. */
  folder: string;
  subfolder: PhotoKind;
  cardId: string | null;
  cardLabel: string | null;
  state: IngestJobState;
  errorCode: string | null;
  error: string | null;
  /**
   * Copied while the backup disk was missing (an admin's override): the second copy waits in a
   * holding folder on the library disk until the backup disk is back.
   */
  backupPending: boolean;
  createdAt: string;
  createdBy: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** The latest progress while it runs. */
  progress: IngestProgressInfo | null;
  problems: IngestProblemInfo[];
}

/** An inserted card (GET /api/ingest/cards). */
export interface IngestCard {
  card: CardInfo;
  /** Null while the card is being read. */
  scan: CardScanSummary | null;
  scanError: string | null;
  preflight: IngestPreflight;
  suggestions: IngestSuggestion[];
  /** The job copying this card, or the last one that copied it (before it was taken out, too). */
  job: IngestJobInfo | null;
  /** Why "next card goes to …" did not start by itself. */
  autoStartProblem: string | null;
}

/** "Next card goes to …" (GET/PUT /api/ingest/next). */
export interface NextCard {
  customer: CustomerRef;
  orderLabel: string | null;
  setBy: UserRef | null;
  setAt: string;
}

export interface NextCardSet {
  /** Null clears it. */
  customerId: number | null;
  orderLabel?: string | null;
}

export interface IngestStart {
  cardId: string;
  customerId: number;
  orderLabel?: string | null;
  /** Admins only: copy to the library although the backup disk is missing. */
  override?: boolean;
  /** Default originals; a card of edited files (from the retoucher) goes into first-edits, refined or design. */
  subfolder?: PhotoKind;
}

/** `ingest.finished` / `ingest.failed` events. */
export interface IngestEnded {
  job: IngestJobInfo;
  /** For people (English); the UI words it from the job's numbers. */
  message: string;
  /** The card was unmounted: it may be pulled out. */
  safeToRemove: boolean;
  /** Why the card could not be unmounted, when it could not. */
  ejectError: string | null;
}

/** One stored photo or video. */
export interface PhotoItem {
  id: number;
  name: string;
  kind: PhotoKind;
  size: number;
  /** Content hash: the thumbnail key (GET /api/thumbs/:key/:size). */
  key: string;
  state: 'copied' | 'verified' | 'mismatch' | 'missing';
  /** True for files thumbnails can be made of (photos, RAW). */
  thumbnail: boolean;
  /** From EXIF, UTC ISO; null when unknown. */
  capturedAt: string | null;
  camera: string | null;
  width: number | null;
  height: number | null;
  storedAt: string;
  jobId: number;
}

/** One order folder of a customer ("2026-11-23 shoot", or the order label). */
export interface PhotoFolder {
  order: string;
  kinds: Record<PhotoKind, PhotoItem[]>;
}

export interface CustomerPhotos {
  customerId: number;
  /** Newest first. */
  folders: PhotoFolder[];
  /** Thumbnail sizes served (long side, px). */
  thumbSizes: number[];
}

/** POST /api/customers/:id/photos/import answer. */
export interface PhotoImportResult {
  action: 'copied' | 'skipped';
  /** The name it has in the folder (copied) or the name sent (skipped). */
  name: string;
  renamed: boolean;
  reason: 'already-there' | 'duplicate-in-batch' | 'system-file' | null;
  /** The stored file it is (copied) or duplicates (already-there), when known. */
  file: PhotoItem | null;
}

// ---- Orders (O1) -------------------------------------------------------------------------

/**
 * The fixed order workflow until O2 makes it configurable. An order moves forward one or
 * more steps, back one step to correct a mistake, is cancelled from any state before
 * delivery, and a cancelled order may be reopened (booked again). See orders/order-states.ts.
 */
export const ORDER_STATES = ['booked', 'shot', 'selected', 'in_production', 'ready', 'delivered', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export interface Order {
  id: number;
  /** Automatic: the studio's local date and a number of the day, e.g. "20261123-001". */
  orderNo: string;
  customer: CustomerRef;
  /** The package or service sold, e.g. "Wedding package A + 2 extra outfits". */
  title: string;
  state: OrderState;
  /** The price agreed, in the currency's minor unit (fen, đồng, cents). */
  totalMinor: number;
  /** ISO 4217, the studio's currency when the order was made. */
  currency: string;
  /** Net of payments and their reversals (F1), minor unit; null for a user without finance:view. */
  paidMinor: number | null;
  /** totalMinor − paidMinor for an order not cancelled; 0 for a cancelled one; null without finance:view. */
  dueMinor: number | null;
  /** Service time (the shoot), UTC ISO, or null. */
  serviceAt: string | null;
  /** Who serves the customer (photographer, make-up artist), as staff write it. */
  staff: string;
  note: string;
  /** When the order state last changed, UTC ISO. */
  stateChangedAt: string;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** An order with its money, as the box keeps it; the API sends Order (money only for finance:view). */
export type OrderWithMoney = Order & { paidMinor: number; dueMinor: number };

/** POST /api/customers/:id/orders. */
export interface OrderCreateInput {
  title: string;
  totalMinor: number;
  serviceAt?: string | null;
  staff?: string;
  note?: string;
}

/** PATCH /api/orders/:id: any of these. A total below what is paid is refused. */
export interface OrderPatchInput {
  title?: string;
  totalMinor?: number;
  serviceAt?: string | null;
  staff?: string;
  note?: string;
}

/** POST /api/orders/:id/state. */
export interface OrderStateInput {
  state: OrderState;
}

// ---- Finance (F1): payments ---------------------------------------------------------------

export const PAYMENT_METHODS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'other'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * One line of the append-only payments ledger. A payment is never changed or deleted: it is
 * undone by a reversal line (negative amount, `reverses` = the payment's id), once.
 */
export interface Payment {
  id: number;
  orderId: number;
  orderNo: string;
  customerId: number;
  kind: 'payment' | 'reversal';
  /** Minor unit; positive for a payment, negative for a reversal. */
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  /** For a reversal: the payment it undoes. */
  reverses: number | null;
  /** For a payment: the reversal that undid it, if any. */
  reversedBy: number | null;
  note: string;
  /** When the money changed hands, UTC ISO. */
  at: string;
  createdAt: string;
  createdBy: UserRef | null;
}

/** POST /api/orders/:id/payments. More than is due is refused. */
export interface PaymentInput {
  amountMinor: number;
  method: PaymentMethod;
  note?: string;
  at?: string;
}

/** POST /api/payments/:id/reverse. */
export interface PaymentReverseInput {
  reason: string;
}

/** GET /api/customers/:id/orders: the orders, newest first, with what is still owed. */
export interface CustomerOrders {
  orders: Order[];
  /** Sum of dueMinor per currency (normally one: the studio's); empty without finance:view. */
  unpaid: { amountMinor: number; currency: string }[];
}

// ---- Membership (M1) ----------------------------------------------------------------------

export interface MemberCardType {
  id: number;
  name: string;
  note: string;
  /** Cards of this type still active. */
  activeCards: number;
  createdAt: string;
}

export interface MemberCard {
  id: number;
  /** Printed on the card and in its barcode; typed, scanned, or given by the box. */
  cardNo: string;
  customer: CustomerRef;
  type: { id: number; name: string };
  /** An attached card (附属卡) hangs on a main card, e.g. a family member's. */
  mainCard: { id: number; cardNo: string } | null;
  state: 'active' | 'closed';
  /** Sum of the card's points ledger. */
  points: number;
  issuedAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
}

/** POST /api/customers/:id/member-cards. No cardNo: the box gives the next free one. */
export interface MemberCardInput {
  typeId: number;
  cardNo?: string;
  mainCardId?: number | null;
}

/** One line of a card's append-only points ledger. */
export interface PointsEntry {
  id: number;
  cardId: number;
  /** Points added (positive) or taken (negative). */
  delta: number;
  kind: 'earn' | 'deduct' | 'reversal';
  reason: string;
  reverses: number | null;
  reversedBy: number | null;
  /** The balance after this line. */
  balance: number;
  at: string;
  createdBy: UserRef | null;
}

/** POST /api/member-cards/:id/points: earn (positive) or deduct (negative) with a reason. */
export interface PointsInput {
  delta: number;
  reason: string;
}
