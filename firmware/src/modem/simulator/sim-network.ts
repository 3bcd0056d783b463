// The network's side of the simulated modem: status reports for what it sent, and messages
// typed as text. Pure apart from the random generator it is given.
import { decodePdu } from '../pdu/decode-pdu.js';
import { encodeDeliver, encodeStatusReport } from '../pdu/encode-deliver.js';
import type { TimestampFields } from '../pdu/scts.js';
import type { SimulatorHabits } from './sim-habits.js';

/** TP-ST 0x00: received by the phone; 0x46: validity period expired (a permanent failure). */
export const DELIVERED = 0x00;
export const EXPIRED = 0x46;

/** When a status report comes and what it says; null when it never comes. */
export function planReport(
  random: () => number,
  habits: Pick<SimulatorHabits, 'reportFailed' | 'reportLate' | 'reportMissing' | 'reportLateMs'>,
  delayMs: number,
): { delayMs: number; status: number } | null {
  if (random() < habits.reportMissing) return null;
  const status = random() < habits.reportFailed ? EXPIRED : DELIVERED;
  return { delayMs: random() < habits.reportLate ? habits.reportLateMs : delayMs, status };
}

/** The status report for a submitted PDU (with its SMSC octet), or null when it asked for none. */
export function statusReportFor(submitHex: string, mr: number, status: number, at: Date): string | null {
  const r = decodePdu(submitHex, { hasSmsc: true });
  if (!r.ok || r.pdu.type !== 'submit' || !r.pdu.statusReportRequest) return null;
  const ts = utcFields(at);
  return encodeStatusReport({ messageRef: mr, recipient: r.pdu.destination.number, status, timestamp: ts, dischargeTime: ts });
}

/** The SMS-DELIVER PDUs (one per part) of a text someone sends to the box. */
export function deliverPdus(from: string, text: string, at: Date, concatRef: number): string[] {
  return encodeDeliver({ from, text, timestamp: utcFields(at), concatRef }).parts.map((p) => p.hex);
}

function utcFields(d: Date): TimestampFields {
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    offsetMinutes: 0,
  };
}
