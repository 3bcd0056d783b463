// The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1, §6.2.1.1).
// Text here is a list of septet values; packing them into octets is septet-packing.ts's job.

/** Escape to the extension table: the next septet is read from EXTENSION. */
export const ESC = 0x1b;

// Index = septet value. 0x1B is ESC, never a character of its own: the placeholder '\u001b'
// is skipped when building the encoder's map, so a literal ESC in text is not GSM-7.
const BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

// Extension septet -> character (form feed, ^ { } \ [ ~ ] | €).
const EXTENSION: ReadonlyArray<readonly [number, string]> = [
  [0x0a, '\f'],
  [0x14, '^'],
  [0x28, '{'],
  [0x29, '}'],
  [0x2f, '\\'],
  [0x3c, '['],
  [0x3d, '~'],
  [0x3e, ']'],
  [0x40, '|'],
  [0x65, '€'],
];

// UTF-16 code unit -> septet (< 0x80) or 0x100 | extension septet (needs ESC first).
// Built once from the tables above; never changes.
const ENCODE = new Map<number, number>();
for (let i = 0; i < BASIC.length; i++) if (i !== ESC) ENCODE.set(BASIC.charCodeAt(i), i);
for (const [septet, ch] of EXTENSION) ENCODE.set(ch.charCodeAt(0), 0x100 | septet);

const EXT_DECODE = new Map<number, string>(EXTENSION);

/** How many septets a UTF-16 code unit takes in GSM-7: 1, 2 (extension), or 0 (not in GSM-7). */
export function gsm7Width(codeUnit: number): 0 | 1 | 2 {
  const v = ENCODE.get(codeUnit);
  return v === undefined ? 0 : v > 0xff ? 2 : 1;
}

/** True when every character can be sent in GSM-7 (default alphabet + extension). */
export function isGsm7(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (gsm7Width(text.charCodeAt(i)) === 0) return false;
  return true;
}

/** Septets for the text, extension characters as ESC + code; null if a character is not GSM-7. */
export function textToSeptets(text: string): number[] | null {
  const out: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const v = ENCODE.get(text.charCodeAt(i));
    if (v === undefined) return null;
    if (v > 0xff) out.push(ESC, v & 0x7f);
    else out.push(v);
  }
  return out;
}

/**
 * Text for septets. Per 23.038 §6.2.1.1: an escaped code the extension table does not define
 * is shown as the default-alphabet character, and ESC ESC (reserved for a further table) as a
 * space. A trailing lone ESC is shown as a space too: dropping it would hide that it was sent.
 */
export function septetsToText(septets: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < septets.length; i++) {
    const s = (septets[i] ?? 0) & 0x7f;
    if (s !== ESC) {
      out += BASIC.charAt(s);
      continue;
    }
    const next = septets[i + 1];
    i++;
    if (next === undefined || (next & 0x7f) === ESC) out += ' ';
    else out += EXT_DECODE.get(next & 0x7f) ?? BASIC.charAt(next & 0x7f);
  }
  return out;
}
