// Phone numbers normalised with libphonenumber-js against the studio's country (C1).
// "138 1234 5678", "+86 138 1234 5678", "008613812345678" (CN) all become +8613812345678.
import { parsePhoneNumberFromString, validatePhoneNumberLength, type CountryCode } from 'libphonenumber-js/max';
import type { Phone } from '../api-types.js';
import { digitsOnly } from '../util/fold.js';

export type PhoneResult = { ok: true; phone: Omit<Phone, 'label'> } | { ok: false; error: string };

const LENGTH_PROBLEMS: Record<string, string> = {
  TOO_SHORT: 'too short',
  TOO_LONG: 'too long',
  INVALID_LENGTH: 'wrong number of digits',
  INVALID_COUNTRY: 'unknown country code',
  NOT_A_NUMBER: 'not a phone number',
};

export function normalizePhone(raw: string, country: CountryCode): PhoneResult {
  const text = raw.trim();
  if (!text) return { ok: false, error: 'empty' };
  if (!/^[\d\s+\-().\/]+$/.test(text)) return { ok: false, error: 'only digits, spaces, +, -, ( ) allowed' };
  const parsed = parsePhoneNumberFromString(text, country);
  if (!parsed) {
    const problem = validatePhoneNumberLength(text, country);
    return { ok: false, error: LENGTH_PROBLEMS[problem ?? 'NOT_A_NUMBER'] ?? 'not a phone number' };
  }
  if (!parsed.isValid()) {
    const problem = validatePhoneNumberLength(text, country);
    const where = parsed.country ?? country;
    return { ok: false, error: problem ? `${LENGTH_PROBLEMS[problem] ?? problem} for ${where}` : `not a valid number for ${where}` };
  }
  return { ok: true, phone: { e164: parsed.number, display: displayPhone(parsed.number, country) } };
}

/** The countries a foreign customer of our studios most likely comes from, in this order. */
const NEIGHBOURS: CountryCode[] = ['VN', 'CN', 'HK', 'TW', 'MO', 'SG', 'MY', 'TH', 'KH', 'LA', 'ID', 'PH', 'JP', 'KR', 'AU', 'US', 'GB', 'FR', 'DE'];

/**
 * A number typed in national form that is not valid for the studio's country but is a mobile
 * number of a neighbouring one ("0912 345 678" typed in a Chinese studio is a Vietnamese mobile):
 * that country and the number in international form, for "Is this a Vietnamese number? Type it
 * as +84 …". Null when the input is valid at home, already international, or fits no neighbour.
 */
export function foreignMobileGuess(raw: string, country: CountryCode): { country: string; e164: string; display: string } | null {
  const text = raw.trim();
  if (!text || /^(\+|00)/.test(text) || !/^[\d\s\-().\/]+$/.test(text)) return null;
  if (parsePhoneNumberFromString(text, country)?.isValid()) return null;
  for (const other of NEIGHBOURS) {
    if (other === country) continue;
    const p = parsePhoneNumberFromString(text, other);
    if (p?.isValid() && p.country === other && p.getType() === 'MOBILE') return { country: other, e164: p.number, display: p.formatInternational() };
  }
  return null;
}

/** National form for the studio's own country, international form otherwise. */
export function displayPhone(e164: string, country: CountryCode): string {
  const p = parsePhoneNumberFromString(e164);
  if (!p) return e164;
  return p.country === country ? p.formatNational() : p.formatInternational();
}

/**
 * The digit strings a person might type a part of: the full international digits and the
 * national form with its trunk prefix ("8613812345678", "13812345678"; "84912345678", "0912345678").
 */
export function phoneSearchDigits(e164: string): string[] {
  const p = parsePhoneNumberFromString(e164);
  const intl = digitsOnly(e164);
  const national = p ? digitsOnly(p.formatNational()) : '';
  return national && !intl.endsWith(national) ? [intl, national] : [intl];
}
