// The order workflow rules (orders/order-states.ts): every (from, to) pair against a table
// written out by hand, and properties of the moves as a graph.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORDER_STATES, type OrderState } from '../../src/api-types.js';
import { canMove, nextState, whyNot } from '../../src/orders/order-states.js';

// Rows: from; columns: to, in ORDER_STATES order. Y = allowed, . = refused.
//                          booked shot selected in_production ready delivered cancelled
const TABLE: Record<OrderState, string> = {
  booked: /*         */ '.YYYYYY',
  shot: /*           */ 'Y.YYYYY',
  selected: /*       */ '.Y.YYYY',
  in_production: /*  */ '..Y.YYY',
  ready: /*          */ '...Y.YY',
  delivered: /*      */ '....Y..',
  cancelled: /*      */ 'Y......',
};

const pairs = ORDER_STATES.flatMap((from) => ORDER_STATES.map((to, i) => ({ from, to, allowed: TABLE[from][i] === 'Y' })));

describe('order state moves', () => {
  it.each(pairs)('$from → $to: allowed $allowed', ({ from, to, allowed }) => {
    expect(canMove(from, to)).toBe(allowed);
    // A refused move always says why; an allowed one never does.
    const reason = whyNot(from, to);
    if (allowed) expect(reason).toBeNull();
    else expect(reason).toMatch(/\w/);
  });

  it('the table covers every pair, and each reason speaks of the states', () => {
    expect(pairs).toHaveLength(ORDER_STATES.length ** 2);
    expect(whyNot('ready', 'booked')).toContain('one step');
    expect(whyNot('delivered', 'cancelled')).toContain('delivered');
    expect(whyNot('cancelled', 'shot')).toContain('reopened as booked');
    expect(whyNot('shot', 'shot')).toContain('already shot');
  });

  it('advances one step at a time until delivered; nothing after delivered or cancelled', () => {
    expect(ORDER_STATES.map((s) => nextState(s))).toEqual(['shot', 'selected', 'in_production', 'ready', 'delivered', null, null]);
    for (const s of ORDER_STATES) {
      const n = nextState(s);
      if (n) expect(canMove(s, n)).toBe(true);
    }
  });

  it('from any state, allowed moves reach every other state (delivered and cancelled by way of a step back or a reopen)', () => {
    const reachable = (start: OrderState): Set<OrderState> => {
      const seen = new Set<OrderState>([start]);
      const queue = [start];
      while (queue.length) {
        const s = queue.shift()!;
        for (const t of ORDER_STATES) if (canMove(s, t) && !seen.has(t)) (seen.add(t), queue.push(t));
      }
      return seen;
    };
    for (const s of ORDER_STATES) expect([...reachable(s)].sort()).toEqual([...ORDER_STATES].sort());
    // Where the rules forbid the direct move, the detour is the shortest way round.
    expect(canMove('delivered', 'cancelled')).toBe(false);
    expect(canMove('delivered', 'ready') && canMove('ready', 'cancelled')).toBe(true);
    expect(canMove('cancelled', 'delivered')).toBe(false);
    expect(canMove('cancelled', 'booked') && canMove('booked', 'delivered')).toBe(true);
  });

  it('a random walk taking only allowed moves keeps the rules (property)', () => {
    const state = fc.constantFrom(...ORDER_STATES);
    fc.assert(
      fc.property(state, fc.array(state, { maxLength: 40 }), (start, attempts) => {
        let s = start;
        for (const to of attempts) {
          if (!canMove(s, to)) continue;
          // Every move taken is one of: forward in the flow, one step back, a cancel before
          // delivery, or a reopen as booked.
          const flow = ORDER_STATES.slice(0, 6) as OrderState[];
          const a = flow.indexOf(s);
          const b = flow.indexOf(to);
          const ok =
            (a >= 0 && b > a) ||
            (a >= 0 && b === a - 1) ||
            (to === 'cancelled' && s !== 'delivered' && s !== 'cancelled') ||
            (s === 'cancelled' && to === 'booked');
          expect(ok, `${s} → ${to}`).toBe(true);
          expect(to).not.toBe(s);
          s = to;
        }
      }),
    );
  });
});
