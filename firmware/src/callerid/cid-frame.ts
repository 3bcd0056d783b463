// Framing shared by SDMF and MDMF (Bellcore GR-30, ETSI EN 300 659, YD/T 1277.1):
//   <message type> <length> <length bytes of data> <checksum>
// The length does not count the checksum; the checksum makes the whole frame sum to 0 mod 256.
import { hexByte } from './result.js';
import type { CallerIdErrorCode } from './types.js';

export const SDMF_CALLER_ID = 0x04;
export const MDMF_CALLER_ID = 0x80;

/** Types that are valid frames but not caller ID, named so the error says what arrived. */
const OTHER_TYPES: Record<number, string> = {
  0x06: 'an SDMF message-waiting indicator',
  0x0b: 'an SDMF message-waiting indicator',
  0x82: 'an MDMF message-waiting indicator',
  0x86: 'an ETSI advice-of-charge message',
  0x89: 'an ETSI short message',
};

/**
 * Bytes a modem may pass through before the message type: channel seizure (alternating bits,
 * 0x55 as a byte) and mark (all ones, 0xFF). Neither is a message type, so skipping them can
 * not mistake data for framing — anything else before the type byte is an error.
 */
const PREAMBLE = new Set([0x55, 0xff]);

export interface CidFrame {
  type: number;
  body: Uint8Array;
  /** Preamble bytes skipped before the type byte. */
  skipped: number;
}

export type FrameResult = { ok: true; frame: CidFrame } | { ok: false; code: CallerIdErrorCode; message: string };

export function checksumOf(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return (0x100 - sum) & 0xff;
}

export function readCidFrame(bytes: Uint8Array): FrameResult {
  if (bytes.length === 0) return { ok: false, code: 'empty', message: 'no bytes' };
  let start = 0;
  while (start < bytes.length && PREAMBLE.has(bytes[start] ?? -1)) start++;
  const type = bytes[start];
  const skippedNote = start > 0 ? ` after ${start} channel-seizure/mark byte(s)` : '';
  if (type === undefined) {
    return { ok: false, code: 'truncated', message: `only channel-seizure/mark bytes, no message type` };
  }
  if (type !== SDMF_CALLER_ID && type !== MDMF_CALLER_ID) {
    const what = OTHER_TYPES[type];
    const message = what
      ? `message type ${hexByte(type)}${skippedNote} is ${what}, not caller ID`
      : `message type ${hexByte(type)}${skippedNote} is not caller ID (expected 0x04 SDMF or 0x80 MDMF)`;
    return { ok: false, code: 'unknown-message-type', message };
  }
  const length = bytes[start + 1];
  if (length === undefined) return { ok: false, code: 'truncated', message: 'frame ends after the message type; no length byte' };
  const end = start + 2 + length + 1; // type, length, data, checksum
  if (bytes.length < end) {
    return {
      ok: false,
      code: 'truncated',
      message: `length byte says ${length} data bytes + checksum, but only ${bytes.length - start - 2} byte(s) follow it`,
    };
  }
  if (bytes.length > end) {
    return {
      ok: false,
      code: 'length-mismatch',
      message: `length byte says ${length} data bytes, but ${bytes.length - end} byte(s) follow the checksum`,
    };
  }
  const frame = bytes.subarray(start, end);
  const expected = checksumOf(frame.subarray(0, frame.length - 1));
  const actual = frame[frame.length - 1] ?? 0;
  if (expected !== actual) {
    return {
      ok: false,
      code: 'bad-checksum',
      message: `checksum byte is ${hexByte(actual)} but the frame needs ${hexByte(expected)}`,
    };
  }
  return { ok: true, frame: { type, body: frame.subarray(2, 2 + length), skipped: start } };
}
