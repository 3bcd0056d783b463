// The card the popup shows for a known caller, built from what the box knows today. The
// customer summary gives name, number and stage; the contact records (C3) the last contact.
// Orders (O1), finance (F1) and membership (M1) are not built yet, so their parts are null,
// and the popup leaves out what is null. Each module fills its part here when it lands.
import type { CallerCard, ContactRecord, CustomerRef, CustomerSummary } from '../api-types.js';

export function callerCard(c: CustomerSummary, lastContact: ContactRecord | null): CallerCard {
  return {
    id: c.id,
    customerNo: c.customerNo,
    name: c.name,
    stage: c.stage,
    stageDueAt: c.stageDueAt,
    lastOrder: null,
    unpaid: null,
    membership: null,
    lastContact: cardContact(lastContact),
  };
}

/** A contact record as the card shows it. */
export function cardContact(r: ContactRecord | null): CallerCard['lastContact'] {
  return r && { at: r.at, channel: r.channel, note: r.note, by: r.createdBy };
}

export function customerRef(c: CustomerSummary): CustomerRef {
  return { id: c.id, customerNo: c.customerNo, name: c.name };
}
