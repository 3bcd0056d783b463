// Which customer field each column of a spreadsheet fills, guessed from its header in
// Chinese, Vietnamese or English (crm/field-words.ts), and the enum values matched the same
// way. Pure: no I/O.
import { IMPORT_FIELDS, IMPORT_MULTI_FIELDS, LANGUAGES, type ImportField, type ImportMapping, type Language } from '../../api-types.js';
import { foldText } from '../../util/fold.js';
import { FIELD_HEADERS } from '../field-words.js';

/**
 * A header or value as compared: folded (case, accents and width ignored, đ → d), with spaces,
 * punctuation and a trailing number removed ("Phone 2", "电话1", "Số điện thoại:" → "phone",
 * "电话", "sodienthoai").
 */
export function wordKey(text: string): string {
  return foldText(text)
    .replace(/[\s\p{P}\p{S}]+/gu, '')
    .replace(/\d+$/u, '');
}

/** Every (key, value) of a words table, keys longest first: a longer word is the better match. */
function keyed<K extends string>(table: Record<K, Record<Language, string[]>>): { key: string; value: K }[] {
  const out: { key: string; value: K }[] = [];
  for (const value of Object.keys(table) as K[]) {
    for (const lang of LANGUAGES) for (const w of table[value][lang]) out.push({ key: wordKey(w), value });
  }
  return out.filter((e) => e.key !== '').sort((a, b) => b.key.length - a.key.length);
}

const HEADER_KEYS = keyed(FIELD_HEADERS);

/**
 * Words too general to be found inside a longer header: "客户编号" (customer number) is not a
 * name, "订单类型" not a business type, "付款状态" not a stage.
 */
const EXACT_ONLY = new Set(['客户', '联系人', '类型', '业务', '状态', '分类', '工作', '到期', '客户类型', 'khachhang', 'ten', 'kenh', 'han', 'customer', 'client', 'type', 'business', 'status', 'due', 'added', 'wedding', 'job', 'channel'].map(wordKey));

/** The field a header is exactly one of the words for, or null. */
function exactField(key: string): ImportField | null {
  return HEADER_KEYS.find((e) => e.key === key)?.value ?? null;
}

/**
 * The field whose longest known word the header contains ("宝宝出生日期" is the baby's, not the
 * customer's birthday; "客户联系电话" is a phone). Latin words of under four letters only match
 * exactly ("Tel" must not match "Hotel", nor "Tên" "Content").
 */
function containedField(key: string): ImportField | null {
  return HEADER_KEYS.find((e) => !EXACT_ONLY.has(e.key) && (e.key.length >= 4 || /[^\x00-\x7f]/.test(e.key)) && key.includes(e.key))?.value ?? null;
}

/** The field a header names, or null: an exact word first, else a word it contains. */
export function guessField(header: string): ImportField | null {
  const key = wordKey(header);
  if (!key) return null;
  return exactField(key) ?? containedField(key);
}

/**
 * One field per column from the headers. Exact headers are placed first, then headers that
 * contain a known word ("客户编号" must not take the name from a later "姓名"). A field that
 * takes one column goes to the first column naming it; later ones are left out (null) for a
 * person to decide. Phones, notes and tags may come from several columns.
 */
export function guessMapping(headers: string[]): ImportMapping {
  const keys = headers.map(wordKey);
  const out: ImportMapping = headers.map(() => null);
  const taken = new Set<ImportField>();
  const place = (i: number, f: ImportField | null) => {
    if (!f || out[i] !== null) return;
    if (!IMPORT_MULTI_FIELDS.includes(f)) {
      if (taken.has(f)) return;
      taken.add(f);
    }
    out[i] = f;
  };
  keys.forEach((k, i) => place(i, k ? exactField(k) : null));
  keys.forEach((k, i) => place(i, k ? containedField(k) : null));
  return out;
}

/** Problems with a mapping a person chose, in words; empty when it can be used. */
export function mappingProblems(mapping: ImportMapping, columns: number): string[] {
  const out: string[] = [];
  if (mapping.length !== columns) out.push(`the mapping has ${mapping.length} entries for ${columns} columns`);
  if (!mapping.includes('name')) out.push('no column is mapped to the name');
  for (const f of IMPORT_FIELDS) {
    if (IMPORT_MULTI_FIELDS.includes(f)) continue;
    const n = mapping.filter((m) => m === f).length;
    if (n > 1) out.push(`${n} columns are mapped to ${f}; it takes one`);
  }
  return out;
}

/** A matcher for an enum's words in any of the three languages ("女", "nữ", "F" → female). */
export function wordMatcher<K extends string>(table: Record<K, Record<Language, string[]>>): (text: string) => K | null {
  const byKey = new Map<string, K>();
  for (const e of keyed(table)) if (!byKey.has(e.key)) byKey.set(e.key, e.value);
  // The enum's own values ("wedding", "lead") are words too.
  for (const value of Object.keys(table) as K[]) byKey.set(wordKey(value), value);
  return (text) => byKey.get(wordKey(text)) ?? null;
}
