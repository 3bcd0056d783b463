// What port-discovery.ts ranks: the serial ports serialport lists (udev on Linux), their
// /dev/serial/by-id names, and whether the Pi's UART alias exists.
import { readdir, realpath } from 'node:fs/promises';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { PortDiscoveryInput, SeenPort } from './port-discovery.js';

/** A port as `SerialPort.list()` gives it (PortInfo); only these fields are used. */
export type ListedPort = Pick<SeenPort, 'path' | 'vendorId' | 'productId' | 'manufacturer' | 'pnpId' | 'serialNumber'>;

export interface PortScanOptions {
  /** Default: `SerialPort.list()`. */
  list?: () => Promise<ListedPort[]>;
  /** Default: /dev/serial/by-id (udev's stable names; absent while no USB serial device is plugged in). */
  byIdDir?: string;
  /** Default: /dev/serial0, the Pi's primary UART (absent on other machines). */
  uartAlias?: string;
}

export const BY_ID_DIR = '/dev/serial/by-id';
export const UART_ALIAS = '/dev/serial0';

/** Gathers the ports; `exclude` (the landline modem's port) is passed on both as given and resolved. */
export async function scanSerialPorts(options: PortScanOptions = {}, exclude: string[] = []): Promise<PortDiscoveryInput> {
  const listed = await (options.list ?? (() => SerialPort.list()))();
  const byId = await readByIdDir(options.byIdDir ?? BY_ID_DIR);
  const ports: SeenPort[] = [];
  for (const p of listed) {
    const real = await resolved(p.path);
    const name = byId.get(real ?? p.path);
    ports.push({ ...p, ...(name ? { byId: name } : {}) });
  }
  const uartPath = options.uartAlias ?? UART_ALIAS;
  const uartTarget = await resolved(uartPath);
  const excludeResolved = await Promise.all(exclude.map((e) => resolved(e)));
  return {
    ports,
    uart: uartTarget ? { path: uartPath, target: uartTarget } : null,
    exclude: [...new Set([...exclude, ...excludeResolved.filter((e): e is string => e !== null)])],
  };
}

/** by-id link target (resolved) → link name. A missing directory is normal: no USB serial device. */
async function readByIdDir(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return out;
    throw e;
  }
  for (const name of names.sort()) {
    const target = await resolved(join(dir, name));
    if (target && !out.has(target)) out.set(target, name);
  }
  return out;
}

/** The real path, or null when it does not exist (a dangling link, a port just unplugged). */
async function resolved(path: string): Promise<string | null> {
  try {
    return await realpath(path);
  } catch {
    return null;
  }
}
