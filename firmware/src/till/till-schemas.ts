// Request bodies of the till's card endpoints (M2, M3).
import { z } from 'zod';
import { MONEY_METHODS } from '../api-types.js';
import { MAX_TOTAL_MINOR } from '../orders/order-service.js';

export const topUpSchema = z
  .object({
    amountMinor: z.number().int().positive().max(MAX_TOTAL_MINOR),
    method: z.enum(MONEY_METHODS),
    note: z.string().trim().max(500).default(''),
  })
  .strict();

export const transferSchema = z
  .object({
    toCardId: z.number().int().positive(),
    amountMinor: z.number().int().positive().max(MAX_TOTAL_MINOR),
    note: z.string().trim().max(500).default(''),
  })
  .strict();

export const reasonSchema = z.object({ reason: z.string().trim().min(1, 'required').max(500) }).strict();

export const pointsPreviewQuery = z.object({ amountMinor: z.coerce.number().int().min(0).max(MAX_TOTAL_MINOR) }).strict();
