import type { AtTransport } from '../at/transport.js';
import { cms, handleAt, type DialectState, type Reply, type SimState } from './at-dialect.js';
import { NO_HABITS, seededRandom, type SimulatorHabits } from './sim-habits.js';
import { SimCall } from './sim-call.js';
import { deliverPdus, planReport, statusReportFor } from './sim-network.js';
import { frame, SimOutput } from './sim-output.js';
import { SimStore, tpduLength } from './sim-store.js';

/**
 * A SIM800/SIM7600-like modem for development and tests. It speaks AT over an `AtTransport`
 * (the simulator's end of a pty pair) and has a programmatic control API for tests and the
 * demo: inject messages (`receiveText`, `injectSms`), rings, delivery reports (sent by itself
 * when `deliveryReports` is on), garbage, silence, reboots, and a real module's unfriendly
 * habits (`habits`, sim-habits.ts). Attach it to a new port after the old one vanished: its
 * state (SIM store, settings, sent PDUs) survives.
 */
export interface ModemSimulatorOptions {
  model?: 'SIM800' | 'SIM7600';
  imei?: string;
  imsi?: string;
  operator?: string;
  smsc?: string;
  /** Signal `+CSQ: <rssi>,<ber>`. */
  rssi?: number;
  /** Echo on at power-up (real modems: yes). */
  echo?: boolean;
  /** Delay between Ctrl-Z and `+CMGS:` (a real modem: ~3 s). */
  sendDelayMs?: number;
  simCapacity?: number;
  /** The network sends a status report for every message that asks for one (default off). */
  deliveryReports?: boolean;
  /** How long after `+CMGS:` a report comes. */
  reportDelayMs?: number;
  /** A real module's habits; default none. */
  habits?: Partial<SimulatorHabits>;
  /** After a reboot, how long until `RDY` (then the other boot lines, a quarter of it apart). */
  bootMs?: number;
}

export interface SentMessage {
  pdu: string;
  length: number;
  mr: number;
}

export type { SimState };

const CTRL_Z = 0x1a;
const ESC = 0x1b;
const CR = 0x0d;
const LF = 0x0a;
/** A held unsolicited line waits this long for a response to slip into. */
const HOLD_MS = 250;
/** A module catching up answers a queued command every this many ms. */
const BACKLOG_GAP_MS = 40;
/** What a SIM800 prints when it has (re)started with a fixed baud rate; a SIM7600's differ (docs/modem-hardware.md). */
export const BOOT_LINES = ['RDY', '+CFUN: 1', '+CPIN: READY', 'Call Ready', 'SMS Ready'];
export const SIM7600_BOOT_LINES = ['RDY', '+CPIN: READY', 'SMS DONE', 'PB DONE'];

export class ModemSimulator {
  /** Every PDU accepted by AT+CMGS, in order. */
  readonly sent: SentMessage[] = [];
  /** Every command line received, in order (for assertions). */
  readonly received: string[] = [];
  /** When set, AT+CMGS answers `+CMS ERROR: <code>` (after the payload). */
  sendError: number | null = null;
  sendDelayMs: number;
  /** The network sends status reports for messages that ask for them. */
  deliveryReports: boolean;
  reportDelayMs: number;
  /** How many times the module rebooted (reboot() or the habit). */
  restarts = 0;
  /** How many times it went silent after Ctrl-Z (silenceAfterNextSubmit() or the habit). */
  silences = 0;

  private readonly s: DialectState;
  private transport: AtTransport | null = null;
  private silent = false;
  private input: number[] = [];
  private nextMr = 0;
  private nextConcat = 100;
  private failNext: number[] = [];
  private interleave: { afterLines: number; lines: string[] } | null = null;
  private readonly calls = new SimCall((...lines) => this.urc(...lines), () => this.s);
  private readonly timers = new Set<NodeJS.Timeout>();
  /** Reports are the network's: they survive a reboot of the module. */
  private readonly reportTimers = new Set<NodeJS.Timeout>();
  private h: SimulatorHabits;
  private random: () => number;
  private readonly output: SimOutput;
  /** Silent after Ctrl-Z: what was typed meanwhile, answered when it wakes. */
  private stall: { input: number[] } | null = null;
  /** After a silence: what was typed meanwhile, answered one command after another. */
  private backlog: number[] | null = null;
  private stallNext: number | null = null;
  /** Powering up after a reboot: input is lost. */
  private booting = false;
  private readonly bootMs: number;

  constructor(options: ModemSimulatorOptions = {}) {
    this.s = {
      model: options.model ?? 'SIM800',
      imei: options.imei ?? '867959030000001',
      imsi: options.imsi ?? '460001234567890',
      operator: options.operator ?? 'CHINA MOBILE',
      smsc: options.smsc ?? '+8613800100500',
      rssi: options.rssi ?? 20,
      store: new SimStore(options.simCapacity ?? 30),
      simState: 'READY',
      registration: 1,
      echo: options.echo ?? true,
      ...powerUpSettings(),
      payloadFor: null,
      answer: () => this.calls.answer(),
      hangUp: () => this.calls.hangUp(),
    };
    this.sendDelayMs = options.sendDelayMs ?? 0;
    this.deliveryReports = options.deliveryReports ?? false;
    this.reportDelayMs = options.reportDelayMs ?? 1_000;
    this.bootMs = options.bootMs ?? 300;
    this.h = { ...NO_HABITS, ...options.habits };
    this.random = seededRandom(this.h.seed);
    this.output = new SimOutput(() => this.transport, () => this.random(), () => this.h);
  }

  /** The simulated SIM's message store. */
  get store(): SimStore {
    return this.s.store;
  }

  /** `NOT INSERTED` / `SIM PIN` make SIM and SMS commands fail as a real modem does. */
  get simState(): SimState {
    return this.s.simState;
  }

  set simState(state: SimState) {
    this.s.simState = state;
  }

  /** The `<stat>` of +CREG (1 home, 5 roaming, 3 denied, 0/2 searching). */
  get registration(): number {
    return this.s.registration;
  }

  set registration(stat: number) {
    this.s.registration = stat;
  }

  get habits(): Readonly<SimulatorHabits> {
    return this.h;
  }

  /** Changes habits; a new seed restarts the random sequence. */
  setHabits(habits: Partial<SimulatorHabits>): void {
    this.h = { ...this.h, ...habits };
    if (habits.seed !== undefined) this.random = seededRandom(habits.seed);
  }

  /** The settings the box gave the module (they are lost when it reboots). */
  get settings(): { echo: boolean; cnmi: readonly number[]; clip: boolean; clcc: boolean; cmee: number } {
    return { echo: this.s.echo, cnmi: [...this.s.cnmi], clip: this.s.clip, clcc: this.s.clcc, cmee: this.s.cmee };
  }

  // ------------------------------------------------------------ wiring

  attach(transport: AtTransport): void {
    this.detach();
    this.transport = transport;
    this.input = [];
    this.s.payloadFor = null;
    transport.on('data', this.onData);
  }

  detach(): void {
    this.calls.end();
    this.clearTimers();
    for (const t of this.reportTimers) clearTimeout(t);
    this.reportTimers.clear();
    this.output.clear();
    this.stall = null;
    this.backlog = null;
    this.booting = false;
    this.transport?.off('data', this.onData);
    this.transport = null;
  }

  // ------------------------------------------------------------ test and dev controls

  /** Stores an incoming message and announces it (`+CMTI`), or delivers it inline (`+CMT`) under CNMI mt=2. */
  injectSms(pdu: string, opts: { notify?: boolean } = {}): number | null {
    const length = tpduLength(pdu) ?? 0;
    if (this.s.cnmi[1] === 2 && opts.notify !== false) {
      this.urc(`+CMT: ,${length}`, pdu.toUpperCase());
      return null;
    }
    const index = this.s.store.add(pdu, 0);
    if (index !== null && opts.notify !== false && this.s.cnmi[1] !== 0) this.urc(`+CMTI: "SM",${index}`);
    return index;
  }

  /** Someone texts the box: the text as SMS-DELIVER parts (one reference for a long one), each injected. */
  receiveText(from: string, text: string, opts: { notify?: boolean } = {}): (number | null)[] {
    const ref = this.nextConcat;
    this.nextConcat = (this.nextConcat + 1) % 256;
    return deliverPdus(from, text, new Date(), ref).map((pdu) => this.injectSms(pdu, opts));
  }

  /** A status report: inline `+CDS: <len>` + PDU, or stored and announced with `+CDSI`. */
  deliveryReport(pdu: string, mode: 'cds' | 'cdsi' = 'cds'): void {
    if (mode === 'cds') {
      this.urc(`+CDS: ${tpduLength(pdu) ?? 0}`, pdu.toUpperCase());
      return;
    }
    const index = this.s.store.add(pdu, 1);
    if (index !== null) this.urc(`+CDSI: "SM",${index}`);
  }

  /** The network sends status reports by itself (or stops doing so). */
  setDeliveryReports(on: boolean): void {
    this.deliveryReports = on;
  }

  /**
   * RING (+ `+CLIP` when enabled) `times` times, then `NO CARRIER` (caller gave up). Under
   * `AT+CLCC=1` the call's states are reported as a SIM800 does: 4 incoming, 0 active, 6 over.
   * Resolves when the call ends, however it ends.
   */
  ring(number: string, opts: { times?: number; intervalMs?: number } = {}): Promise<void> {
    return this.calls.ring(number, opts);
  }

  /** Someone picks up the handset on the HAT's audio (or `ATA`): the call becomes active. */
  answer(): void {
    this.calls.answer();
  }

  /** The caller hangs up (or gives up ringing): `+CLCC` stat 6 and `NO CARRIER`. */
  callerHangsUp(): void {
    this.calls.callerHangsUp();
  }

  stopRinging(): void {
    this.calls.stopRinging();
  }

  /**
   * The module restarts by itself (its supply sagged): every setting is back to the power-up
   * defaults (echo on, no caller ID, status reports not routed), a call in progress is gone,
   * input is lost until it is up, and then it says RDY, +CFUN: 1, +CPIN: READY, Call Ready, SMS Ready
   * (a SIM7600: RDY, +CPIN: READY, SMS DONE, PB DONE).
   */
  reboot(bootMs = this.bootMs): void {
    this.restarts++;
    this.calls.end();
    this.clearTimers();
    this.output.clear();
    // (A silence asked for with silenceAfterNextSubmit() still comes, after the restart.)
    this.stall = null;
    this.backlog = null;
    this.input = [];
    Object.assign(this.s, powerUpSettings(), { echo: true, payloadFor: null });
    this.booting = true;
    (this.s.model === 'SIM7600' ? SIM7600_BOOT_LINES : BOOT_LINES).forEach((line, i) =>
      this.later(bootMs + (i * bootMs) / 4, () => {
        this.booting = false;
        this.output.write(frame([line]));
      }),
    );
  }

  /** After the next Ctrl-Z the modem says nothing for `ms`, then answers everything at once. */
  silenceAfterNextSubmit(ms: number): void {
    this.stallNext = ms;
  }

  /** Writes bytes as they are: garbage, half lines, power warnings. */
  writeRaw(data: string | Uint8Array): void {
    this.output.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data));
  }

  /**
   * An unsolicited line (or a header and its PDU line) as the modem frames it. With the
   * `urcInResponse` habit it may wait for the next response or prompt (order is kept).
   */
  urc(...lines: string[]): void {
    if (this.output.holding || (this.h.urcInResponse > 0 && this.random() < this.h.urcInResponse)) {
      this.output.hold(lines, HOLD_MS);
      return;
    }
    this.output.write(frame(lines));
  }

  /**
   * Calls `listener` with every line that really went out on the port, as the box's framer
   * cuts them (a line cut short by a reboot included). What a reboot discarded before it was
   * sent (held unsolicited codes, the rest of a chunked write) never comes: a test can tell a
   * ring the box was told of from one lost with the module's power. Returns the unsubscribe.
   */
  onOutputLine(listener: (line: string) => void): () => void {
    return this.output.onLine(listener);
  }

  /** While silent, the modem reads commands and answers nothing (to test timeouts). */
  setSilent(silent: boolean): void {
    this.silent = silent;
  }

  /** The next `count` AT+CMGS fail with `+CMS ERROR: <code>`. */
  failNextSends(code: number, count = 1): void {
    for (let i = 0; i < count; i++) this.failNext.push(code);
  }

  /** Inserts raw lines into the next response that has at least `afterLines` lines. */
  interleaveNext(afterLines: number, lines: string[]): void {
    this.interleave = { afterLines, lines };
  }

  get echoOn(): boolean {
    return this.s.echo;
  }

  // ------------------------------------------------------------ input

  private readonly onData = (chunk: Buffer): void => {
    if (this.booting) return;
    if (this.stall) {
      this.stall.input.push(...chunk);
      return;
    }
    if (this.backlog) {
      this.backlog.push(...chunk);
      return;
    }
    this.consume(chunk);
  };

  private consume(chunk: Uint8Array): void {
    for (const byte of chunk) {
      // A Ctrl-Z in this chunk may have started a silence: the rest waits for its end.
      const stall = this.stall as { input: number[] } | null;
      if (stall) stall.input.push(byte);
      else if (this.s.payloadFor) this.onPayloadByte(byte);
      else this.onCommandByte(byte);
    }
  }

  /**
   * Answers the backlog one command (or payload) at a time, a few milliseconds apart, as a
   * module catching up does: the answers to commands typed during a silence keep coming for a while.
   */
  private drainBacklog(): void {
    const backlog = this.backlog;
    if (!backlog) return;
    const ends = this.s.payloadFor ? [CTRL_Z, ESC] : [CR];
    const cut = backlog.findIndex((b) => ends.includes(b));
    const segment = cut < 0 ? backlog.splice(0) : backlog.splice(0, cut + 1);
    this.consume(Uint8Array.from(segment));
    if (this.stall) {
      // That segment ended in Ctrl-Z and the modem went silent again: the rest waits for it.
      this.stall.input.unshift(...backlog);
      this.backlog = null;
    } else if (backlog.length === 0) this.backlog = null;
    else this.later(BACKLOG_GAP_MS, () => this.drainBacklog());
  }

  private onCommandByte(byte: number): void {
    if (this.s.echo && !this.silent) this.output.write(Buffer.of(byte));
    if (byte === LF) return;
    // Control characters (ESC sent to cancel a prompt that is not there) are ignored, as a
    // real modem does in command mode.
    if (byte < 0x20 && byte !== CR) return;
    if (byte !== CR) {
      if (this.input.length < 1024) this.input.push(byte);
      return;
    }
    const line = Buffer.from(this.input).toString('latin1').trim();
    this.input = [];
    if (line === '') return;
    this.received.push(line);
    if (this.silent) return;
    this.send(handleAt(this.s, line));
  }

  private onPayloadByte(byte: number): void {
    if (this.s.echo && !this.silent) this.output.write(Buffer.of(byte));
    if (byte !== CTRL_Z && byte !== ESC) {
      this.input.push(byte);
      return;
    }
    const { length } = this.s.payloadFor!;
    const pdu = Buffer.from(this.input).toString('latin1').trim().toUpperCase();
    this.input = [];
    this.s.payloadFor = null;
    if (this.silent) return;
    if (byte === ESC) {
      this.send({ lines: [], final: 'OK' });
      return;
    }
    if (this.h.rebootOnSubmit > 0 && this.random() < this.h.rebootOnSubmit) {
      this.reboot();
      return;
    }
    const reply = this.submit(pdu, length);
    const silence = this.stallNext ?? (this.h.silenceAfterSubmit > 0 && this.random() < this.h.silenceAfterSubmit ? this.h.silenceMs : null);
    this.stallNext = null;
    if (silence === null) {
      this.later(this.sendDelayMs, () => this.send(reply));
      return;
    }
    // Busy with the network: it hears what is typed and answers all of it when it wakes.
    const stall = { input: [] as number[] };
    this.stall = stall;
    this.silences++;
    this.later(silence, () => {
      if (this.stall !== stall) return;
      this.stall = null;
      this.send(reply);
      this.backlog = stall.input;
      this.drainBacklog();
    });
  }

  private submit(pdu: string, length: number): Reply {
    const failure = this.failNext.shift() ?? this.sendError ?? (this.h.networkError > 0 && this.random() < this.h.networkError ? 38 : null);
    if (failure !== null) return { lines: [], final: cms(this.s, failure) };
    if (tpduLength(pdu) !== length) return { lines: [], final: cms(this.s, 304) };
    const mr = this.nextMr;
    this.nextMr = (this.nextMr + 1) % 256;
    this.sent.push({ pdu, length, mr });
    if (this.deliveryReports) this.scheduleReport(pdu, mr);
    return { lines: [`+CMGS: ${mr}`], final: 'OK' };
  }

  /** The network's status report, routed as `+CNMI` <ds> says (1 inline, 2 stored; 0 not at all). */
  private scheduleReport(pdu: string, mr: number): void {
    const plan = planReport(this.random, this.h, this.sendDelayMs + this.reportDelayMs);
    if (!plan) return;
    const t = setTimeout(() => {
      this.reportTimers.delete(t);
      const report = statusReportFor(pdu, mr, plan.status, new Date());
      const ds = this.s.cnmi[3];
      if (report && this.transport && (ds === 1 || ds === 2)) this.deliveryReport(report, ds === 1 ? 'cds' : 'cdsi');
    }, plan.delayMs);
    this.reportTimers.add(t);
  }

  // ------------------------------------------------------------ output

  private send(reply: Reply): void {
    if (!reply) return;
    if ('prompt' in reply) {
      // A URC may come while the prompt is open, as on a real module.
      this.output.write(Buffer.from('\r\n> ', 'latin1'));
      const held = this.output.takeHeld();
      if (held.length) this.output.write(frame(held));
      return;
    }
    const lines = [...reply.lines];
    const il = this.interleave;
    if (il && lines.length >= il.afterLines) {
      lines.splice(il.afterLines, 0, ...il.lines);
      this.interleave = null;
    }
    const held = this.output.takeHeld();
    if (held.length) lines.splice(this.slot(lines), 0, ...held);
    this.output.write(frame([...lines, reply.final]));
  }

  /**
   * Where held URCs go into a response: anywhere before the final result, also between a
   * `+CMGL:`/`+CMGR:` header and its PDU (as the independent emulator did).
   */
  private slot(lines: string[]): number {
    return Math.floor(this.random() * (lines.length + 1));
  }

  private later(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }

  private clearTimers(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}

/** A SIM800's settings at power-up: what the box must set again after every restart. */
function powerUpSettings(): Pick<DialectState, 'cmee' | 'cmgf' | 'clip' | 'clcc' | 'cregN' | 'cnmi'> {
  return { cmee: 0, cmgf: 0, clip: false, clcc: false, cregN: 0, cnmi: [2, 1, 0, 0, 0] };
}
