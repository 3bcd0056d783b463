// The per-UTC-day running totals of the ledgers (migration 029, `ledger_days`): what a
// statement reads for the whole UTC days of its period and for everything before it, as lines
// statementSums adds up like ledger lines (a day's positive and negative sums are two lines).
// Rebuildable from the ledgers; firmware/test/till/ledger-days.test.ts checks the two agree.
import { MONEY_METHODS } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { LEDGER_DAYS_BACKFILL } from '../db/migrations/029-ledger-days.js';
import { userRef } from '../db/record-meta.js';
import type { Statement } from 'better-sqlite3';
import type { BillLine, CashBookLine, PaymentLine, StatementLines, TopUpLine } from './statement-math.js';

const MONEY = `(${MONEY_METHODS.map((m) => `'${m}'`).join(', ')})`;
const DAY_MS = 86_400_000;

/** Rebuilds the day totals from the ledgers, in one transaction. */
export function rebuildLedgerDays(db: Db): void {
  db.transaction(() => db.exec(`DELETE FROM ledger_days; ${LEDGER_DAYS_BACKFILL}`)).immediate();
}

/**
 * [from, to) split at UTC midnights: the whole days in it (`days`, [first, next) as
 * YYYY-MM-DD) and the parts before and after them, read line by line. No whole day: all raw.
 */
export function splitAtUtcDays(from: string, to: string): { raw: [string, string][]; days: [string, string] | null } {
  const f = Date.parse(from);
  const t = Date.parse(to);
  const first = Math.ceil(f / DAY_MS) * DAY_MS;
  const next = Math.floor(t / DAY_MS) * DAY_MS;
  if (first >= next) return { raw: [[from, to]], days: null };
  const iso = (ms: number) => new Date(ms).toISOString();
  const raw: [string, string][] = [];
  if (f < first) raw.push([from, iso(first)]);
  if (next < t) raw.push([iso(next), to]);
  return { raw, days: [iso(first).slice(0, 10), iso(next).slice(0, 10)] };
}

/** The UTC midnight at or before `at` (ISO). */
export function utcDayStart(at: string): string {
  return new Date(Math.floor(Date.parse(at) / DAY_MS) * DAY_MS).toISOString();
}

type Lines = Omit<StatementLines, 'opening' | 'deposits'>;

const twoLines = (rows: { method: string; i: number; o: number }[]): { method: string; amountMinor: number }[] =>
  rows.flatMap((r) => (r.o === 0 ? [{ method: r.method, amountMinor: r.i }] : [{ method: r.method, amountMinor: r.i }, { method: r.method, amountMinor: r.o }]));

/** The lines of the whole UTC days [first, next) in the currency, summed per day key. */
export function dayLines(sql: (text: string) => Statement, first: string, next: string, currency: string): Lines {
  const range = 'currency = ? AND day >= ? AND day < ?';
  const sums = 'SUM(in_minor) AS i, SUM(out_minor) AS o';
  const payments: PaymentLine[] = twoLines(sql(`SELECT method, ${sums} FROM ledger_days WHERE source = 'payment' AND ${range} GROUP BY method`).all(currency, first, next) as never);
  const topUps: TopUpLine[] = twoLines(sql(`SELECT method, ${sums} FROM ledger_days WHERE source = 'topup' AND ${range} GROUP BY method`).all(currency, first, next) as never);
  const book = sql(
    `SELECT d.category_id AS categoryId, c.name AS categoryName, c.kind AS categoryKind, d.method, SUM(d.in_minor) AS i, SUM(d.out_minor) AS o
     FROM ledger_days d JOIN money_categories c ON c.id = d.category_id
     WHERE d.source = 'cash_book' AND d.currency = ? AND d.day >= ? AND d.day < ? GROUP BY d.category_id, d.method`,
  ).all(currency, first, next) as (Omit<CashBookLine, 'amountMinor'> & { i: number; o: number })[];
  const cashBook: CashBookLine[] = book.flatMap(({ i, o, ...c }) => (o === 0 ? [{ ...c, amountMinor: i }] : [{ ...c, amountMinor: i }, { ...c, amountMinor: o }]));
  const bills = (
    sql(
      `SELECT d.user_id AS id, COALESCE(u.display_name, NULLIF(d.user_name, '')) AS name, SUM(d.lines) AS n, SUM(d.gross_minor) AS g, SUM(d.discount_minor) AS dis
       FROM ledger_days d LEFT JOIN users u ON u.id = d.user_id
       WHERE d.source = 'bill' AND d.currency = ? AND d.day >= ? AND d.day < ? GROUP BY d.user_id, d.user_name`,
    ).all(currency, first, next) as { id: number; name: string | null; n: number; g: number; dis: number }[]
  ).map((b): BillLine => ({ user: userRef(b.id === 0 ? null : b.id, b.name), grossMinor: b.g, discountMinor: b.dis, count: b.n }));
  return { payments, cashBook, topUps, bills };
}

/** Per money method, every flow (payments, top-ups, cash book) of the UTC days before `day`. */
export function openingBefore(sql: (text: string) => Statement, day: string, currency: string): { method: string; amountMinor: number }[] {
  return sql(
    `SELECT method, SUM(in_minor + out_minor) AS amountMinor FROM ledger_days
     WHERE source IN ('payment', 'topup', 'cash_book') AND currency = ? AND day < ? AND method IN ${MONEY} GROUP BY method`,
  ).all(currency, day) as { method: string; amountMinor: number }[];
}
