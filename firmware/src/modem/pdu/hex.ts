// Hex text <-> octets. Modems print PDUs as hex; we accept either case and surrounding spaces.
import { PduDecodeError } from './pdu-error.js';

const HEX = '0123456789ABCDEF';

export function bytesToHex(bytes: ArrayLike<number>): string {
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] ?? 0;
    out += HEX.charAt(b >> 4) + HEX.charAt(b & 15);
  }
  return out;
}

function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48; // 0-9
  if (code >= 65 && code <= 70) return code - 55; // A-F
  if (code >= 97 && code <= 102) return code - 87; // a-f
  return -1;
}

/** Throws PduDecodeError('bad_hex') with the octet offset of the first bad digit. */
export function hexToBytes(hex: string): Uint8Array {
  const text = hex.trim();
  if (text.length % 2 !== 0) throw new PduDecodeError('bad_hex', `odd number of hex digits (${text.length})`, Math.floor(text.length / 2));
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(text.charCodeAt(2 * i));
    const lo = nibble(text.charCodeAt(2 * i + 1));
    if (hi < 0 || lo < 0) throw new PduDecodeError('bad_hex', `not a hex digit near "${text.slice(2 * i, 2 * i + 2)}"`, i);
    out[i] = (hi << 4) | lo;
  }
  return out;
}
