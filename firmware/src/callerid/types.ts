// The shapes every caller-ID decoder returns. One flat record for all five sources, with
// every key always present (null when the source does not carry it), so the popup, the call
// log and `studio-box callerid decode` read one shape and JSON output is stable.

/** Where the caller ID came from: GSM unsolicited results, or an analog modem's FSK decode. */
export type CallerIdSource = 'clip' | 'clcc' | 'vcid' | 'sdmf' | 'mdmf';

/**
 * Why a number (or name) is missing.
 * - private: the caller withheld it ('P' on analog lines, CLI validity 1 on GSM);
 * - unavailable: the network could not deliver it — "out of area" ('O'), interworking,
 *   payphone (CLI validity 2, 3, 4);
 * - unknown: it is missing and the device did not say why (e.g. +CLCC without a number).
 */
export type Absence = 'private' | 'unavailable' | 'unknown';

/** Exchange time of the call, as sent (no year and no time zone on the wire). */
export interface CallerDateTime {
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** 27.007 +CLCC <stat>, plus SIMCom's 6 (disconnect). */
export type CallState = 'active' | 'held' | 'dialing' | 'alerting' | 'incoming' | 'waiting' | 'disconnected' | 'unknown';

/** The call-progress part of a +CLCC line, so a caller can tell ringing from active or ended. */
export interface CallStatus {
  index: number;
  direction: 'outgoing' | 'incoming';
  /** Raw <stat>; `state` is its name. */
  stat: number;
  state: CallState;
  /** Incoming and not yet answered (stat 4 incoming, 5 waiting). */
  ringing: boolean;
  /** 0 voice, 1 data, 2 fax, 9 unknown (27.007 <mode>). */
  mode: number;
  multiparty: boolean;
}

/** A field the decoder keeps but does not interpret: VCID `MESG` text, unknown MDMF parameters (hex). */
export interface ExtraField {
  tag: string;
  value: string;
}

export interface CallerId {
  source: CallerIdSource;
  /** Digits as delivered; '+' added when the GSM type of address says international. */
  number: string | null;
  /** GSM type-of-address octet (129, 145, 161…); null for analog sources. */
  numberType: number | null;
  /** Set exactly when `number` is null. */
  absence: Absence | null;
  name: string | null;
  /** Set when the source said why the name is missing; null when it simply sent none. */
  nameAbsence: Absence | null;
  dateTime: CallerDateTime | null;
  /** ETSI MDMF 0x03: the number that was dialled (useful with several lines on one box). */
  calledNumber: string | null;
  /** ETSI MDMF 0x11 call type (1 voice, 2 ring-back-when-free, 0x81 message waiting). */
  callType: number | null;
  /** GSM <CLI validity> as sent (0 valid, 1 withheld, 2 unavailable, 3 payphone, 4 other). */
  cliValidity: number | null;
  /** +CLCC only. */
  call: CallStatus | null;
  extras: ExtraField[];
  /** Things that were odd but did not stop the decode (bad date, duplicate parameter…). */
  warnings: string[];
  /** The input as received (lines joined with '\n' for a VCID block). */
  raw: string;
}

export type CallerIdErrorCode =
  | 'empty'
  | 'unrecognised'
  | 'bad-syntax'
  | 'bad-number'
  | 'bad-hex'
  | 'truncated'
  | 'length-mismatch'
  | 'bad-checksum'
  | 'unknown-message-type'
  | 'parameter-overrun'
  | 'bad-sdmf'
  | 'incomplete';

export interface CallerIdError {
  code: CallerIdErrorCode;
  message: string;
  raw: string;
}

export type CallerIdResult = { ok: true; value: CallerId } | { ok: false; error: CallerIdError };
