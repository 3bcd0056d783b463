// Request bodies of the membership API (M1), checked the same way whether they come over HTTP
// or from another module calling the service: a failure names every bad field.
import { z } from 'zod';
import { nameText } from '../util/text-schemas.js';
import { ValidationError } from '../errors.js';
import { parseCardNo } from './card-number.js';

export const TYPE_NAME_MAX = 60;
export const TYPE_NOTE_MAX = 500;
export const REASON_MAX = 200;
/** Bigger than any real bill's points, small enough that a slip of the finger is caught. */
export const POINTS_DELTA_MAX = 10_000_000;

const reason = z.string().trim().min(1, 'required').max(REASON_MAX);

export const cardTypeCreateSchema = z
  .object({
    name: nameText(TYPE_NAME_MAX),
    note: z.string().trim().max(TYPE_NOTE_MAX).optional(),
    /** A main card of the type may move stored value to and from its attached cards. */
    sharesStoredValue: z.boolean().optional(),
  })
  .strict();

export const cardTypePatchSchema = cardTypeCreateSchema
  .partial()
  .strict()
  .refine((p) => p.name !== undefined || p.note !== undefined || p.sharesStoredValue !== undefined, { message: 'nothing to change: give name, note or sharesStoredValue' });

/** A card number in its stored form (card-number.ts); the message says what is wrong. */
export const cardNoSchema = z.string().max(200).transform((raw, ctx) => {
  const r = parseCardNo(raw);
  if (r.ok) return r.cardNo;
  ctx.addIssue({ code: 'custom', message: r.message });
  return z.NEVER;
});

export const cardIssueSchema = z
  .object({
    typeId: z.number().int().positive(),
    cardNo: cardNoSchema.optional(),
    mainCardId: z.number().int().positive().nullable().optional(),
  })
  .strict();

export const pointsSchema = z
  .object({
    delta: z
      .number()
      .int('must be a whole number')
      .min(-POINTS_DELTA_MAX, `at most ${POINTS_DELTA_MAX} points at once`)
      .max(POINTS_DELTA_MAX, `at most ${POINTS_DELTA_MAX} points at once`)
      .refine((d) => d !== 0, 'must not be 0: positive earns, negative deducts'),
    reason,
  })
  .strict();

export const reverseSchema = z.object({ reason }).strict();

export type CardTypeCreateInput = z.input<typeof cardTypeCreateSchema>;
export type CardTypePatchInput = z.input<typeof cardTypePatchSchema>;

/** Parses with a schema; a failure is a ValidationError naming each field (like http/validate.ts). */
export function check<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationError(
    r.error.issues.flatMap((i) => {
      // Unknown keys are one issue listing them; name each, as http/validate.ts does for one.
      const keys = i.code === 'unrecognized_keys' ? i.keys : [''];
      return keys.map((k) => ({ path: [...i.path.map(String), ...(k ? [k] : [])].join('.') || '(body)', message: i.message }));
    }),
  );
}
