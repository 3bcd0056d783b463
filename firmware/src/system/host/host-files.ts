// The computer's own readings from /sys and /proc: CPU temperature, memory, load, uptime.
// The roots are injectable so tests read a fake tree; a file that is not there (a laptop in a
// container has no thermal zone) is an `absent` reading, one that cannot be parsed `failed`.
import { readdir, readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';
import type { LoadState, MemoryState, Reading, TemperatureZone } from '../../api-types.js';

export interface HostRoots {
  /** `/sys` on the box. */
  sys: string;
  /** `/proc` on the box. */
  proc: string;
}

export const REAL_ROOTS: HostRoots = { sys: '/sys', proc: '/proc' };

export const absent = <T>(detail: string): Reading<T> => ({ available: false, reason: 'absent', detail });
export const failed = <T>(detail: string): Reading<T> => ({ available: false, reason: 'failed', detail });
const ok = <T>(value: T): Reading<T> => ({ available: true, value });

const isMissing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    if (isMissing(err)) return null;
    throw err;
  }
}

/** Reads one source, turning a missing file into `absent` and anything else into `failed`. */
async function reading<T>(path: string, parse: (text: string) => T | null): Promise<Reading<T>> {
  let text: string | null;
  try {
    text = await readText(path);
  } catch (err) {
    return failed(`${path}: ${(err as Error).message}`);
  }
  if (text === null) return absent(`${path} does not exist on this computer`);
  const value = parse(text);
  return value === null ? failed(`${path}: unexpected contents`) : ok(value);
}

/** Every thermal zone's temperature (millidegrees in `temp`), e.g. the Pi's `cpu-thermal`. */
export async function readTemperatures(roots: HostRoots): Promise<Reading<TemperatureZone[]>> {
  const dir = join(roots.sys, 'class/thermal');
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => /^thermal_zone\d+$/.test(n)).sort((a, b) => Number(a.slice(12)) - Number(b.slice(12)));
  } catch (err) {
    return isMissing(err) ? absent(`${dir} does not exist on this computer`) : failed(`${dir}: ${(err as Error).message}`);
  }
  if (names.length === 0) return absent(`no thermal zone in ${dir}`);
  const zones: TemperatureZone[] = [];
  for (const name of names) {
    const temp = (await readText(join(dir, name, 'temp')).catch(() => null))?.trim();
    // A zone whose sensor is off answers EINVAL / ENODATA: skip it, keep the others.
    if (!temp || !/^-?\d+$/.test(temp)) continue;
    const type = (await readText(join(dir, name, 'type')).catch(() => null))?.trim() || name;
    zones.push({ type, celsius: Math.round(Number(temp) / 100) / 10 });
  }
  return zones.length ? ok(zones) : failed(`no thermal zone in ${dir} could be read`);
}

/** `/proc/meminfo`: MemTotal and MemAvailable (kB). */
export function parseMeminfo(text: string): MemoryState | null {
  const kb = (key: string) => {
    const m = new RegExp(`^${key}:\\s+(\\d+) kB$`, 'm').exec(text);
    return m ? Number(m[1]) * 1024 : null;
  };
  const total = kb('MemTotal');
  const available = kb('MemAvailable');
  return total === null || available === null ? null : { totalBytes: total, availableBytes: available };
}

/** `/proc/loadavg`: `0.52 0.58 0.59 1/389 12345`. */
export function parseLoadavg(text: string, cpuCount: number): LoadState | null {
  const m = /^(\d+\.\d+) (\d+\.\d+) (\d+\.\d+) /.exec(text);
  return m ? { one: Number(m[1]), five: Number(m[2]), fifteen: Number(m[3]), cpus: cpuCount } : null;
}

/** `/proc/uptime`: `350735.47 234388.90` (seconds up, seconds idle summed over CPUs). */
export function parseUptime(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?) /.exec(text);
  return m ? Math.floor(Number(m[1])) : null;
}

export const readMemory = (roots: HostRoots) => reading(join(roots.proc, 'meminfo'), parseMeminfo);
export const readLoad = (roots: HostRoots, cpuCount = cpus().length) => reading(join(roots.proc, 'loadavg'), (t) => parseLoadavg(t, cpuCount));
export const readUptime = (roots: HostRoots) => reading(join(roots.proc, 'uptime'), parseUptime);
