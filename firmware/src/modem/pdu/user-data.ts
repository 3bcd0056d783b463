// TP-UDL and TP-UD, both ways. For GSM-7 the length counts septets, header included (rounded
// up to a septet boundary with fill bits); otherwise it counts octets.
import type { Dcs } from './dcs.js';
import { septetsToText, textToSeptets } from './gsm7-alphabet.js';
import { bytesToHex } from './hex.js';
import type { OctetReader } from './octet-reader.js';
import { PduDecodeError } from './pdu-error.js';
import { fillBitsAfter, packSeptets, udhSeptets, unpackSeptets } from './septet-packing.js';
import type { SmsEncoding } from './split-text.js';
import { parseUdh, type Concat, type InformationElement } from './udh.js';
import { ucs2Decode, ucs2Encode } from './ucs2.js';

export interface UserData {
  dcs: Dcs;
  /** TP-UDL as sent: septets for GSM-7, octets otherwise. */
  length: number;
  /** Information elements of the user data header; null without one. */
  header: InformationElement[] | null;
  concat: Concat | null;
  /** The text (GSM-7, UCS-2); null for 8-bit or compressed data. */
  text: string | null;
  /** The payload after the header as hex, for 8-bit or compressed data; null for text. */
  data: string | null;
}

const MAX_SEPTETS = 160;
const MAX_OCTETS = 140;

/** TP-UDL followed by TP-UD for text, after an optional header (which starts with its UDHL). */
export function encodeUserData(text: string, encoding: SmsEncoding, header: Uint8Array | null): Uint8Array {
  const h = header ?? new Uint8Array(0);
  if (encoding === 'ucs2') {
    const body = ucs2Encode(text);
    return Uint8Array.of(h.length + body.length, ...h, ...body);
  }
  const septets = textToSeptets(text) ?? [];
  const packed = packSeptets(septets, h.length ? fillBitsAfter(h.length) : 0);
  return Uint8Array.of(udhSeptets(h.length) + septets.length, ...h, ...packed);
}

/** Reads TP-UDL and TP-UD. Warnings collect what is odd but still readable. */
export function readUserData(r: OctetReader, dcs: Dcs, hasHeader: boolean, warnings: string[]): UserData {
  const udlOffset = r.offset;
  const length = r.byte('TP-UDL');
  // Compressed data is counted in octets whatever the alphabet (TS 23.040 §9.2.3.16).
  const septetCounted = dcs.alphabet === 'gsm7' && !dcs.compressed;
  const max = septetCounted ? MAX_SEPTETS : MAX_OCTETS;
  if (length > max) throw new PduDecodeError('bad_length', `TP-UDL ${length} is over ${max} ${septetCounted ? 'septets' : 'octets'}`, udlOffset);
  const udStart = r.offset;
  const ud = r.take(septetCounted ? Math.ceil((length * 7) / 8) : length, 'TP-UD');

  let headerOctets = 0;
  let header: InformationElement[] | null = null;
  let concat: Concat | null = null;
  if (hasHeader) {
    const udhl = ud[0];
    if (udhl === undefined) throw new PduDecodeError('bad_udh', 'TP-UDHI is set but the user data is empty', udStart);
    headerOctets = udhl + 1;
    const headerUnits = septetCounted ? udhSeptets(headerOctets) : headerOctets;
    if (headerUnits > length) throw new PduDecodeError('bad_udh', `user data header (${headerOctets} octets) is longer than the user data`, udStart);
    ({ elements: header, concat } = parseUdh(ud.subarray(0, headerOctets), udStart));
  }

  if (septetCounted) {
    const count = length - udhSeptets(headerOctets);
    const septets = unpackSeptets(ud.subarray(headerOctets), count, headerOctets ? fillBitsAfter(headerOctets) : 0);
    return { dcs, length, header, concat, text: septetsToText(septets), data: null };
  }
  const payload = ud.subarray(headerOctets);
  if (dcs.alphabet === 'ucs2' && !dcs.compressed) {
    if (payload.length % 2 === 1) warnings.push('UCS-2 text has an odd number of octets; the last one was ignored');
    return { dcs, length, header, concat, text: ucs2Decode(payload), data: null };
  }
  return { dcs, length, header, concat, text: null, data: bytesToHex(payload) };
}
