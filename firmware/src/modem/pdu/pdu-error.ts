// The error values of the codec. Decoding reports a broken PDU as a value, never by throwing
// out of decodePdu; encoding refuses bad input (a programming or form error) by throwing.

export type PduErrorCode =
  | 'bad_hex' // not an even-length string of hex digits
  | 'truncated' // a field runs past the end of the PDU
  | 'bad_length' // a length field out of its allowed range
  | 'bad_address' // an address with a bad semi-octet or length
  | 'bad_udh' // a user data header that does not fit its own length or the user data
  | 'unsupported_type' // TP-MTI 11 (reserved)
  | 'internal'; // a bug in this codec: reported, still not thrown

export interface PduError {
  code: PduErrorCode;
  message: string;
  /** Octet offset in the PDU (SMSC field included) where the problem was found. */
  offset?: number;
}

/** Thrown inside the decoder only; decodePdu turns it into a PduError value. */
export class PduDecodeError extends Error {
  constructor(
    readonly code: PduErrorCode,
    message: string,
    readonly offset?: number,
  ) {
    super(message);
    this.name = 'PduDecodeError';
  }
}

export type PduEncodeErrorCode = 'bad_address' | 'bad_option' | 'too_long';

/** Thrown by the encoders for input that cannot become a valid PDU. */
export class PduEncodeError extends Error {
  constructor(
    readonly code: PduEncodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PduEncodeError';
  }
}
