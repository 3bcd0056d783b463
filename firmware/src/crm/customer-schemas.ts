import { z } from 'zod';
import { BUSINESS_TYPES, GENDERS, STAGES } from '../api-types.js';

/** A calendar date, YYYY-MM-DD, that exists. */
export const dateOnly = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be YYYY-MM-DD')
  .refine((s) => {
    const d = new Date(`${s}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
  }, 'not a real date');

const text = (max: number) => z.string().trim().max(max);

export const phoneInputSchema = z
  .object({ number: z.string().trim().min(1, 'required').max(40), label: text(30).optional() })
  .strict();

const fields = {
  name: text(100).min(1, 'required'),
  gender: z.enum(GENDERS).nullable(),
  birthday: dateOnly.nullable(),
  address: text(300),
  area: text(100),
  occupation: text(100),
  source: text(100),
  businessType: z.enum(BUSINESS_TYPES).nullable(),
  babyBirthDate: dateOnly.nullable(),
  weddingDate: dateOnly.nullable(),
  notes: text(5000),
  tags: z.array(text(40).min(1)).max(30),
  phones: z.array(phoneInputSchema).max(10),
  stage: z.enum(STAGES),
  stageDueAt: z.iso.datetime({ offset: true }).nullable(),
  allowDuplicatePhone: z.boolean(),
};

export const customerCreateSchema = z
  .object({ ...fields, name: fields.name })
  .partial()
  .required({ name: true })
  .strict();

export const customerPatchSchema = z.object(fields).partial().strict();

export type CustomerCreateInput = z.output<typeof customerCreateSchema>;
export type CustomerPatchInput = z.output<typeof customerPatchSchema>;
