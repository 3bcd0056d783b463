// Names are text: what a name, phone or other identifying field may hold. Pure: no I/O.
//
// A name is read by people on every screen and matched by staff on the phone, so it must
// look like what it is. Three kinds of characters break that:
// - control characters (NUL, ESC, DEL, C1…): they end strings in C code (SQLite's FTS query
//   parser, logs), move terminals' cursors, and are never typed on purpose: refused;
// - format characters (Unicode category Cf: zero-width space/joiner, BOM, soft hyphen,
//   bidi embeddings, overrides and isolates, tag characters…): invisible, so a name can
//   look like another (`Hoa` and `Ho\u200Ba`) or show its letters in another order
//   (U+202E): removed, as staff cannot see them to delete them and they carry nothing;
// - only invisible letters (Hangul fillers, Braille blank, spaces of every kind): a name
//   that shows as nothing: refused.
// Line breaks and tabs become one space; runs of spaces one space; the result is trimmed
// and in NFC (Vietnamese typed on a Mac arrives decomposed: the same name, the same bytes).
// Free text (notes) is not passed through this: it may keep what its writer put there. A name
// from the phone network is cleaned the same way, dropping what would be refused.

export type TextProblem = { kind: 'control'; codePoint: number } | { kind: 'invisible' };

export type CleanText = { ok: true; text: string } | { ok: false; problem: TextProblem };

const CONTROL = /[\p{Cc}]/u;
const CONTROLS = /\p{Cc}/gu;
/** Tab, line feed, vertical tab, form feed, carriage return, NEL: whitespace, made one space. */
const WHITE_CONTROL = /[\t\n\v\f\r\u0085]/g;
const FORMAT = /\p{Cf}/gu;
const SPACES = /[\p{Zs}\p{Zl}\p{Zp}]+/gu;
/**
 * Letters and symbols that draw nothing: Hangul fillers, Braille pattern blank, Khmer
 * inherent vowels, Mongolian vowel separator. Combining marks (\p{M}) draw only on a base.
 */
const BLANK = /[\u115F\u1160\u17B4\u17B5\u180E\u2800\u3164\uFFA0\p{M}\p{Zs}\p{Zl}\p{Zp}]/gu;

/** The single-line text of an identifying field, or why it cannot be one. Empty is allowed. */
export function cleanLineText(raw: string): CleanText {
  const flat = raw.replace(WHITE_CONTROL, ' ');
  const control = CONTROL.exec(flat);
  if (control) return { ok: false, problem: { kind: 'control', codePoint: control[0].codePointAt(0)! } };
  const text = flat.replace(FORMAT, '').normalize('NFC').replace(SPACES, ' ').trim();
  return { ok: true, text };
}

/** A name: single-line text that shows at least one visible character. */
export function cleanName(raw: string): CleanText {
  const r = cleanLineText(raw);
  if (!r.ok) return r;
  if (r.text !== '' && !hasVisible(r.text)) return { ok: false, problem: { kind: 'invisible' } };
  return r;
}

/**
 * A name that arrived from outside (a caller-ID name from the phone network): nobody can be
 * asked to type it again, so control characters are dropped rather than refused; null when
 * nothing visible is left.
 */
export function cleanReceivedName(raw: string | null): string | null {
  if (raw === null) return null;
  const r = cleanName(raw.replace(WHITE_CONTROL, ' ').replace(CONTROLS, ''));
  return r.ok && r.text !== '' ? r.text : null;
}

export function hasVisible(text: string): boolean {
  return text.replace(BLANK, '').length > 0;
}

/** For people: what is wrong, naming the character by its code point. */
export function describeTextProblem(p: TextProblem): string {
  if (p.kind === 'control') return `contains a control character (U+${p.codePoint.toString(16).toUpperCase().padStart(4, '0')}); type it again without it`;
  return 'shows no visible characters';
}
