// TP-Status of a status report (TS 23.040 §9.2.3.15): what happened to a message we sent.

/**
 * delivered: the transaction is complete (0x00-0x1F). pending: temporary error, the centre is
 * still trying (0x20-0x3F). failed: permanent error (0x40-0x5F) or temporary error after which
 * the centre stopped trying (0x60-0x7F). unknown: 0x80-0xFF, reserved by the spec; we do not
 * guess, so staff are not told a delivered message failed or the reverse.
 */
export type DeliveryClass = 'delivered' | 'pending' | 'failed' | 'unknown';

const TEXT: Readonly<Record<number, string>> = {
  0x00: 'received by the recipient',
  0x01: 'forwarded, delivery not confirmed',
  0x02: 'replaced by the service centre',
  0x20: 'congestion',
  0x21: 'recipient busy',
  0x22: 'no response from recipient',
  0x23: 'service rejected',
  0x24: 'quality of service not available',
  0x25: 'error in recipient',
  0x40: 'remote procedure error',
  0x41: 'incompatible destination',
  0x42: 'connection rejected by recipient',
  0x43: 'not obtainable',
  0x44: 'quality of service not available',
  0x45: 'no interworking available',
  0x46: 'validity period expired',
  0x47: 'deleted by originating entity',
  0x48: 'deleted by service centre administration',
  0x49: 'message does not exist',
  0x60: 'congestion',
  0x61: 'recipient busy',
  0x62: 'no response from recipient',
  0x63: 'service rejected',
  0x64: 'quality of service not available',
  0x65: 'error in recipient',
};

export function classifyStatus(st: number): { class: DeliveryClass; text: string } {
  const cls: DeliveryClass = st < 0x20 ? 'delivered' : st < 0x40 ? 'pending' : st < 0x80 ? 'failed' : 'unknown';
  const specific = (st & 0x1f) >= 0x10 && st < 0x80 ? 'service-centre specific' : 'reserved';
  return { class: cls, text: TEXT[st] ?? `${specific} status 0x${st.toString(16).padStart(2, '0')}` };
}
