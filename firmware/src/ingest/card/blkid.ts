// Reading a filesystem's type, UUID and label straight from the device with `blkid -p`.
//
// lsblk takes these from the udev database. Where udev is not running (containers, CI) or has
// not finished probing a card that was just inserted, lsblk says null; the probe fills the gap.
// `-o udev` is used because its ID_FS_LABEL_ENC escapes bytes as \xNN, which decodes exactly
// (`-o export` mangles non-ASCII labels such as Chinese ones into M- notation).
import type { CommandRunner } from './command-runner.js';

export interface FsProbe {
  fsType: string;
  uuid: string | null;
  label: string | null;
}

export const blkidArgv = (device: string): string[] => ['blkid', '-p', '-o', 'udev', device];

/** Parses `blkid -p -o udev` output; null when it names no filesystem. */
export function parseBlkidUdev(text: string): FsProbe | null {
  const kv = new Map<string, string>();
  for (const line of text.split('\n')) {
    const eq = line.indexOf('=');
    if (eq > 0) kv.set(line.slice(0, eq).trim(), line.slice(eq + 1).replace(/\r$/, ''));
  }
  const fsType = kv.get('ID_FS_TYPE');
  if (!fsType) return null;
  const labelEnc = kv.get('ID_FS_LABEL_ENC');
  const label = labelEnc !== undefined ? decodeUdevEnc(labelEnc) : (kv.get('ID_FS_LABEL') ?? null);
  const uuidEnc = kv.get('ID_FS_UUID_ENC');
  const uuid = uuidEnc !== undefined ? decodeUdevEnc(uuidEnc) : (kv.get('ID_FS_UUID') ?? null);
  return { fsType, uuid: uuid || null, label: label || null };
}

/** udev's `_ENC` form: bytes outside a safe set written as \xNN; the rest is UTF-8 as is. */
export function decodeUdevEnc(s: string): string {
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    if (b === 0x5c && raw[i + 1] === 0x78 && i + 3 < raw.length) {
      const hex = raw.subarray(i + 2, i + 4).toString('latin1');
      if (/^[0-9a-fA-F]{2}$/.test(hex)) {
        bytes.push(parseInt(hex, 16));
        i += 3;
        continue;
      }
    }
    bytes.push(b);
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * Probes one device. Exit code 2 means "no filesystem found" (an empty reader, a disk with
 * only a partition table): null, not an error.
 */
export async function probeFilesystem(run: CommandRunner, device: string): Promise<FsProbe | null> {
  const r = await run(blkidArgv(device), { timeoutMs: 10_000 });
  if (r.code === 0) return parseBlkidUdev(r.stdout);
  return null;
}
