// The segment filter (S3) as the API takes it: every field optional, every list short and
// without blanks. Validated here once; the SQL builder (segment-sql.ts) trusts its output.
import { z } from 'zod';
import { BUSINESS_TYPES, STAGES, type SegmentFilter } from '../api-types.js';
import { lineText, nameText } from '../util/text-schemas.js';

const days = z.number().int().min(0).max(36_500);
const daysRange = z
  .object({ olderThanDays: days.optional(), withinDays: days.optional() })
  .strict()
  .refine((r) => r.olderThanDays !== undefined || r.withinDays !== undefined, 'give olderThanDays or withinDays');
const bound = z.number().int().min(-1e15).max(1e15);
const intRange = z
  .object({ min: bound.optional(), max: bound.optional() })
  .strict()
  .refine((r) => r.min !== undefined || r.max !== undefined, 'give min or max')
  .refine((r) => r.min === undefined || r.max === undefined || r.min <= r.max, 'min is above max');
const words = z.array(nameText(100)).min(1).max(50);
/** Sources and areas: the blank one is a value too ("no source given"). */
const fieldValues = z.array(lineText(100)).min(1).max(50);
const id = z.number().int().positive();

export const segmentFilterSchema = z
  .object({
    stages: z.array(z.enum(STAGES)).min(1).max(STAGES.length).optional(),
    tags: words.optional(),
    sources: fieldValues.optional(),
    areas: fieldValues.optional(),
    businessTypes: z.array(z.enum(BUSINESS_TYPES)).min(1).max(BUSINESS_TYPES.length).optional(),
    birthdayMonths: z.array(z.number().int().min(1).max(12)).min(1).max(12).optional(),
    lastVisit: daysRange.optional(),
    lastOrder: daysRange.optional(),
    cardTypeIds: z.array(id).min(1).max(100).optional(),
    points: intRange.optional(),
    balanceMinor: intRange.optional(),
    notOptedOut: z.boolean().optional(),
    customerIds: z.array(id).min(1).max(200_000).optional(),
  })
  .strict() satisfies z.ZodType<SegmentFilter>;

export const segmentInputSchema = z.object({ name: nameText(100), filter: segmentFilterSchema }).strict();
export const segmentPatchSchema = segmentInputSchema.partial().strict();
