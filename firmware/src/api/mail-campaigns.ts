// Group e-mail (S6): one subject and text, with the SMS templates' placeholders, sent through
// the studio's SMTP server to a chosen set of customers, one recipient at a time.
import type { SegmentFilter } from './campaigns.js';
import type { Language, UserRef } from './core.js';
import type { MailFailure } from './mail.js';

/** POST /api/mail-campaigns/preview and POST /api/mail-campaigns. */
export interface MailCampaignInput {
  /** Who gets it: a saved segment, or a segment filter (the group SMS's; chosen customers: `customerIds`). */
  segmentId?: number | null;
  filter?: SegmentFilter;
  /** Up to 200 characters; placeholders as in SMS templates ({name}, {title}, {store}…). */
  subject: string;
  /** Up to 20,000 characters, plain text; the same placeholders. */
  body: string;
  /** The language {title} and amounts are written in; the studio's by default. */
  language?: Language;
  /** The client's key for this send: the same key again answers the campaign already made (a double click sends nothing twice). */
  requestKey?: string;
}

/** Why a chosen customer gets nothing. */
export interface MailSkips {
  noEmail: number;
  optedOut: number;
  /** A second customer with an address another recipient has: the address gets one e-mail. */
  duplicateEmail: number;
}

export interface MailPreview {
  customerId: number;
  name: string;
  email: string;
  subject: string;
  body: string;
}

/** POST /api/mail-campaigns/preview */
export interface MailCampaignEstimate {
  /** Customers the audience chose. */
  chosen: number;
  /** E-mails that would go. */
  recipients: number;
  skipped: MailSkips;
  /** The first three recipients' e-mails as they would read them. */
  previews: MailPreview[];
  /** Placeholder-like names in braces that are none ("{nmae}"). */
  unknownPlaceholders: string[];
}

export const MAIL_CAMPAIGN_STATES = ['sending', 'done', 'cancelled'] as const;
export type MailCampaignState = (typeof MAIL_CAMPAIGN_STATES)[number];

/**
 * queued → sending (marked before the server is asked) → sent | failed (with the SMTP reason).
 * A recipient left "sending" by a restart becomes "unknown" and is never sent again; a server
 * that cannot be reached puts the recipient back in the queue for a later try.
 */
export const MAIL_RECIPIENT_STATES = ['queued', 'sending', 'sent', 'failed', 'unknown', 'cancelled'] as const;
export type MailRecipientState = (typeof MAIL_RECIPIENT_STATES)[number];

export interface MailCampaign {
  id: number;
  subject: string;
  body: string;
  language: Language;
  /** The segment it went to (null: a filter made for it) and that filter as it was. */
  segmentId: number | null;
  filter: SegmentFilter;
  state: MailCampaignState;
  chosen: number;
  skipped: MailSkips;
  counts: Record<MailRecipientState, number>;
  /** Why the queue waits, when the server cannot be reached (the last reason), or null. */
  waiting: { reason: MailFailure; detail: string; until: string } | null;
  createdAt: string;
  createdBy: UserRef | null;
  finishedAt: string | null;
}

export interface MailRecipient {
  id: number;
  customerId: number | null;
  name: string;
  email: string;
  state: MailRecipientState;
  reason: MailFailure | 'interrupted' | null;
  detail: string;
  sentAt: string | null;
}
