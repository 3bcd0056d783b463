// The arithmetic of a bill (F1), pure and shared by the box and the UI (the bill screen shows
// the same sums it will save). Integers in the currency's minor unit throughout; products go
// through BigInt so a large price times a percentage never loses a unit to floating point.
//
// - A line's gross is unit price × quantity + extra photos × the price of an extra photo.
// - A discount is an amount or a percentage (in basis points, 1 % = 100 bp) of what it applies
//   to: a line's gross, or the bill after its line discounts. A percentage is rounded to the
//   nearest minor unit, halves up (12.5 fen → 13).
// - The bill's discount is spread over the lines in proportion to what each line still costs,
//   by largest remainder (ties to the earlier line), so the shares add up to it exactly and
//   every line's net stays ≥ 0.
// - The whole discount (lines + bill) may be at most the user's limit, a whole percentage of
//   the gross, rounded down (a limit never lets through a fraction of a unit more).
// - Payments on the bill are each > 0 and together at most what is due.

export const BP_FULL = 10_000;

export type Discount = { minor: number } | { bp: number };

export interface LineIn {
  unitPriceMinor: number;
  qty: number;
  extraPhotos: number;
  /** Null when the item sells no extra photos (then extraPhotos must be 0). */
  extraPhotoMinor: number | null;
  discount: Discount | null;
}

export interface LineOut {
  grossMinor: number;
  lineDiscountMinor: number;
  billDiscountMinor: number;
  netMinor: number;
}

export interface BillSums {
  lines: LineOut[];
  grossMinor: number;
  /** Line discounts and the bill discount together. */
  discountMinor: number;
  billDiscountMinor: number;
  totalMinor: number;
  /** The most this bill may be discounted by the given limit (floor of gross × pct / 100). */
  allowedDiscountMinor: number;
}

export type BillProblem =
  | { code: 'extra_photos_not_sold'; line: number }
  | { code: 'line_discount_too_big'; line: number; grossMinor: number; discountMinor: number }
  | { code: 'bill_discount_too_big'; afterLinesMinor: number; discountMinor: number }
  | { code: 'over_discount'; discountMinor: number; allowedDiscountMinor: number; limitPct: number }
  | { code: 'too_large'; what: string };

export type BillResult = { ok: true; sums: BillSums } | { ok: false; problem: BillProblem };

/** A bill's money never goes past this (as orders: 100 billion major units, far below 2^53). */
export const BILL_MAX_MINOR = 1e13;

/** `value × bp / 10000`, rounded to the nearest unit, halves up; exact for any safe integers. */
export function percentOf(value: number, bp: number): number {
  const n = BigInt(value) * BigInt(bp);
  const full = BigInt(BP_FULL);
  return Number((n + full / 2n) / full);
}

/** The largest discount a limit allows on a gross: floor(gross × pct / 100). */
export function allowedDiscount(grossMinor: number, limitPct: number): number {
  return Number((BigInt(grossMinor) * BigInt(limitPct)) / 100n);
}

function discountOf(d: Discount | null, base: number): number {
  if (!d) return 0;
  return 'minor' in d ? d.minor : percentOf(base, d.bp);
}

/**
 * Splits `amount` over `weights` in proportion, by largest remainder: the parts add up to
 * `amount` exactly, each part ≤ its weight when amount ≤ the sum of weights, ties go to the
 * earlier index. All zero weights: everything on the first (there is nothing to discount).
 */
export function spread(amount: number, weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  if (!weights.length) return [];
  if (total === 0) return weights.map((_, i) => (i === 0 ? amount : 0));
  const t = BigInt(total);
  const parts = weights.map((w) => (BigInt(amount) * BigInt(w)) / t);
  const rems = weights.map((w, i) => ({ i, r: (BigInt(amount) * BigInt(w)) % t }));
  let left = amount - parts.reduce((a, b) => a + Number(b), 0);
  rems.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  const out = parts.map(Number);
  for (const x of rems) {
    if (left <= 0) break;
    out[x.i]! += 1;
    left -= 1;
  }
  return out;
}

/** The sums of a bill, or the first thing wrong with it. */
export function billSums(lines: LineIn[], billDiscount: Discount | null, limitPct: number): BillResult {
  const outs: LineOut[] = [];
  for (const [i, l] of lines.entries()) {
    if (l.extraPhotos > 0 && l.extraPhotoMinor === null) return { ok: false, problem: { code: 'extra_photos_not_sold', line: i } };
    const gross = l.unitPriceMinor * l.qty + l.extraPhotos * (l.extraPhotoMinor ?? 0);
    if (!Number.isSafeInteger(gross) || gross > BILL_MAX_MINOR) return { ok: false, problem: { code: 'too_large', what: `line ${i + 1}` } };
    const d = discountOf(l.discount, gross);
    if (d > gross) return { ok: false, problem: { code: 'line_discount_too_big', line: i, grossMinor: gross, discountMinor: d } };
    outs.push({ grossMinor: gross, lineDiscountMinor: d, billDiscountMinor: 0, netMinor: gross - d });
  }
  const grossMinor = outs.reduce((a, l) => a + l.grossMinor, 0);
  if (grossMinor > BILL_MAX_MINOR) return { ok: false, problem: { code: 'too_large', what: 'the bill' } };
  const afterLines = outs.reduce((a, l) => a + l.netMinor, 0);
  const billDiscountMinor = discountOf(billDiscount, afterLines);
  if (billDiscountMinor > afterLines) return { ok: false, problem: { code: 'bill_discount_too_big', afterLinesMinor: afterLines, discountMinor: billDiscountMinor } };
  const shares = spread(billDiscountMinor, outs.map((l) => l.netMinor));
  const final = outs.map((l, i) => ({ ...l, billDiscountMinor: shares[i]!, netMinor: l.netMinor - shares[i]! }));
  const discountMinor = grossMinor - afterLines + billDiscountMinor;
  const allowedDiscountMinor = allowedDiscount(grossMinor, limitPct);
  if (discountMinor > allowedDiscountMinor) return { ok: false, problem: { code: 'over_discount', discountMinor, allowedDiscountMinor, limitPct } };
  return { ok: true, sums: { lines: final, grossMinor, discountMinor, billDiscountMinor, totalMinor: grossMinor - discountMinor, allowedDiscountMinor } };
}

/** What the payments taken with a bill leave: null when they are more than is due. */
export function dueAfter(dueMinor: number, payments: { amountMinor: number }[]): number | null {
  const paid = payments.reduce((a, p) => a + p.amountMinor, 0);
  return paid > dueMinor ? null : dueMinor - paid;
}
