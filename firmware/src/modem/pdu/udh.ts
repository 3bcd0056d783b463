// The user data header (TS 23.040 §9.2.3.24): UDHL, then information elements (IEI, length,
// data). We read concatenation (IEI 0x00 with an 8-bit reference, 0x08 with a 16-bit one) and
// keep every other element raw for whoever needs it.
import { bytesToHex } from './hex.js';
import { PduDecodeError } from './pdu-error.js';

export const IEI_CONCAT_8 = 0x00;
export const IEI_CONCAT_16 = 0x08;

export interface InformationElement {
  iei: number;
  /** The element's data as hex. */
  data: string;
}

export interface Concat {
  /** Same for every part of one message (with the same sender). */
  ref: number;
  refBits: 8 | 16;
  total: number;
  /** 1-based. */
  seq: number;
}

export interface UserDataHeader {
  elements: InformationElement[];
  concat: Concat | null;
}

export function concatUdh(ref: number, total: number, seq: number, refBits: 8 | 16): Uint8Array {
  return refBits === 8 ? Uint8Array.of(5, IEI_CONCAT_8, 3, ref & 0xff, total, seq) : Uint8Array.of(6, IEI_CONCAT_16, 4, (ref >> 8) & 0xff, ref & 0xff, total, seq);
}

/**
 * Parses a header that starts with its UDHL octet. `offset` is where it starts in the PDU,
 * for error messages. An element that does not fit inside UDHL is an error.
 */
export function parseUdh(header: Uint8Array, offset: number): UserDataHeader {
  const elements: InformationElement[] = [];
  let concat: Concat | null = null;
  let i = 1;
  while (i < header.length) {
    const iei = header[i] ?? 0;
    const len = header[i + 1];
    if (len === undefined || i + 2 + len > header.length) {
      throw new PduDecodeError('bad_udh', `information element 0x${iei.toString(16).padStart(2, '0')} runs past the header's end`, offset + i);
    }
    const data = header.subarray(i + 2, i + 2 + len);
    elements.push({ iei, data: bytesToHex(data) });
    concat ??= readConcat(iei, data);
    i += 2 + len;
  }
  return { elements, concat };
}

// TS 23.040 §9.2.3.24.1: a concatenation element with a zero count or sequence, or a sequence
// past the count, is ignored (kept raw) rather than failing the message.
function readConcat(iei: number, d: Uint8Array): Concat | null {
  let c: Concat | null = null;
  if (iei === IEI_CONCAT_8 && d.length === 3) c = { ref: d[0] ?? 0, refBits: 8, total: d[1] ?? 0, seq: d[2] ?? 0 };
  if (iei === IEI_CONCAT_16 && d.length === 4) c = { ref: ((d[0] ?? 0) << 8) | (d[1] ?? 0), refBits: 16, total: d[2] ?? 0, seq: d[3] ?? 0 };
  return c && c.total > 0 && c.seq > 0 && c.seq <= c.total ? c : null;
}
