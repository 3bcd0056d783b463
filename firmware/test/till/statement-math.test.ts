// Statements (F2), the pure part: periods in the studio's zone (DST-exact local midnights), and
// the sums of a fixed set of ledger lines checked against values worked out by hand; then
// fast-check: for any lines, income, expenses and net are the ledger sums, and every money
// method's cash flow closes at opening + in − out with in and out the ledger's.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MONEY_METHODS } from '../../src/api-types.js';
import { periodRange, statementSums, type StatementLines } from '../../src/till/statement-math.js';

const d = (s: string) => {
  const [year, month, day] = s.split('-').map(Number) as [number, number, number];
  return { year, month, day };
};

describe('periodRange', () => {
  it('day, month, quarter and year in Shanghai (UTC+8)', () => {
    expect(periodRange('day', d('2026-12-02'), 'Asia/Shanghai')).toEqual({ firstDay: '2026-12-02', lastDay: '2026-12-02', from: '2026-12-01T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z' });
    expect(periodRange('month', d('2026-02-17'), 'Asia/Shanghai')).toEqual({ firstDay: '2026-02-01', lastDay: '2026-02-28', from: '2026-01-31T16:00:00.000Z', to: '2026-02-28T16:00:00.000Z' });
    expect(periodRange('month', d('2028-02-17'), 'Asia/Shanghai').lastDay).toBe('2028-02-29');
    expect(periodRange('quarter', d('2026-11-30'), 'Asia/Shanghai')).toEqual({ firstDay: '2026-10-01', lastDay: '2026-12-31', from: '2026-09-30T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
    expect(periodRange('quarter', d('2026-05-01'), 'Asia/Shanghai')).toMatchObject({ firstDay: '2026-04-01', lastDay: '2026-06-30' });
    expect(periodRange('year', d('2026-07-04'), 'Asia/Shanghai')).toEqual({ firstDay: '2026-01-01', lastDay: '2026-12-31', from: '2025-12-31T16:00:00.000Z', to: '2026-12-31T16:00:00.000Z' });
  });

  it('follows daylight saving: a March in New York is 31 days less an hour', () => {
    const r = periodRange('month', d('2026-03-10'), 'America/New_York');
    expect(r).toEqual({ firstDay: '2026-03-01', lastDay: '2026-03-31', from: '2026-03-01T05:00:00.000Z', to: '2026-04-01T04:00:00.000Z' });
    expect(periodRange('day', d('2026-03-08'), 'America/New_York')).toMatchObject({ from: '2026-03-08T05:00:00.000Z', to: '2026-03-09T04:00:00.000Z' });
  });
});

/** A small day of a studio, in CNY fen. */
const FIXED: StatementLines = {
  payments: [
    { method: 'cash', amountMinor: 100_000 },
    { method: 'wechat', amountMinor: 50_000 },
    { method: 'cash', amountMinor: 20_000 },
    { method: 'cash', amountMinor: -20_000 }, // the reversal of the one before
    { method: 'stored_value', amountMinor: 10_000 },
    { method: 'points', amountMinor: 500 },
  ],
  cashBook: [
    { categoryId: 1, categoryName: 'Rent', categoryKind: 'expense', method: 'bank', amountMinor: -800_000 },
    { categoryId: 2, categoryName: 'Materials', categoryKind: 'expense', method: 'cash', amountMinor: -12_050 },
    { categoryId: 3, categoryName: 'Old props', categoryKind: 'income', method: 'cash', amountMinor: 30_000 },
    { categoryId: 1, categoryName: 'Rent', categoryKind: 'expense', method: 'bank', amountMinor: 800_000 }, // rent reversed
    { categoryId: 2, categoryName: 'Materials', categoryKind: 'expense', method: 'wechat', amountMinor: -5_000 },
  ],
  topUps: [
    { method: 'cash', amountMinor: 30_000 },
    { method: 'alipay', amountMinor: 100_000 },
    { method: 'alipay', amountMinor: -100_000 },
  ],
  opening: [
    { method: 'cash', amountMinor: 7_000 },
    { method: 'bank', amountMinor: 250_000 },
  ],
  bills: [
    { user: { id: 2, name: 'Thu' }, grossMinor: 200_000, discountMinor: 20_000 },
    { user: { id: 3, name: 'An' }, grossMinor: 50_000, discountMinor: 0 },
    { user: { id: 2, name: 'Thu' }, grossMinor: 10_000, discountMinor: 1_000 },
    { user: null, grossMinor: 5_000, discountMinor: 500 },
  ],
  deposits: { orders: 2, amountMinor: 42_345 },
};

describe('statementSums on a fixed day', () => {
  const s = statementSums(FIXED);

  it('income by category and method: orders first (payments less reversals, cards apart), then the cash book', () => {
    expect(s.income).toEqual([
      { categoryId: null, categoryName: 'orders', method: 'cash', amountMinor: 100_000 },
      { categoryId: null, categoryName: 'orders', method: 'wechat', amountMinor: 50_000 },
      { categoryId: null, categoryName: 'orders', method: 'stored_value', amountMinor: 10_000 },
      { categoryId: null, categoryName: 'orders', method: 'points', amountMinor: 500 },
      { categoryId: 3, categoryName: 'Old props', method: 'cash', amountMinor: 30_000 },
    ]);
    // 100000 + 50000 + 10000 + 500 + 30000; top-ups are not income.
    expect(s.incomeMinor).toBe(190_500);
  });

  it('expenses by category (a reversed rent nets to 0), and net', () => {
    expect(s.expenses).toEqual([
      { categoryId: 2, categoryName: 'Materials', amountMinor: 17_050 },
      { categoryId: 1, categoryName: 'Rent', amountMinor: 0 },
    ]);
    expect(s.expensesMinor).toBe(17_050);
    expect(s.netMinor).toBe(190_500 - 17_050);
  });

  it('cash flow per money method: opening, in, out, closing', () => {
    const by = Object.fromEntries(s.cashFlow.map((c) => [c.method, c]));
    expect(s.cashFlow.map((c) => c.method)).toEqual([...MONEY_METHODS]);
    // cash in: 100000 + 20000 payments, 30000 props, 30000 top-up = 180000; out: 20000 reversal + 12050 materials.
    expect(by.cash).toEqual({ method: 'cash', openingMinor: 7_000, inMinor: 180_000, outMinor: 32_050, closingMinor: 154_950 });
    expect(by.wechat).toEqual({ method: 'wechat', openingMinor: 0, inMinor: 50_000, outMinor: 5_000, closingMinor: 45_000 });
    expect(by.bank).toEqual({ method: 'bank', openingMinor: 250_000, inMinor: 800_000, outMinor: 800_000, closingMinor: 250_000 });
    expect(by.alipay).toEqual({ method: 'alipay', openingMinor: 0, inMinor: 100_000, outMinor: 100_000, closingMinor: 0 });
    expect(by.card).toEqual({ method: 'card', openingMinor: 0, inMinor: 0, outMinor: 0, closingMinor: 0 });
  });

  it('deposits held and discounts by user (most first)', () => {
    expect(s.depositsHeld).toEqual({ orders: 2, amountMinor: 42_345 });
    expect(s.discounts).toEqual([
      { user: { id: 2, name: 'Thu' }, bills: 2, grossMinor: 210_000, discountMinor: 21_000 },
      { user: null, bills: 1, grossMinor: 5_000, discountMinor: 500 },
      { user: { id: 3, name: 'An' }, bills: 1, grossMinor: 50_000, discountMinor: 0 },
    ]);
  });
});

const amount = fc.integer({ min: -1_000_000, max: 1_000_000 }).filter((x) => x !== 0);
const method = fc.constantFrom('cash', 'card', 'wechat', 'alipay', 'bank', 'other');
const lines: fc.Arbitrary<StatementLines> = fc.record({
  payments: fc.array(fc.record({ method: fc.constantFrom('cash', 'card', 'wechat', 'alipay', 'bank', 'other', 'stored_value', 'points'), amountMinor: amount }), { maxLength: 30 }),
  cashBook: fc.array(
    fc.record({ categoryId: fc.integer({ min: 1, max: 5 }), method, amountMinor: amount }).map((c) => ({ ...c, categoryName: `c${c.categoryId}`, categoryKind: c.categoryId <= 2 ? ('income' as const) : ('expense' as const) })),
    { maxLength: 30 },
  ),
  topUps: fc.array(fc.record({ method, amountMinor: amount }), { maxLength: 10 }),
  opening: fc.array(fc.record({ method, amountMinor: fc.integer({ min: -1e9, max: 1e9 }) }), { maxLength: 6 }),
  bills: fc.array(fc.record({ user: fc.option(fc.record({ id: fc.integer({ min: 1, max: 4 }), name: fc.constant('u') })), grossMinor: fc.nat(1e7), discountMinor: fc.nat(1e5) }), { maxLength: 10 }),
  deposits: fc.record({ orders: fc.nat(100), amountMinor: fc.integer({ min: -1e9, max: 1e9 }) }),
});
const total = (xs: { amountMinor: number }[]) => xs.reduce((a, x) => a + x.amountMinor, 0);

describe('statementSums, for any lines', () => {
  it('income, expenses and net are the ledger sums; each method closes at opening + in − out', () => {
    fc.assert(
      fc.property(lines, (l) => {
        const s = statementSums(l);
        const income = total(l.payments) + total(l.cashBook.filter((c) => c.categoryKind === 'income'));
        const expenses = 0 - total(l.cashBook.filter((c) => c.categoryKind === 'expense'));
        expect(s.incomeMinor).toBe(income);
        expect(total(s.income)).toBe(income);
        expect(s.expensesMinor).toBe(expenses);
        expect(total(s.expenses)).toBe(expenses);
        expect(s.netMinor).toBe(income - expenses);
        for (const c of s.cashFlow) {
          const flows = [...l.payments, ...l.topUps, ...l.cashBook].filter((f) => f.method === c.method);
          expect(c.inMinor - c.outMinor).toBe(total(flows));
          expect(c.inMinor).toBeGreaterThanOrEqual(0);
          expect(c.outMinor).toBeGreaterThanOrEqual(0);
          expect(c.openingMinor).toBe(total(l.opening.filter((o) => o.method === c.method)));
          expect(c.closingMinor).toBe(c.openingMinor + c.inMinor - c.outMinor);
        }
        expect(s.discounts.reduce((a, x) => a + x.discountMinor, 0)).toBe(l.bills.reduce((a, b) => a + b.discountMinor, 0));
        expect(s.discounts.reduce((a, x) => a + x.bills, 0)).toBe(l.bills.length);
        expect(s.depositsHeld).toEqual(l.deposits);
        // Same input, same output.
        expect(statementSums(l)).toEqual(s);
      }),
      { numRuns: 300 },
    );
  });
});
