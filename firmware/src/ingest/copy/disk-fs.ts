// Which filesystem holds a disk, and what it means for verification and folder fsync.
//
//   filesystem (driver)                         read-back                  folder fsync
//   ext4, xfs, btrfs, f2fs (kernel)             O_DIRECT: verified          needed, errors fail
//   vfat, exfat, ntfs3 (kernel drivers)         O_DIRECT: verified          needed, errors fail
//   exFAT / NTFS through FUSE (exfat-fuse,      not verified: the FUSE      the kernel answers for a
//     ntfs-3g: fuseblk), fusefat                driver may answer from      driver without fsyncdir;
//                                               the device's cache          other errors fail
//   tmpfs, ramfs                                O_DIRECT or read: verified  none needed (RAM: nothing
//                                               (RAM is the storage)        survives a power cut)
//   anything refusing O_DIRECT                  evicted (fadvise + fincore  needed, errors fail
//                                               shows 0 B cached): verified,
//                                               else not verified
// Pure apart from diskFs (reads /proc/self/mountinfo).
import { realpath } from 'node:fs/promises';
import type { DiskRole } from '../ingest-errors.js';
import { isUnder, readMountTable, type MountEntry, type MountTableReader } from '../card/mount-table.js';
import type { ReadBackMethod } from './read-back.js';

/** statfs f_type of filesystems whose folders need no fsync: their contents live in RAM only. */
export const NO_DIR_SYNC_NEEDED: ReadonlyMap<number, string> = new Map([
  [0x01021994, 'tmpfs'],
  [0x858458f6, 'ramfs'],
]);

/** The mount that holds `path` (the longest mount point above it), or null. */
export async function diskFs(path: string, read: MountTableReader = readMountTable): Promise<MountEntry | null> {
  const real = await realpath(path).catch(() => path);
  let best: MountEntry | null = null;
  for (const m of await read()) if (isUnder(real, m.mountpoint) && (!best || m.mountpoint.length > best.mountpoint.length)) best = m;
  return best;
}

/**
 * Why copies on this disk could not be verified, said so an admin knows what to do. `method` is
 * the weakest read-back of the file on this disk ('direct-fuse' or 'cached').
 */
export function unverifiedReason(role: DiskRole, root: string, method: ReadBackMethod, fs: MountEntry | null): string {
  const kind = fs ? `${fs.fsType}${fs.source && !fs.source.startsWith('/') ? `, ${fs.source}` : ''}` : 'unknown filesystem';
  if (method === 'direct-fuse' || fs?.fsType.startsWith('fuse')) {
    return `the ${role} disk (${root}) is mounted through FUSE (${kind}): a read-back there cannot be proved to come from the disk. Format it ext4, or mount it with the kernel's own driver (exfat, ntfs3), to get verified copies.`;
  }
  return `the ${role} disk (${root}, ${kind}) refused direct reads (O_DIRECT) and its cache could not be proved dropped (fincore): a read-back there cannot be proved to come from the disk. Format it ext4 to get verified copies.`;
}
