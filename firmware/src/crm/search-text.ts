// What the customer_search trigram index holds for one customer, and how a query is read.
// Pure: no I/O.
import { digitsOnly, foldText } from '../util/fold.js';
import { phoneSearchDigits } from './phone.js';
import { pinyinForms, type PinyinForms } from './pinyin.js';

/**
 * Bump when customerSearchText changes: the box then rebuilds the index at start, which is how
 * existing customers get what a new version indexes (3: the pinyin of Chinese names).
 */
export const SEARCH_TEXT_VERSION = 3;

// Separates fields so a query cannot match across them. Trigrams spanning it contain '\u0001',
// which no folded query contains.
const SEP = ' \u0001 ';
// Wraps the 1- and 2-character pieces of each name word, so that a 1-2 character query,
// wrapped the same way, is a 3-4 character phrase the trigram index can answer: a trigram
// index cannot look up fewer than 3 characters, and scanning 200,000 rows takes ~40 ms.
const SHORT = '\u0002';

/** Every distinct character and adjacent pair within each word: "王小明" -> 王 王小 小 小明 明. */
function shortPieces(words: string[]): string[] {
  const out = new Set<string>();
  for (const word of words.flatMap((w) => w.split(' '))) {
    const chars = [...word];
    chars.forEach((c, i) => {
      out.add(c);
      if (i + 1 < chars.length) out.add(c + chars[i + 1]);
    });
  }
  return [...out];
}

/**
 * The 1-2 letter pinyin a person types: the start of a syllable ("z", "zh", "w", "we"; ü as
 * u and v) or initials ("zw"). Not every letter pair of the pinyin ("an", "gw"): nobody types
 * those, and their pieces made loading a Chinese customer ~20% slower.
 */
function pinyinShortPieces(py: PinyinForms): string[] {
  return py.syllables.flatMap((s) => [...new Set([foldText(s), s.replace(/ü/g, 'v')])].flatMap((typed) => [typed[0]!, typed.slice(0, 2)]));
}

/**
 * Name, phone digits, e-mail address, the pinyin of a Chinese name (whole, with ü also as v, and initials:
 * 张伟 -> "zhangwei", "zw"), and the short pieces of the name and its pinyin. Not the customer
 * number: its digits would answer phone searches ("00012" is in "C000012"); it is looked up
 * exactly instead.
 */
export function customerSearchText(name: string, e164s: string[], email: string | null = null): string {
  const folded = foldText(name);
  const py = pinyinForms(name);
  const pinyin = py ? [foldText(py.full), ...(py.fullV ? [py.fullV] : []), py.initials] : [];
  const pieces = [...new Set([...shortPieces([folded, ...(py ? [py.initials] : [])]), ...(py ? pinyinShortPieces(py) : [])])];
  // The e-mail address (folded, so "Hoa@Example.com" is found by "hoa@ex"); none adds nothing, so
  // the text of a customer without one is what version 3 wrote and the index needs no rebuild.
  return [folded, ...e164s.flatMap(phoneSearchDigits), ...(email ? [foldText(email)] : []), ...pinyin, pieces.length ? SHORT + pieces.join(SHORT) + SHORT : ''].join(SEP);
}

/** Customer numbers come from the never-reused AUTOINCREMENT id. */
export const customerNumber = (id: number): string => `C${String(id).padStart(6, '0')}`;

export type SearchQuery =
  | { kind: 'phone'; text: string }
  | { kind: 'name'; text: string }
  | { kind: 'customerNo'; customerNo: string }
  | { kind: 'none' };

/**
 * "C123" or "c000123" -> that customer number; digits and phone punctuation only -> a phone
 * fragment; anything else -> a name fragment.
 */
export function parseSearchQuery(q: string): SearchQuery {
  const trimmed = q.trim();
  if (!trimmed) return { kind: 'none' };
  const no = /^[cC]\s*0*(\d{1,12})$/.exec(trimmed);
  if (no) return { kind: 'customerNo', customerNo: customerNumber(Number(no[1])) };
  if (/^[\d\s+\-().]+$/.test(trimmed) && /\d/.test(trimmed)) return { kind: 'phone', text: digitsOnly(trimmed) };
  const text = foldText(trimmed).replace(/[\u0001\u0002]/g, '');
  return text ? { kind: 'name', text } : { kind: 'none' };
}

export type IndexLookup = { match: string } | { like: string };

/**
 * How to look a query up in the index: an FTS5 phrase (substring match through trigrams)
 * when it is 3+ characters, or a 1-2 character name piece; a LIKE scan only for 1-2 digit
 * phone fragments, which match nearly every row and so stop at once.
 */
export function indexLookup(query: { kind: 'phone' | 'name'; text: string }): IndexLookup {
  const length = [...query.text].length;
  if (length >= 3) return { match: ftsPhrase(query.text) };
  if (query.kind === 'name' && !query.text.includes(' ')) return { match: ftsPhrase(SHORT + query.text + SHORT) };
  return { like: likeContains(query.text) };
}

/** An FTS5 phrase matching the text as a substring (trigram tokenizer). */
const ftsPhrase = (text: string): string => `"${text.replace(/"/g, '""')}"`;

/** A LIKE pattern matching the text as a substring, with LIKE's wildcards escaped by '\'. */
const likeContains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
