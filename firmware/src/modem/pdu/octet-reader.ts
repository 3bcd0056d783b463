// A cursor over the PDU's octets. Every read is bounds-checked, so a length field that points
// past the end becomes a 'truncated' error naming the field, never an undefined octet.
import { PduDecodeError } from './pdu-error.js';

export class OctetReader {
  private pos = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  /** One octet; `what` names the field in the error message. */
  byte(what: string): number {
    const b = this.bytes[this.pos];
    if (b === undefined) throw new PduDecodeError('truncated', `PDU ends before ${what} (octet ${this.pos})`, this.pos);
    this.pos++;
    return b;
  }

  /** n octets (a view, not a copy). */
  take(n: number, what: string): Uint8Array {
    if (n > this.remaining) {
      throw new PduDecodeError('truncated', `${what} needs ${n} octets at octet ${this.pos}, only ${this.remaining} left`, this.pos);
    }
    const out = this.bytes.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
