// Cutting a text into parts with their concatenation headers, shared by the SUBMIT encoder and
// the DELIVER encoder (the simulator's and the tests' side of the line).
import { PduEncodeError } from './pdu-error.js';
import { splitText, type SmsEncoding } from './split-text.js';
import { concatUdh } from './udh.js';

export interface ConcatOptions {
  text: string;
  forceUcs2?: boolean;
  /** 8-bit reference (0-255) for a long message. */
  concatRef?: number;
  /** 16-bit reference (0-65535): parts use IEI 0x08 instead of 0x00. */
  concatRef16?: number;
}

export interface PlannedPart {
  text: string;
  /** Concatenation header (UDHL first), or null for a message of one part. */
  header: Uint8Array | null;
}

export function checkInt(name: string, value: number | undefined, min: number, max: number): void {
  if (value !== undefined && (!Number.isInteger(value) || value < min || value > max)) {
    throw new PduEncodeError('bad_option', `${name} must be an integer ${min}-${max}, got ${value}`);
  }
}

// The encoder is pure, so without a reference from the caller it derives one from the text.
// Two different long messages in flight to one phone must not share a reference: the outbox
// should pass its own counter.
function textRef(text: string, bits: 8 | 16): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return (h >>> 0) % (bits === 8 ? 256 : 65536);
}

export function planParts(o: ConcatOptions): { encoding: SmsEncoding; parts: PlannedPart[] } {
  checkInt('concatRef', o.concatRef, 0, 255);
  checkInt('concatRef16', o.concatRef16, 0, 65535);
  if (o.concatRef !== undefined && o.concatRef16 !== undefined) throw new PduEncodeError('bad_option', 'give concatRef or concatRef16, not both');
  const ref16 = o.concatRef16 !== undefined;
  const split = splitText(o.text, { forceUcs2: o.forceUcs2, ref16 });
  const total = split.parts.length;
  if (total > 255) throw new PduEncodeError('too_long', `text needs ${total} parts, at most 255 can be joined`);
  if (total === 1) return { encoding: split.encoding, parts: [{ text: o.text, header: null }] };
  const bits = ref16 ? 16 : 8;
  const ref = o.concatRef16 ?? o.concatRef ?? textRef(o.text, bits);
  return {
    encoding: split.encoding,
    parts: split.parts.map((text, i) => ({ text, header: concatUdh(ref, total, i + 1, bits) })),
  };
}
