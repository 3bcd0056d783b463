// SMS-SUBMIT (TS 23.040 §9.2.2.2): what we hand the modem with AT+CMGS, one PDU per part.
import { encodeAddress, encodeSmsc } from './address.js';
import { checkInt, planParts } from './concat-parts.js';
import { DCS_FOR } from './dcs.js';
import { bytesToHex } from './hex.js';
import { PduEncodeError } from './pdu-error.js';
import type { SmsEncoding } from './split-text.js';
import { encodeUserData } from './user-data.js';
import { encodeRelativeValidity } from './validity-period.js';

export interface SubmitOptions {
  /** The destination number: "+84901234567" (international) or "0901234567" (as dialled). */
  to: string;
  text: string;
  /** SMS centre; omitted, the PDU starts with 00 and the modem uses the SIM's. */
  smsc?: string;
  /** Ask for a delivery report (TP-SRR). */
  statusReport?: boolean;
  /** Relative validity, rounded up to what TP-VP can say; omitted, the centre's default. */
  validityMinutes?: number;
  /** TP-MR of the first part (later parts count up); most modems put their own in. */
  messageRef?: number;
  /** 8-bit concatenation reference (IEI 0x00) for a long message. */
  concatRef?: number;
  /** 16-bit concatenation reference (IEI 0x08) for a long message. */
  concatRef16?: number;
  /** UCS-2 even when GSM-7 would do. */
  forceUcs2?: boolean;
}

export interface EncodedPart {
  /** SMSC field + TPDU, as hex: what is typed after the `> ` prompt. */
  hex: string;
  /** Octets of the TPDU without the SMSC field: the <length> of AT+CMGS=<length>. */
  tpduLength: number;
}

export interface EncodedSubmit {
  encoding: SmsEncoding;
  parts: EncodedPart[];
}

const MTI_SUBMIT = 0x01;
const VPF_RELATIVE = 0x10;
const SRR = 0x20;
const UDHI = 0x40;
const PID_DEFAULT = 0x00;

/** Throws PduEncodeError for a bad number, option, or a text of more than 255 parts. */
export function encodeSubmit(o: SubmitOptions): EncodedSubmit {
  checkInt('messageRef', o.messageRef, 0, 255);
  if (o.validityMinutes !== undefined && !(o.validityMinutes > 0 && Number.isFinite(o.validityMinutes))) {
    throw new PduEncodeError('bad_option', `validityMinutes must be a positive number, got ${o.validityMinutes}`);
  }
  if (!/^\+?[0-9*#]/.test(o.to.replace(/[\s().-]/g, ''))) throw new PduEncodeError('bad_address', `not a phone number: "${o.to}"`);
  const da = encodeAddress(o.to);
  const smsc = bytesToHex(encodeSmsc(o.smsc));
  const { encoding, parts } = planParts(o);
  const vp = o.validityMinutes === undefined ? [] : [encodeRelativeValidity(o.validityMinutes)];
  return {
    encoding,
    parts: parts.map((p, i) => {
      const fo = MTI_SUBMIT | (vp.length ? VPF_RELATIVE : 0) | (o.statusReport ? SRR : 0) | (p.header ? UDHI : 0);
      const mr = ((o.messageRef ?? 0) + i) & 0xff;
      const tpdu = Uint8Array.of(fo, mr, ...da, PID_DEFAULT, DCS_FOR[encoding], ...vp, ...encodeUserData(p.text, encoding, p.header));
      return { hex: smsc + bytesToHex(tpdu), tpduLength: tpdu.length };
    }),
  };
}
