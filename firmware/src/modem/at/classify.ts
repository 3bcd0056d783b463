import { completePdu, isDialResult, parseUrc, type DialResult, type PduHeader, type Urc } from './urc.js';

/**
 * Line classification: every line is put in exactly one class, by state, never by substring.
 * Pure: the state it keeps is only "the next line is a PDU, and whose". No I/O, no timers.
 */

/** What a command declares it expects besides its final result. */
export type Expect =
  /** Only the final result (`AT+CMGF=0`). */
  | { kind: 'final' }
  /**
   * Lines starting with one of these prefixes (`+CSQ:`). With `pduAfterHeader`, each such
   * line is a header and the next line is its PDU, whatever it looks like (`+CMGR:`, `+CMGL:`).
   */
  | { kind: 'prefix'; prefixes: string[]; pduAfterHeader?: boolean }
  /** Bare lines without a prefix (`ATI`, `AT+CGSN`, `AT+CIMI`). */
  | { kind: 'raw' };

export type FinalResult =
  | { kind: 'ok' }
  | { kind: 'error'; type: 'ERROR' | 'CME' | 'CMS'; code: number | null; text: string }
  | { kind: 'dial'; result: DialResult };

export interface CommandContext {
  /** The command line as sent (without CR), to recognise its echo. */
  command: string;
  expect: Expect;
  /** Dial-type command (ATD, ATA): `NO CARRIER`/`BUSY`/`NO ANSWER` are its final result. */
  dial: boolean;
  /** The payload sent after a `> ` prompt, to recognise its echo; null when none. */
  payload: string | null;
}

export type Classified =
  | { class: 'echo' }
  | { class: 'final'; result: FinalResult }
  | { class: 'response'; line: string }
  | { class: 'urc'; urc: Urc }
  /** A `+CMT:`/`+CDS:` header: the event is complete with the next line. */
  | { class: 'urc-header'; header: PduHeader }
  | { class: 'unknown'; line: string };

/** Parses exact final result codes; null for anything else. */
export function parseFinal(line: string): FinalResult | null {
  if (line === 'OK') return { kind: 'ok' };
  if (line === 'ERROR') return { kind: 'error', type: 'ERROR', code: null, text: line };
  const m = /^\+(CME|CMS) ERROR: ?(.*)$/.exec(line);
  if (m) {
    const detail = m[2]!.trim();
    const code = /^\d+$/.test(detail) ? Number(detail) : null;
    return { kind: 'error', type: m[1] as 'CME' | 'CMS', code, text: line };
  }
  return null;
}

export class LineClassifier {
  /** Set after a header: the next line is a PDU for the command or for a URC. */
  private pdu: { owner: 'command' } | { owner: 'urc'; header: PduHeader } | null = null;

  /** Classifies one line; `ctx` is the command in flight, or null when none is. */
  classify(line: string, ctx: CommandContext | null): Classified {
    const pending = this.pdu;
    if (pending) {
      this.pdu = null;
      if (pending.owner === 'urc') return { class: 'urc', urc: completePdu(pending.header, line) };
      if (ctx) return { class: 'response', line };
      // The command ended (timeout, close) between its header and its PDU: fall through.
    }

    if (ctx && (line === ctx.command || (ctx.payload !== null && line.startsWith(ctx.payload)))) {
      return { class: 'echo' };
    }

    const final = parseFinal(line);
    if (final) return ctx ? { class: 'final', result: final } : { class: 'unknown', line };
    if (ctx?.dial && isDialResult(line)) return { class: 'final', result: { kind: 'dial', result: line } };

    if (ctx && ctx.expect.kind === 'prefix') {
      const { prefixes, pduAfterHeader } = ctx.expect;
      if (prefixes.some((p) => line.startsWith(p))) {
        if (pduAfterHeader) this.pdu = { owner: 'command' };
        return { class: 'response', line };
      }
    }

    const urc = parseUrc(line);
    if (urc.kind === 'urc') return { class: 'urc', urc: urc.urc };
    if (urc.kind === 'header') {
      this.pdu = { owner: 'urc', header: urc.header };
      return { class: 'urc-header', header: urc.header };
    }

    if (ctx && ctx.expect.kind === 'raw') return { class: 'response', line };
    return { class: 'unknown', line };
  }

  /** Forgets a pending PDU expectation (after a timeout or a re-open). */
  reset(): void {
    this.pdu = null;
  }
}
