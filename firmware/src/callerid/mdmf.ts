// MDMF body (message type 0x80): a run of <parameter type> <length> <value> triples.
// Known parameters fill the record; unknown ones are kept as hex in `extras` (exchanges add
// vendor parameters, and dropping them silently would hide them from whoever debugs a line).
import { absenceLetter } from './absence-letter.js';
import { decodeName, latin1 } from './cid-text.js';
import { parseDateTime } from './date-time.js';
import { isDialString } from './gsm-number.js';
import { toHex } from './hex-bytes.js';
import { blankCallerId, fail, hexByte, succeed } from './result.js';
import type { Absence, CallerId, CallerIdResult } from './types.js';

export const MDMF_PARAM = {
  dateTime: 0x01,
  number: 0x02,
  calledNumber: 0x03,
  numberAbsent: 0x04,
  name: 0x07,
  nameAbsent: 0x08,
  callType: 0x11,
} as const;

const KNOWN_PARAMS: ReadonlySet<number> = new Set(Object.values(MDMF_PARAM));

function reason(value: Uint8Array, what: string, record: CallerId): Absence {
  const letter = latin1(value);
  const absence = absenceLetter(letter);
  if (!absence) record.warnings.push(`reason ${what} absent "${letter}" is neither O nor P`);
  return absence ?? 'unknown';
}

function digits(value: Uint8Array, what: string, record: CallerId): string | null {
  const text = latin1(value);
  if (text !== '' && isDialString(text)) return text;
  record.warnings.push(`${what} "${text}" is not digits`);
  return null;
}

function applyParameter(type: number, value: Uint8Array, record: CallerId): void {
  switch (type) {
    case MDMF_PARAM.dateTime: {
      const stamp = latin1(value);
      record.dateTime = parseDateTime(stamp);
      if (!record.dateTime) record.warnings.push(`date-time "${stamp}" is not a valid MMDDhhmm`);
      return;
    }
    case MDMF_PARAM.number:
      record.number = digits(value, 'number', record);
      return;
    case MDMF_PARAM.calledNumber:
      record.calledNumber = digits(value, 'called number', record);
      return;
    case MDMF_PARAM.numberAbsent:
      record.absence = reason(value, 'number', record);
      return;
    case MDMF_PARAM.name:
      record.name = decodeName(value);
      return;
    case MDMF_PARAM.nameAbsent:
      record.nameAbsence = reason(value, 'name', record);
      return;
    case MDMF_PARAM.callType:
      if (value.length === 1) record.callType = value[0] ?? null;
      else record.warnings.push(`call type has ${value.length} bytes, 1 expected`);
      return;
    default:
      record.extras.push({ tag: `param ${hexByte(type)}`, value: toHex(value) });
  }
}

export function decodeMdmfBody(body: Uint8Array, raw: string): CallerIdResult {
  const record = blankCallerId('mdmf', raw);
  const seen = new Set<number>();
  let at = 0;
  while (at < body.length) {
    const type = body[at] ?? 0;
    const length = body[at + 1];
    if (length === undefined) {
      return fail('parameter-overrun', `parameter ${hexByte(type)} at data offset ${at} has no length byte`, raw);
    }
    const end = at + 2 + length;
    if (end > body.length) {
      return fail(
        'parameter-overrun',
        `parameter ${hexByte(type)} at data offset ${at} says ${length} bytes but only ${body.length - at - 2} remain`,
        raw,
      );
    }
    // A repeated known parameter: keep the first, as a receiver that stops early would.
    if (seen.has(type) && KNOWN_PARAMS.has(type)) {
      record.warnings.push(`parameter ${hexByte(type)} repeated; the first is kept`);
    } else {
      seen.add(type);
      applyParameter(type, body.subarray(at + 2, end), record);
    }
    at = end;
  }
  settleAbsence(record);
  return succeed(record);
}

/** Keep the record's promise: `absence` is set exactly when there is no number. */
function settleAbsence(record: CallerId): void {
  if (record.number !== null && record.absence !== null) {
    record.warnings.push(`both a number and a reason-absent (${record.absence}) were sent; the number is kept`);
    record.absence = null;
  } else if (record.number === null && record.absence === null) {
    record.absence = 'unknown';
  }
  if (record.name !== null && record.nameAbsence !== null) {
    record.warnings.push(`both a name and a reason-name-absent (${record.nameAbsence}) were sent; the name is kept`);
    record.nameAbsence = null;
  }
}
