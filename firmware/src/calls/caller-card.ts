// The card the popup shows for a known caller, built from what the box knows today. The
// customer summary gives name, number and stage; orders (O1), finance (F1), membership (M1)
// and contact records (C3) are not built yet, so their parts are null, and the popup leaves
// out what is null. Each module fills its part here when it lands.
import type { CallerCard, CustomerRef, CustomerSummary } from '../api-types.js';

export function callerCard(c: CustomerSummary): CallerCard {
  return {
    id: c.id,
    customerNo: c.customerNo,
    name: c.name,
    stage: c.stage,
    stageDueAt: c.stageDueAt,
    lastOrder: null,
    unpaid: null,
    membership: null,
    lastContact: null,
  };
}

export function customerRef(c: CustomerSummary): CustomerRef {
  return { id: c.id, customerNo: c.customerNo, name: c.name };
}
