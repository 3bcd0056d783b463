// Everything the System page shows about the computer, read behind narrow injectable parts:
// file roots for /sys and /proc, and a command runner for vcgencmd and smartctl.
import type { HostStatus, Reading, SmartHealth, ThrottleState } from '../../api-types.js';
import { VERSION } from '../../version.js';
import { absent, failed, readLoad, readMemory, readTemperatures, readUptime, REAL_ROOTS, type HostRoots } from './host-files.js';
import { commandArgv, runCommand, type CommandRunner } from './run-command.js';
import { parseSmartctl, wholeDisk } from './smart.js';
import { decodeThrottled } from './throttled.js';

export interface DiskDevice {
  role: 'library' | 'backup';
  /** The block device the disk was found on (a partition is fine); null: not connected. */
  device: string | null;
}

export interface HostStatusOptions {
  roots?: HostRoots;
  run?: CommandRunner;
  /** The disks and where they are now (the disk monitor's last check). */
  disks: () => DiskDevice[];
  /** `smartctl -H -A --json {device}` here; on the Pi through the root helper (smartctl needs root). */
  smartCommand?: string;
  /** When the daemon started (ms since the epoch). */
  startedAt: number;
  now?: () => number;
}

export const DEFAULT_SMART_COMMAND = 'smartctl -H -A --json {device}';

export async function readThrottle(run: CommandRunner): Promise<Reading<ThrottleState>> {
  const r = await run(['vcgencmd', 'get_throttled']);
  if (r.missing) return absent('vcgencmd is not installed (not a Raspberry Pi)');
  const state = r.code === 0 ? decodeThrottled(r.stdout) : null;
  return state ? { available: true, value: state } : failed((r.stderr || r.stdout).trim().slice(0, 300) || `vcgencmd exited ${r.code}`);
}

export async function readSmart(run: CommandRunner, template: string, disk: DiskDevice): Promise<Reading<SmartHealth>> {
  if (!disk.device) return absent('the disk is not connected');
  const device = wholeDisk(disk.device);
  const r = await run(commandArgv(template, { device }), { timeoutMs: 20_000 });
  if (r.missing) return absent('smartctl is not installed (Debian package smartmontools)');
  return parseSmartctl(disk.role, device, r.stdout, r.code, r.stderr);
}

export async function readHostStatus(o: HostStatusOptions): Promise<HostStatus> {
  const roots = o.roots ?? REAL_ROOTS;
  const run = o.run ?? runCommand;
  const template = o.smartCommand ?? DEFAULT_SMART_COMMAND;
  const [systemUptimeSeconds, temperature, throttle, memory, load, smart] = await Promise.all([
    readUptime(roots),
    readTemperatures(roots),
    readThrottle(run),
    readMemory(roots),
    readLoad(roots),
    Promise.all(o.disks().map(async (d) => ({ role: d.role, health: await readSmart(run, template, d) }))),
  ]);
  const now = (o.now ?? Date.now)();
  return { version: VERSION, systemUptimeSeconds, daemonUptimeSeconds: Math.max(0, Math.floor((now - o.startedAt) / 1000)), temperature, throttle, memory, load, smart };
}
