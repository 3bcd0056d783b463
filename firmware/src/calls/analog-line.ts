// The shop's landline through an analog voice modem on its own serial port. After
// `AT+VCID=1` the modem prints the caller ID it decodes between the rings as
// `DATE = 0321` / `TIME = 1405` / `NMBR = …` / `NAME = …` lines (`AT+VCID=2`: the raw frame as
// one hex line). The AT channel does not know these lines and hands them on as "unknown".
import { decodeCidHex, parseVcidLine, VcidAccumulator, type CallerIdResult } from '../callerid/index.js';
import type { Health } from '../api-types.js';
import type { Logger } from '../log.js';
import { ModemLink, type LinkStatus, type ModemLinkOptions } from '../modem/at/link.js';
import { callerOf, type CallLineSource, type LineInput } from './call-line.js';

/** A raw SDMF/MDMF frame: hex only, at least type, length and checksum. */
const HEX_FRAME = /^(?:[0-9A-Fa-f]{2}\s?){3,}$/;

/**
 * Collects the caller-ID lines of one call into one result. Pure (no timers): the owner
 * calls `flush()` when the line goes quiet or a RING comes.
 */
export class AnalogCallerIdReader {
  private readonly acc = new VcidAccumulator();

  /** One line from the modem; returns the caller IDs it completes (usually none or one). */
  push(line: string): CallerIdResult[] {
    const text = line.trim();
    if (parseVcidLine(text)) {
      const closed = this.acc.push(text);
      return closed ? [closed] : [];
    }
    if (HEX_FRAME.test(text)) {
      const before = this.acc.flush();
      return [...(before ? [before] : []), decodeCidHex(text)];
    }
    // Anything else (OK, a stray echo) ends an open block.
    const closed = this.acc.push(text);
    return closed ? [closed] : [];
  }

  flush(): CallerIdResult | null {
    return this.acc.flush();
  }

  get pending(): boolean {
    return this.acc.pending;
  }
}

export interface AnalogCallLineOptions {
  port: string;
  baudRate: number;
  /** After `ATE0`: e.g. `AT+VCID=1` (or `AT#CID=1`, `AT+GCI=B5` for the country first). */
  initCommands: string[];
  log: Logger;
  /**
   * Quiet time that closes a caller-ID block. The modem prints a block at once, after it
   * has received the whole FSK message and checked its checksum, so a short pause is enough;
   * a RING closes it earlier.
   */
  quietMs?: number;
  /** Tests: a faster reconnect. */
  link?: Partial<ModemLinkOptions>;
}

export class AnalogCallLine implements CallLineSource {
  readonly line = 'analog' as const;
  // A modem beside the shop's telephone does not see the handset picked up.
  readonly reportsAnswer = false;
  // Caller ID comes in the pause after the first ring (China: 1 s ring, 4 s pause; Bellcore
  // likewise), about 2–3 s after the first RING.
  readonly callerIdWaitMs = 4000;
  private readonly link: ModemLink;
  private readonly reader = new AnalogCallerIdReader();
  private quiet: NodeJS.Timeout | null = null;
  private emit: ((input: LineInput) => void) | null = null;

  constructor(private readonly opt: AnalogCallLineOptions) {
    this.link = new ModemLink({
      path: opt.port,
      baudRate: opt.baudRate,
      // Not the GSM set-up (AT+CMEE, AT+CMGF): a voice modem refuses it.
      baseInit: ['ATE0'],
      initCommands: opt.initCommands,
      ...opt.link,
    });
  }

  status(): LinkStatus {
    return this.link.status();
  }

  /** For the status page: ok when the modem answered and took its set-up, else down and why. */
  health(): NonNullable<Health['landline']> {
    const s = this.link.status();
    const detail = s.state === 'ready' ? null : s.lastError ? `${s.state}: ${s.lastError}` : s.state;
    return { state: s.state === 'ready' ? 'ok' : 'down', port: s.port, detail, since: s.since };
  }

  /** Resolves once the modem answered and took its set-up (tests). */
  whenReady(timeoutMs: number): Promise<unknown> {
    return this.link.whenReady(timeoutMs);
  }

  async start(emit: (input: LineInput) => void): Promise<void> {
    this.emit = emit;
    this.link.on('state', (s) => {
      this.opt.log.info({ state: s.state, port: s.port, lastError: s.lastError }, 'analog modem link');
      if (s.state === 'lost' || s.state === 'stopped') emit({ type: 'line-lost' });
    });
    this.link.on('urc', (u) => {
      if (u.type !== 'ring') return;
      // Caller ID printed before this RING belongs to this call: hand it over first.
      this.flush();
      emit({ type: 'ring' });
    });
    this.link.on('unknown', (line) => this.onLine(line));
    await this.link.start();
  }

  async stop(): Promise<void> {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
    await this.link.stop();
  }

  private onLine(line: string): void {
    for (const r of this.reader.push(line)) this.deliver(r);
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = this.reader.pending ? setTimeout(() => this.flush(), this.opt.quietMs ?? 500) : null;
  }

  private flush(): void {
    if (this.quiet) clearTimeout(this.quiet);
    this.quiet = null;
    const r = this.reader.flush();
    if (r) this.deliver(r);
  }

  private deliver(r: CallerIdResult): void {
    if (r.ok) this.emit?.({ type: 'caller', caller: callerOf(r.value) });
    else this.opt.log.warn({ code: r.error.code, message: r.error.message, raw: r.error.raw }, 'analog caller ID not understood');
  }
}
