// Income and expenses (R1): what the books took in and paid out, per month or day of the
// range, or by category over it. The finance statements' own lines and sums (till/statements.ts
// flows + statementSums: whole UTC days from ledger_days, the edges line by line), so the
// report and the month's statement never disagree; per day, the statements' one query over the
// lines (a studio's day is rarely a UTC day). Money: finance:view.
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { ORDERS_CATEGORY, statementSums } from '../till/statement-math.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';
import { bucketParam, buckets } from './report-range.js';

const WORDS: Record<Language, { income: string; expenses: string; net: string; category: string; orders: string }> = {
  'zh-CN': { income: '收入', expenses: '支出', net: '净额', category: '类别', orders: '订单收款' },
  vi: { income: 'Thu', expenses: 'Chi', net: 'Chênh lệch', category: 'Hạng mục', orders: 'Thu tiền đơn hàng' },
  en: { income: 'Income', expenses: 'Expenses', net: 'Net', category: 'Category', orders: 'Orders' },
};

function sumsOf(env: ReportEnv, from: string, to: string) {
  return statementSums({ ...env.statements.flows(from, to, env.currency), opening: [], deposits: { orders: 0, amountMinor: 0 } });
}

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const w = WORDS[env.language];
  const c = COMMON_WORDS[env.language];
  const money = (key: 'income' | 'expenses' | 'net'): ReportColumn => ({ key, label: w[key], kind: 'money' });
  let first: ReportColumn;
  let rows: ReportCell[][];
  if (range.group === 'category') {
    first = { key: 'category', label: w.category, kind: 'text' };
    const s = sumsOf(env, range.from, range.to);
    const byName = new Map<string, { income: number; expenses: number }>();
    const add = (name: string, income: number, expenses: number) => {
      const row = byName.get(name) ?? { income: 0, expenses: 0 };
      row.income += income;
      row.expenses += expenses;
      byName.set(name, row);
    };
    // The statement's order: orders first, then the income categories, then the expenses.
    for (const i of s.income) add(i.categoryId === null && i.categoryName === ORDERS_CATEGORY ? w.orders : i.categoryName, i.amountMinor, 0);
    for (const e of s.expenses) add(e.categoryName, 0, e.amountMinor);
    rows = [...byName].map(([name, r]) => [name, r.income, r.expenses, r.income - r.expenses]);
  } else if (range.group === 'day') {
    // A studio's day is rarely a UTC day: one query over the lines for every day.
    first = { key: 'day', label: c.day, kind: 'day' };
    rows = env.statements.incomeExpensesByBucket(bucketParam(buckets(range.fromDay, range.toDay, 'day', env.timeZone)), env.currency).map((r) => [r.k, r.income, r.expenses, r.income - r.expenses]);
  } else {
    first = { key: 'month', label: c.month, kind: 'month' };
    rows = buckets(range.fromDay, range.toDay, 'month', env.timeZone).map((b) => {
      const s = sumsOf(env, b.from, b.to);
      return [b.key, s.incomeMinor, s.expensesMinor, s.netMinor];
    });
  }
  const columns = [first, money('income'), money('expenses'), money('net')];
  return { columns, rows, totals: sumColumns(columns, rows, ['income', 'expenses', 'net'], c.total), chart: { type: 'bar', x: first.key, series: ['income', 'expenses'] } };
}

export const incomeExpenses: ReportDef = { name: 'income-expenses', needs: ['finance', 'view'], run };
