// GSM "+CLIP: <number>,<type>[,<subaddr>,<satype>[,<alpha>[,<CLI validity>]]]" (27.007 §7.6),
// sent after each RING once AT+CLIP=1 is set. Seen in the field:
//   SIM800:  +CLIP: "+8613812345678",145,"",0,"",0
//   SIM800 withheld:  +CLIP: "",128,"",0,"",1
//   SIM7600: +CLIP: "13812345678",161,,,,0
import { readInt, splitAtParams } from './at-params.js';
import { applyGsmNumber, isDialString } from './gsm-number.js';
import { blankCallerId, fail, succeed } from './result.js';
import type { CallerIdResult } from './types.js';

const PREFIX = '+CLIP:';

export function decodeClip(line: string): CallerIdResult {
  const raw = line.trim();
  if (!raw.startsWith(PREFIX)) return fail('unrecognised', `not a ${PREFIX} line`, raw);
  const split = splitAtParams(raw.slice(PREFIX.length));
  if (!split.ok) return fail('bad-syntax', `+CLIP: ${split.message}`, raw);
  const [numberParam, typeParam, , , alphaParam, validityParam] = split.params;
  if (split.params.length < 2 || !numberParam) {
    return fail('bad-syntax', '+CLIP needs at least "<number>",<type>', raw);
  }
  if (split.params.length > 6) return fail('bad-syntax', `+CLIP has ${split.params.length} fields, at most 6 expected`, raw);

  const number = numberParam.text.replace(/[\s-]/g, '');
  if (!isDialString(number)) return fail('bad-number', `"${numberParam.text}" is not a phone number`, raw);
  const type = readInt(typeParam, 255);
  if (type === undefined) return fail('bad-syntax', `type of address "${typeParam?.text}" is not 0-255`, raw);
  const validity = readInt(validityParam, 9);
  if (validity === undefined) return fail('bad-syntax', `CLI validity "${validityParam?.text}" is not a small integer`, raw);

  const record = blankCallerId('clip', raw);
  applyGsmNumber(record, number, type, validity);
  // The alpha is the modem's own phonebook entry, not network caller-name; still worth showing.
  if (alphaParam && alphaParam.text.trim() !== '') record.name = alphaParam.text.trim();
  return succeed(record);
}
