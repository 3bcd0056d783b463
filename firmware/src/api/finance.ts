import type { UserRef } from './core.js';
import type { Order } from './orders.js';

// Finance (F1): payments

export const PAYMENT_METHODS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'other', 'stored_value', 'points'] as const;
/** Methods that bring money into the till (what a top-up is paid with; what the day's closing counts). */
export const MONEY_METHODS = ['cash', 'card', 'wechat', 'alipay', 'bank', 'other'] as const;
/** Methods paid from a member card: its stored value, or its points at the redeem rate. */
export const CARD_METHODS = ['stored_value', 'points'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

/**
 * One line of the append-only payments ledger. A payment is never changed or deleted: it is
 * undone by a reversal line (negative amount, `reverses` = the payment's id), once.
 */
export interface Payment {
  id: number;
  orderId: number;
  orderNo: string;
  customerId: number;
  kind: 'payment' | 'reversal';
  /** Minor unit; positive for a payment, negative for a reversal. */
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  /** For a reversal: the payment it undoes. */
  reverses: number | null;
  /** For a payment: the reversal that undid it, if any. */
  reversedBy: number | null;
  note: string;
  /** When the money changed hands, UTC ISO. */
  at: string;
  createdAt: string;
  createdBy: UserRef | null;
}

/** POST /api/orders/:id/payments. More than is due is refused. */
export interface PaymentInput {
  amountMinor: number;
  method: PaymentMethod;
  /** The member card paying, for stored_value and points (the order's customer's). */
  cardId?: number;
  note?: string;
  at?: string;
}

/** POST /api/payments/:id/reverse. */
export interface PaymentReverseInput {
  reason: string;
}

/** GET /api/customers/:id/orders: the orders, newest first, with what is still owed. */
export interface CustomerOrders {
  orders: Order[];
  /** Sum of dueMinor per currency (normally one: the studio's); empty without finance:view. */
  unpaid: { amountMinor: number; currency: string }[];
}
