// Bills (F1): an order priced from the price list, with discounts within the user's limit and
// the payments taken with it (a deposit now, the rest later through the payments ledger).
// The bill, its lines, the order's new total, the payment lines and their audit lines are one
// IMMEDIATE transaction: all land or none. The arithmetic is bill-math.ts (pure, shared with
// the UI); a bill is never changed afterwards (the bills migration's triggers).
import type { Bill, BillInput, BillLine, OrderWithMoney as Order, PriceItem, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import type { PaymentService } from '../finance/payment-service.js';
import { check } from '../membership/membership-schemas.js';
import type { Clock } from '../util/clock.js';
import { billSums, dueAfter, type BillProblem, type LineIn } from './bill-math.js';
import { billBodySchema, discountOf } from './bill-schemas.js';

export interface BillDeps {
  /** The order with what is paid and due (404 when unknown). */
  orderOf(id: number): Order;
  /** A price list item (404 when unknown). */
  itemOf(id: number): PriceItem;
  /** The user's discount limit now, percent of the gross. */
  discountLimitOf(userId: number): number;
  payments: PaymentService;
  /** Earns the bill's points on the customer's card (inside the bill's transaction). */
  earnForBill(actor: UserRef, order: Order, billId: number, amountMinor: number): void;
}

interface BillRow {
  id: number;
  order_id: number;
  order_no: string;
  order_title: string;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  gross_minor: number;
  discount_minor: number;
  bill_discount_minor: number;
  total_minor: number;
  currency: string;
  discount_limit_pct: number;
  note: string;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
}

interface LineRow {
  position: number;
  price_item_id: number;
  kind: BillLine['kind'];
  name: string;
  unit_price_minor: number;
  qty: number;
  extra_photos: number;
  extra_photo_minor: number;
  gross_minor: number;
  line_discount_minor: number;
  bill_discount_minor: number;
  net_minor: number;
}

const SELECT = `SELECT b.*, o.order_no, o.title AS order_title, o.customer_id, c.customer_no, c.name AS customer_name,
    COALESCE(u.display_name, b.created_by_name) AS created_by_name
  FROM bills b JOIN orders o ON o.id = b.order_id JOIN customers c ON c.id = o.customer_id LEFT JOIN users u ON u.id = b.created_by`;

export class BillService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly deps: BillDeps,
  ) {
    this.sql = statementCache(db);
  }

  /** Bills an order (once). See BillInput for what is refused and how. */
  create(actor: UserRef, orderId: number, raw: BillInput): Bill {
    const input = check(billBodySchema, raw);
    const customerId = this.db
      .transaction(() => {
        const order = this.deps.orderOf(orderId);
        if (order.state === 'cancelled') throw new ConflictError(`order ${order.orderNo} is cancelled; reopen it before billing`, 'order_cancelled');
        if (this.sql('SELECT 1 FROM bills WHERE order_id = ?').get(orderId)) throw new ConflictError(`order ${order.orderNo} already has its bill`, 'already_billed');
        const items = input.lines.map((l, i) => this.sellable(l.priceItemId, i, order.currency));
        const lines: LineIn[] = input.lines.map((l, i) => ({
          unitPriceMinor: items[i]!.priceMinor,
          qty: l.qty,
          extraPhotos: l.extraPhotos,
          extraPhotoMinor: items[i]!.extraPhotoMinor,
          discount: discountOf(l.discountMinor, l.discountBp),
        }));
        const limit = this.deps.discountLimitOf(actor.id);
        const r = billSums(lines, discountOf(input.billDiscountMinor, input.billDiscountBp), limit);
        if (!r.ok) throw refusal(r.problem, order.currency);
        const s = r.sums;
        if (s.totalMinor < order.paidMinor) {
          throw new ConflictError(
            `the bill's ${formatMinor(s.totalMinor, order.currency)} is less than the ${formatMinor(order.paidMinor, order.currency)} already paid on order ${order.orderNo} (reverse a payment first)`,
            'total_below_paid',
          );
        }
        if (dueAfter(s.totalMinor - order.paidMinor, input.payments) === null) {
          const paying = input.payments.reduce((a, p) => a + p.amountMinor, 0);
          throw new ConflictError(
            `${formatMinor(paying, order.currency)} is more than the ${formatMinor(s.totalMinor - order.paidMinor, order.currency)} due on the bill`,
            'overpayment',
          );
        }
        const now = this.clock().toISOString();
        const billId = Number(
          this.sql(
            `INSERT INTO bills (order_id, gross_minor, discount_minor, bill_discount_minor, total_minor, currency, discount_limit_pct, note, created_at, created_by, created_by_name)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(orderId, s.grossMinor, s.discountMinor, s.billDiscountMinor, s.totalMinor, order.currency, limit, input.note, now, actor.id, actor.name).lastInsertRowid,
        );
        const addLine = this.sql(
          `INSERT INTO bill_lines (bill_id, position, price_item_id, kind, name, unit_price_minor, qty, extra_photos, extra_photo_minor,
             gross_minor, line_discount_minor, bill_discount_minor, net_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        );
        s.lines.forEach((l, i) => {
          const item = items[i]!;
          const extraMinor = item.extraPhotoMinor ?? 0;
          addLine.run(billId, i + 1, item.id, item.kind, item.name, item.priceMinor, lines[i]!.qty, lines[i]!.extraPhotos, extraMinor, l.grossMinor, l.lineDiscountMinor, l.billDiscountMinor, l.netMinor);
        });
        this.sql('UPDATE orders SET total_minor = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(s.totalMinor, now, actor.id, orderId);
        this.audit.record(actor, {
          action: 'create',
          entity: 'bill',
          entityId: billId,
          summary: `bill for order ${order.orderNo} (${order.customer.customerNo} ${order.customer.name}): ${formatMinor(s.totalMinor, order.currency)}` +
            (s.discountMinor ? `, ${formatMinor(s.discountMinor, order.currency)} off (limit ${limit}%)` : ''),
          detail: { orderId, orderNo: order.orderNo, input, sums: s, totalBefore: order.totalMinor, discountLimitPct: limit },
        });
        const billed = { ...order, totalMinor: s.totalMinor };
        for (const p of input.payments) this.deps.payments.append(actor, billed, { amountMinor: p.amountMinor, method: p.method, cardId: p.cardId, note: '', at: now }, billId);
        // Points are earned on what the bill costs, less what points themselves paid.
        const byPoints = input.payments.filter((p) => p.method === 'points').reduce((a, p) => a + p.amountMinor, 0);
        this.deps.earnForBill(actor, billed, billId, s.totalMinor - byPoints);
        return order.customer.id;
      })
      .immediate();
    this.events.publish('order.changed', { id: orderId, customerId });
    this.events.publish('payment.changed', { orderId, customerId });
    return this.forOrder(orderId);
  }

  /** The order's bill with every ledger line of the order. No bill: 404. */
  forOrder(orderId: number): Bill {
    const r = this.sql(`${SELECT} WHERE b.order_id = ?`).get(orderId) as BillRow | undefined;
    if (!r) throw new NotFoundError(`bill of order ${orderId}`);
    const lines = this.sql('SELECT * FROM bill_lines WHERE bill_id = ? ORDER BY position').all(r.id) as LineRow[];
    const payments = this.deps.payments.listForOrder(orderId);
    const order = this.deps.orderOf(orderId);
    return {
      id: r.id,
      orderId: r.order_id,
      orderNo: r.order_no,
      orderTitle: r.order_title,
      customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
      lines: lines.map(toLine),
      grossMinor: r.gross_minor,
      discountMinor: r.discount_minor,
      billDiscountMinor: r.bill_discount_minor,
      totalMinor: r.total_minor,
      currency: r.currency,
      discountLimitPct: r.discount_limit_pct,
      note: r.note,
      createdAt: r.created_at,
      createdBy: userRef(r.created_by, r.created_by_name),
      payments,
      paidMinor: order.paidMinor,
      dueMinor: order.dueMinor,
    };
  }

  /** Whether the order has its bill (its total is then the bill's). */
  isBilled(orderId: number): boolean {
    return this.sql('SELECT 1 FROM bills WHERE order_id = ?').get(orderId) !== undefined;
  }

  /** A price item that may be sold on this order: known, active, in the order's currency. */
  private sellable(id: number, line: number, currency: string): PriceItem {
    let item: PriceItem;
    try {
      item = this.deps.itemOf(id);
    } catch (err) {
      if (err instanceof NotFoundError) throw new ValidationError([{ path: `lines.${line}.priceItemId`, message: `no price item ${id}` }]);
      throw err;
    }
    if (!item.active) throw new ConflictError(`${item.name} is retired from the price list and no longer sold`, 'item_retired');
    if (item.currency !== currency) throw new ConflictError(`${item.name} is priced in ${item.currency}, the order in ${currency}`, 'currency_mismatch');
    return item;
  }
}

/** A problem of the arithmetic as the API's error: over the limit is 403, the rest is bad input. */
function refusal(p: BillProblem, currency: string): AppError {
  switch (p.code) {
    case 'over_discount':
      return new AppError(
        403,
        'over_discount',
        `a discount of ${formatMinor(p.discountMinor, currency)} is more than your limit allows (${p.limitPct}% of the bill: ${formatMinor(p.allowedDiscountMinor, currency)})`,
      );
    case 'extra_photos_not_sold':
      return new ValidationError([{ path: `lines.${p.line}.extraPhotos`, message: 'this item sells no extra photos' }]);
    case 'line_discount_too_big':
      return new ValidationError([{ path: `lines.${p.line}.discountMinor`, message: `more than the line's ${formatMinor(p.grossMinor, currency)}` }]);
    case 'bill_discount_too_big':
      return new ValidationError([{ path: 'billDiscountMinor', message: `more than the ${formatMinor(p.afterLinesMinor, currency)} left after the line discounts` }]);
    case 'too_large':
      return new ValidationError([{ path: 'lines', message: `${p.what} is too large` }]);
  }
}

function toLine(r: LineRow): BillLine {
  return {
    position: r.position,
    priceItemId: r.price_item_id,
    kind: r.kind,
    name: r.name,
    unitPriceMinor: r.unit_price_minor,
    qty: r.qty,
    extraPhotos: r.extra_photos,
    extraPhotoMinor: r.extra_photo_minor,
    grossMinor: r.gross_minor,
    lineDiscountMinor: r.line_discount_minor,
    billDiscountMinor: r.bill_discount_minor,
    netMinor: r.net_minor,
  };
}
