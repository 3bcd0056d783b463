import { EventEmitter } from 'node:events';
import { AtChannel, ESC, GSM_PROBES, type AtChannelOptions, type AtCommand, type AtResponse } from './channel.js';
import { AtClosedError } from './errors.js';
import { SerialTransport, type AtTransport } from './transport.js';
import { isSmsReady, type Urc } from './urc.js';

export type LinkState = 'stopped' | 'connecting' | 'ready' | 'lost';

export interface LinkStatus {
  state: LinkState;
  port: string;
  /** When the state last changed (ISO time). */
  since: string;
  /** The last failure (open, probe, init, or the port vanishing); kept after recovery. */
  lastError: string | null;
  lastErrorAt: string | null;
  /** Failed attempts since the link was last ready. */
  attempts: number;
}

/** A port the link may try, with why (for logs and the status). */
export interface PortChoice {
  path: string;
  reason?: string;
}

export interface ModemLinkOptions {
  /**
   * The port; or, for a modem found by itself, the ports to try at each (re)connection, best
   * first: the first that answers `AT` and takes the set-up is used. A resolver that throws
   * (nothing to try) fails that attempt with its message.
   */
  path: string | (() => Promise<PortChoice[]>);
  baudRate?: number;
  /** Injected for tests; default: node-serialport on `path`. */
  transportFactory?: (path: string) => AtTransport;
  /** Auto-baud probe: `AT` until `OK`. */
  probeAttempts?: number;
  probeTimeoutMs?: number;
  /** Sent after `ATE0`, `AT+CMEE=1`, `AT+CMGF=0` (e.g. `AT+CNMI=2,1,0,1,0`). */
  initCommands?: string[];
  /**
   * Replaces those three (default BASE_INIT): an analog voice modem knows no GSM commands and
   * answers ERROR to `AT+CMEE=1` / `AT+CMGF=0`, which would fail its initialisation.
   */
  baseInit?: string[];
  /** Re-open back-off: initial delay, doubled per failure, capped. */
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  channel?: AtChannelOptions;
  /**
   * After a sign that the module restarted by itself, wait until it says `SMS Ready` (or has
   * said nothing more for rebootQuietMs, at most rebootSettleMaxMs), then set it up again.
   */
  rebootQuietMs?: number;
  rebootSettleMaxMs?: number;
}

/** The module restarted by itself: when, and what gave it away. */
export interface ModemRestart {
  at: string;
  sign: string;
}

export interface ModemLinkEvents {
  state: [LinkStatus];
  urc: [Urc];
  unknown: [string];
  /** The channel is ready (after probe and init): per-connection set-up goes here. */
  ready: [AtChannel];
  /** A port from the resolver did not answer or refused the set-up; the next one is tried. */
  skipped: [PortChoice, Error];
  /** An attempt failed (`lastError` is new), also when the state stays `connecting`. */
  failed: [LinkStatus];
  /** The module restarted by itself while the port stayed open; it is set up again (then `ready`). */
  restarted: [ModemRestart];
}

export const BASE_INIT = ['ATE0', 'AT+CMEE=1', 'AT+CMGF=0'];

/**
 * Owns the modem's port: opens it, probes and initialises the modem, and re-opens it with
 * capped exponential back-off whenever it disappears (USB modem unplugged, HAT reset).
 */
export class ModemLink extends EventEmitter<ModemLinkEvents> {
  private current: AtChannel | null = null;
  private readyChannel: AtChannel | null = null;
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private st: LinkStatus;

  constructor(private readonly opt: ModemLinkOptions) {
    super();
    this.st = { state: 'stopped', port: this.label, since: now(), lastError: null, lastErrorAt: null, attempts: 0 };
  }

  /** The fixed path, or `auto` while no found port is in use. */
  private get label(): string {
    return typeof this.opt.path === 'string' ? this.opt.path : 'auto';
  }

  status(): LinkStatus {
    return { ...this.st };
  }

  /** The channel while ready, else null. */
  get channel(): AtChannel | null {
    return this.readyChannel;
  }

  /** Runs a command on the ready channel; rejects at once (AtClosedError) when not ready. */
  run(cmd: AtCommand | string): Promise<AtResponse> {
    const ch = this.readyChannel;
    const name = typeof cmd === 'string' ? cmd : cmd.command;
    if (!ch) return Promise.reject(new AtClosedError(name, `modem not ready (${this.st.state})`));
    return ch.run(cmd);
  }

  /** Starts connecting in the background; resolves at once (watch `state` / `ready`). */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.connectLoop();
  }

  /** Resolves once the link is ready, or rejects after `timeoutMs`. */
  whenReady(timeoutMs: number): Promise<AtChannel> {
    if (this.readyChannel) return Promise.resolve(this.readyChannel);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('ready', onReady);
        reject(new Error(`modem on ${this.st.port} not ready within ${timeoutMs} ms (${this.st.state}: ${this.st.lastError ?? 'no error'})`));
      }, timeoutMs);
      const onReady = (ch: AtChannel): void => {
        clearTimeout(timer);
        resolve(ch);
      };
      this.once('ready', onReady);
    });
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.wake?.();
    await this.current?.close();
    await this.loop;
    this.loop = null;
    this.setState('stopped');
  }

  private async connectLoop(): Promise<void> {
    while (this.running) {
      this.setState('connecting');
      const error = await this.connectOnce();
      if (!this.running) break;
      if (error) {
        this.st.attempts++;
        this.fail(error);
        this.setState(this.st.state === 'ready' ? 'lost' : 'connecting');
        this.notify('failed', this.status());
        await this.sleep(this.backoff());
      }
    }
  }

  /** One connection: open, probe, init, serve until the port closes. Returns why it ended. */
  private async connectOnce(): Promise<Error | null> {
    const source = this.opt.path;
    if (typeof source === 'string') {
      const opened = await this.open(source);
      return opened instanceof Error ? opened : this.serve(source, opened);
    }
    // A port found by itself: the candidates of this moment (ports renumber), in order.
    let choices: PortChoice[];
    try {
      choices = await source();
    } catch (e) {
      this.st.port = this.label;
      return asError(e);
    }
    const tried: string[] = [];
    for (const choice of choices) {
      if (!this.running) return null;
      const opened = await this.open(choice.path);
      if (!(opened instanceof Error)) return this.serve(choice.path, opened);
      if (!this.running) return null;
      tried.push(`${choice.path}${choice.reason ? ` (${choice.reason})` : ''}: ${opened.message}`);
      this.notify('skipped', choice, opened);
    }
    this.st.port = this.label;
    return new Error(tried.length ? `no modem answered: tried ${tried.join('; ')}` : 'no port to try');
  }

  /** Opens `path`, probes and initialises the modem: its channel, or why not. */
  private async open(path: string): Promise<{ channel: AtChannel; closed: Promise<Error | null> } | Error> {
    const factory = this.opt.transportFactory ?? ((p: string) => new SerialTransport({ path: p, baudRate: this.opt.baudRate ?? 115200 }));
    const transport = factory(path);
    try {
      await transport.open();
    } catch (e) {
      return asError(e);
    }
    // A voice modem (its own baseInit) knows no GSM queries to resynchronise with.
    const channel = new AtChannel(transport, { resyncProbes: this.opt.baseInit ? [] : GSM_PROBES, ...this.opt.channel });
    this.current = channel;
    const closed = new Promise<Error | null>((resolve) => channel.once('close', resolve));
    const watch = new RebootWatch(channel, {
      quietMs: this.opt.rebootQuietMs ?? 2_000,
      maxMs: this.opt.rebootSettleMaxMs ?? 20_000,
      onSign: (restart) => this.notify('restarted', restart),
    });
    channel.on('urc', (u) => this.notify('urc', u));
    channel.on('unknown', (l) => this.notify('unknown', l));
    // The modem stopped answering even `AT`: treat it as gone and re-open.
    channel.on('resync', (ok) => {
      if (!ok) void channel.close();
    });
    if (!this.running) await channel.close();
    let answered = false;
    let failure: Error | null = null;
    try {
      // A previous process killed between `AT+CMGS=<n>` and its Ctrl-Z left the modem at the
      // `> ` prompt, where it would take our `AT` probes as message text: ESC cancels that (and
      // nothing is sent). In command mode modems ignore it.
      await transport.write(Uint8Array.of(ESC));
      answered = await channel.sync(this.opt.probeAttempts ?? 10, this.opt.probeTimeoutMs ?? 500);
      if (answered) for (const cmd of [...(this.opt.baseInit ?? BASE_INIT), ...(this.opt.initCommands ?? [])]) await channel.run(cmd);
      // From now on echo, boot lines or a SIM coming up mean the module restarted.
      if (answered) watch.arm();
    } catch (e) {
      failure = new Error(`modem init failed: ${asError(e).message}`);
    }
    if (!failure && !answered) {
      // Among candidates the port is named beside the message already.
      failure = new Error(typeof this.opt.path === 'string' ? `modem init failed: no answer to AT on ${path}` : 'no answer to AT');
    }
    if (failure) {
      watch.disarm();
      await channel.close();
      this.current = null;
      return failure;
    }
    return { channel, closed };
  }

  /** Serves a ready channel until its port closes; returns why it ended. */
  private async serve(path: string, { channel, closed }: { channel: AtChannel; closed: Promise<Error | null> }): Promise<Error | null> {
    this.st.attempts = 0;
    this.st.port = path;
    this.readyChannel = channel;
    this.setState('ready');
    this.notify('ready', channel);
    const error = await closed;
    this.readyChannel = null;
    this.current = null;
    // A restart of the module is not a failure of the link: set it up again at once.
    if (channel.closeReason?.startsWith(RESTART_REASON)) return null;
    return this.running ? (error ?? new Error(`${path} closed`)) : null;
  }

  private backoff(): number {
    const initial = this.opt.backoffInitialMs ?? 500;
    const max = this.opt.backoffMaxMs ?? 30_000;
    return Math.min(max, initial * 2 ** Math.max(0, this.st.attempts - 1));
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }

  private fail(error: Error): void {
    this.st.lastError = error.message;
    this.st.lastErrorAt = now();
  }

  private setState(state: LinkState): void {
    if (this.st.state === state) return;
    this.st = { ...this.st, state, since: now() };
    this.notify('state', this.status());
  }

  private notify<K extends keyof ModemLinkEvents>(event: K, ...args: ModemLinkEvents[K]): void {
    for (const listener of this.listeners(event)) {
      try {
        (listener as (...a: ModemLinkEvents[K]) => void)(...args);
      } catch {
        // A listener's bug must not stop the link; listeners log their own errors.
      }
    }
  }
}

function now(): string {
  return new Date().toISOString();
}

function asError(e: unknown): Error {
  return e instanceof Error ? e : new Error(String(e));
}

const RESTART_REASON = 'the modem restarted by itself';

/**
 * Watches a ready channel for signs that the module restarted by itself with the port still
 * open (a SIM800 HAT whose supply sags in a transmit burst): its boot lines (RDY, +CFUN: 1,
 * +CPIN: …, Call Ready, SMS Ready), or our commands echoed although ATE0 turned echo off. Every
 * setting is gone then (echo, +CNMI, +CLIP, +CLCC), so once the module is up again the channel
 * is closed and the link opens it anew: the whole set-up, then `ready` (the SIM sweep, +CLCC).
 */
class RebootWatch {
  private armed = false;
  private episode: { quiet: NodeJS.Timeout; max: NodeJS.Timeout } | null = null;

  constructor(
    private readonly channel: AtChannel,
    private readonly opt: { quietMs: number; maxMs: number; onSign: (r: ModemRestart) => void },
  ) {
    channel.on('urc', (u) => {
      if (u.type === 'ready') this.sign(u.what, isSmsReady(u));
      else if (u.type === 'cpin') this.sign(`+CPIN: ${u.state}`, false);
    });
    channel.on('unknown', (line) => {
      if (/^\+CFUN: ?\d/.test(line)) this.sign(line, false);
    });
    channel.on('echo', (line) => this.sign(`echo of ${line}`, false));
    channel.once('close', () => this.disarm());
  }

  arm(): void {
    this.armed = true;
  }

  disarm(): void {
    this.armed = false;
    if (this.episode) {
      clearTimeout(this.episode.quiet);
      clearTimeout(this.episode.max);
    }
    this.episode = null;
  }

  private sign(what: string, last: boolean): void {
    if (!this.armed) return;
    // A SIM7600 says PB DONE when its phone book is loaded, after SMS DONE and often seconds
    // later: by then SMS DONE has ended the restart and the link is set up again. Alone it is
    // that late line, not a new restart (which shows itself by RDY, +CPIN, SMS DONE or echo).
    if (!this.episode && what === 'PB DONE') return;
    if (!this.episode) {
      this.opt.onSign({ at: new Date().toISOString(), sign: what });
      this.episode = { quiet: this.timer(this.opt.quietMs, what), max: this.timer(this.opt.maxMs, what) };
    } else {
      clearTimeout(this.episode.quiet);
      this.episode.quiet = this.timer(this.opt.quietMs, what);
    }
    if (last) this.settle(what);
  }

  private timer(ms: number, what: string): NodeJS.Timeout {
    return setTimeout(() => this.settle(what), ms);
  }

  /** The module is up (or has been quiet long enough): open it anew. */
  private settle(what: string): void {
    if (!this.armed) return;
    this.disarm();
    void this.channel.closeWith(`${RESTART_REASON} (${what})`);
  }
}
