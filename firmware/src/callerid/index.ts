// Caller ID, pure: decoders for GSM +CLIP/+CLCC and analog modem output (formatted VCID
// lines, raw SDMF/MDMF frames), and the E.164 forms to match a caller against customers.
// Nothing here does I/O or throws on input: bad input comes back as { ok: false, error }.
export type {
  Absence,
  CallerDateTime,
  CallerId,
  CallerIdError,
  CallerIdErrorCode,
  CallerIdResult,
  CallerIdSource,
  CallState,
  CallStatus,
  ExtraField,
} from './types.js';
export { decodeClip } from './clip.js';
export { decodeClcc } from './clcc.js';
export { parseVcidLine, type VcidField, type VcidTag } from './vcid-line.js';
export { buildVcidBlock } from './vcid-block.js';
export { VcidAccumulator } from './vcid-accumulator.js';
export { decodeCidHex, decodeCidFrame } from './decode-hex-frame.js';
export { checksumOf, MDMF_CALLER_ID, SDMF_CALLER_ID } from './cid-frame.js';
export { MDMF_PARAM } from './mdmf.js';
export { decodeCallerIdLine } from './decode-line.js';
export { callerNumberCandidates, type CandidateOptions } from './number-candidates.js';
