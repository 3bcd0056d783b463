// What a failed AT+CMGS means for the message: pure, no I/O.
// Causes from GSM 04.11 / 3GPP TS 27.005 §3.2.5 and the SIMCom manuals (see FIELD-NOTES).
import { AtClosedError, AtError, AtMismatchError, AtTimeoutError } from '../at/errors.js';

export type SendOutcome =
  /** The modem said it did not send: try again later (with back-off). */
  | { kind: 'retry'; error: string; code: number | null }
  /** The modem said it did not send, and trying again will not help. */
  | { kind: 'permanent'; error: string; code: number | null }
  /** No final answer (timeout, port gone mid-send): it may have gone out. Never re-sent by itself. */
  | { kind: 'unknown'; error: string; code: null };

/** Network or SIM conditions that pass: congestion, no network yet, SIM busy, memory. */
const RETRY_CMS = new Set([
  27, 38, 41, 42, 47, // destination out of service, network out of order, temporary failure, congestion, resources unavailable
  98, 111, // message not compatible with protocol state (transient on some networks), protocol error
  314, 315, 316, 317, 318, // SIM busy / wrong / PIN2 / PUK2 — an operator must fix, but nothing went out
  310, 311, 312, 313, // SIM not inserted / PIN / PH-SIM PIN / SIM failure: the box waits for the SIM
  322, // memory full
  331, 332, // no network service, network timeout
  500, // unknown: some SIMs answer this when they cannot send at all
  512, 513, 514, 515, // SIM800: SIM not ready / message length / command busy
]);

/** Causes that will not change by trying again: the number, the subscription, the PDU. */
const PERMANENT_CMS = new Set([
  1, 8, 10, 21, 29, 30, // unassigned number, barred, call barred, rejected, facility rejected, unknown subscriber
  50, 69, 81, 95, 96, 97, 99, // facility not subscribed/implemented, bad reference, invalid/mandatory IE, etc.
  300, 301, 302, 303, 304, 305, // ME failure, service reserved, operation not allowed/supported, bad PDU/text parameter
  320, 321, // memory failure, invalid memory index
  330, // SMSC address unknown: needs configuration
]);

/** Classifies the rejection of AT+CMGS (or its timeout / the port closing under it). */
export function classifySendFailure(err: unknown): SendOutcome {
  if (err instanceof AtError) {
    const code = err.code;
    if (err.type === 'CMS' && code !== null) {
      if (RETRY_CMS.has(code)) return { kind: 'retry', error: err.result, code };
      if (PERMANENT_CMS.has(code)) return { kind: 'permanent', error: err.result, code };
      // Unlisted network causes (1–127) are treated as final; unlisted module codes as passing.
      return code < 128 ? { kind: 'permanent', error: err.result, code } : { kind: 'retry', error: err.result, code };
    }
    if (err.type === 'CME' && code !== null) {
      // SIM-related CME codes (10–18: not inserted, PIN, PUK, failure, busy, wrong) pass once fixed.
      return { kind: 'retry', error: err.result, code };
    }
    // A plain `ERROR` before the prompt: the modem refused the command, nothing was sent.
    return { kind: 'retry', error: err.result, code };
  }
  if (err instanceof AtTimeoutError) {
    // No prompt yet: nothing was sent. After the payload, the modem may have sent it.
    if (err.awaited.includes('prompt')) return { kind: 'retry', error: err.message, code: null };
    return { kind: 'unknown', error: `no answer from the modem: ${err.message}`, code: null };
  }
  if (err instanceof AtMismatchError) {
    // A stale answer before the payload went: nothing was sent. After it, the PDU may be out.
    if (err.stage !== 'in-flight') return { kind: 'retry', error: err.message, code: null };
    return { kind: 'unknown', error: `the modem's answer did not fit: ${err.message}`, code: null };
  }
  if (err instanceof AtClosedError && err.stage !== 'in-flight') return { kind: 'retry', error: err.message, code: null };
  if (err instanceof AtClosedError) return { kind: 'unknown', error: `the modem went away while sending: ${err.message}`, code: null };
  return { kind: 'unknown', error: err instanceof Error ? err.message : String(err), code: null };
}

/** Back-off before attempt `attempt + 1` (attempt counts from 1): 30 s, 1, 2, 4, 8 min… capped at 30 min. */
export function retryDelayMs(attempt: number, baseMs = 30_000, capMs = 30 * 60_000): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
}
