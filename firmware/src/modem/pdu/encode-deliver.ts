// SMS-DELIVER and SMS-STATUS-REPORT encoders: the network's side. The box never sends these;
// the modem simulator and the tests use them to play the network.
import { encodeAddress, encodeSmsc } from './address.js';
import { checkInt, planParts, type ConcatOptions } from './concat-parts.js';
import { DCS_FOR } from './dcs.js';
import type { EncodedSubmit } from './encode-submit.js';
import { bytesToHex } from './hex.js';
import { encodeTimestamp, type TimestampFields } from './scts.js';
import { encodeUserData } from './user-data.js';

export interface DeliverOptions extends ConcatOptions {
  /** Sender: a number, or text such as "VIETTEL" (alphanumeric). */
  from: string;
  timestamp: TimestampFields;
  smsc?: string;
}

const MMS_NO_MORE = 0x04; // TP-MMS set: no more messages waiting
const UDHI = 0x40;

/** One SMS-DELIVER per part, SMSC field first (as +CMT / +CMGR show them). */
export function encodeDeliver(o: DeliverOptions): EncodedSubmit {
  const oa = encodeAddress(o.from, true);
  const smsc = bytesToHex(encodeSmsc(o.smsc));
  const scts = encodeTimestamp(o.timestamp);
  const { encoding, parts } = planParts(o);
  return {
    encoding,
    parts: parts.map((p) => {
      const tpdu = Uint8Array.of(MMS_NO_MORE | (p.header ? UDHI : 0), ...oa, 0x00, DCS_FOR[encoding], ...scts, ...encodeUserData(p.text, encoding, p.header));
      return { hex: smsc + bytesToHex(tpdu), tpduLength: tpdu.length };
    }),
  };
}

export interface StatusReportOptions {
  messageRef: number;
  recipient: string;
  /** TP-ST, e.g. 0x00 delivered, 0x30 still trying, 0x46 expired. */
  status: number;
  timestamp: TimestampFields;
  dischargeTime: TimestampFields;
  smsc?: string;
}

/** An SMS-STATUS-REPORT with the mandatory fields only, as most centres send it. */
export function encodeStatusReport(o: StatusReportOptions): string {
  checkInt('messageRef', o.messageRef, 0, 255);
  checkInt('status', o.status, 0, 255);
  const tpdu = Uint8Array.of(0x02 | MMS_NO_MORE, o.messageRef, ...encodeAddress(o.recipient), ...encodeTimestamp(o.timestamp), ...encodeTimestamp(o.dischargeTime), o.status);
  return bytesToHex(encodeSmsc(o.smsc)) + bytesToHex(tpdu);
}
