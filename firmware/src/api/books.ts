import type { UserRef } from './core.js';

// The books (F2): income and expense categories, the cash book, statements.

export const MONEY_CATEGORY_KINDS = ['income', 'expense'] as const;
export type MoneyCategoryKind = (typeof MONEY_CATEGORY_KINDS)[number];

/** An income or expense category of the studio's (rent, salaries, materials). Retired, never deleted. */
export interface MoneyCategory {
  id: number;
  kind: MoneyCategoryKind;
  name: string;
  active: boolean;
  createdAt: string;
  createdBy: UserRef | null;
  updatedAt: string;
  updatedBy: UserRef | null;
}

/** POST /api/money-categories. */
export interface MoneyCategoryInput {
  kind: MoneyCategoryKind;
  name: string;
}

/** PATCH /api/money-categories/:id: rename, or `active: false` retires it (true brings it back). */
export interface MoneyCategoryPatch {
  name?: string;
  active?: boolean;
}

/** One line of the cash book. */
export interface CashEntry {
  id: number;
  kind: 'income' | 'expense' | 'reversal';
  categoryId: number;
  categoryName: string;
  categoryKind: MoneyCategoryKind;
  /** Signed, minor unit: income > 0, expense < 0, a reversal the opposite of its line. */
  amountMinor: number;
  currency: string;
  method: 'cash' | 'card' | 'wechat' | 'alipay' | 'bank' | 'other';
  reverses: number | null;
  reversedBy: number | null;
  note: string;
  /** When the money changed hands, UTC ISO. */
  at: string;
  createdAt: string;
  createdBy: UserRef | null;
}

/** POST /api/cash-entries: income or an expense; the amount is positive, the kind is the category's. */
export interface CashEntryInput {
  categoryId: number;
  amountMinor: number;
  method: CashEntry['method'];
  note?: string;
  /** When the money changed hands (not ahead, not in a closed day); now by default. */
  at?: string;
}

/** GET /api/cash-entries?day=YYYY-MM-DD (studio-local) or ?from=&to= (UTC ISO): oldest first. */
export interface CashBookPage {
  from: string;
  to: string;
  entries: CashEntry[];
}

// Statements (F2)

export const STATEMENT_PERIODS = ['day', 'month', 'quarter', 'year'] as const;
export type StatementPeriod = (typeof STATEMENT_PERIODS)[number];

/** Income of one category and method; categoryId null is orders (payments less reversals). */
export interface StatementIncome {
  categoryId: number | null;
  categoryName: string;
  method: string;
  amountMinor: number;
}

/** An expense category's expenses less their reversals (positive: money out). */
export interface StatementExpense {
  categoryId: number;
  categoryName: string;
  amountMinor: number;
}

/** One money method's cash flow over the period: opening + in − out = closing. */
export interface CashFlowLine {
  method: string;
  openingMinor: number;
  inMinor: number;
  outMinor: number;
  closingMinor: number;
}

/** Discounts given on bills made in the period by one user. */
export interface DiscountsByUser {
  user: UserRef | null;
  bills: number;
  grossMinor: number;
  discountMinor: number;
}

/**
 * GET /api/statements?period=month&date=YYYY-MM-DD: the period (studio-local) holding `date`.
 * Income is money earned: payments on orders (incl. stored value and points spent) and the
 * cash book's income; top-ups are not income (stored value is a liability until spent).
 */
export interface Statement {
  period: StatementPeriod;
  /** First and last studio-local day of the period, YYYY-MM-DD. */
  firstDay: string;
  lastDay: string;
  /** The period's UTC range [from, to). */
  from: string;
  to: string;
  currency: string;
  income: StatementIncome[];
  incomeMinor: number;
  expenses: StatementExpense[];
  expensesMinor: number;
  /** incomeMinor − expensesMinor. */
  netMinor: number;
  /** Per money method: payments, top-ups and the cash book, before and within the period. */
  cashFlow: CashFlowLine[];
  /** Paid (less reversals) by the period's end on orders not finished then (not delivered, not cancelled). */
  depositsHeld: { orders: number; amountMinor: number };
  discounts: DiscountsByUser[];
}
