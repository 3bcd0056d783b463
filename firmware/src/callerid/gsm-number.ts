// What +CLIP and +CLCC share: the number with its type-of-address octet, and the
// 27.007 <CLI validity> that says why a number is missing.
import type { Absence, CallerId } from './types.js';

/** Dial-string characters a network may put in a calling number. */
const NUMBER_CHARS = /^\+?[0-9*#]*$/;

export function isDialString(text: string): boolean {
  return NUMBER_CHARS.test(text);
}

/**
 * Type-of-address bits 6..4 are the type of number; 1 is international (129 + 0x10 = 145).
 * Modems print international numbers with or without '+': add it so E.164 matching works.
 */
export function withInternationalPrefix(number: string, type: number | null): string {
  const international = type !== null && ((type >> 4) & 0x07) === 1;
  return international && !number.startsWith('+') ? `+${number}` : number;
}

export function absenceFromValidity(validity: number | null): Absence {
  if (validity === 1) return 'private';
  // 2 interworking / out of area, 3 payphone, 4 other reasons (27.007 rel. 11).
  if (validity !== null && validity >= 2) return 'unavailable';
  return 'unknown';
}

/**
 * Fills number / absence from a GSM number field. With CLI validity 1 and the "override
 * category" subscription the network still sends the number: keep it, but say so.
 */
export function applyGsmNumber(record: CallerId, number: string, type: number | null, validity: number | null): void {
  record.numberType = type;
  record.cliValidity = validity;
  if (number === '') {
    record.absence = absenceFromValidity(validity);
    return;
  }
  record.number = withInternationalPrefix(number, type);
  if (validity !== null && validity !== 0) {
    record.warnings.push(`number sent although CLI validity is ${validity} (override category)`);
  }
}
