// What the status page shows about the modem, and how it is read. The parsers are pure; the
// query runs a fixed list of AT commands, each allowed to fail on its own (a modem without a
// SIM still says its model and IMEI).
import { splitParams } from './at/urc.js';
import type { AtCommand, AtResponse } from './at/channel.js';
import type { Expect } from './at/classify.js';
import type { ModemInfo, Registration, SimStatus } from '../api-types.js';

export type { ModemInfo, Registration, SimStatus };

export const EMPTY_INFO: Omit<ModemInfo, 'readAt'> = {
  manufacturer: null,
  model: null,
  revision: null,
  imei: null,
  sim: 'unknown',
  simDetail: null,
  operator: null,
  registration: 'unknown',
  csq: null,
  signalDbm: null,
  smsCentre: null,
};

/** `+CSQ: 20,0` → rssi 20; 99 (not known) → null. */
export function parseCsq(line: string | undefined): { csq: number | null; signalDbm: number | null } {
  const m = /^\+CSQ:\s*(\d+)\s*,/.exec(line ?? '');
  if (!m) return { csq: null, signalDbm: null };
  const rssi = Number(m[1]);
  if (rssi === 99 || rssi > 31) return { csq: rssi === 99 ? 99 : null, signalDbm: null };
  return { csq: rssi, signalDbm: -113 + 2 * rssi };
}

/** `+CPIN: READY` / `SIM PIN` / `SIM PUK`; errors mean no SIM (10) or a broken one. */
export function parseCpin(line: string | undefined): SimStatus {
  const m = /^\+CPIN:\s*(.+)$/.exec(line ?? '');
  if (!m) return 'unknown';
  const v = m[1]!.trim().toUpperCase();
  if (v === 'READY') return 'ready';
  if (v.includes('PUK')) return 'puk-required';
  if (v.includes('PIN')) return 'pin-required';
  if (v.includes('NOT INSERTED')) return 'not-inserted';
  return 'unknown';
}

/** The `<stat>` of +CREG/+CGREG/+CEREG. */
export function registrationOf(stat: number | null): Registration {
  switch (stat) {
    case 1:
      return 'home';
    case 5:
      return 'roaming';
    case 2:
      return 'searching';
    case 3:
      return 'denied';
    case 0:
      return 'not-registered';
    default:
      return 'unknown';
  }
}

/** The answer to `AT+CREG?`: `+CREG: <n>,<stat>[,<lac>,<ci>]`. */
export function parseCregQuery(line: string | undefined): Registration {
  const m = /^\+C(?:G|E)?REG:\s*(.+)$/.exec(line ?? '');
  if (!m) return 'unknown';
  const p = splitParams(m[1]!);
  const stat = p.length >= 2 ? Number(p[1]) : NaN;
  return Number.isInteger(stat) ? registrationOf(stat) : 'unknown';
}

/** `+COPS: 0,0,"CHINA MOBILE"[,7]` → the name; `+COPS: 0` (none) → null. */
export function parseCops(line: string | undefined): string | null {
  const m = /^\+COPS:\s*(.+)$/.exec(line ?? '');
  if (!m) return null;
  const p = splitParams(m[1]!);
  return p[2] ? p[2] : null;
}

/** `+CSCA: "+8613800100500",145` → the number. */
export function parseCsca(line: string | undefined): string | null {
  const m = /^\+CSCA:\s*(.+)$/.exec(line ?? '');
  if (!m) return null;
  const n = splitParams(m[1]!)[0];
  return n ? n : null;
}

/** A bare answer line (`AT+CGSN` → IMEI), skipping anything that is not plain text. */
export function firstRaw(lines: readonly string[]): string | null {
  const line = lines.find((l) => l.trim() !== '' && !l.startsWith('+'));
  return line ? line.trim() : null;
}

export type RunAt = (cmd: AtCommand) => Promise<AtResponse>;

/** Reads everything the status page shows. Never rejects: a failing command leaves its field empty. */
export async function queryModemInfo(run: RunAt, now: () => Date = () => new Date()): Promise<ModemInfo> {
  const ask = async (cmd: AtCommand): Promise<{ lines: string[]; error: string | null }> => {
    try {
      return { lines: (await run({ timeoutMs: 5_000, ...cmd })).lines, error: null };
    } catch (e) {
      return { lines: [], error: (e as Error & { result?: string }).result ?? (e as Error).message };
    }
  };
  const raw = { kind: 'raw' } as const;
  const prefix = (p: string): Expect => ({ kind: 'prefix', prefixes: [p] });
  const manufacturer = firstRaw((await ask({ command: 'AT+CGMI', expect: raw })).lines);
  const model = firstRaw((await ask({ command: 'AT+CGMM', expect: raw })).lines);
  const revision = firstRaw((await ask({ command: 'AT+CGMR', expect: raw })).lines);
  const imei = firstRaw((await ask({ command: 'AT+CGSN', expect: raw })).lines);
  const cpin = await ask({ command: 'AT+CPIN?', expect: prefix('+CPIN:') });
  let sim = parseCpin(cpin.lines[0]);
  if (cpin.error) sim = /\b10\b|NOT INSERTED/i.test(cpin.error) ? 'not-inserted' : 'error';
  const creg = await ask({ command: 'AT+CREG?', expect: prefix('+CREG:') });
  const cops = await ask({ command: 'AT+COPS?', expect: prefix('+COPS:') });
  const csq = parseCsq((await ask({ command: 'AT+CSQ', expect: prefix('+CSQ:') })).lines[0]);
  const csca = sim === 'ready' ? await ask({ command: 'AT+CSCA?', expect: prefix('+CSCA:') }) : { lines: [], error: null };
  return {
    manufacturer,
    model,
    revision,
    imei,
    sim,
    simDetail: cpin.error ?? cpin.lines[0]?.replace(/^\+CPIN:\s*/, '') ?? null,
    operator: parseCops(cops.lines[0]),
    registration: parseCregQuery(creg.lines[0]),
    ...csq,
    smsCentre: parseCsca(csca.lines[0]),
    readAt: now().toISOString(),
  };
}
