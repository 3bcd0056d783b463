// What the customer_search trigram index holds for one customer, and how a query is read.
// Pure: no I/O.
import { digitsOnly, foldText } from '../util/fold.js';
import { phoneSearchDigits } from './phone.js';

// Separates fields so a query cannot match across them. Trigrams spanning it contain '\u0001',
// which no folded query contains.
const SEP = ' \u0001 ';

export function customerSearchText(name: string, e164s: string[]): string {
  return [foldText(name), ...e164s.flatMap(phoneSearchDigits)].join(SEP);
}

export type SearchQuery = { kind: 'phone'; text: string } | { kind: 'name'; text: string } | { kind: 'none' };

/** Digits and phone punctuation only -> a phone fragment; anything else -> a name fragment. */
export function parseSearchQuery(q: string): SearchQuery {
  const trimmed = q.trim();
  if (!trimmed) return { kind: 'none' };
  if (/^[\d\s+\-().]+$/.test(trimmed) && /\d/.test(trimmed)) return { kind: 'phone', text: digitsOnly(trimmed) };
  const text = foldText(trimmed).replace(/\u0001/g, '');
  return text ? { kind: 'name', text } : { kind: 'none' };
}

/** An FTS5 phrase matching the text as a substring (trigram tokenizer). */
export const ftsPhrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** A LIKE pattern matching the text as a substring, with LIKE's wildcards escaped by '\'. */
export const likeContains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
