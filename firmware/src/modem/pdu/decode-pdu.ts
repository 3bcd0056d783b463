// Decodes one PDU as a modem prints it (+CMT, +CMGR, +CMGL, +CDS) or as we send it. Never
// throws: every field is read through a bounds-checked cursor, and whatever goes wrong comes
// back as { ok: false, error } with the octet offset where it went wrong.
import { readAddress, readSmsc } from './address.js';
import { classifyStatus } from './delivery-status.js';
import { decodeDcs } from './dcs.js';
import { bytesToHex, hexToBytes } from './hex.js';
import { OctetReader } from './octet-reader.js';
import { PduDecodeError } from './pdu-error.js';
import type { DecodedPdu, DecodeOptions, DecodeResult, SmsDeliver, SmsStatusReport, SmsSubmit, TimestampField, Validity } from './pdu-types.js';
import { decodeTimestamp } from './scts.js';
import { readUserData } from './user-data.js';
import { relativeValidityMinutes } from './validity-period.js';

// Longest real PDU: 12 octets of SMSC + 164 of TPDU. Anything much longer is not one PDU.
const MAX_OCTETS = 512;

export function decodePdu(hex: string, options: DecodeOptions = {}): DecodeResult {
  try {
    if (typeof hex !== 'string') return { ok: false, error: { code: 'bad_hex', message: 'PDU is not a string' } };
    return { ok: true, pdu: decode(hex, options.hasSmsc ?? true) };
  } catch (e) {
    if (e instanceof PduDecodeError) {
      return { ok: false, error: e.offset === undefined ? { code: e.code, message: e.message } : { code: e.code, message: e.message, offset: e.offset } };
    }
    // A bug here must not take the modem loop down with it.
    return { ok: false, error: { code: 'internal', message: `decoder failed: ${e instanceof Error ? e.message : 'unknown error'}` } };
  }
}

function decode(hex: string, hasSmsc: boolean): DecodedPdu {
  const bytes = hexToBytes(hex);
  if (bytes.length === 0) throw new PduDecodeError('truncated', 'PDU is empty', 0);
  if (bytes.length > MAX_OCTETS) throw new PduDecodeError('bad_length', `PDU is ${bytes.length} octets, no PDU is over ${MAX_OCTETS}`);
  const r = new OctetReader(bytes);
  const smsc = hasSmsc ? readSmsc(r) : null;
  const tpduStart = r.offset;
  const warnings: string[] = [];
  const fo = r.byte('first octet');
  const base = { smsc, firstOctet: fo, warnings };
  let pdu: DecodedPdu;
  switch (fo & 3) {
    case 0:
      pdu = { type: 'deliver', ...base, tpduLength: 0, ...readDeliver(r, fo, warnings) };
      break;
    case 1:
      pdu = { type: 'submit', ...base, tpduLength: 0, ...readSubmit(r, fo, warnings) };
      break;
    case 2:
      pdu = { type: 'status-report', ...base, tpduLength: 0, ...readStatusReport(r, fo, warnings) };
      break;
    default:
      throw new PduDecodeError('unsupported_type', 'TP-MTI 11 is reserved', tpduStart);
  }
  if (r.remaining > 0) warnings.push(`${r.remaining} octet(s) after the end of the PDU were ignored`);
  pdu.tpduLength = r.offset - tpduStart;
  return pdu;
}

function readTimestamp(r: OctetReader, what: string, warnings: string[]): TimestampField {
  const octets = r.take(7, what);
  const t = decodeTimestamp(octets);
  if (typeof t !== 'string') return t;
  // A wrong clock at the centre must not lose the message: keep the raw field, say why.
  warnings.push(`${what}: ${t}`);
  return { invalid: t, hex: bytesToHex(octets) };
}

type Body<T> = Omit<T, 'type' | 'smsc' | 'firstOctet' | 'warnings' | 'tpduLength'>;

function readDeliver(r: OctetReader, fo: number, warnings: string[]): Body<SmsDeliver> {
  const originator = readAddress(r, 'TP-OA');
  const pid = r.byte('TP-PID');
  const dcs = decodeDcs(r.byte('TP-DCS'));
  const timestamp = readTimestamp(r, 'TP-SCTS', warnings);
  return {
    originator,
    moreMessagesToSend: (fo & 0x04) === 0,
    loopPrevention: (fo & 0x08) !== 0,
    statusReportIndication: (fo & 0x20) !== 0,
    replyPath: (fo & 0x80) !== 0,
    pid,
    timestamp,
    userData: readUserData(r, dcs, (fo & 0x40) !== 0, warnings),
  };
}

function readSubmit(r: OctetReader, fo: number, warnings: string[]): Body<SmsSubmit> {
  const messageRef = r.byte('TP-MR');
  const destination = readAddress(r, 'TP-DA');
  const pid = r.byte('TP-PID');
  const dcs = decodeDcs(r.byte('TP-DCS'));
  let validity: Validity | null = null;
  switch ((fo >> 3) & 3) {
    case 2: {
      const vp = r.byte('TP-VP');
      validity = { format: 'relative', vp, minutes: relativeValidityMinutes(vp) };
      break;
    }
    case 1:
      validity = { format: 'enhanced', hex: bytesToHex(r.take(7, 'TP-VP')) };
      break;
    case 3:
      validity = { format: 'absolute', timestamp: readTimestamp(r, 'TP-VP', warnings) };
      break;
  }
  return {
    messageRef,
    destination,
    rejectDuplicates: (fo & 0x04) !== 0,
    statusReportRequest: (fo & 0x20) !== 0,
    replyPath: (fo & 0x80) !== 0,
    pid,
    validity,
    userData: readUserData(r, dcs, (fo & 0x40) !== 0, warnings),
  };
}

function readStatusReport(r: OctetReader, fo: number, warnings: string[]): Body<SmsStatusReport> {
  const messageRef = r.byte('TP-MR');
  const recipient = readAddress(r, 'TP-RA');
  const timestamp = readTimestamp(r, 'TP-SCTS', warnings);
  const dischargeTime = readTimestamp(r, 'TP-DT', warnings);
  const status = r.byte('TP-ST');
  const { class: statusClass, text: statusText } = classifyStatus(status);
  let pid: number | null = null;
  let userData: SmsStatusReport['userData'] = null;
  // Optional tail (TP-PI and what it announces). Centres and modems pad or garble it; the
  // mandatory part above is what matches the report to our message, so a bad tail is a
  // warning, not a lost report.
  if (r.remaining > 0) {
    try {
      let pi = r.byte('TP-PI');
      const first = pi;
      while (pi & 0x80 && r.remaining > 0) pi = r.byte('TP-PI extension'); // extension octets: nothing defined yet
      if (first & 1) pid = r.byte('TP-PID');
      const dcs = decodeDcs(first & 2 ? r.byte('TP-DCS') : 0);
      if (first & 4) userData = readUserData(r, dcs, (fo & 0x40) !== 0, warnings);
    } catch (e) {
      if (!(e instanceof PduDecodeError)) throw e;
      warnings.push(`optional status report fields ignored: ${e.message}`);
      pid = null;
      userData = null;
    }
  }
  return {
    messageRef,
    recipient,
    timestamp,
    dischargeTime,
    status,
    statusClass,
    statusText,
    forCommand: (fo & 0x20) !== 0,
    moreMessagesToSend: (fo & 0x04) === 0,
    pid,
    userData,
  };
}
