// The SMS PDU codec (3GPP TS 23.040 / 23.038): pure functions, no I/O. The AT channel sends
// what encodeSubmit returns and hands every PDU the modem prints to decodePdu.
export { encodeSubmit, type EncodedPart, type EncodedSubmit, type SubmitOptions } from './encode-submit.js';
export { encodeDeliver, encodeStatusReport, type DeliverOptions, type StatusReportOptions } from './encode-deliver.js';
export { decodePdu } from './decode-pdu.js';
export type { DecodedPdu, DecodeOptions, DecodeResult, SmsDeliver, SmsStatusReport, SmsSubmit, TimestampField, Validity } from './pdu-types.js';
export { smsParts, splitText, chooseEncoding, type SmsEncoding, type SmsPartsInfo, type Split, type SplitOptions } from './split-text.js';
export type { UserData } from './user-data.js';
export type { Concat, InformationElement } from './udh.js';
export type { Dcs, Alphabet, MessageWaitingKind } from './dcs.js';
export type { Address, AddressType } from './address.js';
export type { Timestamp, TimestampFields } from './scts.js';
export type { DeliveryClass } from './delivery-status.js';
export { PduEncodeError, type PduError, type PduErrorCode, type PduEncodeErrorCode } from './pdu-error.js';
export { isGsm7 } from './gsm7-alphabet.js';
