import type { CustomerRef } from './calls.js';
import type { UserRef } from './core.js';
import type { Payment, PaymentMethod } from './finance.js';

// The till (F1, A3): the price list.

export const PRICE_KINDS = ['package', 'service', 'product'] as const;
export type PriceKind = (typeof PRICE_KINDS)[number];

/** One line of the studio's price list. Retired items stay (old bills name them) but are not sold. */
export interface PriceItem {
  id: number;
  kind: PriceKind;
  name: string;
  /** Minor unit of `currency`. */
  priceMinor: number;
  currency: string;
  /** What a package includes, in the studio's words: "30 photos selected, 2 albums". */
  includes: string;
  /** Photos included in the price; null when the item does not count photos. */
  photosIncluded: number | null;
  /** Price of each photo beyond photosIncluded, minor unit; null when extras are not sold. */
  extraPhotoMinor: number | null;
  active: boolean;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** POST /api/price-items. The currency is the studio's. */
export interface PriceItemInput {
  kind: PriceKind;
  name: string;
  priceMinor: number;
  includes?: string;
  photosIncluded?: number | null;
  extraPhotoMinor?: number | null;
}

/** PATCH /api/price-items/:id: any of these; `active: false` retires the item. */
export type PriceItemPatch = Partial<PriceItemInput> & { active?: boolean };

// Bills (F1)

/** One item of a bill: an item of the price list, how many, extra photos, and its own discount. */
export interface BillLineInput {
  priceItemId: number;
  /** Default 1. */
  qty?: number;
  /** Photos beyond those the package includes, at its price per extra photo. Default 0. */
  extraPhotos?: number;
  /** A discount on this line: an amount (minor unit) or a percentage in basis points (10 % = 1000), not both. */
  discountMinor?: number;
  discountBp?: number;
}

/** A payment taken with the bill (a deposit, or everything). */
export interface BillPaymentInput {
  method: PaymentMethod;
  amountMinor: number;
  /** For stored_value and points: the customer's member card paying. */
  cardId?: number;
}

/**
 * POST /api/orders/:id/bill. The whole discount (lines and bill) must be within the user's
 * discount limit (403 over_discount); the payments at most what is due (409 overpayment).
 */
export interface BillInput {
  lines: BillLineInput[];
  /** A discount on the whole bill after the line discounts: amount or basis points, not both. */
  billDiscountMinor?: number;
  billDiscountBp?: number;
  payments?: BillPaymentInput[];
  note?: string;
}

export interface BillLine {
  position: number;
  priceItemId: number;
  kind: PriceKind;
  /** As sold (the price list may change later). */
  name: string;
  unitPriceMinor: number;
  qty: number;
  extraPhotos: number;
  extraPhotoMinor: number;
  grossMinor: number;
  lineDiscountMinor: number;
  /** This line's share of the bill discount. */
  billDiscountMinor: number;
  netMinor: number;
}

/** GET /api/orders/:id/bill: the bill, and every ledger line of its order (for the receipt). */
export interface Bill {
  id: number;
  orderId: number;
  orderNo: string;
  orderTitle: string;
  customer: CustomerRef;
  lines: BillLine[];
  grossMinor: number;
  /** Line discounts and the bill discount together. */
  discountMinor: number;
  billDiscountMinor: number;
  totalMinor: number;
  currency: string;
  /** The discount limit of who made the bill, then (percent). */
  discountLimitPct: number;
  note: string;
  createdAt: string;
  createdBy: UserRef | null;
  /** The order's payments and reversals, oldest first (with the bill and later). */
  payments: Payment[];
  paidMinor: number;
  dueMinor: number;
}

// Stored value (M3) and points (M2) at the till

/** One line of a card's stored value ledger, with the balance after it. */
export interface StoredValueEntry {
  id: number;
  cardId: number;
  kind: 'topup' | 'bonus' | 'spend' | 'reversal' | 'transfer_out' | 'transfer_in';
  /** Minor unit; positive in, negative out. */
  amountMinor: number;
  currency: string;
  /** A top-up: how it was paid. */
  method: string | null;
  /** A spend: the payment line it paid (on an order). */
  paymentId: number | null;
  orderNo: string | null;
  /** A transfer line: the card on the other side (the one given to or taken from). */
  otherCard: { id: number; cardNo: string } | null;
  reverses: number | null;
  reversedBy: number | null;
  note: string;
  balanceMinor: number;
  at: string;
  createdBy: UserRef | null;
}

/** GET /api/member-cards/:id/stored-value: balance and the newest lines first. */
export interface StoredValueStatement {
  cardId: number;
  balanceMinor: number;
  currency: string;
  entries: StoredValueEntry[];
}

/** POST /api/member-cards/:id/top-ups. The bonus (if any) follows the studio's rule. */
export interface TopUpInput {
  amountMinor: number;
  method: 'cash' | 'card' | 'wechat' | 'alipay' | 'bank' | 'other';
  note?: string;
}

/** POST /api/member-cards/:id/transfers: stored value from this card to its main or attached card. */
export interface TransferInput {
  toCardId: number;
  amountMinor: number;
  note?: string;
}

/** What a transfer wrote: the line taken from this card, the line given to the other, both statements. */
export interface TransferResult {
  out: StoredValueEntry;
  in: StoredValueEntry;
  from: StoredValueStatement;
  to: StoredValueStatement;
}

/** GET /api/member-cards/:id/transfer-cards: the cards this one may move stored value to and from. */
export interface TransferCards {
  /** Whether the main card's type shares stored value; false: no transfer is possible. */
  sharing: boolean;
  cards: { id: number; cardNo: string; customer: CustomerRef; isMain: boolean; balanceMinor: number }[];
}

/** What a top-up wrote: the top-up line, its bonus line, and the points it earned. */
export interface TopUpResult {
  topUp: StoredValueEntry;
  bonus: StoredValueEntry | null;
  points: PointsPreview | null;
  statement: StoredValueStatement;
}

/** The points an amount will earn on the customer's card, with each rule that applied. */
export interface PointsPreview {
  cardId: number;
  cardNo: string;
  points: number;
  steps: { rule: number; name: string; op: string; before: number; after: number }[];
}

// Arrears (F1)

/** One order with money still owed on it. */
export interface ArrearsRow {
  orderId: number;
  orderNo: string;
  orderTitle: string;
  customer: CustomerRef;
  /** The customer's first phone (E.164), to call or text them; null without one. */
  phone: string | null;
  totalMinor: number;
  paidMinor: number;
  dueMinor: number;
  currency: string;
  /** When the order was made (how old the debt is), UTC ISO. */
  orderedAt: string;
  /** The last payment or reversal on it, UTC ISO, or null. */
  lastPaymentAt: string | null;
  /** The last automatic "balance due" SMS for this order (care outbox): when it was queued and its state now; null if none. */
  lastReminder: { at: string; state: string } | null;
}

/** GET /api/arrears: unpaid orders not cancelled, oldest first, and what is owed per currency. */
export interface Arrears {
  rows: ArrearsRow[];
  /** Rows beyond the page were left off. */
  more: boolean;
  totals: { amountMinor: number; currency: string }[];
  /** Customers who owe. */
  customers: number;
}

// Closing the day (F2)

/** One money method of a day: what the ledgers say came in, and (once closed) what was counted. */
export interface ClosingLine {
  method: string;
  /** Payments less reversals dated in the day. */
  paymentsMinor: number;
  /** Stored value top-ups less their reversals (money in the till, not income). */
  topUpsMinor: number;
  /** The cash book's income less its expenses (and their reversals) dated in the day. */
  cashBookMinor: number;
  expectedMinor: number;
  /** Null before the day is closed. */
  countedMinor: number | null;
  differenceMinor: number | null;
}

/** GET /api/closings/:day: a day's takings, and its closing if it is closed. */
export interface DayTakings {
  /** Studio-local date, YYYY-MM-DD. */
  day: string;
  /** The day's UTC range [from, to). */
  from: string;
  to: string;
  currency: string;
  lines: ClosingLine[];
  /** Paid from member cards that day (not money in the till): stored value and points. */
  fromCards: { method: string; amountMinor: number }[];
  closed: { at: string; by: UserRef | null; reason: string } | null;
}

/** POST /api/closings: what was counted per method (missing methods: as expected), and why any differs. */
export interface ClosingInput {
  day: string;
  counted: Partial<Record<string, number>>;
  reason?: string;
}

// Gifts for points (M2, seed 004): the gift list with stock, redeemed from a member card.

/** One gift of the studio's list. Retired gifts stay (redemptions name them) but cannot be redeemed. */
export interface Gift {
  id: number;
  name: string;
  /** Points one gift costs. */
  pointsPrice: number;
  /** Gifts on hand; never below zero. */
  stock: number;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /api/gifts. */
export interface GiftInput {
  name: string;
  pointsPrice: number;
  stock: number;
}

/** PATCH /api/gifts/:id: any of these; `active: false` retires the gift. */
export type GiftPatch = Partial<GiftInput> & { active?: boolean };

/** POST /api/member-cards/:id/gift-redemptions. Default qty 1. */
export interface GiftRedeemInput {
  giftId: number;
  qty?: number;
}

/** One line of a card's gift redemptions; a reversal has negative qty and points and names what it reverses. */
export interface GiftRedemption {
  id: number;
  giftId: number;
  giftName: string;
  cardId: number;
  qty: number;
  points: number;
  /** The points ledger line of this redemption (a deduct) or of its reversal. */
  pointsEntryId: number;
  reverses: number | null;
  reversedBy: number | null;
  reason: string;
  at: string;
  createdBy: UserRef | null;
}
