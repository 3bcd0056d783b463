// A campaign's text for each recipient (S3): the template rendered with the customer's values
// (care/template-render.ts, the same rendering the automatic messages and the live preview
// use), and whether a number can take an SMS at all (a landline cannot).
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Gender, Language, TemplateValuesInfo } from '../api-types.js';
import { placeholdersIn, renderTemplate, type Placeholder } from '../care/template-render.js';

/** Placeholders filled from the customer row and the store alone: no lookups per recipient. */
const CHEAP: ReadonlySet<Placeholder> = new Set(['name', 'title', 'store', 'store_phone']);

export interface RecipientRow {
  id: number;
  name: string;
  gender: Gender | null;
}

export interface RenderDeps {
  /** Every value of one customer (orders, what they owe, points): only used when the text needs them. */
  valuesFor(customerId: number): TemplateValuesInfo;
  store: string | null;
  storePhone: string | null;
}

/** A function giving each recipient's own text. */
export function recipientRenderer(body: string, language: Language, d: RenderDeps): (r: RecipientRow) => string {
  const cheap = placeholdersIn(body).every((p) => CHEAP.has(p));
  if (cheap) return (r) => renderTemplate(body, language, { name: r.name, gender: r.gender, store: d.store, storePhone: d.storePhone }).text;
  return (r) => renderTemplate(body, language, d.valuesFor(r.id)).text;
}

const SMS_TYPES = new Set(['MOBILE', 'FIXED_LINE_OR_MOBILE', 'PERSONAL_NUMBER']);

// libphonenumber's type check costs 0.2–0.3 ms a number on a Pi-class CPU: 15 s for 50,000
// recipients. Whether a number is a mobile follows from its leading digits and its length (the
// numbering plans are built that way: CN 1[3-9]x, VN 9x/3x/7x/8x, landlines by area code), so
// the answer for "+86138" plus one more digit and this length is reused for the others.
const known = new Map<string, boolean>();

/** Whether an E.164 number can receive an SMS: a valid number that is not known to be a landline or a service line. */
export function smsCapable(e164: string): boolean {
  const key = `${e164.slice(0, 7)}:${e164.length}`;
  const hit = known.get(key);
  if (hit !== undefined) return hit;
  const p = parsePhoneNumberFromString(e164);
  const type = p?.isValid() ? p.getType() : null;
  const ok = type !== null && (type === undefined || SMS_TYPES.has(type));
  // A number that is not valid at all says nothing about its neighbours.
  if (type !== null && known.size < 100_000) known.set(key, ok);
  return ok;
}
