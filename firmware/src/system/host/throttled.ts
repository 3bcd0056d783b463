// `vcgencmd get_throttled` on a Raspberry Pi prints `throttled=0x50005`: a bit field the
// firmware keeps (Raspberry Pi documentation, "vcgencmd get_throttled"). Bits 0–3 say what is
// happening now, bits 16–19 what has happened since boot. A weak power supply (the GSM HAT's
// transmit bursts) shows as under-voltage first. Pure: the reader runs the command.
import type { ThrottleState } from '../../api-types.js';

const NAMED: Record<number, keyof Omit<ThrottleState, 'raw' | 'unknownBits'>> = {
  0: 'underVoltageNow',
  1: 'freqCappedNow',
  2: 'throttledNow',
  3: 'softTempLimitNow',
  16: 'underVoltageSinceBoot',
  17: 'freqCappedSinceBoot',
  18: 'throttledSinceBoot',
  19: 'softTempLimitSinceBoot',
};

/** The bits the documentation names, lowest first. */
export const THROTTLE_BITS: readonly number[] = Object.keys(NAMED).map(Number);

/** Decodes the command's output (`throttled=0x50005`, or the bare hex); null when it is not that. */
export function decodeThrottled(output: string): ThrottleState | null {
  const m = /^\s*(?:throttled=)?(0x[0-9a-f]{1,8})\s*$/i.exec(output);
  if (!m) return null;
  const value = Number.parseInt(m[1]!, 16);
  const state: ThrottleState = {
    raw: m[1]!.toLowerCase(),
    underVoltageNow: false,
    freqCappedNow: false,
    throttledNow: false,
    softTempLimitNow: false,
    underVoltageSinceBoot: false,
    freqCappedSinceBoot: false,
    throttledSinceBoot: false,
    softTempLimitSinceBoot: false,
    unknownBits: [],
  };
  for (let bit = 0; bit < 32; bit++) {
    // `>>> bit & 1` rather than `1 << bit` (bit 31 would be negative).
    if (((value >>> bit) & 1) === 0) continue;
    const name = NAMED[bit];
    if (name) state[name] = true;
    else state.unknownBits.push(bit);
  }
  return state;
}
