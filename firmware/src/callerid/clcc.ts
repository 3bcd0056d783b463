// GSM "+CLCC: <idx>,<dir>,<stat>,<mode>,<mpty>[,<number>,<type>[,<alpha>[,<priority>[,<CLI validity>]]]]"
// (27.007 §7.18). One line per call; polled with AT+CLCC or unsolicited after AT+CLCC=1
// (SIMCom). The stat tells ringing from answered and ended, which +CLIP cannot.
import { readInt, splitAtParams } from './at-params.js';
import { applyGsmNumber, isDialString } from './gsm-number.js';
import { blankCallerId, fail, succeed } from './result.js';
import type { CallerIdResult, CallState } from './types.js';

const PREFIX = '+CLCC:';

const STATES: readonly CallState[] = ['active', 'held', 'dialing', 'alerting', 'incoming', 'waiting', 'disconnected'];

export function decodeClcc(line: string): CallerIdResult {
  const raw = line.trim();
  if (!raw.startsWith(PREFIX)) return fail('unrecognised', `not a ${PREFIX} line`, raw);
  const split = splitAtParams(raw.slice(PREFIX.length));
  if (!split.ok) return fail('bad-syntax', `+CLCC: ${split.message}`, raw);
  const p = split.params;
  if (p.length < 5) return fail('bad-syntax', '+CLCC needs at least <idx>,<dir>,<stat>,<mode>,<mpty>', raw);
  if (p.length > 10) return fail('bad-syntax', `+CLCC has ${p.length} fields, at most 10 expected`, raw);

  const index = readInt(p[0], 99);
  const dir = readInt(p[1], 1);
  const stat = readInt(p[2], 9);
  const mode = readInt(p[3], 9);
  const mpty = readInt(p[4], 1);
  if (index == null || dir == null || stat == null || mode == null || mpty == null) {
    return fail('bad-syntax', '+CLCC <idx>,<dir>,<stat>,<mode>,<mpty> must be integers (dir and mpty 0 or 1)', raw);
  }
  const numberParam = p[5];
  const number = (numberParam?.text ?? '').replace(/[\s-]/g, '');
  if (!isDialString(number)) return fail('bad-number', `"${numberParam?.text}" is not a phone number`, raw);
  const type = readInt(p[6], 255);
  if (type === undefined) return fail('bad-syntax', `type of address "${p[6]?.text}" is not 0-255`, raw);
  const validity = readInt(p[9], 9);
  if (validity === undefined) return fail('bad-syntax', `CLI validity "${p[9]?.text}" is not a small integer`, raw);

  const record = blankCallerId('clcc', raw);
  applyGsmNumber(record, number, type, validity);
  const alpha = p[7]?.text.trim() ?? '';
  if (alpha !== '') record.name = alpha;
  const direction = dir === 1 ? 'incoming' : 'outgoing';
  record.call = {
    index,
    direction,
    stat,
    state: STATES[stat] ?? 'unknown',
    ringing: direction === 'incoming' && (stat === 4 || stat === 5),
    mode,
    multiparty: mpty === 1,
  };
  return succeed(record);
}
