import { EventEmitter } from 'node:events';
import { LineClassifier, type CommandContext, type Expect, type FinalResult } from './classify.js';
import { AtClosedError, AtError, AtTimeoutError } from './errors.js';
import { UrcWaiters } from './urc-waiters.js';
import { DEFAULT_MAX_LINE_BYTES, LineFramer, type Frame } from './framer.js';
import type { AtTransport } from './transport.js';
import type { Urc } from './urc.js';

export const CTRL_Z = 0x1a;
export const ESC = 0x1b;

export interface AtCommand {
  /** The command line without its CR, e.g. `AT+CSQ`. */
  command: string;
  /** What the command answers besides its final result; default: the final result only. */
  expect?: Expect;
  /** CMGS-style: wait for `> `, then send this payload followed by Ctrl-Z. */
  payload?: string;
  /** ATD/ATA: `NO CARRIER`, `BUSY`, `NO ANSWER` end the command. */
  dial?: boolean;
  /** Time for the final result (after the payload, for prompt commands). */
  timeoutMs?: number;
  /** Time for the `> ` prompt. */
  promptTimeoutMs?: number;
}

export interface AtResponse {
  command: string;
  /** The response lines of this command, in order (headers and their PDU lines). */
  lines: string[];
}

export interface AtChannelOptions {
  defaultTimeoutMs?: number;
  defaultPromptTimeoutMs?: number;
  /** Per `AT` probe while resynchronising after a timeout. */
  resyncTimeoutMs?: number;
  resyncAttempts?: number;
  maxLineBytes?: number;
}

export interface AtChannelEvents {
  urc: [Urc];
  /** A line nobody expected (unknown unsolicited code, stray final result, garbage). */
  unknown: [string];
  /** A line longer than the cap was dropped. */
  overflow: [number];
  /** Resynchronisation after a timeout finished; false when the modem never answered. */
  resync: [boolean];
  'transport-error': [Error];
  /** A listener threw: reported here instead of breaking the channel. */
  'listener-error': [unknown];
  close: [Error | null];
}

interface Pending {
  spec: AtCommand;
  resolve: (r: AtResponse) => void;
  reject: (e: Error) => void;
}

interface InFlight extends Pending {
  ctx: CommandContext;
  lines: string[];
  phase: 'prompt' | 'final';
  timer: NodeJS.Timeout;
}

const RESYNC_SETTLE_MS = 100;
const RESYNC_CTX: CommandContext = { command: 'AT', expect: { kind: 'final' }, dial: false, payload: null };

/**
 * One AT command in flight behind a queue; every received line is classified once and goes to
 * the command, to the URC listeners, or to `unknown`. Never throws from its event handlers;
 * every promise it hands out settles (result, AtError, AtTimeoutError or AtClosedError).
 */
export class AtChannel extends EventEmitter<AtChannelEvents> {
  private readonly framer: LineFramer;
  private readonly classifier = new LineClassifier();
  private readonly queue: Pending[] = [];
  private readonly waiters = new UrcWaiters();
  private inFlight: InFlight | null = null;
  private resyncing: { done: (ok: boolean) => void } | null = null;
  /** True from a timeout until resynchronisation is over: the queue waits. */
  private paused = false;
  private closedReason: string | null = null;
  private readonly opt: Required<AtChannelOptions>;

  constructor(
    private readonly transport: AtTransport,
    options: AtChannelOptions = {},
  ) {
    super();
    this.opt = {
      defaultTimeoutMs: options.defaultTimeoutMs ?? 10_000,
      defaultPromptTimeoutMs: options.defaultPromptTimeoutMs ?? 5_000,
      resyncTimeoutMs: options.resyncTimeoutMs ?? 1_000,
      resyncAttempts: options.resyncAttempts ?? 3,
      maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    };
    this.framer = new LineFramer(this.opt.maxLineBytes);
    transport.on('data', this.onData);
    transport.on('close', this.onClose);
    transport.on('error', this.onError);
    if (!transport.isOpen) this.closedReason = `${transport.name} is not open`;
  }

  get isClosed(): boolean {
    return this.closedReason !== null;
  }

  /** Queues a command; resolves with its response lines on OK. */
  run(spec: AtCommand | string): Promise<AtResponse> {
    const cmd = typeof spec === 'string' ? { command: spec } : spec;
    if (this.closedReason) return Promise.reject(new AtClosedError(cmd.command, this.closedReason));
    return new Promise((resolve, reject) => {
      this.queue.push({ spec: cmd, resolve, reject });
      this.pump();
    });
  }

  /**
   * Waits for an unsolicited event (e.g. `+CDS` for a message reference). Register it before
   * doing what triggers the event. Rejected on timeout (naming `what`) and on close.
   */
  waitForUrc<T extends Urc>(match: (urc: Urc) => urc is T, timeoutMs: number, what: string): Promise<T>;
  waitForUrc(match: (urc: Urc) => boolean, timeoutMs: number, what: string): Promise<Urc>;
  waitForUrc(match: (urc: Urc) => boolean, timeoutMs: number, what: string): Promise<Urc> {
    if (this.closedReason) return Promise.reject(new AtClosedError(what, this.closedReason));
    return this.waiters.add(match, timeoutMs, what);
  }

  /** Closes the transport; every queued and in-flight command is rejected. */
  async close(): Promise<void> {
    if (this.transport.isOpen) await this.transport.close();
    this.shutDown('channel closed', null);
  }

  // ---------------------------------------------------------------- queue

  private pump(): void {
    if (this.inFlight || this.paused || this.closedReason) return;
    const next = this.queue.shift();
    if (!next) return;
    const ctx: CommandContext = {
      command: next.spec.command,
      expect: next.spec.expect ?? { kind: 'final' },
      dial: next.spec.dial ?? false,
      payload: next.spec.payload ?? null,
    };
    const phase = next.spec.payload !== undefined ? 'prompt' : 'final';
    const flight: InFlight = { ...next, ctx, lines: [], phase, timer: this.armTimer(next.spec, phase) };
    this.inFlight = flight;
    this.write(Buffer.from(`${next.spec.command}\r`, 'latin1'), flight);
  }

  private armTimer(spec: AtCommand, phase: 'prompt' | 'final'): NodeJS.Timeout {
    const ms =
      phase === 'prompt'
        ? (spec.promptTimeoutMs ?? this.opt.defaultPromptTimeoutMs)
        : (spec.timeoutMs ?? this.opt.defaultTimeoutMs);
    const awaited =
      phase === 'prompt'
        ? `'> ' prompt`
        : spec.payload !== undefined
          ? 'final result after the payload'
          : 'final result';
    return setTimeout(() => this.onTimeout(new AtTimeoutError(spec.command, awaited, ms)), ms);
  }

  private write(bytes: Buffer, flight: InFlight): void {
    this.transport.write(bytes).catch((e: Error) => {
      if (this.inFlight === flight) this.finish(e);
    });
  }

  /** Ends the command in flight and starts the next one. */
  private finish(error: Error | null): void {
    const flight = this.inFlight;
    if (!flight) return;
    this.inFlight = null;
    clearTimeout(flight.timer);
    if (error) flight.reject(error);
    else flight.resolve({ command: flight.spec.command, lines: flight.lines });
    this.pump();
  }

  private onTimeout(error: AtTimeoutError): void {
    const flight = this.inFlight;
    if (!flight) return;
    this.inFlight = null;
    flight.reject(error);
    this.classifier.reset();
    // A modem left at the `> ` prompt waits for Ctrl-Z or ESC: cancel it before resyncing.
    if (flight.spec.payload !== undefined) this.transport.write(Buffer.of(ESC)).catch(() => undefined);
    void this.resync();
  }

  /** Sends `AT` until `OK` (draining whatever else arrives), then resumes the queue. */
  private async resync(): Promise<void> {
    const ok = await this.syncLoop(this.opt.resyncAttempts, this.opt.resyncTimeoutMs);
    this.notify('resync', ok);
  }

  /**
   * Sends `AT` until the modem answers `OK`: the auto-baud probe at start (SIM800 needs it)
   * and the resynchronisation after a timeout. Commands queued meanwhile wait.
   * Resolves false if the modem never answered; rejects only if a command is in flight.
   */
  async sync(attempts: number, timeoutMs: number): Promise<boolean> {
    if (this.inFlight || this.paused) throw new Error('sync: the channel is busy');
    return this.syncLoop(attempts, timeoutMs);
  }

  private async syncLoop(attempts: number, timeoutMs: number): Promise<boolean> {
    this.paused = true;
    let ok = false;
    for (let i = 0; i < attempts && !ok && !this.closedReason; i++) {
      ok = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.resyncing = null;
          resolve(false);
        }, timeoutMs);
        this.resyncing = {
          done: (result) => {
            clearTimeout(timer);
            this.resyncing = null;
            resolve(result);
          },
        };
        this.transport.write(Buffer.from('AT\r', 'latin1')).catch(() => this.resyncing?.done(false));
      });
    }
    // A late final result of a timed-out command may still be on its way: let it drain.
    if (ok) await new Promise((r) => setTimeout(r, RESYNC_SETTLE_MS));
    this.paused = false;
    this.pump();
    return ok;
  }

  // ---------------------------------------------------------------- input

  private readonly onData = (chunk: Buffer): void => {
    for (const frame of this.framer.push(chunk)) this.onFrame(frame);
  };

  private onFrame(frame: Frame): void {
    if (frame.kind === 'overflow') {
      this.notify('overflow', frame.bytes);
      return;
    }
    const flight = this.inFlight;
    if (frame.kind === 'prompt') {
      if (flight && flight.phase === 'prompt') {
        clearTimeout(flight.timer);
        flight.phase = 'final';
        flight.timer = this.armTimer(flight.spec, 'final');
        const payload = Buffer.from(flight.spec.payload ?? '', 'latin1');
        this.write(Buffer.concat([payload, Buffer.of(CTRL_Z)]), flight);
      } else {
        this.notify('unknown', '> ');
      }
      return;
    }
    const ctx = flight?.ctx ?? (this.resyncing ? RESYNC_CTX : null);
    const c = this.classifier.classify(frame.text, ctx);
    switch (c.class) {
      case 'echo':
      case 'urc-header':
        return;
      case 'final':
        if (flight) this.onFinal(c.result);
        else this.resyncing?.done(c.result.kind === 'ok');
        return;
      case 'response':
        flight?.lines.push(c.line);
        return;
      case 'urc':
        this.onUrc(c.urc);
        return;
      case 'unknown':
        this.notify('unknown', c.line);
        return;
    }
  }

  private onFinal(result: FinalResult): void {
    const flight = this.inFlight;
    if (!flight) return;
    this.finish(result.kind === 'ok' ? null : new AtError(flight.spec.command, result));
  }

  private onUrc(urc: Urc): void {
    this.notify('urc', urc);
    this.waiters.dispatch(urc);
  }

  private readonly onError = (error: Error): void => {
    this.notify('transport-error', error);
  };

  private readonly onClose = (error: Error | null): void => {
    this.shutDown(error ? error.message : `${this.transport.name} closed`, error);
  };

  private shutDown(reason: string, error: Error | null): void {
    if (this.closedReason) return;
    this.closedReason = reason;
    this.transport.off('data', this.onData);
    this.transport.off('close', this.onClose);
    this.transport.off('error', this.onError);
    this.resyncing?.done(false);
    const flight = this.inFlight;
    this.inFlight = null;
    if (flight) {
      clearTimeout(flight.timer);
      const stage = flight.spec.payload !== undefined && flight.phase === 'prompt' ? 'before-payload' : 'in-flight';
      flight.reject(new AtClosedError(flight.spec.command, reason, stage));
    }
    for (const p of this.queue.splice(0)) p.reject(new AtClosedError(p.spec.command, reason));
    this.waiters.rejectAll(reason);
    this.notify('close', error);
  }

  /** Emits to each listener separately: one that throws cannot break the channel or the others. */
  private notify<K extends keyof AtChannelEvents>(event: K, ...args: AtChannelEvents[K]): void {
    for (const listener of this.listeners(event)) {
      try {
        (listener as (...a: AtChannelEvents[K]) => void)(...args);
      } catch (e) {
        if (event !== 'listener-error') this.notify('listener-error', e);
      }
    }
  }
}
