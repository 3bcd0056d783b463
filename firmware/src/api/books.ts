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
