// Statements (F2): reads a period's ledger lines (payments, the cash book, stored value top-ups,
// bills) and what came before it, in the studio's currency, and adds them up with the pure
// statementSums (statement-math.ts). The period is studio-local (day, month, quarter, year).
import { MONEY_METHODS, type Statement, type StatementPeriod } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ValidationError } from '../errors.js';
import { parseIsoDate } from '../util/local-time.js';
import { periodRange, statementSums, type BillLine, type CashBookLine, type PaymentLine, type StatementLines, type TopUpLine } from './statement-math.js';

const MONEY = `(${MONEY_METHODS.map((m) => `'${m}'`).join(', ')})`;
// A top-up reversal has no method of its own: it is the method of the top-up it undoes.
const TOPUPS = `SELECT COALESCE(s.method, o.method) AS method, s.amount_minor AS amountMinor FROM stored_value_entries s
  LEFT JOIN stored_value_entries o ON o.id = s.reverses
  WHERE s.at >= ? AND s.at < ? AND s.currency = ? AND (s.kind = 'topup' OR (s.kind = 'reversal' AND o.kind = 'topup'))`;
const OPENING = `SELECT method, SUM(a) AS amountMinor FROM (
    SELECT method, amount_minor AS a FROM payments WHERE at < ? AND currency = ? AND method IN ${MONEY}
    UNION ALL SELECT COALESCE(s.method, o.method), s.amount_minor FROM stored_value_entries s LEFT JOIN stored_value_entries o ON o.id = s.reverses
      WHERE s.at < ? AND s.currency = ? AND (s.kind = 'topup' OR (s.kind = 'reversal' AND o.kind = 'topup'))
    UNION ALL SELECT method, amount_minor FROM cash_entries WHERE at < ? AND currency = ?
  ) GROUP BY method`;
// Orders not finished at the period's end (not delivered or cancelled before it: an order's
// state is known now, with when it last changed), and what each had been paid by then: its
// paid-so-far (orders.paid_minor, migration 025) less its lines dated after the end, which are
// few for a recent period, so no order's ledger is summed line by line.
const DEPOSITS = `SELECT o.paid_minor - COALESCE(l.s, 0) AS paid FROM orders o
    LEFT JOIN (SELECT order_id, SUM(amount_minor) AS s FROM payments WHERE at >= ? GROUP BY order_id) l ON l.order_id = o.id
    WHERE o.currency = ? AND NOT (o.state IN ('delivered', 'cancelled') AND o.state_changed_at < ?) AND o.paid_minor - COALESCE(l.s, 0) <> 0`;

export class Statements {
  private readonly sql;

  constructor(
    db: Db,
    private readonly studio: () => { currency: string; timeZone: string },
  ) {
    this.sql = statementCache(db);
  }

  /** The statement of the period holding `date` (YYYY-MM-DD, studio-local). */
  of(period: StatementPeriod, date: string): Statement {
    const d = parseIsoDate(date);
    if (!d) throw new ValidationError([{ path: 'date', message: 'a date, YYYY-MM-DD' }]);
    const { currency, timeZone } = this.studio();
    const range = periodRange(period, d, timeZone);
    return { period, ...range, currency, ...statementSums(this.lines(range.from, range.to, currency)) };
  }

  /** The ledger lines of [from, to) in the currency, and the flows before it. */
  lines(from: string, to: string, currency: string): StatementLines {
    const payments = this.sql('SELECT method, amount_minor AS amountMinor FROM payments WHERE at >= ? AND at < ? AND currency = ?').all(from, to, currency) as PaymentLine[];
    const cashBook = this.sql(
      `SELECT e.category_id AS categoryId, c.name AS categoryName, c.kind AS categoryKind, e.method, e.amount_minor AS amountMinor
       FROM cash_entries e JOIN money_categories c ON c.id = e.category_id WHERE e.at >= ? AND e.at < ? AND e.currency = ?`,
    ).all(from, to, currency) as CashBookLine[];
    const topUps = this.sql(TOPUPS).all(from, to, currency) as TopUpLine[];
    const opening = this.sql(OPENING).all(from, currency, from, currency, from, currency) as { method: string; amountMinor: number }[];
    const bills = (
      this.sql(
        `SELECT b.created_by AS id, COALESCE(u.display_name, b.created_by_name) AS name, b.gross_minor AS grossMinor, b.discount_minor AS discountMinor
         FROM bills b LEFT JOIN users u ON u.id = b.created_by WHERE b.created_at >= ? AND b.created_at < ? AND b.currency = ?`,
      ).all(from, to, currency) as { id: number | null; name: string | null; grossMinor: number; discountMinor: number }[]
    ).map((b): BillLine => ({ user: userRef(b.id, b.name), grossMinor: b.grossMinor, discountMinor: b.discountMinor }));
    const deposits = (this.sql(DEPOSITS).all(to, currency, to) as { paid: number }[]).map((r) => r.paid);
    return { payments, cashBook, topUps, opening, bills, deposits };
  }
}
