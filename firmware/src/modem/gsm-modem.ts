import { EventEmitter } from 'node:events';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ComponentState, ModemInfo, ModemStatus } from '../api-types.js';
import type { Logger } from '../log.js';
import type { AtCommand, AtResponse } from './at/channel.js';
import { ModemLink, type ModemLinkOptions, type PortChoice } from './at/link.js';
import type { Urc } from './at/urc.js';
import type { Modem, ModemEvents } from './modem.js';
import { queryModemInfo, registrationOf } from './modem-info.js';
import { RestartLog, type RestartRecords } from './restart-log.js';
import { AUTO_PORT, rankModemPorts, type PortCandidate, type PortDiscoveryInput } from './port-discovery.js';
import { scanSerialPorts, type PortScanOptions } from './port-scan.js';
import { startSimulatedModem, type SimulatedModemHandle } from './simulator/simulated-modem.js';
import type { ModemSimulatorOptions } from './simulator/modem-simulator.js';

export interface GsmModemOptions {
  kind: 'simulator' | 'serial';
  /** The serial device (kind serial); `auto`: looked for among the serial ports at each (re)connection. */
  port: string | null;
  /** Never tried by `auto`: the landline modem's port (`callerId.analog.port`). */
  exclude?: string[];
  /** How `auto` lists the ports (tests inject the list, the by-id folder and the UART alias). */
  scan?: PortScanOptions;
  /** Tests: faster probes and reconnects. */
  link?: Partial<Omit<ModemLinkOptions, 'path'>>;
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
  /** Where the module's restarts are kept (the daemon: the database); default in memory. */
  restartRecords?: RestartRecords;
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
  private refreshAgain = false;
  /** `auto`: the candidates of the last search, and the one in use (or last used: tried first). */
  private candidates: PortCandidate[] = [];
  private found: PortCandidate | null = null;
  private readonly skipLog = new Map<string, string>();
  private readonly restarts: RestartLog;

  constructor(private readonly opt: GsmModemOptions) {
    super();
    this.restarts = new RestartLog(opt.restartRecords);
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
    const auto = this.opt.kind === 'serial' && path === AUTO_PORT;
    const link = new ModemLink({
      path: auto ? () => this.portCandidates() : path,
      baudRate: this.opt.baudRate,
      initCommands: GSM_INIT,
      ...(this.opt.backoffMaxMs ? { backoffMaxMs: this.opt.backoffMaxMs } : {}),
      ...this.opt.link,
    });
    this.link = link;
    link.on('state', (s) => {
      if (auto && s.state === 'ready') this.remember(s.port);
      this.opt.log.info({ state: s.state, port: s.port, lastError: s.lastError }, 'modem link');
      this.publish();
    });
    // Repeated failures leave the state `connecting`: the status file still shows the latest.
    link.on('failed', (s) => {
      this.opt.log.debug({ port: s.port, attempts: s.attempts, lastError: s.lastError }, 'modem: connection attempt failed');
      this.publish();
    });
    link.on('skipped', (c, err) => this.logSkipped(c, err));
    // The module rebooted by itself (its supply sagged): the link sets it up again; we count it.
    link.on('restarted', (r) => {
      this.restarts.add(r);
      this.opt.log.warn({ sign: r.sign, last24h: this.restarts.summary(new Date()).last24h.length }, 'the modem restarted by itself: check its power supply; setting it up again');
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
      const what = kind === 'simulator' ? 'simulated modem: messages go nowhere' : this.found ? `port found automatically: ${this.found.reason}` : null;
      detail = problem ?? what;
    }
    return { state, kind, port, detail, link, info: this.info, powerWarning: this.powerWarning, restarts: this.restarts.summary(new Date()) };
  }

  /**
   * `auto`: the ports that may be the modem's, best first (port-discovery.ts); the one that
   * answered last goes first. Throws, with what was seen, when there is none.
   */
  private async portCandidates(): Promise<PortChoice[]> {
    let input: PortDiscoveryInput;
    try {
      input = await scanSerialPorts(this.opt.scan, this.opt.exclude ?? []);
    } catch (e) {
      throw new Error(`could not list the serial ports: ${(e as Error).message}`);
    }
    const found = rankModemPorts(input);
    this.candidates = found;
    if (!found.length) throw new Error(noCandidates(input));
    const last = found.findIndex((c) => c.key === this.found?.key);
    if (last > 0) found.unshift(...found.splice(last, 1));
    return found;
  }

  private remember(port: string): void {
    const c = this.candidates.find((x) => x.path === port) ?? null;
    if (c && c.key !== this.found?.key) this.opt.log.info({ port, reason: c.reason }, 'modem found');
    this.found = c;
    this.skipLog.clear();
  }

  /** Each skipped port is logged at info when its reason changes, else at debug (a search repeats every 30 s). */
  private logSkipped(c: PortChoice, err: Error): void {
    const fields = { port: c.path, reason: c.reason, error: err.message };
    if (this.skipLog.get(c.path) === err.message) {
      this.opt.log.debug(fields, 'modem: port skipped');
    } else {
      this.skipLog.set(c.path, err.message);
      this.opt.log.info(fields, 'modem: port skipped');
    }
  }

  /** What keeps a connected modem from working well: restarts, the SIM or the network. */
  private problem(): string | null {
    const r = this.restarts.summary(new Date());
    if (r.frequent) return `the modem restarted by itself ${r.last24h.length} times in 24 hours: check its power supply`;
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
    if (!this.link?.channel) return;
    // Asked again while reading (the modem restarted and is ready anew): read again after,
    // or the answers of the module before its restart would stand.
    if (this.refreshing) {
      this.refreshAgain = true;
      return;
    }
    this.refreshing = true;
    try {
      do {
        this.refreshAgain = false;
        this.info = await queryModemInfo((c) => this.run(c));
        this.publish();
      } while (this.refreshAgain && this.link?.channel);
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

/** Why `auto` has nothing to try, with the USB serial ports it did see. */
function noCandidates(input: PortDiscoveryInput): string {
  const others = input.ports
    .filter((p) => p.vendorId && p.productId)
    .map((p) => `${p.path} (${p.vendorId}:${p.productId}${input.exclude?.includes(p.path) ? ', the landline modem' : ''})`);
  return `no serial port looks like a GSM modem: no known USB modem or USB-serial adapter, no Pi UART (/dev/serial0)${others.length ? `; USB serial ports seen: ${others.join(', ')}` : ''}`;
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
