// `modem.port: "auto"` through the real serial path: node-serialport ↔ pty (socat) ↔ the SIM800
// simulator. The port list and the by-id folder are injected (this machine's own ports are not
// the test's business); the probing, the skipping and the status are the daemon's.
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ModemStatus } from '../../src/api-types.js';
import { GsmModem } from '../../src/modem/gsm-modem.js';
import type { ListedPort } from '../../src/modem/port-scan.js';
import { createPtyPair, type PtyPair } from '../../src/modem/simulator/pty-pair.js';
import { startSimulatedModem, type SimulatedModemHandle } from '../../src/modem/simulator/simulated-modem.js';
import { waitFor } from '../helpers/wait-for.js';

const SIMTECH = 'usb-SimTech__Incorporated_SimTech__Incorporated_';
const simtech = (serial: string): ListedPort => ({ path: '', manufacturer: 'SimTech, Incorporated', serialNumber: serial, vendorId: '1e0e', productId: '9001' });

interface LogRecord {
  level: number;
  msg: string;
  port?: string;
  reason?: string;
  error?: string;
  state?: string;
}

let dir: string;
let byIdDir: string;
let sim: SimulatedModemHandle;
/** A pty nobody answers on (its other end is never opened): a port that is there but silent. */
let silent: PtyPair;
/** Listed, but gone by the time it is opened (unplugged in between). */
let gonePath: string;
let modem: GsmModem | null = null;
let logs: LogRecord[];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sb-port-auto-'));
  byIdDir = join(dir, 'by-id');
  await mkdir(byIdDir);
  sim = await startSimulatedModem({ dir: join(dir, 'sim') });
  silent = createPtyPair({ dir: join(dir, 'a-silent') });
  await silent.start();
  gonePath = join(dir, 'a-gone', 'ttyUSB2');
  logs = [];
});

afterEach(async () => {
  await modem?.stop();
  modem = null;
  await sim.stop();
  await silent.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Candidates sort by path: the gone one (a-gone/…), the silent one (a-silent/…), then the simulator (sim/…). */
function startModem(listed: ListedPort[]): GsmModem {
  const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line) as LogRecord) });
  modem = new GsmModem({
    kind: 'serial',
    port: 'auto',
    baudRate: 115200,
    simulatorDir: join(dir, 'unused'),
    statusFile: join(dir, 'run', 'modem-status.json'),
    log,
    scan: { list: async () => listed, byIdDir, uartAlias: join(dir, 'no-serial0') },
    link: { probeAttempts: 2, probeTimeoutMs: 200, backoffInitialMs: 100, backoffMaxMs: 300 },
  });
  return modem;
}

const statusFile = (): ModemStatus => JSON.parse(readFileSync(join(dir, 'run', 'modem-status.json'), 'utf8')) as ModemStatus;
const skipped = (from = 0) => logs.slice(from).filter((r) => r.msg === 'modem: port skipped');

describe('modem.port "auto"', () => {
  it('skips the ports that do not answer and settles on the one that does; remembers it', async () => {
    // The SIM7600's AT interface (if02) is known from its by-id link; the gone one from serialport's pnpId.
    await symlink(sim.devicePath, join(byIdDir, `${SIMTECH}LIVE-if02-port0`));
    await symlink(silent.modemPath, join(byIdDir, `${SIMTECH}SILENT-if02-port0`));
    const m = startModem([
      { ...simtech('LIVE'), path: sim.devicePath },
      { ...simtech('SILENT'), path: silent.modemPath },
      { ...simtech('GONE'), path: gonePath, pnpId: `${SIMTECH}GONE-if02-port0` },
    ]);
    await m.start();
    await waitFor(() => m.isReady, 'the modem on the simulator');
    await waitFor(() => m.status().info, 'the modem info');

    const st = m.status();
    expect(st).toMatchObject({ state: 'ok', kind: 'serial', port: sim.devicePath });
    expect(st.detail).toBe(`port found automatically: SIM7600 AT port, USB interface 02, by-id ${SIMTECH}LIVE-if02-port0`);
    expect(statusFile()).toMatchObject({ state: 'ok', port: sim.devicePath, detail: st.detail });
    expect(sim.simulator.received).toEqual(expect.arrayContaining(['ATE0', 'AT+CMGF=0', 'AT+CNMI=2,1,0,1,0', 'AT+CLIP=1', 'AT+CREG=1']));
    // The skipped ones, in order, each with why.
    expect(skipped().map((r) => [r.port, r.reason, r.error])).toEqual([
      [gonePath, `SIM7600 AT port, USB interface 02, by-id ${SIMTECH}GONE-if02-port0`, expect.stringMatching(/cannot open|no such file/i)],
      [silent.modemPath, `SIM7600 AT port, USB interface 02, by-id ${SIMTECH}SILENT-if02-port0`, 'no answer to AT'],
    ]);
    expect(logs).toContainEqual(expect.objectContaining({ msg: 'modem found', port: sim.devicePath }));

    // Unplugged: the search goes on without it. Back: the port that answered last is tried first.
    await sim.vanish();
    await waitFor(() => m.status().link?.lastError?.startsWith('no modem answered'), 'a search without the simulator');
    expect(m.status()).toMatchObject({ state: 'down', port: 'auto' });
    expect(statusFile().port).toBe('auto');
    await sim.reappear();
    await waitFor(() => m.isReady, 'the modem back');
    const lastFailed = logs.findLastIndex((r) => r.msg === 'modem: connection attempt failed');
    expect(skipped(lastFailed)).toEqual([]);
    expect(m.status()).toMatchObject({ port: sim.devicePath, detail: expect.stringMatching(/^port found automatically/) });
  });

  it('none answers: down, saying what was tried', async () => {
    await symlink(silent.modemPath, join(byIdDir, `${SIMTECH}SILENT-if02-port0`));
    const m = startModem([
      { ...simtech('SILENT'), path: silent.modemPath },
      { ...simtech('GONE'), path: gonePath, pnpId: `${SIMTECH}GONE-if02-port0` },
    ]);
    await m.start();
    const detail = await waitFor(() => m.status().detail?.includes('tried') && m.status().detail, 'a failed search');
    expect(detail).toMatch(
      new RegExp(
        `^connecting: no modem answered: tried ${gonePath} \\(SIM7600 AT port, USB interface 02, by-id ${SIMTECH}GONE-if02-port0\\): .+; ` +
          `${silent.modemPath} \\(SIM7600 AT port, USB interface 02, by-id ${SIMTECH}SILENT-if02-port0\\): no answer to AT$`,
      ),
    );
    expect(m.status()).toMatchObject({ state: 'down', kind: 'serial', port: 'auto' });
    // The status file follows although the state stays `connecting`.
    await waitFor(() => existsSync(join(dir, 'run', 'modem-status.json')) && statusFile().detail === m.status().detail, 'the status file');
    expect(m.isReady).toBe(false);
    await expect(m.run('AT')).rejects.toThrow(/modem not ready/);
  });

  it('no port looks like a modem: down, saying what was seen', async () => {
    const arduino: ListedPort = { path: '/dev/ttyACM0', vendorId: '2341', productId: '0043', manufacturer: 'Arduino (www.arduino.cc)' };
    const m = startModem([{ path: '/dev/ttyS0' }, arduino]);
    await m.start();
    const detail = await waitFor(() => m.status().link?.lastError, 'a failed search');
    expect(detail).toBe(
      'no serial port looks like a GSM modem: no known USB modem or USB-serial adapter, no Pi UART (/dev/serial0); USB serial ports seen: /dev/ttyACM0 (2341:0043)',
    );
    expect(m.status()).toMatchObject({ state: 'down', port: 'auto' });
  });
});
