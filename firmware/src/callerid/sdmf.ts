// SDMF body (message type 0x04): 8 ASCII digits MMDDhhmm, then the number digits, or a
// single 'O' (out of area) / 'P' (private) instead of the number. No name in SDMF.
import { absenceLetter } from './absence-letter.js';
import { latin1 } from './cid-text.js';
import { parseDateTime } from './date-time.js';
import { isDialString } from './gsm-number.js';
import { blankCallerId, fail, succeed } from './result.js';
import type { CallerIdResult } from './types.js';

export function decodeSdmfBody(body: Uint8Array, raw: string): CallerIdResult {
  if (body.length < 8) {
    return fail('bad-sdmf', `SDMF data starts with 8 date-time digits (MMDDhhmm); got only ${body.length} byte(s)`, raw);
  }
  const record = blankCallerId('sdmf', raw);
  const stamp = latin1(body.subarray(0, 8));
  record.dateTime = parseDateTime(stamp);
  if (!record.dateTime) record.warnings.push(`date-time "${stamp}" is not a valid MMDDhhmm`);

  const number = latin1(body.subarray(8));
  const absence = absenceLetter(number);
  if (absence) {
    record.absence = absence;
  } else if (number === '') {
    record.absence = 'unknown';
    record.warnings.push('SDMF carries no number');
  } else if (!isDialString(number)) {
    record.absence = 'unknown';
    record.warnings.push(`number "${number}" is not digits`);
  } else {
    record.number = number;
  }
  return succeed(record);
}
