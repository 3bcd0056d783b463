// Which order a folder of edited files closes the tasks of (post-task-match.ts), exhaustively:
// the order number alone or followed by a separator names it, a longer number never does, case
// and spaces do not matter; a folder naming no order closes the only order with an open task,
// never a guess between two.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { labelNamesOrder, ordersClosedBy } from '../../src/workflow/post-task-match.js';

const orderNo = fc.tuple(fc.integer({ min: 20200101, max: 20991231 }), fc.integer({ min: 1, max: 9999 })).map(([d, n]) => `${d}-${String(n).padStart(3, '0')}`);

describe('labelNamesOrder', () => {
  it('the number itself, with spaces or in another case, or followed by a separator and words', () => {
    expect(labelNamesOrder('20261202-003', '20261202-003')).toBe(true);
    expect(labelNamesOrder('  20261202-003 ', '20261202-003')).toBe(true);
    expect(labelNamesOrder('20261202-003 Lan wedding', '20261202-003')).toBe(true);
    expect(labelNamesOrder('20261202-003_album', '20261202-003')).toBe(true);
    expect(labelNamesOrder('20261202-003（婚纱）', '20261202-003')).toBe(true);
  });
  it('never a longer number, another number, words before it, or no label', () => {
    expect(labelNamesOrder('20261202-0031', '20261202-003')).toBe(false);
    expect(labelNamesOrder('20261202-003a', '20261202-003')).toBe(false);
    expect(labelNamesOrder('20261202-004', '20261202-003')).toBe(false);
    expect(labelNamesOrder('wedding 20261202-003', '20261202-003')).toBe(false);
    expect(labelNamesOrder(null, '20261202-003')).toBe(false);
    expect(labelNamesOrder('', '20261202-003')).toBe(false);
    expect(labelNamesOrder('x', '')).toBe(false);
  });
  it('for any two numbers: a label of one names the other only when they are the same', () => {
    fc.assert(
      fc.property(orderNo, orderNo, fc.constantFrom('', ' ', ' album', '-2', '/x'), (a, b, tail) => {
        expect(labelNamesOrder(`${a}${tail}`, b)).toBe(a === b);
      }),
    );
  });
});

describe('ordersClosedBy', () => {
  const o = (orderId: number, orderNo: string, hasOpenTask: boolean) => ({ orderId, orderNo, hasOpenTask });
  it('the named order when it has an open task; nothing when it has none, even if another has', () => {
    expect(ordersClosedBy('20261202-001', [o(1, '20261202-001', true), o(2, '20261202-002', true)])).toEqual([1]);
    expect(ordersClosedBy('20261202-001 x', [o(1, '20261202-001', false), o(2, '20261202-002', true)])).toEqual([]);
  });
  it('a folder naming no order: the only order with an open task, never one of two', () => {
    expect(ordersClosedBy('2026-11-23 shoot', [o(1, '20261202-001', false), o(2, '20261202-002', true)])).toEqual([2]);
    expect(ordersClosedBy(null, [o(1, '20261202-001', true), o(2, '20261202-002', true)])).toEqual([]);
    expect(ordersClosedBy(null, [])).toEqual([]);
  });
  it('never an order without an open task, and at most one unless named', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(orderNo, fc.boolean()), { maxLength: 6 }), fc.option(fc.string(), { nil: null }), (list, label) => {
        const orders = list.map(([n, open], i) => o(i + 1, n, open));
        const got = ordersClosedBy(label, orders);
        for (const id of got) expect(orders.find((x) => x.orderId === id)!.hasOpenTask).toBe(true);
        if (!orders.some((x) => labelNamesOrder(label, x.orderNo))) expect(got.length).toBeLessThanOrEqual(1);
      }),
    );
  });
});
