// The arrears list (F1): every order not cancelled with money still owed, oldest debt first,
// with its customer and what is due. What is owed is the order's total less the sum of its
// payments ledger (payments less reversals), so it can never disagree with the order.
import type { Arrears, ArrearsRow } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';

interface Row {
  id: number;
  order_no: string;
  title: string;
  customer_id: number;
  customer_no: string;
  name: string;
  phone: string | null;
  total_minor: number;
  paid: number;
  currency: string;
  created_at: string;
  last_at: string | null;
}

// Paid per order from payments_order (order_id, id); an order with no lines owes its total.
const UNPAID = `SELECT o.id, o.order_no, o.title, o.customer_id, c.customer_no, c.name, o.total_minor, o.currency, o.created_at,
    COALESCE(p.paid, 0) AS paid, p.last_at,
    (SELECT e164 FROM customer_phones ph WHERE ph.customer_id = c.id ORDER BY ph.position LIMIT 1) AS phone
  FROM orders o
  JOIN customers c ON c.id = o.customer_id
  LEFT JOIN (SELECT order_id, SUM(amount_minor) AS paid, MAX(at) AS last_at FROM payments GROUP BY order_id) p ON p.order_id = o.id
  WHERE o.state <> 'cancelled' AND o.total_minor > COALESCE(p.paid, 0)`;

export const ARREARS_PAGE_MAX = 500;

export class ArrearsList {
  private readonly sql;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  list(limit: number): Arrears {
    const rows = this.sql(`${UNPAID} ORDER BY o.created_at, o.id LIMIT ?`).all(limit + 1) as Row[];
    const sums = this.sql(`SELECT currency, SUM(total_minor - paid) AS owed FROM (${UNPAID}) GROUP BY currency ORDER BY currency`).all() as {
      currency: string;
      owed: number;
    }[];
    const customers = (this.sql(`SELECT COUNT(DISTINCT customer_id) AS n FROM (${UNPAID})`).get() as { n: number }).n;
    return {
      rows: rows.slice(0, limit).map(toRow),
      more: rows.length > limit,
      totals: sums.map((s) => ({ amountMinor: s.owed, currency: s.currency })),
      customers,
    };
  }
}

function toRow(r: Row): ArrearsRow {
  return {
    orderId: r.id,
    orderNo: r.order_no,
    orderTitle: r.title,
    customer: { id: r.customer_id, customerNo: r.customer_no, name: r.name },
    phone: r.phone,
    totalMinor: r.total_minor,
    paidMinor: r.paid,
    dueMinor: r.total_minor - r.paid,
    currency: r.currency,
    orderedAt: r.created_at,
    lastPaymentAt: r.last_at,
  };
}
