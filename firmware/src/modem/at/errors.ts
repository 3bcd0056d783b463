import type { FinalResult } from './classify.js';

/** The modem answered a command with `ERROR`, `+CME ERROR: n`, `+CMS ERROR: n` or a dial result. */
export class AtError extends Error {
  /** `ERROR`, `CME`, `CMS` or `DIAL`. */
  readonly type: 'ERROR' | 'CME' | 'CMS' | 'DIAL';
  /** The numeric cause (`38` for `+CMS ERROR: 38`), null for plain `ERROR` or a text cause. */
  readonly code: number | null;
  /** The line as the modem sent it, e.g. `+CMS ERROR: 38`. */
  readonly result: string;

  constructor(
    readonly command: string,
    final: Exclude<FinalResult, { kind: 'ok' }>,
  ) {
    const result = final.kind === 'dial' ? final.result : final.text;
    super(`${command}: ${result}`);
    this.name = 'AtError';
    this.type = final.kind === 'dial' ? 'DIAL' : final.type;
    this.code = final.kind === 'dial' ? null : final.code;
    this.result = result;
  }
}

/** Nothing the command waited for arrived in time. The message names what was awaited. */
export class AtTimeoutError extends Error {
  constructor(
    readonly command: string,
    readonly awaited: string,
    readonly timeoutMs: number,
  ) {
    super(`${command}: no ${awaited} within ${timeoutMs} ms`);
    this.name = 'AtTimeoutError';
  }
}

/**
 * The port closed (or the channel was closed) before the command finished. `stage` says how
 * far the command got: for AT+CMGS, only `in-flight` (payload written) may have sent a message.
 */
export type ClosedStage = 'not-sent' | 'before-payload' | 'in-flight';

export class AtClosedError extends Error {
  constructor(
    readonly command: string,
    reason: string,
    readonly stage: ClosedStage = 'not-sent',
  ) {
    super(`${command}: ${reason}`);
    this.name = 'AtClosedError';
  }
}

/**
 * The modem's answer does not fit the command: `OK` to AT+CMGS without the `> ` prompt, `OK`
 * without the line the command must give (`+CMGS: <mr>`), or another command's answer lines
 * mixed in. A stale answer, not this command's: the channel resynchronises. `stage` as for
 * AtClosedError: only `in-flight` (payload written) may have sent a message.
 */
export class AtMismatchError extends Error {
  constructor(
    readonly command: string,
    readonly what: string,
    readonly stage: 'not-sent' | 'before-payload' | 'in-flight',
  ) {
    super(`${command}: ${what}`);
    this.name = 'AtMismatchError';
  }
}
