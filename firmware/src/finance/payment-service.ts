// The payments ledger (F1): deposits, final payments and arrears collected on an order, each a
// line that is never changed (the table's triggers refuse it). A mistake is undone by a
// reversal line. What an order has been paid is the sum of its lines, so the numbers on the
// order, the customer's card and the books can never disagree.
import { z } from 'zod';
import { CARD_METHODS, PAYMENT_METHODS, type OrderWithMoney as Order, type Payment, type PaymentInput, type PaymentMethod, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { MAX_TOTAL_MINOR } from '../orders/order-service.js';
import type { Clock } from '../util/clock.js';
import { formatMinor } from './money.js';

export const NOTE_MAX = 500;

/** The body of POST /api/orders/:id/payments. */
export const paymentBodySchema = z
  .object({
    // Safe integers only (z.number().int()); more than is due is refused by the service.
    amountMinor: z.number().int().positive().max(MAX_TOTAL_MINOR),
    method: z.enum(PAYMENT_METHODS),
    cardId: z.number().int().positive().optional(),
    note: z.string().trim().max(NOTE_MAX).optional(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine(cardGiven, { message: 'stored_value and points are paid from a member card: give cardId', path: ['cardId'] });

/** A card payment names its card; other methods have none. */
export function cardGiven(p: { method: PaymentMethod; cardId?: number | undefined }): boolean {
  return (CARD_METHODS as readonly string[]).includes(p.method) ? p.cardId !== undefined : p.cardId === undefined;
}

/**
 * What pays a card method (the till: stored value, points). Called inside the payment's
 * transaction, after its line is written: a refusal (no balance) undoes the line with it.
 */
export interface Tender {
  take(actor: UserRef, order: Order, paymentId: number, amountMinor: number, cardId: number): void;
  /** After the reversal line of such a payment: give the value back to the card. */
  undo(actor: UserRef, paymentId: number, reversalId: number): void;
}

/** The body of POST /api/payments/:id/reverse. */
export const reverseBodySchema = z.object({ reason: z.string().trim().min(1, 'required').max(NOTE_MAX) }).strict();

interface PaymentRow {
  id: number;
  order_id: number;
  order_no: string;
  customer_id: number;
  kind: Payment['kind'];
  amount_minor: number;
  currency: string;
  method: Payment['method'];
  reverses: number | null;
  reversed_by: number | null;
  note: string;
  at: string;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
}

// The name shown is the user's current one; the one kept on the line once the user is deleted.
const SELECT = `SELECT p.id, p.order_id, o.order_no, o.customer_id, p.kind, p.amount_minor, p.currency, p.method, p.reverses,
    r.id AS reversed_by, p.note, p.at, p.created_at, p.created_by, COALESCE(u.display_name, p.created_by_name) AS created_by_name
  FROM payments p JOIN orders o ON o.id = p.order_id
  LEFT JOIN payments r ON r.reverses = p.id
  LEFT JOIN users u ON u.id = p.created_by`;

export class PaymentService {
  private readonly sql;
  private readonly tenders = new Map<PaymentMethod, Tender>();
  /** Called inside the transaction after each payment line (the till's referral points). */
  private readonly appended: ((actor: UserRef, order: Order, paymentId: number) => void)[] = [];
  /** Says why no line may be dated at this instant (the day is closed), or null. */
  private dayGuard: (at: string) => ConflictError | null = () => null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    /** The order with what is paid and due on it (404 when unknown). */
    private readonly orderOf: (id: number) => Order,
  ) {
    this.sql = statementCache(db);
  }

  /** The till's closing: lines dated in a closed day are refused (F2). */
  setDayGuard(guard: (at: string) => ConflictError | null): void {
    this.dayGuard = guard;
  }

  /** Runs `fn` inside each payment's transaction, after its line and its tender: a throw undoes the payment. */
  afterAppend(fn: (actor: UserRef, order: Order, paymentId: number) => void): void {
    this.appended.push(fn);
  }

  /** Who pays a card method (the till registers stored value and points). */
  setTender(method: (typeof CARD_METHODS)[number], tender: Tender): void {
    this.tenders.set(method, tender);
  }

  /**
   * Net paid per order (payments less reversals); 0 for an order without lines. One query
   * whatever the number of ids: they go in as one JSON array, so there is one statement.
   */
  paidOf(orderIds: number[]): Map<number, number> {
    const out = new Map<number, number>(orderIds.map((id) => [id, 0]));
    if (!orderIds.length) return out;
    const rows = this.sql(
      'SELECT order_id, SUM(amount_minor) AS paid FROM payments WHERE order_id IN (SELECT value FROM json_each(?)) GROUP BY order_id',
    ).all(JSON.stringify(orderIds)) as { order_id: number; paid: number }[];
    for (const r of rows) out.set(r.order_id, r.paid);
    return out;
  }

  /**
   * Takes a payment on an order: at most what is due, never on a cancelled order. The check
   * and the insert are one IMMEDIATE transaction, so two screens taking the final payment at
   * once cannot both succeed.
   */
  take(actor: UserRef, orderId: number, raw: PaymentInput): Payment {
    const input = checked(paymentBodySchema, raw);
    const at = input.at ? new Date(input.at).toISOString() : this.clock().toISOString();
    const { id, customerId } = this.db
      .transaction(() => {
        const order = this.orderOf(orderId);
        return { id: this.append(actor, order, { ...input, at }, null), customerId: order.customer.id };
      })
      .immediate();
    // `paymentId` only for a payment taken (not a reversal): the receipt SMS follows it (care/auto-sms.ts).
    this.events.publish('payment.changed', { orderId, customerId, paymentId: id });
    return this.get(id);
  }

  /**
   * Appends one payment line to an order inside the caller's transaction (take, or a bill with
   * its payments): refused on a cancelled order and above what is due. Audited; the caller
   * publishes `payment.changed` after its commit.
   */
  append(
    actor: UserRef,
    order: Order,
    input: { amountMinor: number; method: PaymentMethod; cardId?: number | undefined; note?: string | undefined; at: string },
    billId: number | null,
  ): number {
    const tender = this.tenders.get(input.method);
    if ((CARD_METHODS as readonly string[]).includes(input.method) && (!tender || input.cardId === undefined)) {
      throw new ValidationError([{ path: 'cardId', message: `${input.method} is paid from a member card: give cardId` }]);
    }
    if (order.state === 'cancelled') throw new ConflictError(`order ${order.orderNo} is cancelled and takes no payments`, 'order_cancelled');
    const closed = this.dayGuard(input.at);
    if (closed) throw closed;
    const due = this.dueOf(order);
    if (input.amountMinor > due) {
      const amount = formatMinor(input.amountMinor, order.currency);
      throw new ConflictError(
        due === 0 ? `nothing is due on order ${order.orderNo}` : `${amount} is more than the ${formatMinor(due, order.currency)} due on order ${order.orderNo}`,
        'overpayment',
      );
    }
    const res = this.sql(
      `INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, bill_id, note, at, created_at, created_by, created_by_name)
       VALUES (?, 'payment', ?, ?, ?, NULL, ?, ?, ?, ?, ?, ?)`,
    ).run(order.id, input.amountMinor, order.currency, input.method, billId, input.note ?? '', input.at, this.clock().toISOString(), actor.id, actor.name);
    const id = Number(res.lastInsertRowid);
    this.audit.record(actor, {
      action: 'create',
      entity: 'payment',
      entityId: id,
      summary: `payment of ${formatMinor(input.amountMinor, order.currency)} (${input.method}) on order ${order.orderNo} for ${order.customer.customerNo} ${order.customer.name}`,
      detail: { orderId: order.id, orderNo: order.orderNo, amountMinor: input.amountMinor, currency: order.currency, method: input.method, cardId: input.cardId ?? null, note: input.note ?? '', at: input.at, dueBefore: due, billId },
    });
    if (tender) tender.take(actor, order, id, input.amountMinor, input.cardId!);
    for (const fn of this.appended) fn(actor, order, id);
    return id;
  }

  /** What is due on the order now, from the ledger (the order read earlier may predate lines of this transaction). */
  private dueOf(order: Order): number {
    const paid = this.paidOf([order.id]).get(order.id) ?? 0;
    return (this.sql('SELECT total_minor FROM orders WHERE id = ?').get(order.id) as { total_minor: number }).total_minor - paid;
  }

  /**
   * Undoes a payment with a reversal line (its negative, same method, the reason as its note).
   * Only a payment, and only once (the UNIQUE `reverses` column says so too). Returns the reversal.
   */
  reverse(actor: UserRef, paymentId: number, rawReason: string): Payment {
    const { reason } = checked(reverseBodySchema, { reason: rawReason });
    const { id, line } = this.db
      .transaction(() => {
        const line = this.get(paymentId);
        if (line.kind !== 'payment') throw new ConflictError(`line ${paymentId} is a reversal; only a payment can be reversed`, 'not_a_payment');
        if (line.reversedBy !== null) throw new ConflictError(`payment ${paymentId} was already reversed (line ${line.reversedBy})`, 'already_reversed');
        const now = this.clock().toISOString();
        const closed = this.dayGuard(now);
        if (closed) throw closed;
        const res = this.sql(
          `INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, note, at, created_at, created_by, created_by_name)
           VALUES (?, 'reversal', ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(line.orderId, -line.amountMinor, line.currency, line.method, line.id, reason, now, now, actor.id, actor.name);
        const id = Number(res.lastInsertRowid);
        this.audit.record(actor, {
          action: 'reverse',
          entity: 'payment',
          entityId: id,
          summary: `payment ${line.id} of ${formatMinor(line.amountMinor, line.currency)} on order ${line.orderNo} reversed: ${reason}`,
          detail: { reverses: line.id, orderId: line.orderId, orderNo: line.orderNo, amountMinor: -line.amountMinor, currency: line.currency, reason },
        });
        this.tenders.get(line.method)?.undo(actor, line.id, id);
        return { id, line };
      })
      .immediate();
    this.events.publish('payment.changed', { orderId: line.orderId, customerId: line.customerId });
    return this.get(id);
  }

  /** An order's lines, oldest first, each payment saying which reversal undid it. Unknown order: 404. */
  listForOrder(orderId: number): Payment[] {
    if (!this.sql('SELECT 1 FROM orders WHERE id = ?').get(orderId)) throw new NotFoundError(`order ${orderId}`);
    return (this.sql(`${SELECT} WHERE p.order_id = ? ORDER BY p.id`).all(orderId) as PaymentRow[]).map(toPayment);
  }

  /** A customer's lines over all their orders, newest first. Unknown customer: 404. */
  listForCustomer(customerId: number, limit: number): Payment[] {
    if (!this.sql('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new NotFoundError(`customer ${customerId}`);
    return (this.sql(`${SELECT} WHERE o.customer_id = ? ORDER BY p.at DESC, p.id DESC LIMIT ?`).all(customerId, limit) as PaymentRow[]).map(toPayment);
  }

  get(id: number): Payment {
    const r = this.sql(`${SELECT} WHERE p.id = ?`).get(id) as PaymentRow | undefined;
    if (!r) throw new NotFoundError(`payment ${id}`);
    return toPayment(r);
  }
}

function toPayment(r: PaymentRow): Payment {
  return {
    id: r.id,
    orderId: r.order_id,
    orderNo: r.order_no,
    customerId: r.customer_id,
    kind: r.kind,
    amountMinor: r.amount_minor,
    currency: r.currency,
    method: r.method,
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    note: r.note,
    at: r.at,
    createdAt: r.created_at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}

/** As the order service: the service checks its input itself, with the routes' 400. */
function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
}
