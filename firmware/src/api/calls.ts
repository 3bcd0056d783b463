import type { UserRef } from './core.js';
import type { Stage } from './customers.js';
import type { ContactChannel } from './contacts.js';
import type { OrderState } from './orders.js';

// Calls (H2)

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

/** The most rows GET /api/calls answers at once (`limit`); a longer log is asked for page by page. */
export const CALL_PAGE_MAX = 200;

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
