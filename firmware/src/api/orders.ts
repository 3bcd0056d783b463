import type { UserRef } from './core.js';
import type { CustomerRef } from './calls.js';

// Orders (O1)

/**
 * The fixed order workflow until O2 makes it configurable. An order moves forward one or
 * more steps, back one step to correct a mistake, is cancelled from any state before
 * delivery, and a cancelled order may be reopened (booked again). See orders/order-states.ts.
 */
export const ORDER_STATES = ['booked', 'shot', 'selected', 'in_production', 'ready', 'delivered', 'cancelled'] as const;
export type OrderState = (typeof ORDER_STATES)[number];

export interface Order {
  id: number;
  /** Automatic: the studio's local date and a number of the day, e.g. "20261123-001". */
  orderNo: string;
  customer: CustomerRef;
  /** The package or service sold, e.g. "Wedding package A + 2 extra outfits". */
  title: string;
  state: OrderState;
  /** The price agreed, in the currency's minor unit (fen, đồng, cents). */
  totalMinor: number;
  /** ISO 4217, the studio's currency when the order was made. */
  currency: string;
  /** Net of payments and their reversals (F1), minor unit; null for a user without finance:view. */
  paidMinor: number | null;
  /** totalMinor − paidMinor for an order not cancelled; 0 for a cancelled one; null without finance:view. */
  dueMinor: number | null;
  /** Service time (the shoot), UTC ISO, or null. */
  serviceAt: string | null;
  /** Sample viewing (看样) time, UTC ISO, or null (the reminders' "sample viewing"). */
  sampleAt: string | null;
  /** Who serves the customer (photographer, make-up artist), as staff write it. */
  staff: string;
  note: string;
  /** When the order state last changed, UTC ISO. */
  stateChangedAt: string;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** An order with its money, as the box keeps it; the API sends Order (money only for finance:view). */
export type OrderWithMoney = Order & { paidMinor: number; dueMinor: number };

/** POST /api/customers/:id/orders. */
export interface OrderCreateInput {
  title: string;
  totalMinor: number;
  serviceAt?: string | null;
  sampleAt?: string | null;
  staff?: string;
  note?: string;
}

/** PATCH /api/orders/:id: any of these. A total below what is paid is refused. */
export interface OrderPatchInput {
  title?: string;
  totalMinor?: number;
  serviceAt?: string | null;
  sampleAt?: string | null;
  staff?: string;
  note?: string;
}

/** POST /api/orders/:id/state. */
export interface OrderStateInput {
  state: OrderState;
}
