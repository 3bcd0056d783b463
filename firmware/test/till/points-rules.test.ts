// The points engine (M2, seed 004), pure and property-tested: rules by bill value, top-up,
// birthday (day or month), weekday, hour (wrapping midnight), date range and card type; add,
// multiply and cap in the order shown; never negative; same input, same output.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applies, pointsFor, POINTS_OPS, type PointsInput, type PointsRule } from '../../src/till/points-rules.js';

const at = (date: string, weekday: number, hour: number) => ({ date, weekday, hour });
const bill = (amountMinor: number, over: Partial<PointsInput> = {}): PointsInput => ({
  event: 'bill', amountMinor, local: at('2026-12-02', 3, 10), birthday: null, cardTypeId: 1, ...over,
});

const STUDIO: PointsRule[] = [
  { name: '1 point per 10 yuan', op: 'per_amount', when: { on: 'bill' }, perMinor: 1000, points: 1 },
  { name: '50 per top-up', op: 'add', when: { on: 'topup' }, points: 50 },
  { name: 'Birthday month ×2', op: 'multiply', when: { birthday: 'month' }, factorPct: 200 },
  { name: 'Weekday mornings +10', op: 'add', when: { weekdays: [1, 2, 3, 4, 5], hours: { from: 9, to: 12 }, on: 'bill' }, points: 10 },
  { name: 'Gold ×1.5', op: 'multiply', when: { cardTypeIds: [2] }, factorPct: 150 },
  { name: 'At most 500', op: 'cap', when: {}, max: 500 },
];

describe('pointsFor', () => {
  it('a plain bill: per amount, plus the weekday-morning bonus, in order', () => {
    expect(pointsFor(STUDIO, bill(123456))).toEqual({
      points: 133,
      steps: [
        { rule: 0, name: '1 point per 10 yuan', op: 'per_amount', before: 0, after: 123 },
        { rule: 3, name: 'Weekday mornings +10', op: 'add', before: 123, after: 133 },
        { rule: 5, name: 'At most 500', op: 'cap', before: 133, after: 133 },
      ],
    });
  });

  it('birthday month, gold card, the cap; a Sunday evening earns no morning bonus', () => {
    const r = pointsFor(STUDIO, bill(200000, { birthday: '1990-12-25', cardTypeId: 2, local: at('2026-12-06', 0, 19) }));
    // 200 → ×2 = 400 → ×1.5 = 600 → cap 500.
    expect(r.steps.map((s) => s.after)).toEqual([200, 400, 600, 500]);
    expect(r.points).toBe(500);
  });

  it('a top-up earns its own rule; the birthday day counts only on the day', () => {
    expect(pointsFor(STUDIO, { ...bill(100000), event: 'topup' }).points).toBe(50);
    const dayRule: PointsRule[] = [{ name: 'Birthday +100', op: 'add', when: { birthday: 'day' }, points: 100 }];
    expect(pointsFor(dayRule, bill(0, { birthday: '1990-12-02' })).points).toBe(100);
    expect(pointsFor(dayRule, bill(0, { birthday: '1990-12-03' })).points).toBe(0);
    expect(pointsFor(dayRule, bill(0, { birthday: null })).points).toBe(0);
  });

  it('hours wrap midnight; date ranges are inclusive', () => {
    const late = { hours: { from: 22, to: 2 } };
    expect(applies(late, bill(0, { local: at('2026-12-02', 3, 23) }))).toBe(true);
    expect(applies(late, bill(0, { local: at('2026-12-02', 3, 1) }))).toBe(true);
    expect(applies(late, bill(0, { local: at('2026-12-02', 3, 2) }))).toBe(false);
    const range = { from: '2026-12-01', to: '2026-12-31' };
    expect(applies(range, bill(0, { local: at('2026-12-01', 2, 0) }))).toBe(true);
    expect(applies(range, bill(0, { local: at('2026-12-31', 4, 23) }))).toBe(true);
    expect(applies(range, bill(0, { local: at('2027-01-01', 5, 0) }))).toBe(false);
  });

  const rule: fc.Arbitrary<PointsRule> = fc.record({
    name: fc.string({ maxLength: 8 }),
    op: fc.constantFrom(...POINTS_OPS),
    when: fc.record(
      {
        on: fc.constantFrom('bill' as const, 'topup' as const),
        birthday: fc.constantFrom('day' as const, 'month' as const),
        weekdays: fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { maxLength: 7 }),
        hours: fc.record({ from: fc.integer({ min: 0, max: 24 }), to: fc.integer({ min: 0, max: 24 }) }),
        cardTypeIds: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 3 }),
      },
      { requiredKeys: [] },
    ),
    perMinor: fc.integer({ min: 1, max: 100_000 }),
    points: fc.integer({ min: 0, max: 1000 }),
    factorPct: fc.integer({ min: 0, max: 1000 }),
    max: fc.integer({ min: 0, max: 100_000 }),
  });
  const input: fc.Arbitrary<PointsInput> = fc.record({
    event: fc.constantFrom('bill' as const, 'topup' as const),
    amountMinor: fc.integer({ min: 0, max: 1e10 }),
    local: fc.record({ date: fc.constantFrom('2026-01-15', '2026-06-01', '2026-12-31'), weekday: fc.integer({ min: 0, max: 6 }), hour: fc.integer({ min: 0, max: 23 }) }),
    birthday: fc.option(fc.constantFrom('1990-01-15', '1985-06-20', '2000-12-31'), { nil: null }),
    cardTypeId: fc.option(fc.integer({ min: 1, max: 4 }), { nil: null }),
  });

  it('for any rules and event: never negative, whole, steps in the shown order and chained, deterministic', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 10 }), input, (rules, x) => {
        const r = pointsFor(rules, x);
        expect(Number.isSafeInteger(r.points)).toBe(true);
        expect(r.points).toBeGreaterThanOrEqual(0);
        // Steps follow the rules' order, each starting where the last ended.
        let prev = -1;
        let total = 0;
        for (const s of r.steps) {
          expect(s.rule).toBeGreaterThan(prev);
          expect(s.before).toBe(total);
          expect(s.after).toBeGreaterThanOrEqual(0);
          prev = s.rule;
          total = s.after;
        }
        expect(total).toBe(r.points);
        // Exactly the rules whose conditions hold took a step.
        expect(r.steps.map((s) => s.rule)).toEqual(rules.flatMap((rr, i) => (applies(rr.when, x) ? [i] : [])));
        expect(pointsFor(rules, x)).toEqual(r);
      }),
      { numRuns: 500 },
    );
  });

  it('a cap that applies last bounds the total', () => {
    fc.assert(
      fc.property(fc.array(rule, { maxLength: 8 }), input, fc.integer({ min: 0, max: 1000 }), (rules, x, max) => {
        expect(pointsFor([...rules, { name: 'cap', op: 'cap', when: {}, max }], x).points).toBeLessThanOrEqual(max);
      }),
    );
  });
});
