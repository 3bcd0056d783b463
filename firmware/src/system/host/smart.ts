// A disk's SMART health from `smartctl -H -A --json DEVICE` (smartmontools 7+). smartctl exits
// with a bit mask (bit 1: the device could not be opened, bit 3: the drive says it is failing,
// …) and still prints its JSON, so the JSON is read whatever the exit code. A USB bridge that
// does not pass SMART through answers with an error message and no verdict: said as such.
import type { Reading, SmartHealth } from '../../api-types.js';

/** The whole disk of a partition: /dev/sda1 → /dev/sda, /dev/mmcblk0p1 → /dev/mmcblk0, /dev/nvme0n1p2 → /dev/nvme0n1. */
export function wholeDisk(device: string): string {
  const m = /^(\/dev\/(?:mmcblk\d+|nvme\d+n\d+))p\d+$/.exec(device);
  if (m) return m[1]!;
  return device.replace(/^(\/dev\/sd[a-z]+)\d+$/, '$1');
}

interface SmartctlJson {
  smartctl?: { exit_status?: number; messages?: { string?: string; severity?: string }[] };
  model_name?: string;
  smart_status?: { passed?: boolean };
  temperature?: { current?: number };
  power_on_time?: { hours?: number };
  ata_smart_attributes?: { table?: { id?: number; raw?: { value?: number } }[] };
  nvme_smart_health_information_log?: { temperature?: number; power_on_hours?: number; media_errors?: number };
}

/** Reads smartctl's JSON; a `failed` reading (with smartctl's own words) when it has no verdict to give. */
export function parseSmartctl(role: 'library' | 'backup', device: string, stdout: string, exitCode: number, stderr = ''): Reading<SmartHealth> {
  let j: SmartctlJson;
  try {
    j = JSON.parse(stdout) as SmartctlJson;
  } catch {
    const words = (stderr.trim() || stdout.trim()).slice(0, 300);
    return { available: false, reason: 'failed', detail: words || `smartctl exited ${exitCode} without an answer` };
  }
  const errors = (j.smartctl?.messages ?? []).filter((m) => m.severity === 'error').map((m) => m.string ?? '');
  const passed = typeof j.smart_status?.passed === 'boolean' ? j.smart_status.passed : null;
  // Bit 1: the device could not be opened (no such disk, no permission, a bridge smartctl cannot talk through).
  if (passed === null && ((exitCode & 2) !== 0 || errors.length > 0)) {
    return { available: false, reason: 'failed', detail: errors.join(' ').trim() || `smartctl exited ${exitCode}` };
  }
  const attr = (id: number) => j.ata_smart_attributes?.table?.find((a) => a.id === id)?.raw?.value ?? null;
  const nvme = j.nvme_smart_health_information_log;
  return {
    available: true,
    value: {
      role,
      device,
      model: j.model_name?.trim() || null,
      passed,
      temperatureCelsius: j.temperature?.current ?? nvme?.temperature ?? null,
      powerOnHours: j.power_on_time?.hours ?? nvme?.power_on_hours ?? null,
      reallocatedSectors: attr(5),
      pendingSectors: attr(197),
    },
  };
}
