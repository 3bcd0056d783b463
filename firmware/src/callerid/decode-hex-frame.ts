// A raw frame as printed after AT+VCID=2 / AT#CID=2: hex → frame → SDMF or MDMF body.
import { readCidFrame, SDMF_CALLER_ID } from './cid-frame.js';
import { parseHex } from './hex-bytes.js';
import { decodeMdmfBody } from './mdmf.js';
import { fail } from './result.js';
import { decodeSdmfBody } from './sdmf.js';
import type { CallerIdResult } from './types.js';

export function decodeCidHex(text: string): CallerIdResult {
  const raw = text.trim();
  if (raw === '') return fail('empty', 'no hex digits', raw);
  const hex = parseHex(raw);
  if (!hex.ok) return fail('bad-hex', hex.message, raw);
  return decodeCidFrame(hex.bytes, raw);
}

/** For a modem or FSK demodulator that hands over bytes rather than hex text. */
export function decodeCidFrame(bytes: Uint8Array, raw: string): CallerIdResult {
  const read = readCidFrame(bytes);
  if (!read.ok) return fail(read.code, read.message, raw);
  const { type, body, skipped } = read.frame;
  const result = type === SDMF_CALLER_ID ? decodeSdmfBody(body, raw) : decodeMdmfBody(body, raw);
  if (result.ok && skipped > 0) result.value.warnings.unshift(`skipped ${skipped} channel-seizure/mark byte(s) before the message type`);
  return result;
}
