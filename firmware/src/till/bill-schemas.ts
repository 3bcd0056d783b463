// The body of POST /api/orders/:id/bill, checked the same way over HTTP and from the service.
import { z } from 'zod';
import { PAYMENT_METHODS } from '../api-types.js';
import { cardGiven } from '../finance/payment-service.js';
import { MAX_TOTAL_MINOR } from '../orders/order-service.js';
import { BP_FULL, type Discount } from './bill-math.js';

const money = z.number().int().min(0).max(MAX_TOTAL_MINOR);
const bp = z.number().int().min(0).max(BP_FULL);
export const BILL_LINES_MAX = 100;

const line = z
  .object({
    priceItemId: z.number().int().positive(),
    qty: z.number().int().min(1).max(10_000).default(1),
    extraPhotos: z.number().int().min(0).max(100_000).default(0),
    discountMinor: money.optional(),
    discountBp: bp.optional(),
  })
  .strict()
  .refine((l) => l.discountMinor === undefined || l.discountBp === undefined, { message: 'give discountMinor or discountBp, not both', path: ['discountBp'] });

export const billPaymentSchema = z
  .object({ method: z.enum(PAYMENT_METHODS), amountMinor: money.refine((n) => n > 0, 'must be more than 0'), cardId: z.number().int().positive().optional() })
  .strict()
  .refine(cardGiven, { message: 'stored_value and points are paid from a member card: give cardId (and only then)', path: ['cardId'] });

export const billBodySchema = z
  .object({
    lines: z.array(line).min(1, 'a bill has at least one item').max(BILL_LINES_MAX),
    billDiscountMinor: money.optional(),
    billDiscountBp: bp.optional(),
    payments: z.array(billPaymentSchema).max(10).default([]),
    note: z.string().trim().max(500).default(''),
  })
  .strict()
  .refine((b) => b.billDiscountMinor === undefined || b.billDiscountBp === undefined, { message: 'give billDiscountMinor or billDiscountBp, not both', path: ['billDiscountBp'] });

export type BillBody = z.output<typeof billBodySchema>;

/** A discount as the arithmetic takes it. */
export function discountOf(minor: number | undefined, bpValue: number | undefined): Discount | null {
  if (minor !== undefined) return { minor };
  if (bpValue !== undefined) return { bp: bpValue };
  return null;
}
