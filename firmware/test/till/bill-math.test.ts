// The bill's arithmetic (F1), property-tested: whatever the lines, discounts and limit, the
// sums add up to the unit, a percentage rounds halves up, the bill discount is spread exactly,
// no line goes below zero, and a discount over the limit is always refused, never clipped.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allowedDiscount, billSums, dueAfter, percentOf, spread, type Discount, type LineIn } from '../../src/till/bill-math.js';

const price = fc.integer({ min: 0, max: 2_000_000_00 });
const bp = fc.integer({ min: 0, max: 10_000 });

/** A line and a discount that fits it (an amount up to its gross, or a percentage). */
const line: fc.Arbitrary<LineIn> = fc
  .record({
    unitPriceMinor: price,
    qty: fc.integer({ min: 1, max: 20 }),
    extraPhotos: fc.integer({ min: 0, max: 200 }),
    extraPhotoMinor: fc.option(fc.integer({ min: 0, max: 100_00 }), { nil: null }),
    kind: fc.constantFrom('none', 'minor', 'bp'),
    fraction: fc.double({ min: 0, max: 1, noNaN: true }),
    bp,
  })
  .map((r) => {
    const extraPhotos = r.extraPhotoMinor === null ? 0 : r.extraPhotos;
    const gross = r.unitPriceMinor * r.qty + extraPhotos * (r.extraPhotoMinor ?? 0);
    const discount: Discount | null = r.kind === 'none' ? null : r.kind === 'minor' ? { minor: Math.floor(gross * r.fraction) } : { bp: r.bp };
    return { unitPriceMinor: r.unitPriceMinor, qty: r.qty, extraPhotos, extraPhotoMinor: r.extraPhotoMinor, discount };
  });
const billDiscount = fc.oneof(fc.constant(null), fc.record({ bp }), fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({ fraction: f })));

function resolve(lines: LineIn[], d: null | { bp: number } | { fraction: number }): Discount | null {
  if (d === null || 'bp' in d) return d;
  // An amount up to what the lines still cost after their own discounts.
  const after = lines.reduce((a, l) => {
    const g = l.unitPriceMinor * l.qty + l.extraPhotos * (l.extraPhotoMinor ?? 0);
    const ld = l.discount ? ('minor' in l.discount ? l.discount.minor : percentOf(g, l.discount.bp)) : 0;
    return a + g - ld;
  }, 0);
  return { minor: Math.floor(after * d.fraction) };
}

describe('percentOf', () => {
  it('rounds to the nearest unit, halves up', () => {
    expect(percentOf(125, 1000)).toBe(13); // 12.5 → 13
    expect(percentOf(124, 1000)).toBe(12); // 12.4 → 12
    expect(percentOf(5, 5000)).toBe(3); // 2.5 → 3
    expect(percentOf(880000, 1250)).toBe(110000);
    expect(percentOf(1e13, 9999)).toBe(9_999_000_000_000);
  });
  it('is within half a unit of the exact value, halves up, for any amount and percentage', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), bp, (v, b) => {
        const diff = BigInt(percentOf(v, b)) * 10_000n - BigInt(v) * BigInt(b);
        return diff > -5000n && diff <= 5000n;
      }),
    );
  });
});

describe('allowedDiscount', () => {
  it('is the gross times the limit, rounded down', () => {
    expect(allowedDiscount(999, 10)).toBe(99);
    expect(allowedDiscount(1000, 0)).toBe(0);
    expect(allowedDiscount(1000, 100)).toBe(1000);
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e13 }), fc.integer({ min: 0, max: 100 }), (g, p) => {
      const a = allowedDiscount(g, p);
      return a * 100 <= g * p && (a + 1) * 100 > g * p;
    }));
  });
});

describe('spread', () => {
  it('splits exactly, in proportion, each part within its weight, ties to the earlier line', () => {
    expect(spread(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(spread(1, [5, 5])).toEqual([1, 0]);
    expect(spread(0, [0, 0])).toEqual([0, 0]);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1e10 }), { minLength: 1, maxLength: 30 }), fc.double({ min: 0, max: 1, noNaN: true }), (weights, f) => {
        const total = weights.reduce((a, b) => a + b, 0);
        const amount = Math.floor(total * f);
        const parts = spread(amount, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(amount);
        parts.forEach((p, i) => {
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(weights[i]!);
          // Within one unit of the exact share.
          if (total > 0) expect(Math.abs(p * total - amount * weights[i]!)).toBeLessThan(total + 1);
        });
      }),
    );
  });
});

describe('billSums', () => {
  it('a worked bill: package with extras and a line discount, a frame, 10 % off the rest', () => {
    const r = billSums(
      [
        { unitPriceMinor: 880000, qty: 1, extraPhotos: 5, extraPhotoMinor: 5000, discount: { minor: 5000 } },
        { unitPriceMinor: 29900, qty: 2, extraPhotos: 0, extraPhotoMinor: null, discount: null },
      ],
      { bp: 1000 },
      20,
    );
    expect(r).toEqual({
      ok: true,
      sums: {
        lines: [
          { grossMinor: 905000, lineDiscountMinor: 5000, billDiscountMinor: 90000, netMinor: 810000 },
          { grossMinor: 59800, lineDiscountMinor: 0, billDiscountMinor: 5980, netMinor: 53820 },
        ],
        grossMinor: 964800,
        discountMinor: 100980,
        billDiscountMinor: 95980,
        totalMinor: 863820,
        allowedDiscountMinor: 192960,
      },
    });
  });

  it('refuses what cannot be: extras on an item without them, a discount above its line or the bill, over the limit', () => {
    const base = { unitPriceMinor: 1000, qty: 1, extraPhotos: 0, extraPhotoMinor: null, discount: null };
    expect(billSums([{ ...base, extraPhotos: 1 }], null, 100)).toEqual({ ok: false, problem: { code: 'extra_photos_not_sold', line: 0 } });
    expect(billSums([{ ...base, discount: { minor: 1001 } }], null, 100)).toMatchObject({ ok: false, problem: { code: 'line_discount_too_big' } });
    expect(billSums([base], { minor: 1001 }, 100)).toMatchObject({ ok: false, problem: { code: 'bill_discount_too_big' } });
    expect(billSums([base], { minor: 101 }, 10)).toEqual({ ok: false, problem: { code: 'over_discount', discountMinor: 101, allowedDiscountMinor: 100, limitPct: 10 } });
    expect(billSums([base], { minor: 100 }, 10)).toMatchObject({ ok: true, sums: { totalMinor: 900 } });
    expect(billSums([{ ...base, unitPriceMinor: 1e13, qty: 2 }], null, 0)).toMatchObject({ ok: false, problem: { code: 'too_large' } });
  });

  it('for any bill: the lines add up to the unit, nothing below zero, the discount within the limit or refused', () => {
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 12 }), billDiscount, fc.integer({ min: 0, max: 100 }), (lines, bd, limit) => {
        const discount = resolve(lines, bd);
        const free = billSums(lines, discount, 100);
        // With a limit of 100 % a discount that fits its line and bill is always accepted.
        expect(free.ok).toBe(true);
        if (!free.ok) return;
        const s = free.sums;
        expect(s.lines.reduce((a, l) => a + l.grossMinor, 0)).toBe(s.grossMinor);
        expect(s.lines.reduce((a, l) => a + l.netMinor, 0)).toBe(s.totalMinor);
        expect(s.lines.reduce((a, l) => a + l.billDiscountMinor, 0)).toBe(s.billDiscountMinor);
        expect(s.lines.reduce((a, l) => a + l.lineDiscountMinor + l.billDiscountMinor, 0)).toBe(s.discountMinor);
        expect(s.totalMinor).toBe(s.grossMinor - s.discountMinor);
        for (const l of s.lines) expect(l.netMinor).toBeGreaterThanOrEqual(0);
        // The same bill under a smaller limit: accepted with the same sums, or refused as over the limit.
        const limited = billSums(lines, discount, limit);
        if (s.discountMinor <= allowedDiscount(s.grossMinor, limit)) expect(limited).toEqual({ ok: true, sums: { ...s, allowedDiscountMinor: allowedDiscount(s.grossMinor, limit) } });
        else expect(limited).toMatchObject({ ok: false, problem: { code: 'over_discount', discountMinor: s.discountMinor } });
        // Same input, same output.
        expect(billSums(lines, discount, limit)).toEqual(limited);
      }),
      { numRuns: 500 },
    );
  });
});

describe('dueAfter', () => {
  it('what is left after the payments, or null for an overpayment', () => {
    expect(dueAfter(1000, [{ amountMinor: 300 }, { amountMinor: 200 }])).toBe(500);
    expect(dueAfter(1000, [{ amountMinor: 1000 }])).toBe(0);
    expect(dueAfter(1000, [{ amountMinor: 999 }, { amountMinor: 2 }])).toBeNull();
    expect(dueAfter(0, [])).toBe(0);
  });
});
