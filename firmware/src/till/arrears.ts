// The arrears list (F1): every order not cancelled with money still owed, oldest debt first,
// with its customer and what is due. What is owed is the order's total less the sum of its
// payments ledger (payments less reversals), kept on the order by a trigger.
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
  reminded_at: string | null;
  reminder_state: string | null;
}

// Paid so far is kept on the order by a payments trigger (migration 025, orders.paid_minor,
// always the sum of its ledger); the partial index orders_owing holds the orders that owe,
// oldest first. An order with no lines owes its total. The arrears report (reports/) reads it too.
export const UNPAID = `SELECT o.id, o.customer_id, o.total_minor, o.currency, o.created_at, o.paid_minor AS paid
  FROM orders o WHERE o.state <> 'cancelled' AND o.total_minor > o.paid_minor`;
const PAGE = `SELECT u.id, o.order_no, o.title, u.customer_id, c.customer_no, c.name, u.total_minor, u.currency, u.created_at, u.paid,
    (SELECT MAX(p.at) FROM payments p WHERE p.order_id = u.id) AS last_at,
    r.created_at AS reminded_at, r.state AS reminder_state,
    (SELECT e164 FROM customer_phones ph WHERE ph.customer_id = c.id ORDER BY ph.position LIMIT 1) AS phone
  FROM (${UNPAID} ORDER BY created_at, id LIMIT ?) u
  JOIN orders o ON o.id = u.id JOIN customers c ON c.id = u.customer_id
  LEFT JOIN sms_outbox r ON r.id = (SELECT m.id FROM sms_outbox m WHERE m.idempotency_key >= 'auto:balance_due:' || u.id || ':'
    AND m.idempotency_key < 'auto:balance_due:' || u.id || ';' ORDER BY m.idempotency_key DESC LIMIT 1)
  ORDER BY u.created_at, u.id`;

export const ARREARS_PAGE_MAX = 500;

export class ArrearsList {
  private readonly sql;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  list(limit: number): Arrears {
    const rows = this.sql(PAGE).all(limit + 1) as Row[];
    // One pass for the totals and the count (a customer owing in two currencies counts twice;
    // a studio has one).
    const sums = this.sql(`SELECT currency, SUM(total_minor - paid) AS owed, COUNT(DISTINCT customer_id) AS customers FROM (${UNPAID}) GROUP BY currency ORDER BY currency`).all() as {
      currency: string;
      owed: number;
      customers: number;
    }[];
    const customers = sums.reduce((a, x) => a + x.customers, 0);
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
    lastReminder: r.reminded_at === null ? null : { at: r.reminded_at, state: r.reminder_state ?? '' },
  };
}
