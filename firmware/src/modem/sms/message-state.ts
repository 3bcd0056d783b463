// A message's state follows from its parts: pure, no I/O (issue 13.1). The outbox store calls
// it after every change of a part (a +CMGS answer, a send error, a status report), so the
// order in which answers and reports arrive cannot leave a message stranded in `sending`.
import type { OutboxPart, OutboxState } from '../../api-types.js';

export interface PartFacts {
  seq: number;
  state: OutboxPart['state'];
  /** TP-ST of the last status report, and its words. */
  reportStatus: number | null;
  reportText: string | null;
}

export interface MessageFacts {
  /** The state stored now: `cancelled` is staff's and stays; `queued`/`sending` tell a waiting message from one in the sender's hands. */
  state: OutboxState;
  /** The last send error (the modem's words), kept for a part that failed without a report. */
  error: string | null;
  errorCode: number | null;
  parts: PartFacts[];
}

export interface DerivedState {
  state: OutboxState;
  error: string | null;
  errorCode: number | null;
}

/** States no part change moves a message out of by itself. */
export const FINAL_STATES: readonly OutboxState[] = ['sent', 'delivered', 'failed', 'unknown', 'cancelled'];

/**
 * The message's state from its parts, whatever order they got there in:
 * - a part in the modem's hands right now → `sending`;
 * - else a part failed (refused by the modem, or a report said not delivered) → `failed`,
 *   naming the part and why — staff can send the parts that did not arrive again, or cancel;
 * - else a part whose fate is unknown → `unknown` (never re-sent by itself);
 * - else parts still to send → `queued`, or `sending` while the sender is working through it;
 * - else every part delivered → `delivered`, otherwise `sent`.
 * A message with no part pending or sending is therefore always in a final state.
 */
export function deriveMessageState(m: MessageFacts): DerivedState {
  const keep = { error: m.error, errorCode: m.errorCode };
  if (m.state === 'cancelled') return { state: 'cancelled', ...keep };
  const parts = [...m.parts].sort((a, b) => a.seq - b.seq);
  const has = (s: OutboxPart['state']) => parts.some((p) => p.state === s);
  if (has('sending')) return { state: 'sending', ...keep };
  const failed = parts.find((p) => p.state === 'failed');
  if (failed) return { state: 'failed', ...failureOf(failed, parts, m) };
  if (has('unknown')) return { state: 'unknown', ...keep };
  if (has('pending')) return { state: m.state === 'sending' ? 'sending' : 'queued', ...keep };
  if (parts.every((p) => p.state === 'delivered')) return { state: 'delivered', error: null, errorCode: null };
  return { state: 'sent', error: null, errorCode: null };
}

/** Why the message failed: the first failed part's report, or the modem's refusal. */
function failureOf(part: PartFacts, parts: PartFacts[], m: MessageFacts): { error: string; errorCode: number | null } {
  if (part.reportText === null) return { error: m.error ?? `part ${part.seq} was not sent`, errorCode: m.errorCode };
  const which = parts.length > 1 ? `part ${part.seq} of ${parts.length} ` : '';
  const delivered = parts.filter((p) => p.state === 'delivered').map((p) => p.seq);
  const partly = parts.length > 1 && delivered.length ? ` (delivered: part${delivered.length > 1 ? 's' : ''} ${delivered.join(', ')})` : '';
  return { error: `${which}not delivered: ${part.reportText}${partly}`, errorCode: part.reportStatus };
}

/** A refusal of one part of a long message names the part. */
export function partError(seq: number, partsTotal: number, error: string): string {
  return partsTotal > 1 ? `part ${seq} of ${partsTotal}: ${error}` : error;
}
