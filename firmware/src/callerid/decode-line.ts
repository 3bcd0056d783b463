// One entry point for `studio-box callerid decode 'LINE or HEX'` and for logs: works out
// which format the text is and decodes it. The result is plain data, ready for JSON.stringify.
import { decodeClcc } from './clcc.js';
import { decodeClip } from './clip.js';
import { decodeCidHex } from './decode-hex-frame.js';
import { fail } from './result.js';
import type { CallerIdResult } from './types.js';
import { VcidAccumulator } from './vcid-accumulator.js';
import { buildVcidBlock } from './vcid-block.js';
import { parseVcidLine } from './vcid-line.js';

const HEX_ONLY = /^[0-9a-fA-F\s]+$/;

const ACCEPTED =
  'expected a +CLIP: or +CLCC: line, a formatted caller-ID line (DATE/TIME/NMBR/NAME/MESG = …), or an SDMF/MDMF frame in hex';

export function decodeCallerIdLine(text: string): CallerIdResult {
  const raw = text.trim();
  if (raw === '') return fail('empty', `nothing to decode; ${ACCEPTED}`, raw);
  const lines = raw.split(/\r\n|\r|\n/).filter((l) => l.trim() !== '');
  if (lines.length > 1) return decodeVcidLines(lines, raw);

  if (raw.startsWith('+CLIP:')) return decodeClip(raw);
  if (raw.startsWith('+CLCC:')) return decodeClcc(raw);
  const field = parseVcidLine(raw);
  if (field) return buildVcidBlock([field]);
  if (HEX_ONLY.test(raw)) return decodeCidHex(raw);
  return fail('unrecognised', ACCEPTED, raw);
}

/** Several lines are read as one formatted block; RING and other lines around it are skipped. */
function decodeVcidLines(lines: readonly string[], raw: string): CallerIdResult {
  const acc = new VcidAccumulator();
  const results: CallerIdResult[] = [];
  for (const line of lines) {
    const r = acc.push(line);
    if (r) results.push(r);
  }
  const last = acc.flush();
  if (last) results.push(last);
  const [only] = results;
  if (results.length === 1 && only) return only;
  if (results.length === 0) {
    return fail('unrecognised', `none of the ${lines.length} lines is a formatted caller-ID field; pass a +CLIP, +CLCC or hex frame on its own line`, raw);
  }
  return fail('bad-syntax', `the ${lines.length} lines hold ${results.length} caller-ID blocks; pass one`, raw);
}
