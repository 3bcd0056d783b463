import type { AtTransport } from '../at/transport.js';
import { createPtyPair } from './pty-pair.js';
import { openSimulatorEnd } from './simulated-modem.js';

/**
 * An analog voice modem on the shop's landline, for development and tests: it speaks the few
 * AT commands such a modem knows (AT, ATE, ATZ, ATI, AT+VCID / AT#CID, AT+GCI) and answers
 * ERROR to everything else — GSM commands included, as a real one does. A call is RING, the
 * caller-ID block in the pause after the first ring (formatted after `AT+VCID=1`, nothing
 * after `AT+VCID=0`), then more RINGs; when the caller gives up the rings just stop: an analog
 * modem says nothing about it.
 */
export interface AnalogCaller {
  /** Digits; or 'P' (private) / 'O' (out of area) as the line sends them. */
  number: string;
  name?: string;
  /** MMDDhhmm; default: now. */
  dateTime?: string;
}

const CR = 0x0d;
const LF = 0x0a;

export class AnalogModemSimulator {
  /** Every command line received, in order. */
  readonly received: string[] = [];
  private transport: AtTransport | null = null;
  private input: number[] = [];
  private echo = true;
  /** 0 off, 1 formatted, 2 raw (the raw form is left to tests: `lines()` writes any hex). */
  private vcid = 0;
  private readonly timers = new Set<NodeJS.Timeout>();

  attach(transport: AtTransport): void {
    this.detach();
    this.transport = transport;
    this.input = [];
    transport.on('data', this.onData);
  }

  detach(): void {
    this.hangUp();
    this.transport?.off('data', this.onData);
    this.transport = null;
  }

  get callerIdMode(): number {
    return this.vcid;
  }

  /**
   * Rings `rings` times, `intervalMs` apart, with the caller-ID block `cidDelayMs` after the
   * first RING (formatted when AT+VCID=1 is set). Resolves after the last RING.
   */
  call(caller: AnalogCaller, opts: { rings?: number; intervalMs?: number; cidDelayMs?: number } = {}): Promise<void> {
    this.hangUp();
    const rings = opts.rings ?? 3;
    const interval = opts.intervalMs ?? 5000;
    const cidDelay = Math.min(opts.cidDelayMs ?? 1500, interval);
    return new Promise((resolve) => {
      for (let i = 0; i < rings; i++) {
        this.later(i * interval, () => {
          this.lines('RING');
          if (i === rings - 1) resolve();
        });
      }
      if (rings === 0) resolve();
      if (this.vcid === 1) this.later(cidDelay, () => this.lines(...formattedBlock(caller)));
    });
  }

  /** Stops a call in progress (nothing is written: the rings simply stop). */
  hangUp(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** Writes lines as the modem frames them (CR LF around each). */
  lines(...lines: string[]): void {
    this.out(lines.map((l) => `\r\n${l}\r\n`).join(''));
  }

  private readonly onData = (chunk: Buffer): void => {
    for (const byte of chunk) {
      if (this.echo) this.out(String.fromCharCode(byte));
      if (byte === LF) continue;
      // Control characters (the ESC a link sends before probing) are ignored in command mode.
      if (byte < 0x20 && byte !== CR) continue;
      if (byte !== CR) {
        if (this.input.length < 256) this.input.push(byte);
        continue;
      }
      const line = Buffer.from(this.input).toString('latin1').trim();
      this.input = [];
      if (line === '') continue;
      this.received.push(line);
      this.lines(this.answer(line));
    }
  };

  private answer(line: string): string {
    const up = line.toUpperCase();
    if (!up.startsWith('AT')) return 'ERROR';
    const cmd = up.slice(2);
    let m: RegExpExecArray | null;
    if (cmd === '' || cmd === 'Z' || cmd === '&F') return 'OK';
    if ((m = /^E([01])$/.exec(cmd))) {
      this.echo = m[1] === '1';
      return 'OK';
    }
    if ((m = /^(?:\+VCID|#CID)=([012])$/.exec(cmd))) {
      this.vcid = Number(m[1]);
      return 'OK';
    }
    if (/^\+GCI=[0-9A-F]{2}$/.test(cmd)) return 'OK';
    return 'ERROR';
  }

  private out(text: string): void {
    this.transport?.write(Buffer.from(text, 'latin1')).catch(() => undefined);
  }

  private later(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      fn();
    }, ms);
    this.timers.add(t);
  }
}

/** The lines `AT+VCID=1` prints for one call. */
export function formattedBlock(caller: AnalogCaller, now = new Date()): string[] {
  const pad = (n: number) => String(n).padStart(2, '0');
  const dt = caller.dateTime ?? `${pad(now.getMonth() + 1)}${pad(now.getDate())}${pad(now.getHours())}${pad(now.getMinutes())}`;
  return [`DATE = ${dt.slice(0, 4)}`, `TIME = ${dt.slice(4, 8)}`, `NMBR = ${caller.number}`, ...(caller.name ? [`NAME = ${caller.name}`] : [])];
}

export interface SimulatedAnalogModemHandle {
  /** What `callerId.analog.port` is set to. */
  devicePath: string;
  simulator: AnalogModemSimulator;
  stop(): Promise<void>;
}

/** The analog modem simulator on a socat pty pair (`<dir>/modem` for the box). Needs socat. */
export async function startSimulatedAnalogModem(options: { dir: string; socatPath?: string }): Promise<SimulatedAnalogModemHandle> {
  const pair = createPtyPair({ dir: options.dir, ...(options.socatPath ? { socatPath: options.socatPath } : {}) });
  const transport = await openSimulatorEnd(pair);
  const simulator = new AnalogModemSimulator();
  simulator.attach(transport);
  return {
    devicePath: pair.modemPath,
    simulator,
    async stop() {
      simulator.detach();
      await pair.stop();
      await transport.close();
    },
  };
}
