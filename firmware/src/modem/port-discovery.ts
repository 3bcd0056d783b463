// `modem.port: "auto"`: which serial ports may be the GSM modem's AT port, best first. Pure:
// the ports are gathered by port-scan.ts; this only ranks them, so it is tested with recorded
// inputs from real boxes.
//
// Only ports that look like a GSM modem are ever tried: opening a port and sending it ESC and
// `AT` is not harmless to whatever else may be on it (an Arduino resets when a port opens).

/** `modem.port` value that asks for this search. */
export const AUTO_PORT = 'auto';

/** One serial port as the system lists it. USB ids are lower-case hex, as `SerialPort.list()` gives them. */
export interface SeenPort {
  path: string;
  /** The `/dev/serial/by-id` name linking to it, e.g. `usb-SimTech__Incorporated_…-if02-port0`. */
  byId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
  manufacturer?: string | undefined;
  /** On Linux, serialport fills this with the by-id name too (from udev's DEVLINKS). */
  pnpId?: string | undefined;
  serialNumber?: string | undefined;
}

export interface PortDiscoveryInput {
  ports: SeenPort[];
  /** The Pi's UART alias (`/dev/serial0`) when it exists, and the device it links to. */
  uart?: { path: string; target?: string | null | undefined } | null | undefined;
  /** Never candidates: the analog landline modem's port (`callerId.analog.port`), as given and resolved. */
  exclude?: string[] | undefined;
}

export interface PortCandidate {
  /** The device to open. */
  path: string;
  /** One line for logs and the status page: why this port (no parentheses: it is quoted in them). */
  reason: string;
  /** Stays the same when the port's /dev name changes (the by-id name when known, else the path). */
  key: string;
}

interface CellularModule {
  model: string;
  /** USB interface of the AT command port. */
  atInterface: number;
  /** A second port that also takes AT commands (the PPP "modem" port), tried after the AT port. */
  modemInterface: number;
}

// Cellular modules on USB expose one serial port per USB interface, and the AT command port is
// a fixed interface of that layout (the modules' USB interface layouts, from their Linux USB
// guides):
// - SIMCom SIM7600 family, 1e0e:9001: if00 DIAG, if01 NMEA (GPS), if02 AT, if03 modem (PPP,
//   takes AT too), if04 audio. Usually /dev/ttyUSB0..4, the AT port /dev/ttyUSB2.
// - Quectel EC25 / EG25 / EC21, 2c7c:0125, and EC20, 05c6:9215: if00 DM (DIAG), if01 NMEA,
//   if02 AT, if03 modem (PPP, takes AT too). Usually /dev/ttyUSB0..3, the AT port /dev/ttyUSB2.
// The DIAG and NMEA ports are never tried: DIAG speaks Qualcomm's binary protocol and NMEA only
// streams GPS sentences.
const MODULES: Record<string, CellularModule> = {
  '1e0e:9001': { model: 'SIM7600', atInterface: 2, modemInterface: 3 },
  '2c7c:0125': { model: 'Quectel EC25/EG25/EC21', atInterface: 2, modemInterface: 3 },
  '05c6:9215': { model: 'Quectel EC20', atInterface: 2, modemInterface: 3 },
};

// USB-serial adapter chips found on SIM800 breakout boards (and on analog modems, hence
// `exclude`). They say nothing of what is behind them: tried after the known modules.
const ADAPTERS: Record<string, string> = {
  '1a86:7523': 'CH340',
  '10c4:ea60': 'CP210x',
  '0403:6001': 'FTDI FT232R',
  '0403:6015': 'FTDI FT230X/FT231X',
  '067b:2303': 'PL2303',
};

/** `…-if02-port0` (by-id name; serialport's pnpId on Linux is the same name): the USB interface. */
const INTERFACE = /-if(\d+)-port\d+$/;

/**
 * The ports to try for the GSM modem, in order: known cellular modules' AT ports, then USB-serial
 * adapters, then the Pi's UART. Ports without USB ids (the 32 legacy /dev/ttyS* a PC always has,
 * the Pi's ttyAMA0/ttyS0 under their own names) are never candidates, /dev/serial0 aside.
 */
export function rankModemPorts(input: PortDiscoveryInput): PortCandidate[] {
  const exclude = input.exclude ?? [];
  const ports = dedupe(input.ports);

  // One group per module (two identical modules are told apart by serial number or by-id name).
  const groups = new Map<string, { module: CellularModule; ports: SeenPort[] }>();
  const adapters: PortCandidate[] = [];
  for (const p of ports) {
    const id = usbId(p);
    if (!id) continue;
    const module = MODULES[id];
    if (module) {
      const key = `${id}:${p.serialNumber ?? byIdName(p)?.replace(INTERFACE, '') ?? ''}`;
      const g = groups.get(key) ?? { module, ports: [] };
      g.ports.push(p);
      groups.set(key, g);
      continue;
    }
    const chip = ADAPTERS[id];
    if (chip) adapters.push({ path: p.path, reason: `${chip} USB-serial adapter ${id}, as on SIM800 boards`, key: byIdName(p) ?? p.path });
  }

  const modules = [...groups.values()]
    .map((g) => moduleCandidates(g.module, g.ports))
    .filter((c) => c.length > 0)
    .sort((a, b) => byPath(a[0]!, b[0]!));
  // The landline modem's port is left out after ranking, so it still counts as one of its
  // device's ports in the 3rd-port guess.
  const out = [...modules.flat(), ...adapters.sort(byPath)].filter(
    (c) => !exclude.some((e) => e === c.path || e === c.key || e.endsWith(`/${c.key}`)),
  );

  // The Pi's UART for a GSM HAT: /dev/serial0 links to ttyS0 or ttyAMA0 depending on the model.
  const uart = input.uart;
  if (uart && !exclude.includes(uart.path) && !(uart.target && exclude.includes(uart.target))) {
    const to = uart.target ? `, links to ${uart.target.replace(/^\/dev\//, '')}` : '';
    out.push({ path: uart.path, reason: `Pi UART for a GSM HAT${to}`, key: uart.path });
  }
  return out;
}

/** The module's AT port (then its modem port) by USB interface; without interface numbers, a guess. */
function moduleCandidates(module: CellularModule, ports: SeenPort[]): PortCandidate[] {
  const known = ports.filter((p) => interfaceOf(p) !== null);
  if (known.length > 0) {
    const at = (n: number, what: string): PortCandidate[] =>
      known
        .filter((p) => interfaceOf(p) === n)
        .sort(byPath)
        .map((p) => ({ path: p.path, reason: `${module.model} ${what}, USB interface ${pad(n)}, by-id ${byIdName(p)}`, key: byIdName(p) ?? p.path }));
    return [...at(module.atInterface, 'AT port'), ...at(module.modemInterface, 'modem port')];
  }
  // No by-id information: the ports are numbered in interface order, so the AT port is the
  // module's 3rd (ttyUSB2 of ttyUSB0..3) as long as no other device's port sits between them.
  const sorted = [...ports].sort(byPath);
  const third = sorted[module.atInterface];
  if (!third) return [];
  return [{
    path: third.path,
    reason: `${module.model} AT port, a guess: the 3rd of its ${sorted.length} ports, USB interface unknown`,
    key: third.path,
  }];
}

function usbId(p: SeenPort): string | null {
  if (!p.vendorId || !p.productId) return null;
  return `${p.vendorId.toLowerCase()}:${p.productId.toLowerCase()}`;
}

function byIdName(p: SeenPort): string | undefined {
  if (p.byId) return p.byId;
  return p.pnpId && INTERFACE.test(p.pnpId) ? p.pnpId : undefined;
}

function interfaceOf(p: SeenPort): number | null {
  const m = INTERFACE.exec(byIdName(p) ?? '');
  return m ? Number(m[1]) : null;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** ttyUSB2 before ttyUSB10. */
function byPath(a: { path: string }, b: { path: string }): number {
  return a.path.localeCompare(b.path, 'en', { numeric: true });
}

function dedupe(ports: SeenPort[]): SeenPort[] {
  const seen = new Set<string>();
  return ports.filter((p) => (seen.has(p.path) ? false : (seen.add(p.path), true)));
}
