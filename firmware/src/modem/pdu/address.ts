// Addresses (TS 23.040 §9.1.2.5) and the SMSC address (TS 24.011 §8.2.5.1).
// Same body, different length octet: TP-DA/TP-OA/TP-RA count useful semi-octets (digits),
// the SMSC field counts octets including the type-of-address octet.
import { isGsm7, septetsToText, textToSeptets } from './gsm7-alphabet.js';
import type { OctetReader } from './octet-reader.js';
import { PduDecodeError, PduEncodeError } from './pdu-error.js';
import { packSeptets, unpackSeptets } from './septet-packing.js';

export type AddressType = 'unknown' | 'international' | 'national' | 'network-specific' | 'subscriber' | 'alphanumeric' | 'abbreviated' | 'reserved';

export interface Address {
  type: AddressType;
  /** Type-of-address octet, e.g. 0x91 (145) international, 0x81 (129) unknown, 0xD0 alphanumeric. */
  toa: number;
  /** Numbering plan (low 4 bits of toa): 1 = E.164. */
  npi: number;
  /** International numbers with a leading '+'; alphanumeric senders as text ("VIETTEL"). */
  number: string;
}

const TYPES: readonly AddressType[] = ['unknown', 'international', 'national', 'network-specific', 'subscriber', 'alphanumeric', 'abbreviated', 'reserved'];

export const TOA_INTERNATIONAL = 0x91;
export const TOA_UNKNOWN = 0x81;
export const TOA_NATIONAL = 0xa1;
export const TOA_ALPHANUMERIC = 0xd0;

// Semi-octet values 0-9, then A-E per TS 23.040 §9.1.2.3: '*', '#', 'a', 'b', 'c'. F is filler.
const SEMI = '0123456789*#abc';

/** Maximum digits in TP-DA/TP-OA (10 octets) and alphanumeric characters (11 septets). */
const MAX_DIGITS = 20;
const MAX_ALPHA = 11;

export interface EncodedAddressBody {
  toa: number;
  body: Uint8Array;
  /** Useful semi-octets: what TP-DA/TP-OA's length octet holds. */
  semiOctets: number;
}

/**
 * "+84901234567" -> international (0x91); "0901234567" -> unknown (0x81). Spaces, dots,
 * dashes and parentheses are ignored. With allowAlphanumeric, text such as "VIETTEL" becomes
 * an alphanumeric address (0xD0), as operators send; a destination must be a number.
 */
export function encodeAddressBody(address: string, allowAlphanumeric = false): EncodedAddressBody {
  const compact = address.replace(/[\s().-]/g, '');
  const numeric = /^\+?[0-9*#]+$/.exec(compact);
  if (numeric) {
    const international = compact.startsWith('+');
    const digits = international ? compact.slice(1) : compact;
    if (digits.length > MAX_DIGITS) throw new PduEncodeError('bad_address', `address has ${digits.length} digits, at most ${MAX_DIGITS} fit`);
    return { toa: international ? TOA_INTERNATIONAL : TOA_UNKNOWN, body: swapSemiOctets(digits), semiOctets: digits.length };
  }
  if (allowAlphanumeric && address.length > 0 && address.length <= MAX_ALPHA && isGsm7(address)) {
    const septets = textToSeptets(address) ?? [];
    if (septets.length <= MAX_ALPHA) return { toa: TOA_ALPHANUMERIC, body: packSeptets(septets), semiOctets: Math.ceil((septets.length * 7) / 4) };
  }
  throw new PduEncodeError('bad_address', `not a phone number: "${address}"`);
}

/** TP-DA / TP-OA / TP-RA: length in semi-octets, type of address, body. */
export function encodeAddress(address: string, allowAlphanumeric = false): Uint8Array {
  const { toa, body, semiOctets } = encodeAddressBody(address, allowAlphanumeric);
  return Uint8Array.of(semiOctets, toa, ...body);
}

/** The SMSC field: 00 (use the SIM's centre) when absent, else length in octets, toa, digits. */
export function encodeSmsc(smsc: string | undefined): Uint8Array {
  if (smsc === undefined || smsc.trim() === '') return Uint8Array.of(0);
  const { toa, body } = encodeAddressBody(smsc);
  return Uint8Array.of(body.length + 1, toa, ...body);
}

function swapSemiOctets(digits: string): Uint8Array {
  const out = new Uint8Array(Math.ceil(digits.length / 2));
  for (let i = 0; i < digits.length; i++) {
    const v = SEMI.indexOf(digits.charAt(i));
    out[i >> 1] = (out[i >> 1] ?? 0) | (i % 2 === 0 ? v : v << 4);
  }
  if (digits.length % 2 === 1) out[out.length - 1] = (out[out.length - 1] ?? 0) | 0xf0; // F filler
  return out;
}

function decodeBody(toa: number, body: Uint8Array, semiOctets: number, offset: number): Address {
  const ton = (toa >> 4) & 7;
  const type = TYPES[ton] ?? 'reserved';
  const npi = toa & 15;
  if (type === 'alphanumeric') {
    const septets = unpackSeptets(body, Math.floor((semiOctets * 4) / 7));
    return { type, toa, npi, number: septetsToText(septets) };
  }
  let digits = '';
  for (let i = 0; i < semiOctets; i++) {
    const v = i % 2 === 0 ? (body[i >> 1] ?? 0) & 15 : (body[i >> 1] ?? 0) >> 4;
    // F is only filler after the last digit; inside the number it means a corrupt field.
    if (v === 15) throw new PduDecodeError('bad_address', `address semi-octet ${i + 1} of ${semiOctets} is the filler F`, offset + (i >> 1));
    digits += SEMI.charAt(v);
  }
  return { type, toa, npi, number: type === 'international' && digits !== '' ? `+${digits}` : digits };
}

/** TP-DA / TP-OA / TP-RA: length in semi-octets (at most 20). */
export function readAddress(r: OctetReader, what: string): Address {
  const start = r.offset;
  const semiOctets = r.byte(`${what} length`);
  if (semiOctets > MAX_DIGITS) throw new PduDecodeError('bad_address', `${what} length ${semiOctets} is over ${MAX_DIGITS} semi-octets`, start);
  const toa = r.byte(`${what} type`);
  const body = r.take(Math.ceil(semiOctets / 2), what);
  return decodeBody(toa, body, semiOctets, start + 2);
}

/** The SMSC field: length in octets (type octet included, at most 11); 0 means none given. */
export function readSmsc(r: OctetReader): Address | null {
  const start = r.offset;
  const octets = r.byte('SMSC length');
  if (octets === 0) return null;
  if (octets > 11) throw new PduDecodeError('bad_address', `SMSC length ${octets} is over 11 octets`, start);
  const toa = r.byte('SMSC type');
  const body = r.take(octets - 1, 'SMSC address');
  // The SMSC carries no digit count: a filler F in the last octet ends the number.
  const last = body[body.length - 1];
  const semiOctets = body.length * 2 - (last !== undefined && last >> 4 === 15 ? 1 : 0);
  return decodeBody(toa, body, semiOctets, start + 2);
}
