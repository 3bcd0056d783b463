// The System page (H6, issue 17 item 4): what the box's own computer says about itself —
// temperature, power, memory, load, uptime, the disks' SMART health — and the daemon's recent
// log. Every reading says whether its source exists here: a laptop has no vcgencmd, no
// thermal zone and often no smartctl, and the page says so instead of failing.

/** A reading that may be missing on this computer: `value` when read, else why not. */
export type Reading<T> = { available: true; value: T } | { available: false; reason: HostMissing; detail: string | null };

/**
 * Why a reading is missing: the source does not exist on this computer (`absent`: no
 * /sys/class/thermal, no vcgencmd, no smartctl), or it exists and failed (`failed`).
 */
export type HostMissing = 'absent' | 'failed';

export interface TemperatureZone {
  /** The kernel's name for it, e.g. `cpu-thermal`. */
  type: string;
  celsius: number;
}

/** The Pi's `vcgencmd get_throttled` bits, decoded (firmware/src/system/host/throttled.ts). */
export interface ThrottleState {
  /** As the firmware printed it, e.g. `0x50005`. */
  raw: string;
  underVoltageNow: boolean;
  freqCappedNow: boolean;
  throttledNow: boolean;
  softTempLimitNow: boolean;
  underVoltageSinceBoot: boolean;
  freqCappedSinceBoot: boolean;
  throttledSinceBoot: boolean;
  softTempLimitSinceBoot: boolean;
  /** Bits set that the firmware documentation does not name (a newer firmware). */
  unknownBits: number[];
}

export interface MemoryState {
  totalBytes: number;
  availableBytes: number;
}

export interface LoadState {
  one: number;
  five: number;
  fifteen: number;
  cpus: number;
}

/** One disk's SMART answer (`smartctl -H -A --json`). */
export interface SmartHealth {
  role: 'library' | 'backup';
  device: string;
  model: string | null;
  /** The drive's own overall verdict; null when it gave none (a USB bridge without SAT). */
  passed: boolean | null;
  temperatureCelsius: number | null;
  powerOnHours: number | null;
  reallocatedSectors: number | null;
  pendingSectors: number | null;
}

export interface HostStatus {
  version: string;
  /** Seconds since the computer booted (/proc/uptime) and since the daemon started. */
  systemUptimeSeconds: Reading<number>;
  daemonUptimeSeconds: number;
  temperature: Reading<TemperatureZone[]>;
  throttle: Reading<ThrottleState>;
  memory: Reading<MemoryState>;
  load: Reading<LoadState>;
  /** One entry per configured disk; a disk without a device (not connected) is `absent`. */
  smart: { role: 'library' | 'backup'; health: Reading<SmartHealth> }[];
}

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number] | 'trace' | 'fatal';

export interface LogEntry {
  /** UTC, ISO 8601. */
  at: string;
  level: LogLevelName;
  text: string;
}

export interface LogRead {
  /** journal: `journalctl -u studio-box` (under systemd); memory: the daemon's own last lines. */
  source: 'journal' | 'memory';
  /** When the journal was wanted but could not be read, why (the memory lines are shown instead). */
  journalProblem: string | null;
  /** Oldest first. */
  entries: LogEntry[];
}
