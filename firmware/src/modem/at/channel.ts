import { EventEmitter } from 'node:events';
import { LineClassifier, parseFinal, type CommandContext, type Expect, type FinalResult } from './classify.js';
import { AtClosedError, AtError, AtMismatchError, AtTimeoutError } from './errors.js';
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
  /** The command must give a response line (`+CMGS: <mr>`): a bare `OK` is someone else's. */
  required?: boolean;
}

/** A probe whose answer can only be its own: a query with its own prefix (`AT+CMEE?` → `+CMEE: 1`). */
export interface ResyncProbe {
  command: string;
  prefix: string;
}

/**
 * GSM modules: queries every SIM800/SIM7600 answers, each with a prefix no other command the
 * box sends expects, and none of them a URC's. Used in turn, so the answer of one probe cannot
 * be taken for the next one's.
 */
export const GSM_PROBES: readonly ResyncProbe[] = [
  { command: 'AT+CMEE?', prefix: '+CMEE:' },
  { command: 'AT+CMGF?', prefix: '+CMGF:' },
  { command: 'AT+CSCS?', prefix: '+CSCS:' },
  { command: 'AT+CNMI?', prefix: '+CNMI:' },
];

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
  /**
   * Resynchronisation probes (default GSM_PROBES); empty: plain `AT` until `OK` (a voice
   * modem knows no GSM queries), which cannot tell a stale `OK` from its own.
   */
  resyncProbes?: readonly ResyncProbe[];
  /** Before probing, wait until the modem has been quiet this long (its stale answers drained)… */
  quietMs?: number;
  /** …but no longer than this. */
  drainMaxMs?: number;
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
  /** A command line came back echoed (echo is on: after ATE0, the module restarted). */
  echo: [string];
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
  /** Another command's answer line arrived: the final result that follows is not trusted. */
  poisoned: string | null;
}

interface Resyncing {
  ctx: CommandContext;
  prefix: string | null;
  sawLine: boolean;
  done: (ok: boolean) => void;
}

const PLAIN_PROBE = { command: 'AT', prefix: null };
/** Answers of the commands the box sends: never unsolicited, so one the command in flight did not ask for is stale. */
const ANSWER_PREFIXES = ['+CMGS:', '+CMGR:', '+CMGL:', '+CSQ:', '+COPS:', '+CSCA:', '+CPMS:', '+CGSN:', '+CIMI:'];

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
  private resyncing: Resyncing | null = null;
  /** True from a timeout until resynchronisation is over: the queue waits. */
  private paused = false;
  /** An answer came that no command was waiting for: resynchronise before the next command. */
  private desynced = false;
  private lastRxAt = 0;
  private probeTurn = 0;
  private closedReason: string | null = null;
  /** Set by closeWith: the reason every rejected command carries. */
  private closingReason: string | null = null;
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
      resyncProbes: options.resyncProbes ?? GSM_PROBES,
      quietMs: options.quietMs ?? 200,
      drainMaxMs: options.drainMaxMs ?? 3_000,
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
    const closed = this.closedReason ?? this.closingReason;
    if (closed) return Promise.reject(new AtClosedError(cmd.command, closed));
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

  /** Closes with a reason the rejected commands carry (e.g. the module restarted by itself). */
  async closeWith(reason: string): Promise<void> {
    this.closingReason = reason;
    await this.close();
  }

  /** Why the channel closed, once it has. */
  get closeReason(): string | null {
    return this.closedReason;
  }

  // ---------------------------------------------------------------- queue

  private pump(): void {
    // Closing (the module restarted): nothing more goes out; the queue is rejected on close.
    if (this.inFlight || this.paused || this.closedReason || this.closingReason) return;
    if (this.desynced && this.queue.length) {
      void this.resync();
      return;
    }
    const next = this.queue.shift();
    if (!next) return;
    const ctx: CommandContext = {
      command: next.spec.command,
      expect: next.spec.expect ?? { kind: 'final' },
      dial: next.spec.dial ?? false,
      payload: next.spec.payload ?? null,
    };
    const phase = next.spec.payload !== undefined ? 'prompt' : 'final';
    const flight: InFlight = { ...next, ctx, lines: [], phase, timer: this.armTimer(next.spec, phase), poisoned: null };
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

  /**
   * After a timeout or a stray answer: drains the modem's late answers, then probes until a
   * probe's own answer comes back (docs/README.md, SMS: a modem answers in order, so whatever
   * came before that answer was stale and nothing stale can follow it). Then resumes the queue.
   */
  private async resync(): Promise<void> {
    const ok = await this.syncLoop(this.opt.resyncAttempts, this.opt.resyncTimeoutMs, false);
    this.notify('resync', ok);
  }

  /**
   * Sends `AT` until the modem answers `OK` (the auto-baud probe at start: SIM800 needs it),
   * then resynchronises as after a timeout, so answers to a previous process's commands are
   * not taken for ours. Commands queued meanwhile wait.
   * Resolves false if the modem never answered; rejects only if a command is in flight.
   */
  async sync(attempts: number, timeoutMs: number): Promise<boolean> {
    if (this.inFlight || this.paused) throw new Error('sync: the channel is busy');
    return this.syncLoop(attempts, timeoutMs, true);
  }

  private async syncLoop(attempts: number, timeoutMs: number, autobaud: boolean): Promise<boolean> {
    this.paused = true;
    this.desynced = false;
    this.classifier.reset();
    const probes = this.opt.resyncProbes;
    let ok = true;
    if (autobaud || probes.length === 0) ok = await this.probeRound(() => PLAIN_PROBE, attempts, timeoutMs);
    if (ok && probes.length > 0) {
      // After a timeout the modem may still be answering what it was sent: let that drain
      // first rather than spend probes on it. (Not needed for correctness: see resync().)
      if (!autobaud) await this.quiet();
      // Distinct probes within a round: a late answer to one cannot pass for the next.
      const rounds = autobaud ? probes.length : Math.min(Math.max(attempts, 1), probes.length);
      ok = await this.probeRound(() => probes[this.probeTurn++ % probes.length]!, rounds, timeoutMs);
    }
    this.paused = false;
    this.pump();
    return ok;
  }

  /** Waits until nothing has arrived for `quietMs` (at most `drainMaxMs`); what arrives meanwhile is discarded. */
  private async quiet(): Promise<void> {
    const deadline = Date.now() + this.opt.drainMaxMs;
    for (;;) {
      const wait = this.lastRxAt + this.opt.quietMs - Date.now();
      if (wait <= 0 || Date.now() >= deadline || this.closedReason) return;
      await new Promise((r) => setTimeout(r, Math.min(wait, deadline - Date.now())));
    }
  }

  private async probeRound(next: () => { command: string; prefix: string | null }, attempts: number, timeoutMs: number): Promise<boolean> {
    for (let i = 0; i < attempts && !this.closedReason; i++) {
      const probe = next();
      const ok = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => {
          this.resyncing = null;
          resolve(false);
        }, timeoutMs);
        this.resyncing = {
          ctx: { command: probe.command, expect: probe.prefix ? { kind: 'prefix', prefixes: [probe.prefix] } : { kind: 'final' }, dial: false, payload: null },
          prefix: probe.prefix,
          sawLine: false,
          done: (result) => {
            clearTimeout(timer);
            this.resyncing = null;
            resolve(result);
          },
        };
        this.transport.write(Buffer.from(`${probe.command}\r`, 'latin1')).catch(() => this.resyncing?.done(false));
      });
      if (ok) return true;
    }
    return false;
  }

  /** A final result while probing: only the probe's own answer (its line, then OK) ends the round. */
  private onProbeFinal(r: Resyncing, result: FinalResult): void {
    if (result.kind === 'ok' && (r.prefix === null || r.sawLine)) r.done(true);
    else r.sawLine = false;
  }

  /** The modem answered something nobody asked for: resynchronise before the next command. */
  private strayAnswer(line: string): void {
    this.notify('unknown', line);
    if (!this.paused) {
      this.desynced = true;
      this.pump();
    }
  }

  // ---------------------------------------------------------------- input

  private readonly onData = (chunk: Buffer): void => {
    this.lastRxAt = Date.now();
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
        // A late prompt for a command given up on: the modem now waits for a PDU. ESC cancels it.
        this.transport.write(Buffer.of(ESC)).catch(() => undefined);
        this.strayAnswer('> ');
      }
      return;
    }
    const probing = flight ? null : this.resyncing;
    const ctx = flight?.ctx ?? probing?.ctx ?? null;
    const c = this.classifier.classify(frame.text, ctx);
    switch (c.class) {
      case 'echo':
        this.notify('echo', frame.text);
        return;
      case 'urc-header':
        return;
      case 'final':
        // Headers whose PDU never came (a listing cut short, a report without its report).
        for (const header of ('abandoned' in c && c.abandoned) || []) this.notify('unknown', header);
        if (flight) this.onFinal(c.result);
        else if (probing) this.onProbeFinal(probing, c.result);
        return;
      case 'response':
        if (flight) flight.lines.push(c.line);
        else if (probing) probing.sawLine = true;
        return;
      case 'urc':
        this.onUrc(c.urc);
        return;
      case 'unknown':
        if (!ctx && parseFinal(c.line)) {
          this.strayAnswer(c.line);
          return;
        }
        // Another command's answer (a probe's, a late +CMGR…) while this one runs: the final
        // result after it is that command's, not this one's.
        if (flight && (ANSWER_PREFIXES.some((p) => c.line.startsWith(p)) || this.opt.resyncProbes.some((p) => c.line.startsWith(p.prefix)))) flight.poisoned ??= c.line;
        this.notify('unknown', c.line);
        return;
    }
  }

  private onFinal(result: FinalResult): void {
    const flight = this.inFlight;
    if (!flight) return;
    const mismatch = this.mismatch(flight, result);
    if (mismatch) {
      this.desynced = true;
      this.finish(mismatch);
      return;
    }
    this.finish(result.kind === 'ok' ? null : new AtError(flight.spec.command, result));
  }

  /** Why this final result cannot be the command's own answer; null when it can. */
  private mismatch(flight: InFlight, result: FinalResult): AtMismatchError | null {
    const cmd = flight.spec.command;
    const stage = flight.spec.payload === undefined ? 'not-sent' : flight.phase === 'prompt' ? 'before-payload' : 'in-flight';
    if (flight.poisoned !== null) return new AtMismatchError(cmd, `another command's answer (${flight.poisoned}) came before its result: not trusted`, stage);
    if (result.kind !== 'ok') return null;
    if (flight.phase === 'prompt') return new AtMismatchError(cmd, `answered OK without the '> ' prompt: a stale answer`, stage);
    if (flight.spec.required && flight.lines.length === 0) return new AtMismatchError(cmd, 'answered OK without its result line: a stale answer', stage);
    return null;
  }

  private onUrc(urc: Urc): void {
    this.notify('urc', urc);
    this.waiters.dispatch(urc);
  }

  private readonly onError = (error: Error): void => {
    this.notify('transport-error', error);
  };

  private readonly onClose = (error: Error | null): void => {
    this.shutDown(this.closingReason ?? (error ? error.message : `${this.transport.name} closed`), error);
  };

  private shutDown(reason: string, error: Error | null): void {
    if (this.closedReason) return;
    reason = this.closingReason ?? reason;
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
