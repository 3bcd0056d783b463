// The E.164 numbers a caller-ID number may stand for, to look customers up by. Customers are
// stored as E.164 (crm/phone.ts), but exchanges and modems deliver numbers in every form:
//   13812345678, +8613812345678, 008613812345678, 8613812345678, 013812345678 (CN)
// and an analog line shows a local caller's landline without its area code ("65529988" in
// Beijing), which only the box's own area code can complete.
import { getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export interface CandidateOptions {
  /**
   * The box's own area code, with or without the trunk '0' ('10' or '010' for Beijing, '21'
   * Shanghai, '28' Ho Chi Minh City), used for local numbers that arrive without one.
   */
  localAreaCode?: string;
}

/** Separators people and modems put in numbers; anything else means "not a number". */
const SEPARATORS = /[\s\-().]/g;

/**
 * Valid E.164 forms for `raw`, most likely first; empty when it cannot be a number (withheld,
 * letters, too short). Only valid numbers are returned: stored customers passed the same
 * validity check, so an invalid form could never match one.
 */
export function callerNumberCandidates(raw: string, country: CountryCode, options: CandidateOptions = {}): string[] {
  const text = raw.replace(SEPARATORS, '');
  if (!/^\+?\d{3,20}$/.test(text)) return [];
  const out: string[] = [];
  const add = (candidate: string): void => {
    const parsed = parsePhoneNumberFromString(candidate, country);
    if (parsed?.isValid() && !out.includes(parsed.number)) out.push(parsed.number);
  };

  if (text.startsWith('+')) {
    add(text);
    return out;
  }
  // National form, with or without the trunk '0' (and CN's IP-dialling prefixes), or with the
  // country's IDD ('00' in CN and VN): libphonenumber strips these against the country.
  add(text);
  // The country code written without '+' or IDD ("86 138 1234 5678").
  const callingCode = getCountryCallingCode(country);
  if (text.startsWith(callingCode)) add(`+${text}`);
  // A local number is not a valid national number by itself; only then complete it with the
  // box's area code, so a number that already reads as valid is never matched twice.
  const area = options.localAreaCode?.replace(SEPARATORS, '');
  if (out.length === 0 && area && /^\d{1,6}$/.test(area)) add(`${area}${text}`);
  return out;
}
