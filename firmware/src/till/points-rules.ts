// The points engine (M2, seed 004): which points a bill or a top-up earns, by the studio's
// rules, in the order the studio shows them. Pure: (rules, event, customer, local time) →
// points with a breakdown. No I/O, no clock; the caller gives the studio-local time.
//
// Each rule applies when all of its conditions hold, and changes the running total:
// - per_amount: + floor(amount / perMinor) × points   ("1 point per 10 yuan of the bill")
// - add:        + points                              ("50 points for every top-up")
// - multiply:   × factorPct / 100, rounded down       ("double points on the birthday")
// - cap:        at most `max`                         ("never more than 5,000 per bill")
// Every number is a non-negative integer, so the total is never negative; the same input
// always gives the same output.

export const POINTS_OPS = ['per_amount', 'add', 'multiply', 'cap'] as const;
export type PointsOp = (typeof POINTS_OPS)[number];
export type PointsEvent = 'bill' | 'topup';

export interface PointsConditions {
  /** Only for bills or only for top-ups; both when absent. */
  on?: PointsEvent | undefined;
  /** The customer's birthday: on the day itself, or anywhere in its month. */
  birthday?: 'day' | 'month' | undefined;
  /** Studio-local weekdays, 0 = Sunday … 6 = Saturday. */
  weekdays?: number[] | undefined;
  /** Studio-local hours [from, to), 0–24; from > to wraps midnight (22 → 2). */
  hours?: { from: number; to: number } | undefined;
  /** Studio-local dates, inclusive, YYYY-MM-DD. */
  from?: string | undefined;
  to?: string | undefined;
  /** Only for cards of these types. */
  cardTypeIds?: number[] | undefined;
}

export interface PointsRule {
  name: string;
  op: PointsOp;
  when: PointsConditions;
  /** per_amount: the amount (minor unit) that earns `points`. */
  perMinor?: number | undefined;
  /** per_amount and add. */
  points?: number | undefined;
  /** multiply: 200 = double. */
  factorPct?: number | undefined;
  /** cap. */
  max?: number | undefined;
}

export interface PointsInput {
  event: PointsEvent;
  /** What the bill or top-up is worth, minor unit (≥ 0). */
  amountMinor: number;
  /** Studio-local date and time of the event. */
  local: { date: string; weekday: number; hour: number };
  /** The customer's birthday, YYYY-MM-DD, or null. */
  birthday: string | null;
  cardTypeId: number | null;
}

export interface PointsStep {
  /** Index of the rule in the list (as shown). */
  rule: number;
  name: string;
  op: PointsOp;
  before: number;
  after: number;
}

export interface PointsResult {
  points: number;
  steps: PointsStep[];
}

/** Whether every condition of a rule holds for this event. */
export function applies(when: PointsConditions, x: PointsInput): boolean {
  if (when.on && when.on !== x.event) return false;
  if (when.birthday) {
    if (!x.birthday) return false;
    const md = x.birthday.slice(5);
    if (when.birthday === 'day' ? md !== x.local.date.slice(5) : md.slice(0, 2) !== x.local.date.slice(5, 7)) return false;
  }
  if (when.weekdays && !when.weekdays.includes(x.local.weekday)) return false;
  if (when.hours) {
    const h = x.local.hour;
    const f = when.hours.from;
    const t = when.hours.to;
    const inside = f <= t ? h >= f && h < t : h >= f || h < t;
    if (!inside) return false;
  }
  if (when.from && x.local.date < when.from) return false;
  if (when.to && x.local.date > when.to) return false;
  if (when.cardTypeIds && (x.cardTypeId === null || !when.cardTypeIds.includes(x.cardTypeId))) return false;
  return true;
}

function step(r: PointsRule, total: number, amountMinor: number): number {
  switch (r.op) {
    case 'per_amount':
      return r.perMinor && r.perMinor > 0 ? total + Math.floor(amountMinor / r.perMinor) * (r.points ?? 0) : total;
    case 'add':
      return total + (r.points ?? 0);
    case 'multiply':
      return Math.floor((total * (r.factorPct ?? 100)) / 100);
    case 'cap':
      return Math.min(total, r.max ?? total);
  }
}

/** The points an event earns, with each rule that applied, in the rules' order. */
export function pointsFor(rules: readonly PointsRule[], x: PointsInput): PointsResult {
  let total = 0;
  const steps: PointsStep[] = [];
  rules.forEach((r, i) => {
    if (!applies(r.when, x)) return;
    const after = step(r, total, Math.max(0, x.amountMinor));
    steps.push({ rule: i, name: r.name, op: r.op, before: total, after });
    total = after;
  });
  return { points: total, steps };
}
