// The card the popup shows for a known caller: who and which stage from the customer summary
// (C1/C2), and the facts other modules keep: the last order (O1), what is owed (F1), the
// member card (M1) and the last contact (C3). The facts are looked up when the call rings and
// again whenever one of them changes while the card is up (CallService.customerChanged).
import type { CallerCard, ContactRecord, CustomerRef, CustomerSummary } from '../api-types.js';

/** What the card says beyond the customer summary. */
export type CardFacts = Pick<CallerCard, 'lastOrder' | 'unpaid' | 'membership' | 'lastContact'>;

export const NO_FACTS: CardFacts = { lastOrder: null, unpaid: null, membership: null, lastContact: null };

export function callerCard(c: CustomerSummary, facts: CardFacts): CallerCard {
  return {
    id: c.id,
    customerNo: c.customerNo,
    name: c.name,
    stage: c.stage,
    stageDueAt: c.stageDueAt,
    ...facts,
  };
}

/** The modules a card's facts come from, each one indexed lookup per customer. */
export interface CardFactSources {
  lastContact(customerId: number): ContactRecord | null;
  lastOrder(customerId: number): CallerCard['lastOrder'];
  /** What is owed, per currency. */
  unpaid(customerId: number): { amountMinor: number; currency: string }[];
  membership(customerId: number): CallerCard['membership'];
  /** The studio's currency: its debt is the one shown when (rarely) there are several. */
  currency(): string;
}

export function cardFacts(src: CardFactSources, customerId: number): CardFacts {
  const owed = src.unpaid(customerId).filter((u) => u.amountMinor !== 0);
  const currency = src.currency();
  return {
    lastOrder: src.lastOrder(customerId),
    unpaid: owed.find((u) => u.currency === currency) ?? owed[0] ?? null,
    membership: src.membership(customerId),
    lastContact: cardContact(src.lastContact(customerId)),
  };
}

/** A contact record as the card shows it. */
export function cardContact(r: ContactRecord | null): CallerCard['lastContact'] {
  return r && { at: r.at, channel: r.channel, note: r.note, by: r.createdBy };
}

export function customerRef(c: CustomerSummary): CustomerRef {
  return { id: c.id, customerNo: c.customerNo, name: c.name };
}
