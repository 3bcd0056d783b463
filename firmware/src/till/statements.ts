// Statements (F2): reads a period's ledger lines (payments, the cash book, stored value top-ups,
// bills) and what came before it, in the studio's currency, and adds them up with the pure
// statementSums (statement-math.ts). The period is studio-local (day, month, quarter, year).
// Whole UTC days and the opening balances come from the per-day totals (ledger-days.ts).
import { MONEY_METHODS, type Statement, type StatementPeriod } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ValidationError } from '../errors.js';
import { parseIsoDate } from '../util/local-time.js';
import { dayLines, openingBefore, splitAtUtcDays, utcDayStart } from './ledger-days.js';
import { periodRange, statementSums, type BillLine, type CashBookLine, type PaymentLine, type StatementLines, type TopUpLine } from './statement-math.js';

const MONEY = `(${MONEY_METHODS.map((m) => `'${m}'`).join(', ')})`;
// A top-up reversal has no method of its own: it is the method of the top-up it undoes.
const TOPUPS = `SELECT COALESCE(s.method, o.method) AS method, s.amount_minor AS amountMinor FROM stored_value_entries s
  LEFT JOIN stored_value_entries o ON o.id = s.reverses
  WHERE s.at >= ? AND s.at < ? AND s.currency = ? AND (s.kind = 'topup' OR (s.kind = 'reversal' AND o.kind = 'topup'))`;
const OPENING = `SELECT method, SUM(a) AS amountMinor FROM (
    SELECT method, amount_minor AS a FROM payments WHERE at >= ? AND at < ? AND currency = ? AND method IN ${MONEY}
    UNION ALL SELECT COALESCE(s.method, o.method), s.amount_minor FROM stored_value_entries s LEFT JOIN stored_value_entries o ON o.id = s.reverses
      WHERE s.at >= ? AND s.at < ? AND s.currency = ? AND (s.kind = 'topup' OR (s.kind = 'reversal' AND o.kind = 'topup'))
    UNION ALL SELECT method, amount_minor FROM cash_entries WHERE at >= ? AND at < ? AND currency = ?
  ) GROUP BY method`;
// Orders not finished at the period's end (not finished now, or finished at or after it; less
// those inside a finished span then: delivered, reopened later, migration 029), and what each
// had been paid by then: its paid-so-far (orders.paid_minor, migration 025) less its lines dated
// at or after the end. Read order by order: every order (the oracle) or only the irregular ones
// (migration 035: their events came out of time order).
const PAID_BY = `o.paid_minor - COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.order_id = o.id AND p.at >= @to), 0)`;
const depositsSql = (orders: string) => `SELECT COUNT(*) AS orders, COALESCE(SUM(paid), 0) AS amountMinor FROM (
    SELECT o.id, ${PAID_BY} AS paid FROM ${orders} WHERE o.currency = @currency AND o.state NOT IN ('delivered', 'cancelled')
    UNION ALL
    SELECT o.id, ${PAID_BY} AS paid FROM ${orders} WHERE o.currency = @currency AND o.state IN ('delivered', 'cancelled') AND o.state_changed_at >= @to
  ) WHERE paid <> 0 AND id NOT IN (SELECT order_id FROM order_finished_spans WHERE to_at >= @to AND from_at < @to)`;
const DEPOSITS_ALL = depositsSql('orders o');
// Driven by the (few) irregular orders, not by all the orders of the currency.
const DEPOSITS_IRREGULAR = depositsSql('deposit_irregular d CROSS JOIN orders o ON o.id = d.order_id');
// The regular orders: the day totals before T's UTC day, then that day's change rows before T.
const DEPOSIT_DAYS = `SELECT COALESCE(SUM(orders), 0) AS orders, COALESCE(SUM(amount_minor), 0) AS amountMinor FROM deposit_days WHERE currency = @currency AND day < @day`;
const DEPOSIT_ROWS = `SELECT COALESCE(SUM(count_delta), 0) AS orders, COALESCE(SUM(amount_delta), 0) AS amountMinor FROM deposit_changes
  WHERE currency = @currency AND at >= @dayStart AND at < @to`;
type Held = StatementLines['deposits'];

// Per bucket (a JSON list of [key, from, to], reports/report-range.ts), what statementSums
// calls income (payments and the cash book's income lines) and expenses (the cash book's
// expense lines, positive): short periods that are not whole UTC days (a studio's days), where
// the day totals cannot help. firmware/test/reports checks it against the statements' sums.
const INCOME_EXPENSES_BY_BUCKET = `WITH b AS (SELECT value ->> 0 AS k, value ->> 1 AS s, value ->> 2 AS e, key AS n FROM json_each(@buckets))
  SELECT b.k,
    COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.at >= b.s AND p.at < b.e AND p.currency = @currency), 0)
      + COALESCE((SELECT SUM(e.amount_minor) FROM cash_entries e JOIN money_categories c ON c.id = e.category_id
                  WHERE e.at >= b.s AND e.at < b.e AND e.currency = @currency AND c.kind = 'income'), 0) AS income,
    COALESCE((SELECT -SUM(e.amount_minor) FROM cash_entries e JOIN money_categories c ON c.id = e.category_id
              WHERE e.at >= b.s AND e.at < b.e AND e.currency = @currency AND c.kind = 'expense'), 0) AS expenses
  FROM b ORDER BY b.n`;

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

  /**
   * The period's lines in the currency, and the flows before it: the whole UTC days from the
   * day totals (ledger-days.ts), the edges (the studio's midnights are rarely UTC's) line by line.
   */
  lines(from: string, to: string, currency: string): StatementLines {
    const dayStart = utcDayStart(from);
    const opening = [...openingBefore(this.sql, dayStart.slice(0, 10), currency), ...this.rawOpening(dayStart, from, currency)];
    return { ...this.flows(from, to, currency), opening, deposits: this.deposits(to, currency) };
  }

  /**
   * The period's own lines (payments, cash book, top-ups, bills) without what came before it or
   * the deposits held at its end: the income and expenses report's months and days.
   */
  flows(from: string, to: string, currency: string): Omit<StatementLines, 'opening' | 'deposits'> {
    const { raw, days } = splitAtUtcDays(from, to);
    const parts = raw.map(([a, b]) => this.rawLines(a, b, currency));
    if (days) parts.push(dayLines(this.sql, days[0], days[1], currency));
    return { payments: parts.flatMap((p) => p.payments), cashBook: parts.flatMap((p) => p.cashBook), topUps: parts.flatMap((p) => p.topUps), bills: parts.flatMap((p) => p.bills) };
  }

  /** Income and expenses (statementSums' incomeMinor, expensesMinor) per bucket, one query: `buckets` is a JSON list of [key, from, to]. */
  incomeExpensesByBucket(buckets: string, currency: string): { k: string; income: number; expenses: number }[] {
    return this.sql(INCOME_EXPENSES_BY_BUCKET).all({ buckets, currency }) as { k: string; income: number; expenses: number }[];
  }

  /** The same lines read from the ledgers alone, line by line (the day totals' oracle in tests). */
  linesFromLedgers(from: string, to: string, currency: string): StatementLines {
    return { ...this.rawLines(from, to, currency), opening: this.rawOpening('', from, currency), deposits: this.depositsFromLedgers(to, currency) };
  }

  /** The orders not finished at `to` holding money paid by then, and how much (deposits held): change rows and day totals (migration 035). */
  deposits(to: string, currency: string): Held {
    const dayStart = utcDayStart(to);
    const parts = [
      this.sql(DEPOSIT_DAYS).get({ currency, day: dayStart.slice(0, 10) }),
      this.sql(DEPOSIT_ROWS).get({ currency, dayStart, to }),
      this.sql(DEPOSITS_IRREGULAR).get({ currency, to }),
    ] as Held[];
    return { orders: parts.reduce((a, x) => a + x.orders, 0), amountMinor: parts.reduce((a, x) => a + x.amountMinor, 0) };
  }

  /** The same, order by order from the orders and payments alone (the oracle in tests and the bench). */
  depositsFromLedgers(to: string, currency: string): Held {
    return this.sql(DEPOSITS_ALL).get({ to, currency }) as Held;
  }

  /** Per money method, every flow (payments, top-ups, cash book) in [from, to). */
  private rawOpening(from: string, to: string, currency: string): { method: string; amountMinor: number }[] {
    return this.sql(OPENING).all(from, to, currency, from, to, currency, from, to, currency) as { method: string; amountMinor: number }[];
  }

  /** The ledger lines of [from, to) in the currency, one by one. */
  private rawLines(from: string, to: string, currency: string): Omit<StatementLines, 'opening' | 'deposits'> {
    const payments = this.sql('SELECT method, amount_minor AS amountMinor FROM payments WHERE at >= ? AND at < ? AND currency = ?').all(from, to, currency) as PaymentLine[];
    const cashBook = this.sql(
      `SELECT e.category_id AS categoryId, c.name AS categoryName, c.kind AS categoryKind, e.method, e.amount_minor AS amountMinor
       FROM cash_entries e JOIN money_categories c ON c.id = e.category_id WHERE e.at >= ? AND e.at < ? AND e.currency = ?`,
    ).all(from, to, currency) as CashBookLine[];
    const topUps = this.sql(TOPUPS).all(from, to, currency) as TopUpLine[];
    const bills = (
      this.sql(
        `SELECT b.created_by AS id, COALESCE(u.display_name, b.created_by_name) AS name, b.gross_minor AS grossMinor, b.discount_minor AS discountMinor
         FROM bills b LEFT JOIN users u ON u.id = b.created_by WHERE b.created_at >= ? AND b.created_at < ? AND b.currency = ?`,
      ).all(from, to, currency) as { id: number | null; name: string | null; grossMinor: number; discountMinor: number }[]
    ).map((b): BillLine => ({ user: userRef(b.id, b.name), grossMinor: b.grossMinor, discountMinor: b.discountMinor }));
    return { payments, cashBook, topUps, bills };
  }
}
