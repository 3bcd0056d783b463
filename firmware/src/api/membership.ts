import type { UserRef } from './core.js';
import type { CustomerRef } from './calls.js';

// Membership (M1)

export interface MemberCardType {
  id: number;
  name: string;
  note: string;
  /** Cards of this type still active. */
  activeCards: number;
  /** A main card of this type may move stored value to and from its attached cards (M3). */
  sharesStoredValue: boolean;
  createdAt: string;
}

export interface MemberCard {
  id: number;
  /** Printed on the card and in its barcode; typed, scanned, or given by the box. */
  cardNo: string;
  customer: CustomerRef;
  type: { id: number; name: string };
  /** An attached card (附属卡) hangs on a main card, e.g. a family member's. */
  mainCard: { id: number; cardNo: string } | null;
  state: 'active' | 'closed';
  /** Sum of the card's points ledger. */
  points: number;
  issuedAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
}

/** POST /api/customers/:id/member-cards. No cardNo: the box gives the next free one. */
export interface MemberCardInput {
  typeId: number;
  cardNo?: string;
  mainCardId?: number | null;
}

/** One line of a card's append-only points ledger. */
export interface PointsEntry {
  id: number;
  cardId: number;
  /** Points added (positive) or taken (negative). */
  delta: number;
  kind: 'earn' | 'deduct' | 'reversal';
  reason: string;
  reverses: number | null;
  reversedBy: number | null;
  /** The balance after this line. */
  balance: number;
  at: string;
  createdBy: UserRef | null;
}

/** POST /api/member-cards/:id/points: earn (positive) or deduct (negative) with a reason. */
export interface PointsInput {
  delta: number;
  reason: string;
}
