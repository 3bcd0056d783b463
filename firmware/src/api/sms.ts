import type { SmsOrigin } from './care.js';
import type { UserRef } from './core.js';

// SMS (H1, S4, S5)

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
  /** Where it came from: typed by staff, a template, an automatic message, a reminder, a campaign. */
  origin: SmsOrigin;
  /** What for: the reminder kind or automatic message (e.g. 'birthday', 'order-placed'); null for manual ones. */
  purpose: string | null;
  templateId: number | null;
  /** The group send (S3) it belongs to, or null. */
  campaignId: number | null;
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
