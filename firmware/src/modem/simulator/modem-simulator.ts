import type { AtTransport } from '../at/transport.js';
import { cms, handleAt, type DialectState, type Reply, type SimState } from './at-dialect.js';
import { SimStore, tpduLength } from './sim-store.js';

/**
 * A SIM800/SIM7600-like modem for development and tests. It speaks AT over an `AtTransport`
 * (the simulator's end of a pty pair) and has a programmatic control API for tests: inject
 * messages, delivery reports, rings, garbage, silence. Attach it to a new port after the old
 * one vanished: its state (SIM store, settings, sent PDUs) survives.
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

export class ModemSimulator {
  /** Every PDU accepted by AT+CMGS, in order. */
  readonly sent: SentMessage[] = [];
  /** Every command line received, in order (for assertions). */
  readonly received: string[] = [];
  /** When set, AT+CMGS answers `+CMS ERROR: <code>` (after the payload). */
  sendError: number | null = null;
  sendDelayMs: number;

  private readonly s: DialectState;
  private transport: AtTransport | null = null;
  private silent = false;
  private input: number[] = [];
  private nextMr = 0;
  private failNext: number[] = [];
  private interleave: { afterLines: number; lines: string[] } | null = null;
  private ringTimer: NodeJS.Timeout | null = null;
  private call: { number: string; type: number; resolve: () => void } | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();

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
      cmee: 0,
      cmgf: 0,
      clip: false,
      clcc: false,
      cregN: 0,
      cnmi: [2, 1, 0, 0, 0],
      payloadFor: null,
      answer: () => this.answer(),
      hangUp: () => {
        // ATH from the box: the call ends with OK; a SIM800 under +CLCC=1 says stat 6.
        this.stopRinging();
        this.clcc(6);
        this.endCall();
      },
    };
    this.sendDelayMs = options.sendDelayMs ?? 0;
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

  // ------------------------------------------------------------ wiring

  attach(transport: AtTransport): void {
    this.detach();
    this.transport = transport;
    this.input = [];
    this.s.payloadFor = null;
    transport.on('data', this.onData);
  }

  detach(): void {
    this.stopRinging();
    this.endCall();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
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

  /** A status report: inline `+CDS: <len>` + PDU, or stored and announced with `+CDSI`. */
  deliveryReport(pdu: string, mode: 'cds' | 'cdsi' = 'cds'): void {
    if (mode === 'cds') {
      this.urc(`+CDS: ${tpduLength(pdu) ?? 0}`, pdu.toUpperCase());
      return;
    }
    const index = this.s.store.add(pdu, 1);
    if (index !== null) this.urc(`+CDSI: "SM",${index}`);
  }

  /**
   * RING (+ `+CLIP` when enabled) `times` times, then `NO CARRIER` (caller gave up). Under
   * `AT+CLCC=1` the call's states are reported as a SIM800 does: 4 incoming, 0 active, 6 over.
   * Resolves when the call ends, however it ends.
   */
  ring(number: string, opts: { times?: number; intervalMs?: number } = {}): Promise<void> {
    this.stopRinging();
    const times = opts.times ?? 3;
    const interval = opts.intervalMs ?? 1000;
    const type = number.startsWith('+') ? 145 : 129;
    return new Promise((resolve) => {
      this.call = { number, type, resolve };
      let n = 0;
      const tick = (): void => {
        if (n === times) {
          this.ringTimer = null;
          this.callerHangsUp();
          return;
        }
        n++;
        this.urc('RING');
        if (this.s.clip) this.urc(`+CLIP: "${number}",${type},"",0,"",0`);
        if (n === 1) this.clcc(4);
        this.ringTimer = setTimeout(tick, interval);
      };
      tick();
    });
  }

  /** Someone picks up the handset on the HAT's audio (or `ATA`): the call becomes active. */
  answer(): void {
    if (!this.call) return;
    this.stopRinging();
    this.clcc(0);
  }

  /** The caller hangs up (or gives up ringing): `+CLCC` stat 6 and `NO CARRIER`. */
  callerHangsUp(): void {
    if (!this.call) return;
    this.stopRinging();
    this.clcc(6);
    this.urc('NO CARRIER');
    this.endCall();
  }

  stopRinging(): void {
    if (this.ringTimer) clearTimeout(this.ringTimer);
    this.ringTimer = null;
  }

  private clcc(stat: number): void {
    if (this.call && this.s.clcc) this.urc(`+CLCC: 1,1,${stat},0,0,"${this.call.number}",${this.call.type}`);
  }

  private endCall(): void {
    const c = this.call;
    this.call = null;
    c?.resolve();
  }

  /** Writes bytes as they are: garbage, half lines, power warnings. */
  writeRaw(data: string | Uint8Array): void {
    this.out(typeof data === 'string' ? Buffer.from(data, 'latin1') : Buffer.from(data));
  }

  /** An unsolicited line (or a header and its PDU line) as the modem frames it. */
  urc(...lines: string[]): void {
    this.out(Buffer.from(lines.map((l) => `\r\n${l}\r\n`).join(''), 'latin1'));
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
    for (const byte of chunk) {
      if (this.s.payloadFor) this.onPayloadByte(byte);
      else this.onCommandByte(byte);
    }
  };

  private onCommandByte(byte: number): void {
    if (this.s.echo && !this.silent) this.out(Buffer.of(byte));
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
    if (this.s.echo && !this.silent) this.out(Buffer.of(byte));
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
    const reply = this.submit(pdu, length);
    this.later(this.sendDelayMs, () => this.send(reply));
  }

  private submit(pdu: string, length: number): Reply {
    const failure = this.failNext.shift() ?? this.sendError;
    if (failure !== null) return { lines: [], final: cms(this.s, failure) };
    if (tpduLength(pdu) !== length) return { lines: [], final: cms(this.s, 304) };
    const mr = this.nextMr;
    this.nextMr = (this.nextMr + 1) % 256;
    this.sent.push({ pdu, length, mr });
    return { lines: [`+CMGS: ${mr}`], final: 'OK' };
  }

  // ------------------------------------------------------------ the AT dialect

  // ------------------------------------------------------------ output

  private send(reply: Reply): void {
    if (!reply) return;
    if ('prompt' in reply) {
      this.out(Buffer.from('\r\n> ', 'latin1'));
      return;
    }
    const lines = [...reply.lines];
    const il = this.interleave;
    if (il && lines.length >= il.afterLines) {
      lines.splice(il.afterLines, 0, ...il.lines);
      this.interleave = null;
    }
    this.out(Buffer.from([...lines, reply.final].map((l) => `\r\n${l}\r\n`).join(''), 'latin1'));
  }

  private out(bytes: Buffer): void {
    this.transport?.write(bytes).catch(() => undefined);
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
}
