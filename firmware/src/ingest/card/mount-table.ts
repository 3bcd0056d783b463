// What is mounted where, from /proc/self/mountinfo: the kernel's own word, used to check that
// a card really is mounted read-only after the (configurable) mount command said it was, and
// to find a disk's mount point. lsblk is not enough: it cannot tie a fusefat mount to its device.
import { readFile } from 'node:fs/promises';

export interface MountEntry {
  /** "major:minor" of the mounted filesystem (a FUSE mount has an anonymous 0:N). */
  devId: string;
  mountpoint: string;
  /** Per-mount options ("ro,nosuid,nodev…"). */
  options: string[];
  fsType: string;
  /** The mount source: /dev/sda1, or what a FUSE helper called itself (fsname). */
  source: string;
  /** Filesystem-wide options. */
  superOptions: string[];
}

export type MountTableReader = () => Promise<MountEntry[]>;

/** Parses mountinfo (proc(5)): `36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue`. */
export function parseMountInfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    const left = line.slice(0, sep).split(' ');
    const right = line.slice(sep + 3).split(' ');
    const [, , devId, , mountpoint, options] = left;
    const [fsType, source, superOptions] = right;
    if (!devId || !mountpoint || !options || !fsType) continue;
    out.push({
      devId,
      mountpoint: unescapeOctal(mountpoint),
      options: options.split(','),
      fsType,
      source: unescapeOctal(source ?? ''),
      superOptions: (superOptions ?? '').split(',').filter(Boolean),
    });
  }
  return out;
}

/** The kernel writes space, tab, newline and backslash as \040, \011, \012, \134. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

export const readMountTable: MountTableReader = async () => parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));

/** The mount now on top at this exact path (the last one listed wins, as in the kernel). */
export function mountAt(table: readonly MountEntry[], mountpoint: string): MountEntry | null {
  let found: MountEntry | null = null;
  for (const m of table) if (m.mountpoint === mountpoint) found = m;
  return found;
}

export function isReadOnly(m: MountEntry): boolean {
  return m.options.includes('ro') || m.superOptions.includes('ro');
}

/** True when `path` is `base` or below it (both absolute, normalised). */
export function isUnder(path: string, base: string): boolean {
  const b = base.endsWith('/') ? base : `${base}/`;
  return path === base || path.startsWith(b);
}
