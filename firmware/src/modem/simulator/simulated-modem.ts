import { SerialTransport } from '../at/transport.js';
import { ModemSimulator, type ModemSimulatorOptions } from './modem-simulator.js';
import { createPtyPair, type PtyPair } from './pty-pair.js';

export interface SimulatedModemOptions extends ModemSimulatorOptions {
  /** Where the `modem` and `sim` links are made (e.g. `<dataDir>/run/modem-sim`). */
  dir: string;
  socatPath?: string;
}

export interface SimulatedModemHandle {
  /** The daemon opens this path like a real serial device. */
  devicePath: string;
  simulator: ModemSimulator;
  /** The pty pair disappears (socat killed): the daemon's port closes as on unplugging. */
  vanish(): Promise<void>;
  /** The pty pair comes back on the same paths; the simulator keeps its state. */
  reappear(): Promise<void>;
  /** Stops the simulator and socat. */
  stop(): Promise<void>;
}

/**
 * A simulated modem on a real pseudo-terminal pair: `socat` links `<dir>/modem` (for the
 * daemon) to `<dir>/sim`, which the simulator opens with node-serialport. Needs `socat`.
 */
export async function startSimulatedModem(options: SimulatedModemOptions): Promise<SimulatedModemHandle> {
  const pair = createPtyPair({ dir: options.dir, ...(options.socatPath ? { socatPath: options.socatPath } : {}) });
  const simulator = new ModemSimulator(options);
  let port: SerialTransport | null = null;

  async function up(): Promise<void> {
    const transport = await openSimulatorEnd(pair);
    port = transport;
    simulator.attach(transport);
  }

  async function down(): Promise<void> {
    simulator.detach();
    const p = port;
    port = null;
    await pair.stop();
    await p?.close();
  }

  await up();
  return {
    devicePath: pair.modemPath,
    simulator,
    vanish: down,
    reappear: up,
    stop: down,
  };
}

/** Starts the pair and opens its simulator end (`<dir>/sim`); the pair is stopped again if that fails. */
export async function openSimulatorEnd(pair: PtyPair): Promise<SerialTransport> {
  await pair.start();
  const transport = new SerialTransport({ path: pair.simPath });
  try {
    await transport.open();
  } catch (e) {
    await pair.stop();
    throw e;
  }
  // Errors on the simulator's side (the pair vanishing) are expected; nothing to report.
  transport.on('error', () => undefined);
  return transport;
}
