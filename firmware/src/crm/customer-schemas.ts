import { z } from 'zod';
import { lineText, nameText } from '../util/text-schemas.js';
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

/**
 * An e-mail address (C1/S6): trimmed, at most 254 characters, the shape zod knows as an e-mail,
 * with the domain in lower case (mail servers ignore its case; the local part is kept as typed).
 * Empty means none (null).
 */
export const emailAddress = z
  .string()
  .trim()
  .max(254, 'longer than 254 characters')
  .refine((s) => s === '' || z.regexes.email.test(s), 'not an e-mail address, e.g. hoa@example.com')
  .transform((s) => (s === '' ? null : normalizeEmail(s)))
  .nullable();

/** The domain in lower case; the local part as written. */
export function normalizeEmail(s: string): string {
  const at = s.lastIndexOf('@');
  return s.slice(0, at) + s.slice(at).toLowerCase();
}

// Names are text (util/plain-text.ts): identifying fields drop invisible format characters,
// refuse control characters, and a name or phone must show something. Notes stay free text.
export const phoneInputSchema = z
  .object({ number: nameText(40), label: lineText(30).optional() })
  .strict();

const fields = {
  name: nameText(100),
  gender: z.enum(GENDERS).nullable(),
  birthday: dateOnly.nullable(),
  birthdayLunar: z.boolean(),
  address: lineText(300),
  area: lineText(100),
  occupation: lineText(100),
  source: lineText(100),
  businessType: z.enum(BUSINESS_TYPES).nullable(),
  babyBirthDate: dateOnly.nullable(),
  weddingDate: dateOnly.nullable(),
  notes: text(5000),
  tags: z.array(nameText(40)).max(30),
  email: emailAddress,
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
