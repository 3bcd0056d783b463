// Group SMS (S3) to segments of customers, and the send records (S5); issue 15.
import type { BusinessType, Stage } from './customers.js';
import type { OutboxState } from './sms.js';

/** Days back from now: "older than N days" (none in the last N days, or never) / "within N days". */
export interface DaysRange {
  olderThanDays?: number;
  withinDays?: number;
}

/** Whole numbers, both ends included. */
export interface IntRange {
  min?: number;
  max?: number;
}

/**
 * Which customers: every condition given must hold (AND); a list matches any of its values (OR).
 * An empty filter is every customer.
 */
export interface SegmentFilter {
  stages?: Stage[];
  /** Has any of these tags. */
  tags?: string[];
  sources?: string[];
  areas?: string[];
  businessTypes?: BusinessType[];
  /** 1–12: the month of the birthday as stored (a lunar birthday: its lunar month). */
  birthdayMonths?: number[];
  /** A contact record of channel "visit". */
  lastVisit?: DaysRange;
  /** An order (not cancelled), by when it was made. */
  lastOrder?: DaysRange;
  /** Holds an active member card of one of these types. */
  cardTypeIds?: number[];
  /** Points on the customer's active cards together (no card: 0). */
  points?: IntRange;
  /** Stored value on the customer's active cards together, minor units (no card: 0). */
  balanceMinor?: IntRange;
  /** Only customers who take marketing SMS. */
  notOptedOut?: boolean;
  /** An imported list: only these customers. */
  customerIds?: number[];
}

export interface Segment {
  id: number;
  name: string;
  filter: SegmentFilter;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/segments; PATCH takes either. */
export interface SegmentInput {
  name: string;
  filter: SegmentFilter;
}

export interface SegmentRecipient {
  id: number;
  customerNo: string;
  name: string;
  /** First phone, E.164; null: none. */
  phone: string | null;
}

/** POST /api/segments/count: the live count and the first recipients. */
export interface SegmentCount {
  count: number;
  first: SegmentRecipient[];
}

/** Why a customer of the segment gets nothing. */
export const EXCLUSION_REASONS = ['opted_out', 'no_phone', 'invalid_phone'] as const;
export type ExclusionReason = (typeof EXCLUSION_REASONS)[number];

/** POST /api/campaigns/estimate and POST /api/campaigns. */
export interface CampaignInput {
  name: string;
  /** A saved segment, or `filter` for an ad-hoc one (one of the two). */
  segmentId?: number | null;
  filter?: SegmentFilter;
  /** The text with placeholders ({name}, {title}, {store}, …), or a template's id. */
  body?: string;
  templateId?: number | null;
  language: 'zh-CN' | 'vi' | 'en';
  /** Studio-local "YYYY-MM-DDTHH:MM"; absent or null: now. */
  sendAt?: string | null;
}

export interface CampaignPreview {
  customer: { id: number; name: string };
  to: string;
  text: string;
  encoding: 'gsm7' | 'ucs2';
  parts: number;
}

/** What a campaign would do, before it is sent. */
export interface CampaignEstimate {
  /** Customers the segment holds. */
  matched: number;
  /** Messages that would go out. */
  recipients: number;
  excluded: Record<ExclusionReason, number>;
  /** The first three recipients' own texts. */
  previews: CampaignPreview[];
  /** Parts of all messages together, and per message by count ({"1": 2990, "2": 10}). */
  totalParts: number;
  partsHistogram: Record<string, number>;
  gsm7: number;
  ucs2: number;
  /** totalParts × the price per part (campaign settings), in the studio's currency's minor unit. */
  costMinor: number;
  currency: string;
  /** UTC ISO: when the last message should have gone, at the modem's rate, around quiet hours. */
  finishBy: string | null;
  /** UTC ISO: the send time asked for, moved out of quiet hours. */
  startAt: string;
}

export const CAMPAIGN_STATES = ['building', 'running', 'paused', 'done', 'cancelled'] as const;
export type CampaignState = (typeof CAMPAIGN_STATES)[number];

/** Per recipient: its own state, or the state of its outbox message once queued. */
export type RecipientState = 'pending' | 'excluded' | 'cancelled' | OutboxState;

export interface CampaignCounts {
  recipients: number;
  excluded: Record<ExclusionReason, number>;
  /** Not yet in the outbox. */
  pending: number;
  queued: number;
  sending: number;
  sent: number;
  delivered: number;
  failed: number;
  unknown: number;
  cancelled: number;
  /** Parts handed to the modem. */
  partsSent: number;
  /** Messages received from recipients since the campaign started. */
  replies: number;
  /** Recipients who opted out since the campaign started. */
  optOuts: number;
}

export interface Campaign {
  id: number;
  name: string;
  segmentId: number | null;
  filter: SegmentFilter;
  templateId: number | null;
  body: string;
  language: 'zh-CN' | 'vi' | 'en';
  state: CampaignState;
  /** UTC ISO: not before. After now while waiting for its time: scheduled. */
  sendAt: string;
  createdAt: string;
  createdBy: { id: number; name: string } | null;
  finishedAt: string | null;
  counts: CampaignCounts;
  /** UTC ISO estimate while running; null when done or paused. */
  finishBy: string | null;
}

export interface CampaignRecipient {
  customer: { id: number; customerNo: string | null; name: string | null };
  to: string | null;
  text: string | null;
  parts: number;
  state: RecipientState;
  reason: ExclusionReason | null;
  outboxId: number | null;
  sentAt: string | null;
  deliveredAt: string | null;
  error: string | null;
}

/** GET /api/campaigns/settings, PUT (campaigns: edit). */
export interface CampaignSettings {
  /** What the operator charges per SMS part, in the studio currency's minor unit. */
  pricePerPartMinor: number;
}

/** GET /api/sms/records: one row per studio-local day and origin. */
export interface SendRecordDay {
  day: string;
  origin: string;
  messages: number;
  parts: number;
  queued: number;
  sent: number;
  delivered: number;
  failed: number;
  unknown: number;
  cancelled: number;
}

/** POST /api/segments/list { entries }: an imported list of phone numbers or customer numbers, one an entry. */
export interface SegmentListInput {
  entries: string[];
}

/** The customers an imported list names (for the filter's `customerIds`), and the entries that name none. */
export interface SegmentListMatch {
  customerIds: number[];
  /** Entries read (blank ones skipped). */
  entries: number;
  /** Entries naming a customer already named by another entry. */
  repeated: number;
  /** How many entries name no customer, and the first 50 of them as written. */
  unknownCount: number;
  unknown: string[];
}

/**
 * GET /api/campaigns/running (campaigns: view): the group SMS and e-mail sends draining now, for
 * the compact progress shown on every page. Scheduled, paused and finished ones are not here.
 */
export interface RunningCampaign {
  kind: 'sms' | 'mail';
  id: number;
  /** The SMS campaign's name, or the e-mail's subject. */
  name: string;
  /** Still to go: not yet handed to the modem (or the SMTP server). */
  queued: number;
  sent: number;
  /** SMS only (delivery reports); e-mail has none: null. */
  delivered: number | null;
  /** Failed, and those whose fate is unknown (never sent twice). */
  failed: number;
  total: number;
  /** UTC ISO: when the last should have gone, at the modem's (or the mail) rate; null when unknown. */
  finishBy: string | null;
}
