import { isPduLine, listingLength, pduFits, type PduKind } from './pdu-line.js';
import { completePdu, isDialResult, parseUrc, type DialResult, type PduHeader, type Urc } from './urc.js';

/**
 * Line classification: every line is put in exactly one class, by state, never by substring.
 * Pure: the state it keeps is only "which headers still wait for their PDU line". No I/O, no
 * timers. The pairing rules are in LineClassifier (docs/README.md, SMS: "Headers and PDUs").
 */

/** What a command declares it expects besides its final result. */
export type Expect =
  /** Only the final result (`AT+CMGF=0`). */
  | { kind: 'final' }
  /**
   * Lines starting with one of these prefixes (`+CSQ:`). With `pduAfterHeader`, each such
   * line is a header whose PDU follows (`+CMGR:`, `+CMGL:`), possibly after unsolicited lines.
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
  /** A `+CMT:`/`+CDS:` header: the event is complete with its PDU line. */
  | { class: 'urc-header'; header: PduHeader }
  | { class: 'unknown'; line: string };

/**
 * A final result also ends the headers still waiting for a PDU (the modem never sent it: a
 * listing entry cut short, a report header without its report). Their header lines, for the log.
 */
export type FinalClassified = Extract<Classified, { class: 'final' }> & { abandoned?: string[] };

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

/** A header whose PDU line has not come yet. */
type Awaiting =
  /** An entry of the command in flight's listing (`+CMGL:`/`+CMGR:`). */
  | { owner: 'command'; ctx: CommandContext; length: number | null; line: string }
  /** An unsolicited `+CMT:`/`+CDS:`. */
  | { owner: 'urc'; header: PduHeader; line: string };

/** More waiting headers than this is garbage, not a modem: the oldest is forgotten. */
const MAX_AWAITING = 4;

/**
 * The state machine that pairs each header with its PDU line:
 *
 * - A PDU line (an even run of hex digits: the only shape a PDU has in PDU mode) goes to the
 *   newest waiting header it fits (its `<length>`, and its message type for `+CDS`/`+CMT`);
 *   when it fits none, to the newest waiting header (a damaged PDU is still the one the modem
 *   was printing, and is kept rather than lost). With nothing waiting it is an ordinary line.
 * - Any other line is never a PDU: echo, final result, the command's own answer, an
 *   unsolicited code (`RING`, `+CLIP`, `+CMTI`…: delivered at once, also between a header and
 *   its PDU), another `+CDS:`/`+CMT:` header (it waits too), or unknown (`+CLCC`, garbage).
 * - A new listing header of the same command replaces an entry still waiting (that entry's PDU
 *   never came); the command's final result, or the command ending (timeout, close), ends what
 *   waits for it; a final result also ends waiting `+CDS:`/`+CMT:` headers (a modem prints an
 *   unsolicited code whole, never around another command's final result).
 */
export class LineClassifier {
  /** Oldest first. */
  private awaiting: Awaiting[] = [];

  /** Classifies one line; `ctx` is the command in flight, or null when none is. */
  classify(line: string, ctx: CommandContext | null): Classified | FinalClassified {
    // A command that ended between its header and its PDU: that PDU will not be its.
    this.awaiting = this.awaiting.filter((a) => a.owner === 'urc' || a.ctx === ctx);

    if (ctx && (line === ctx.command || (ctx.payload !== null && line.startsWith(ctx.payload)))) {
      return { class: 'echo' };
    }

    if (this.awaiting.length > 0 && isPduLine(line)) {
      const a = this.takeOwner(line);
      return a.owner === 'urc' ? { class: 'urc', urc: completePdu(a.header, line) } : { class: 'response', line };
    }

    const final = parseFinal(line);
    if (final) {
      if (!ctx) return { class: 'unknown', line };
      const abandoned = this.awaiting.splice(0).map((a) => a.line);
      return abandoned.length ? { class: 'final', result: final, abandoned } : { class: 'final', result: final };
    }
    if (ctx?.dial && isDialResult(line)) return { class: 'final', result: { kind: 'dial', result: line } };

    if (ctx && ctx.expect.kind === 'prefix') {
      const { prefixes, pduAfterHeader } = ctx.expect;
      if (prefixes.some((p) => line.startsWith(p))) {
        if (pduAfterHeader) {
          this.awaiting = this.awaiting.filter((a) => a.owner === 'urc');
          this.wait({ owner: 'command', ctx, length: listingLength(line), line });
        }
        return { class: 'response', line };
      }
    }

    const urc = parseUrc(line);
    if (urc.kind === 'urc') return { class: 'urc', urc: urc.urc };
    if (urc.kind === 'header') {
      this.wait({ owner: 'urc', header: urc.header, line });
      return { class: 'urc-header', header: urc.header };
    }

    if (ctx && ctx.expect.kind === 'raw') return { class: 'response', line };
    return { class: 'unknown', line };
  }

  /** Forgets every header still waiting (after a timeout or a re-open). */
  reset(): void {
    this.awaiting = [];
  }

  /** How many headers wait for their PDU (tests, logs). */
  get waiting(): number {
    return this.awaiting.length;
  }

  private wait(a: Awaiting): void {
    this.awaiting.push(a);
    if (this.awaiting.length > MAX_AWAITING) this.awaiting.shift();
  }

  /** Removes and returns the header a PDU line belongs to (see the class comment). */
  private takeOwner(line: string): Awaiting {
    let i = this.awaiting.length - 1;
    for (let j = i; j >= 0; j--) {
      const a = this.awaiting[j]!;
      const fits = a.owner === 'command' ? pduFits(line, a.length, null) : pduFits(line, a.header.length, kindOf(a.header));
      if (fits) {
        i = j;
        break;
      }
    }
    return this.awaiting.splice(i, 1)[0]!;
  }
}

function kindOf(header: PduHeader): PduKind {
  return header.type === 'cds' ? 2 : 0;
}
