// The order workflow (O1) as pure rules, no I/O: which state changes staff may make. Until O2
// makes the workflow configurable the states are fixed (ORDER_STATES in api-types.ts), and the
// rules are those a front desk needs: go forward (a step may be skipped: a walk-in portrait is
// shot and selected at once), go back one step to undo a wrong click, cancel before the
// customer has the goods, and reopen a cancelled order as booked.
import type { OrderState } from '../api-types.js';

/** The workflow in order; 'cancelled' stands outside it. */
export const FLOW = ['booked', 'shot', 'selected', 'in_production', 'ready', 'delivered'] as const satisfies readonly OrderState[];

const position = (s: OrderState): number => (FLOW as readonly OrderState[]).indexOf(s);

/** Why a move from `from` to `to` is refused, in words for staff, or null when it is allowed. */
export function whyNot(from: OrderState, to: OrderState): string | null {
  if (from === to) return `the order is already ${from}`;
  if (from === 'cancelled') {
    return to === 'booked' ? null : `a cancelled order can only be reopened as booked, not moved to ${to}`;
  }
  if (to === 'cancelled') {
    // The customer has the photos: what is left is a refund (reversals), not a cancellation.
    return from === 'delivered' ? 'a delivered order cannot be cancelled' : null;
  }
  const step = position(to) - position(from);
  if (step > 0) return null;
  if (step === -1) return null;
  return `an order goes back only one step at a time (${from} → ${FLOW[position(from) - 1]}), not from ${from} to ${to}`;
}

export function canMove(from: OrderState, to: OrderState): boolean {
  return whyNot(from, to) === null;
}

/** The next step for the UI's "advance" button; null when there is none (delivered, cancelled). */
export function nextState(s: OrderState): OrderState | null {
  if (s === 'cancelled') return null;
  return FLOW[position(s) + 1] ?? null;
}
