import type { Logger } from '../../log.js';
import { isSmsReady, type Urc } from '../at/urc.js';
import type { Clock } from '../../util/clock.js';
import type { Modem } from '../modem.js';
import { encodeSubmit, type EncodedSubmit } from '../pdu/encode-submit.js';
import type { OutboxStore, DueMessage } from './outbox-store.js';
import { classifySendFailure, retryDelayMs } from './send-failure.js';

export interface SenderOptions {
  /** SMS (parts) handed to the modem per minute at most: operators block SIMs that send faster. */
  perMinute: number;
  /** Attempts for "not sent" errors before the message is failed. */
  maxAttempts: number;
  /** Ask for delivery reports (TP-SRR). */
  deliveryReports: boolean;
  /** The final answer to AT+CMGS may take a minute (FIELD-NOTES). */
  cmgsTimeoutMs?: number;
  /** The outbox is looked at this often even without a wake-up (the CLI writes it from another process). */
  pollMs?: number;
  /** First retry delay; doubled per attempt. */
  retryBaseMs?: number;
}

/**
 * Sends the outbox, one part at a time, in order. The state of each part is written before
 * and after every AT+CMGS (see OutboxStore), so the loop can be killed at any point.
 */
export class SmsSender {
  private running = false;
  private loop: Promise<void> | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(
    private readonly store: OutboxStore,
    private readonly modem: Modem,
    private readonly log: Logger,
    private readonly clock: Clock,
    private readonly opt: SenderOptions,
    /** Called after every state change of a message. */
    private readonly onChange: (id: number) => void,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.modem.on('ready', this.wake);
    this.modem.on('urc', this.onUrc);
    this.loop = this.run();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.modem.off('ready', this.wake);
    this.modem.off('urc', this.onUrc);
    this.wake();
    await this.loop;
  }

  /** A modem reset ends with `SMS Ready`: messages that waited for it may go now. */
  private readonly onUrc = (u: Urc): void => {
    if (isSmsReady(u)) this.wake();
  };

  /** Something changed (a message queued, the modem came back): look at the outbox now. */
  readonly wake = (): void => {
    this.wakeUp?.();
  };

  private async run(): Promise<void> {
    while (this.running) {
      try {
        const waitMs = await this.step();
        if (waitMs > 0) await this.sleep(waitMs);
      } catch (err) {
        // A bug or a database error: log it, and do not spin.
        this.log.error({ err }, 'SMS sender failed; trying again shortly');
        await this.sleep(5_000);
      }
    }
  }

  /** Sends the next due message if it can; returns how long to wait before looking again. */
  private async step(): Promise<number> {
    const poll = this.opt.pollMs ?? 5_000;
    if (!this.modem.isReady) return poll;
    const due = this.store.nextDue();
    if (!due) {
      const at = this.store.nextDueAt();
      return at ? clamp(Date.parse(at) - this.clock().getTime(), 0, poll) : poll;
    }
    const wait = this.rateWait();
    if (wait > 0) return wait;
    await this.send(due);
    return 0;
  }

  /** How long until one more part may go out under the per-minute limit. */
  private rateWait(): number {
    const now = this.clock().getTime();
    const since = new Date(now - 60_000).toISOString();
    if (this.store.partsSentSince(since) < this.opt.perMinute) return 0;
    const oldest = this.store.oldestSentSince(since);
    return oldest ? Math.max(50, Date.parse(oldest) + 60_000 - now) : 0;
  }

  private async send(due: DueMessage): Promise<void> {
    let encoded: EncodedSubmit;
    try {
      encoded = encodeSubmit({
        to: due.to,
        text: due.body,
        statusReport: this.opt.deliveryReports,
        ...(due.concatRef !== null ? { concatRef: due.concatRef } : {}),
      });
    } catch (err) {
      // A number or text the codec refuses will never go out.
      const seq = due.pendingSeqs[0] ?? 1;
      this.store.markFailed(due.id, seq, `cannot encode: ${(err as Error).message}`, null);
      this.onChange(due.id);
      return;
    }
    if (encoded.parts.length !== due.partsTotal) {
      this.store.markFailed(due.id, due.pendingSeqs[0] ?? 1, `the text now splits into ${encoded.parts.length} parts, not ${due.partsTotal}`, null);
      this.onChange(due.id);
      return;
    }
    for (const [i, seq] of due.pendingSeqs.entries()) {
      if (!this.running) return;
      if (i > 0) {
        // Later parts wait for the rate limit too; the message stays `sending` meanwhile, and a
        // restart in this window re-queues the parts not yet handed over (recoverAfterRestart).
        const wait = this.rateWait();
        if (wait > 0) await this.sleep(wait);
      }
      const part = encoded.parts[seq - 1]!;
      if (!this.store.markSending(due.id, seq, i === 0)) return;
      this.onChange(due.id);
      try {
        const r = await this.modem.run({
          command: `AT+CMGS=${part.tpduLength}`,
          payload: part.hex,
          expect: { kind: 'prefix', prefixes: ['+CMGS:'] },
          // Sent only with the prompt and `+CMGS: <mr>`: a bare OK is a stale answer (issue 13.2).
          required: true,
          timeoutMs: this.opt.cmgsTimeoutMs ?? 60_000,
          promptTimeoutMs: 5_000,
        });
        const mr = parseCmgs(r.lines);
        this.store.markSent(due.id, seq, mr);
        this.onChange(due.id);
      } catch (err) {
        this.fail(due, seq, err);
        this.onChange(due.id);
        return;
      }
    }
  }

  private fail(due: DueMessage, seq: number, err: unknown): void {
    const outcome = classifySendFailure(err);
    const attempt = due.attempts + 1;
    if (outcome.kind === 'unknown') {
      this.log.warn({ id: due.id, seq, error: outcome.error }, 'SMS may or may not have gone out: left for staff to decide');
      this.store.markUnknown(due.id, seq, outcome.error);
    } else if (outcome.kind === 'permanent' || attempt >= this.opt.maxAttempts) {
      const error = outcome.kind === 'retry' ? `${outcome.error} (gave up after ${attempt} attempts)` : outcome.error;
      this.log.warn({ id: due.id, seq, error }, 'SMS failed');
      this.store.markFailed(due.id, seq, error, outcome.code);
    } else {
      const next = new Date(this.clock().getTime() + retryDelayMs(attempt, this.opt.retryBaseMs)).toISOString();
      this.log.info({ id: due.id, seq, error: outcome.error, next }, 'SMS not sent; will try again');
      this.store.markRetry(due.id, seq, outcome.error, outcome.code, next);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      const self = this;
      function done(): void {
        clearTimeout(timer);
        if (self.wakeUp === done) self.wakeUp = null;
        resolve();
      }
      this.wakeUp = done;
    });
  }
}

/** `+CMGS: 17` → 17; null when the modem gave no reference (reports cannot be matched then). */
export function parseCmgs(lines: readonly string[]): number | null {
  for (const l of lines) {
    const m = /^\+CMGS:\s*(\d+)/.exec(l);
    if (m) return Number(m[1]) % 256;
  }
  return null;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
