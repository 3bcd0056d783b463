// Statements (F2), the pure part: a period's UTC range in the studio's zone, and the
// aggregation of a period's ledger lines into income by category and method, expenses by
// category, net, cash flow per money method, deposits held and discounts by user. No I/O: the
// box reads the lines (statements.ts), these add them up; tested against hand-computed values
// and by fast-check (firmware/test/till/statement-math.test.ts).
import { MONEY_METHODS, type CashFlowLine, type DiscountsByUser, type StatementExpense, type StatementIncome, type StatementPeriod, type UserRef } from '../api-types.js';
import { addDays, atLocalTime, formatIsoDate, type LocalDate } from '../util/local-time.js';

/** The first day of the period holding `date`, and the first day after it. */
export function periodDays(period: StatementPeriod, date: LocalDate): { first: LocalDate; next: LocalDate } {
  const { year, month } = date;
  switch (period) {
    case 'day':
      return { first: date, next: addDays(date, 1) };
    case 'month':
      return { first: { year, month, day: 1 }, next: month === 12 ? { year: year + 1, month: 1, day: 1 } : { year, month: month + 1, day: 1 } };
    case 'quarter': {
      const q = Math.floor((month - 1) / 3) * 3 + 1;
      return { first: { year, month: q, day: 1 }, next: q === 10 ? { year: year + 1, month: 1, day: 1 } : { year, month: q + 3, day: 1 } };
    }
    case 'year':
      return { first: { year, month: 1, day: 1 }, next: { year: year + 1, month: 1, day: 1 } };
  }
}

/** The period's days and its UTC range [from, to) in the zone (local midnights, DST-exact). */
export function periodRange(period: StatementPeriod, date: LocalDate, timeZone: string): { firstDay: string; lastDay: string; from: string; to: string } {
  const { first, next } = periodDays(period, date);
  return {
    firstDay: formatIsoDate(first),
    lastDay: formatIsoDate(addDays(next, -1)),
    from: atLocalTime(first, 0, 0, timeZone).toISOString(),
    to: atLocalTime(next, 0, 0, timeZone).toISOString(),
  };
}

/** A payments ledger line in the period (payment > 0, reversal < 0). */
export interface PaymentLine {
  method: string;
  amountMinor: number;
}

/** A cash book line in the period, signed (income > 0, expense < 0, reversals opposite). */
export interface CashBookLine {
  categoryId: number;
  categoryName: string;
  categoryKind: 'income' | 'expense';
  method: string;
  amountMinor: number;
}

/** A stored value top-up (> 0) or its reversal (< 0) in the period, by the method paid. */
export interface TopUpLine {
  method: string;
  amountMinor: number;
}

/** A bill made in the period. */
export interface BillLine {
  user: UserRef | null;
  grossMinor: number;
  discountMinor: number;
  /** How many bills this line sums (a day's total); 1 when absent. */
  count?: number;
}

export interface StatementLines {
  payments: PaymentLine[];
  cashBook: CashBookLine[];
  topUps: TopUpLine[];
  /** Per money method, every flow (payments, top-ups, cash book) dated before the period. */
  opening: { method: string; amountMinor: number }[];
  bills: BillLine[];
  /** The orders not finished at the period's end that held money then, and how much (statements.ts). */
  deposits: { orders: number; amountMinor: number };
}

export interface StatementSums {
  income: StatementIncome[];
  incomeMinor: number;
  expenses: StatementExpense[];
  expensesMinor: number;
  netMinor: number;
  cashFlow: CashFlowLine[];
  depositsHeld: { orders: number; amountMinor: number };
  discounts: DiscountsByUser[];
}

/** Orders' income is listed under this (categoryId null) before the cash book's categories. */
export const ORDERS_CATEGORY = 'orders';

const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
/** By code point: the same order whatever the machine's locale. */
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function statementSums(l: StatementLines): StatementSums {
  // Income: orders per method (the payments ledger's order of methods), then each income
  // category per method, by name. Lines that net to zero are kept (a payment and its reversal
  // in the period): they show the method was used.
  const incomeMap = new Map<string, StatementIncome>();
  const addIncome = (categoryId: number | null, categoryName: string, method: string, amount: number) => {
    const key = `${categoryId}|${method}`;
    const row = incomeMap.get(key) ?? { categoryId, categoryName, method, amountMinor: 0 };
    row.amountMinor += amount;
    incomeMap.set(key, row);
  };
  for (const p of l.payments) addIncome(null, ORDERS_CATEGORY, p.method, p.amountMinor);
  const expenseMap = new Map<number, StatementExpense>();
  for (const c of l.cashBook) {
    if (c.categoryKind === 'income') addIncome(c.categoryId, c.categoryName, c.method, c.amountMinor);
    else {
      const row = expenseMap.get(c.categoryId) ?? { categoryId: c.categoryId, categoryName: c.categoryName, amountMinor: 0 };
      row.amountMinor -= c.amountMinor;
      expenseMap.set(c.categoryId, row);
    }
  }
  const methodOrder = (m: string) => {
    const i = (['cash', 'card', 'wechat', 'alipay', 'bank', 'other', 'stored_value', 'points'] as string[]).indexOf(m);
    return i < 0 ? 99 : i;
  };
  const income = [...incomeMap.values()].sort(
    (a, b) => Number(a.categoryId !== null) - Number(b.categoryId !== null) || cmp(a.categoryName, b.categoryName) || (a.categoryId ?? 0) - (b.categoryId ?? 0) || methodOrder(a.method) - methodOrder(b.method),
  );
  const expenses = [...expenseMap.values()].sort((a, b) => cmp(a.categoryName, b.categoryName) || a.categoryId - b.categoryId);
  const incomeMinor = sum(income.map((x) => x.amountMinor));
  const expensesMinor = sum(expenses.map((x) => x.amountMinor));

  // Cash flow: money methods only (stored value and points are not money in the till).
  const cashFlow = MONEY_METHODS.map((method): CashFlowLine => {
    const flows = [...l.payments, ...l.topUps, ...l.cashBook].filter((f) => f.method === method).map((f) => f.amountMinor);
    const openingMinor = sum(l.opening.filter((o) => o.method === method).map((o) => o.amountMinor));
    const inMinor = sum(flows.filter((x) => x > 0));
    const outMinor = 0 - sum(flows.filter((x) => x < 0));
    return { method, openingMinor, inMinor, outMinor, closingMinor: openingMinor + inMinor - outMinor };
  });

  const byUser = new Map<string, DiscountsByUser>();
  for (const b of l.bills) {
    const key = b.user ? String(b.user.id) : '-';
    const row = byUser.get(key) ?? { user: b.user, bills: 0, grossMinor: 0, discountMinor: 0 };
    row.bills += b.count ?? 1;
    row.grossMinor += b.grossMinor;
    row.discountMinor += b.discountMinor;
    byUser.set(key, row);
  }
  const discounts = [...byUser.values()].sort((a, b) => b.discountMinor - a.discountMinor || cmp(a.user?.name ?? '', b.user?.name ?? ''));

  return {
    income,
    incomeMinor,
    expenses,
    expensesMinor,
    netMinor: incomeMinor - expensesMinor,
    cashFlow,
    depositsHeld: { orders: l.deposits.orders, amountMinor: l.deposits.amountMinor },
    discounts,
  };
}
