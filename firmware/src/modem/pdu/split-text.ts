// How a text is cut into SMS parts: the alphabet, and where each part ends. Shared by the
// encoder and the UI's "N parts, M left" preview, so the two can never disagree.
import { gsm7Width, isGsm7 } from './gsm7-alphabet.js';

export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SplitOptions {
  forceUcs2?: boolean;
  /** Parts carry a 16-bit reference: the header is one octet longer, so a part holds less. */
  ref16?: boolean;
}

// 140 octets of user data. A part of a long message loses 6 octets to its header (7 with a
// 16-bit reference): 153 (152) septets or 67 (66) UCS-2 units.
const SINGLE: Readonly<Record<SmsEncoding, number>> = { gsm7: 160, ucs2: 70 };
const MULTI_REF8: Readonly<Record<SmsEncoding, number>> = { gsm7: 153, ucs2: 67 };
const MULTI_REF16: Readonly<Record<SmsEncoding, number>> = { gsm7: 152, ucs2: 66 };

export function chooseEncoding(text: string, forceUcs2 = false): SmsEncoding {
  return !forceUcs2 && isGsm7(text) ? 'gsm7' : 'ucs2';
}

/**
 * Units the character at i takes: GSM-7 septets (extension characters 2: ESC + code) or
 * UTF-16 units (a surrogate pair 2, stepped over as one). Parts are cut between characters
 * only, so an escape pair or a surrogate pair is never split.
 */
function widthAt(text: string, i: number, encoding: SmsEncoding): number {
  const u = text.charCodeAt(i);
  if (encoding === 'gsm7') return gsm7Width(u);
  const next = text.charCodeAt(i + 1);
  return u >= 0xd800 && u <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
}

export interface Split {
  encoding: SmsEncoding;
  /** Text of each part; one empty part for an empty text. */
  parts: string[];
  /** Units of each part. */
  units: number[];
  unitsPerPart: number;
}

export function splitText(text: string, options: SplitOptions = {}): Split {
  const encoding = chooseEncoding(text, options.forceUcs2);
  let total = 0;
  for (let i = 0; i < text.length; ) {
    const w = widthAt(text, i, encoding);
    total += w;
    i += encoding === 'gsm7' ? 1 : w;
  }
  if (total <= SINGLE[encoding]) return { encoding, parts: [text], units: [total], unitsPerPart: SINGLE[encoding] };
  const limit = (options.ref16 ? MULTI_REF16 : MULTI_REF8)[encoding];
  const parts: string[] = [];
  const units: number[] = [];
  let start = 0;
  let used = 0;
  for (let i = 0; i < text.length; ) {
    const w = widthAt(text, i, encoding);
    if (used + w > limit) {
      parts.push(text.slice(start, i));
      units.push(used);
      start = i;
      used = 0;
    }
    used += w;
    i += encoding === 'gsm7' ? 1 : w;
  }
  parts.push(text.slice(start));
  units.push(used);
  return { encoding, parts, units, unitsPerPart: limit };
}

export interface SmsPartsInfo {
  encoding: SmsEncoding;
  parts: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the whole text takes. */
  unitsUsed: number;
  /** 160/70 for one part, 153/67 per part of a long message. */
  unitsPerPart: number;
  /** Units still free in the last part before another part is needed. */
  remainingInPart: number;
}

/** The UI's preview: how many parts a text takes and how much room is left. */
export function smsParts(text: string, options: SplitOptions = {}): SmsPartsInfo {
  const s = splitText(text, options);
  const last = s.units[s.units.length - 1] ?? 0;
  return {
    encoding: s.encoding,
    parts: s.parts.length,
    unitsUsed: s.units.reduce((a, b) => a + b, 0),
    unitsPerPart: s.unitsPerPart,
    remainingInPart: s.unitsPerPart - last,
  };
}
