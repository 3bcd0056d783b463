// What decodePdu returns. JSON-friendly (hex strings, no byte arrays), so `studio-box pdu
// decode` can print it as it is.
import type { Address } from './address.js';
import type { DeliveryClass } from './delivery-status.js';
import type { PduError } from './pdu-error.js';
import type { Timestamp } from './scts.js';
import type { UserData } from './user-data.js';

interface PduBase {
  /** The SMSC field; null when absent (hasSmsc: false) or empty (00). */
  smsc: Address | null;
  /** Octets of the TPDU (without the SMSC field), as AT+CMGS / +CMGR count them. */
  tpduLength: number;
  /** TP-MTI and the flags, as sent. */
  firstOctet: number;
  /** What was odd but still readable: a bad time stamp, trailing octets, an odd UCS-2 octet. */
  warnings: string[];
}

/** A time stamp field that was not a valid date is kept as hex, with the reason. */
export type TimestampField = Timestamp | { invalid: string; hex: string };

/** SMS-DELIVER: a message to us. */
export interface SmsDeliver extends PduBase {
  type: 'deliver';
  originator: Address;
  /** TP-MMS clear: the centre has more messages waiting for us. */
  moreMessagesToSend: boolean;
  replyPath: boolean;
  statusReportIndication: boolean;
  loopPrevention: boolean;
  pid: number;
  timestamp: TimestampField;
  userData: UserData;
}

export type Validity =
  | { format: 'relative'; vp: number; minutes: number }
  | { format: 'absolute'; timestamp: TimestampField }
  | { format: 'enhanced'; hex: string };

/** SMS-SUBMIT: a message from us (decoded for support work: what did we send?). */
export interface SmsSubmit extends PduBase {
  type: 'submit';
  messageRef: number;
  destination: Address;
  rejectDuplicates: boolean;
  replyPath: boolean;
  statusReportRequest: boolean;
  pid: number;
  validity: Validity | null;
  userData: UserData;
}

/** SMS-STATUS-REPORT: what became of a message we sent with TP-SRR. */
export interface SmsStatusReport extends PduBase {
  type: 'status-report';
  /** TP-MR of the message this reports on (the `+CMGS: <mr>` it was sent with). */
  messageRef: number;
  recipient: Address;
  /** When the centre received the message. */
  timestamp: TimestampField;
  /** When the status below was reached (delivery time when delivered). */
  dischargeTime: TimestampField;
  /** TP-ST as sent. */
  status: number;
  statusClass: DeliveryClass;
  statusText: string;
  /** The report answers an SMS-COMMAND rather than an SMS-SUBMIT (TP-SRQ). */
  forCommand: boolean;
  moreMessagesToSend: boolean;
  pid: number | null;
  userData: UserData | null;
}

export type DecodedPdu = SmsDeliver | SmsSubmit | SmsStatusReport;

export type DecodeResult = { ok: true; pdu: DecodedPdu } | { ok: false; error: PduError };

export interface DecodeOptions {
  /** The hex starts with the SMSC field (true for +CMT, +CMGR, +CMGL and most +CDS). */
  hasSmsc?: boolean;
}
