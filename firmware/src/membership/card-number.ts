// Member card numbers (M1): printed on the card and in its barcode, typed at the desk, scanned
// by a phone camera, or given by the box when the studio has no printed cards. Pure: the
// database check for "already taken" is passed in.
//
// One number must always be stored, searched and compared in one form, whatever way it came
// in: spaces dropped (printed cards group digits, "8800 1234"), upper case (the column is
// NOCASE anyway, but the card shows what is stored), and dashes kept, because on cards that
// print them they are part of the number ("VIP-0012" and "VIP0012" may be two cards).

export const CARD_NO_MIN = 4;
export const CARD_NO_MAX = 32;

/** The box's own numbers: "M" and at least six digits, M000001, M000002… */
export const BOX_CARD_PREFIX = 'M';
const BOX_DIGITS = 6;

export type CardNoResult = { ok: true; cardNo: string } | { ok: false; message: string };

/**
 * The forms a keyboard or scanner may give for the same number, made one: full-width letters
 * and digits from a Chinese input method (NFKC), typographic dashes (a word processor's "–"),
 * every kind of space and the CR/LF a scanner app appends. Not yet validated or upper-cased.
 */
export function cleanCardNo(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\u2010-\u2015\u2212\uFE58\uFE63]/g, '-')
    .replace(/[\s\u200B-\u200D\u2060]+/g, '');
}

/** A typed or scanned number in its stored form, or why it cannot be one. */
export function parseCardNo(raw: string): CardNoResult {
  const s = cleanCardNo(raw);
  if (s === '') return { ok: false, message: 'required' };
  // Checked before upper-casing: "ß".toUpperCase() is "SS", which would slip through.
  const bad = /[^A-Za-z0-9-]/u.exec(s);
  if (bad) return { ok: false, message: `only letters A–Z, digits and dashes may be used, not "${bad[0]}"` };
  if (s.length < CARD_NO_MIN || s.length > CARD_NO_MAX) {
    return { ok: false, message: `must be ${CARD_NO_MIN} to ${CARD_NO_MAX} characters long (this one has ${s.length})` };
  }
  // A dash only separates groups: "-123", "123-" and "12--3" are typing slips.
  if (s.startsWith('-') || s.endsWith('-') || s.includes('--')) {
    return { ok: false, message: 'a dash must stand between letters or digits' };
  }
  return { ok: true, cardNo: s.toUpperCase() };
}

/** The box's number for counter value n (1, 2, …): M000001; more digits past 999999. */
export function boxCardNo(n: number): string {
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`card counter must be a positive whole number, not ${n}`);
  return BOX_CARD_PREFIX + String(n).padStart(BOX_DIGITS, '0');
}

/** Whether a stored number has the form of the box's own (then it counts towards the counter). */
export function isBoxCardNo(cardNo: string): boolean {
  return new RegExp(`^${BOX_CARD_PREFIX}\\d{${BOX_DIGITS},}$`).test(cardNo);
}

/**
 * The first box number from counter value `start` on that is not taken. A typed number may
 * happen to be one the box would give (M000007 on a pre-printed card), so taken ones are
 * skipped. It ends: each skipped number is an existing card, and there are finitely many.
 */
export function nextFreeBoxCardNo(start: number, taken: (cardNo: string) => boolean): string {
  for (let n = Math.max(1, start); ; n++) {
    const candidate = boxCardNo(n);
    if (!taken(candidate)) return candidate;
  }
}
