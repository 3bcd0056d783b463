// Which right a screen needs to receive an event. Every logged-in screen holds the event
// stream, but some events carry what only some users may see: a ringing call carries the
// caller's card (name, stage). Types not listed here go to everyone (they carry only ids).
import type { Action, Feature, PermissionMap } from '../api-types.js';
import { can } from '../auth/permissions.js';

const NEEDS: [prefix: string, feature: Feature, action: Action][] = [
  ['call.', 'calls', 'view'],
  // Received SMS carry the sender's number and customer; the outbox its recipients.
  ['sms.', 'sms', 'view'],
  // Cards and copy jobs carry customer names (the job's customer, "next card goes to …").
  ['card.', 'ingest', 'view'],
  ['ingest.', 'ingest', 'view'],
  ['thumb.', 'photos', 'view'],
  ['photos.', 'photos', 'view'],
  // The scrub's runs and findings name files and customers; `scrub.alarm` (a count) goes to all.
  ['scrub.run', 'ingest', 'view'],
  ['scrub.finding', 'ingest', 'view'],
  // Only a count, but the badge is for those who may open the reminders.
  ['reminders.', 'reminders', 'view'],
  // Visit plans (ids, and counts per staff member when a day's plans fall due).
  ['visit_plan.', 'contacts', 'view'],
  // A campaign's progress names it and counts its recipients.
  ['campaign.', 'campaigns', 'view'],
];

export function mayReceive(type: string, permissions: PermissionMap): boolean {
  for (const rule of NEEDS) {
    if (type.startsWith(rule[0])) return can(permissions, rule[1], rule[2]);
  }
  return true;
}

/** Each part of a caller's card, and the right that may read it; the rest is for calls:view. */
const CARD_PARTS: [part: 'lastContact' | 'lastOrder' | 'unpaid' | 'membership', feature: Feature][] = [
  ['lastContact', 'contacts'],
  ['lastOrder', 'orders'],
  ['unpaid', 'finance'],
  ['membership', 'membership'],
];

/**
 * What of an event's data this user may see. A ringing call's card carries the last contact
 * note, the last order, what the customer owes and their points: each only for those with
 * the right to view it.
 */
export function redactFor<T>(type: string, data: T, permissions: PermissionMap): T {
  return type.startsWith('call.') ? cardFor(data, permissions) : data;
}

/** A call (or anything holding `customer` as a caller card) with the parts this user may not see set to null. */
export function cardFor<T>(data: T, permissions: PermissionMap): T {
  const d = data as { customer?: Record<string, unknown> | null } | null;
  if (!d || typeof d !== 'object' || !d.customer) return data;
  const hidden = CARD_PARTS.filter(([part, feature]) => d.customer![part] != null && !can(permissions, feature, 'view'));
  if (!hidden.length) return data;
  const customer = { ...d.customer };
  for (const [part] of hidden) customer[part] = null;
  return { ...d, customer } as T;
}
