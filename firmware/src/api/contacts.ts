import type { UserRef } from './core.js';

// Contact records (C3)

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
