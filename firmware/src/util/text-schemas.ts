// zod fields for identifying text (names, phones, labels, tags), through util/plain-text.ts.
import { z } from 'zod';
import { cleanLineText, cleanName, describeTextProblem, type CleanText } from './plain-text.js';

const through = (clean: (raw: string) => CleanText) => (raw: string, ctx: z.RefinementCtx): string => {
  const r = clean(raw);
  if (r.ok) return r.text;
  ctx.addIssue({ code: 'custom', message: describeTextProblem(r.problem) });
  return z.NEVER;
};

// The raw cap (before cleaning) bounds the work on a hostile input; the real cap is on the result.
const raw = (max: number) => z.string().max(max * 4 + 16, `longer than ${max} characters`);

/** One line of identifying text (an address, an area, a label); may be empty. */
export const lineText = (max: number) => raw(max).transform(through(cleanLineText)).pipe(z.string().max(max, `longer than ${max} characters`));

/** A name that must be there and be visible (customer, user, group, card type, studio). */
export const nameText = (max: number) =>
  raw(max).transform(through(cleanName)).pipe(z.string().min(1, 'required').max(max, `longer than ${max} characters`));
