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
];

export function mayReceive(type: string, permissions: PermissionMap): boolean {
  for (const rule of NEEDS) {
    if (type.startsWith(rule[0])) return can(permissions, rule[1], rule[2]);
  }
  return true;
}

/**
 * What of an event's data this user may see. A ringing call's card carries the last contact
 * note, which only contacts:view may read; the rest of the card is for calls:view.
 */
export function redactFor<T>(type: string, data: T, permissions: PermissionMap): T {
  if (type.startsWith('call.') && !can(permissions, 'contacts', 'view')) return withoutContactNote(data);
  return data;
}

/** The same for a call (or anything holding `customer.lastContact`): the note removed. */
export function withoutContactNote<T>(data: T): T {
  const d = data as { customer?: { lastContact?: unknown } | null } | null;
  if (!d || typeof d !== 'object' || !d.customer || d.customer.lastContact == null) return data;
  return { ...d, customer: { ...d.customer, lastContact: null } } as T;
}
