import { EventEmitter } from 'node:events';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ComponentState, ModemInfo, ModemStatus } from '../api-types.js';
import type { Logger } from '../log.js';
import type { AtCommand, AtResponse } from './at/channel.js';
import { ModemLink } from './at/link.js';
import type { Urc } from './at/urc.js';
import type { Modem, ModemEvents } from './modem.js';
import { queryModemInfo, registrationOf } from './modem-info.js';
import { startSimulatedModem, type SimulatedModemHandle } from './simulator/simulated-modem.js';
import type { ModemSimulatorOptions } from './simulator/modem-simulator.js';

export interface GsmModemOptions {
  kind: 'simulator' | 'serial';
  /** The serial device (kind serial). */
  port: string | null;
  baudRate: number;
  /** Where the simulator's pty links are made (kind simulator). */
  simulatorDir: string;
  simulator?: ModemSimulatorOptions;
  /** Written on every status change so `studio-box modem status` can read it from a shell. */
  statusFile: string | null;
  log: Logger;
  /** How often signal and registration are read again. */
  refreshMs?: number;
  backoffMaxMs?: number;
}

/**
 * New messages are stored on the SIM and announced (`+CMTI`), status reports come inline
 * (`+CDS`), the caller's number comes with each RING (`+CLIP`), registration changes are
 * announced (`+CREG`).
 */
export const GSM_INIT = ['AT+CNMI=2,1,0,1,0', 'AT+CLIP=1', 'AT+CREG=1'];

/**
 * The GSM modem: a ModemLink on the configured port (or on the simulator's pty), its status
 * for /api/health and the status page, and the events the SMS and call services listen to.
 */
export class GsmModem extends EventEmitter<ModemEvents> implements Modem {
  private link: ModemLink | null = null;
  private sim: SimulatedModemHandle | null = null;
  private info: ModemInfo | null = null;
  private powerWarning: ModemStatus['powerWarning'] = null;
  private startError: string | null = null;
  private refresh: NodeJS.Timeout | null = null;
  private refreshing = false;

  constructor(private readonly opt: GsmModemOptions) {
    super();
  }

  /** The simulator behind a `simulator` modem (dev tools and tests), else null. */
  get simulator(): SimulatedModemHandle | null {
    return this.sim;
  }

  get isReady(): boolean {
    return this.link?.channel != null;
  }

  async start(): Promise<void> {
    let path = this.opt.port;
    if (this.opt.kind === 'simulator') {
      try {
        this.sim = await startSimulatedModem({ dir: this.opt.simulatorDir, ...this.opt.simulator });
        path = this.sim.devicePath;
      } catch (e) {
        // socat missing (macOS without `brew install socat`), or no pty: the box runs on
        // without SMS and says why on the status page.
        this.startError = `modem simulator could not start: ${(e as Error).message}`;
        this.opt.log.error({ err: e }, 'modem simulator could not start');
        this.publish();
        return;
      }
    }
    if (!path) throw new Error('modem.port is required for a serial modem');
    const link = new ModemLink({
      path,
      baudRate: this.opt.baudRate,
      initCommands: GSM_INIT,
      ...(this.opt.backoffMaxMs ? { backoffMaxMs: this.opt.backoffMaxMs } : {}),
    });
    this.link = link;
    link.on('state', (s) => {
      this.opt.log.info({ state: s.state, port: s.port, lastError: s.lastError }, 'modem link');
      this.publish();
    });
    link.on('ready', (channel) => {
      channel.on('listener-error', (err) => this.opt.log.error({ err }, 'modem event listener failed'));
      channel.on('overflow', (bytes) => this.opt.log.warn({ bytes }, 'modem sent an over-long line; dropped'));
      this.emitSafe('ready');
      void this.readInfo();
    });
    link.on('urc', (u) => this.onUrc(u));
    link.on('unknown', (line) => {
      this.opt.log.debug({ line }, 'modem: unexpected line');
      this.emitSafe('unknown', line);
    });
    await link.start();
    this.refresh = setInterval(() => void this.readInfo(), this.opt.refreshMs ?? 60_000);
    this.refresh.unref();
    this.publish();
  }

  async stop(): Promise<void> {
    if (this.refresh) clearInterval(this.refresh);
    this.refresh = null;
    await this.link?.stop();
    await this.sim?.stop();
  }

  run(cmd: AtCommand | string): Promise<AtResponse> {
    if (!this.link) return Promise.reject(new Error(this.startError ?? 'modem not started'));
    return this.link.run(cmd);
  }

  status(): ModemStatus {
    const link = this.link?.status() ?? null;
    const kind = this.opt.kind;
    const port = link?.port ?? this.opt.port;
    let state: ComponentState;
    let detail: string | null;
    if (!link) {
      state = 'down';
      detail = this.startError ?? 'not started';
    } else if (link.state !== 'ready') {
      state = 'down';
      detail = link.lastError ? `${link.state}: ${link.lastError}` : link.state;
    } else {
      const problem = this.problem();
      state = problem ? 'degraded' : kind === 'simulator' ? 'simulated' : 'ok';
      detail = problem ?? (kind === 'simulator' ? 'simulated modem: messages go nowhere' : null);
    }
    return { state, kind, port, detail, link, info: this.info, powerWarning: this.powerWarning };
  }

  /** What keeps a connected modem from sending: the SIM or the network. */
  private problem(): string | null {
    const i = this.info;
    if (!i) return null;
    if (i.sim === 'not-inserted') return 'no SIM card';
    if (i.sim === 'pin-required' || i.sim === 'puk-required') return `SIM locked (${i.simDetail ?? i.sim})`;
    if (i.sim === 'error') return `SIM error (${i.simDetail ?? 'no answer'})`;
    if (i.registration === 'denied') return 'network registration denied';
    if (i.registration === 'searching' || i.registration === 'not-registered') return 'not registered on a network';
    return null;
  }

  private async readInfo(): Promise<void> {
    if (!this.link?.channel || this.refreshing) return;
    this.refreshing = true;
    try {
      this.info = await queryModemInfo((c) => this.run(c));
      this.publish();
    } finally {
      this.refreshing = false;
    }
  }

  private onUrc(u: Urc): void {
    if (u.type === 'creg' && u.which === 'CREG' && this.info) {
      this.info = { ...this.info, registration: registrationOf(u.stat) };
      this.publish();
    } else if (u.type === 'cpin') {
      void this.readInfo();
    } else if (u.type === 'power') {
      this.powerWarning = { kind: u.kind, at: new Date().toISOString() };
      this.opt.log.warn({ warning: u.raw }, 'modem power warning: check the power supply');
      this.publish();
    }
    this.emitSafe('urc', u);
  }

  private publish(): void {
    const s = this.status();
    if (this.opt.statusFile) writeStatusFile(this.opt.statusFile, s, this.opt.log);
    this.emitSafe('status', s);
  }

  /** A listener's bug must not break the modem: log it and go on. */
  private emitSafe<K extends keyof ModemEvents>(event: K, ...args: ModemEvents[K]): void {
    for (const fn of this.listeners(event)) {
      try {
        (fn as (...a: ModemEvents[K]) => void)(...args);
      } catch (err) {
        this.opt.log.error({ err, event }, 'modem event listener failed');
      }
    }
  }
}

function writeStatusFile(file: string, status: ModemStatus, log: Logger): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    const tmp = `${file}.tmp`;
    writeFileSync(tmp, JSON.stringify({ ...status, writtenAt: new Date().toISOString(), pid: process.pid }, null, 2));
    renameSync(tmp, file);
  } catch (err) {
    log.warn({ err, file }, 'could not write the modem status file');
  }
}
