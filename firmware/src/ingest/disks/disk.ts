import { access, constants, mkdir, stat, statfs } from 'node:fs/promises';
import type { DiskHealth } from '../../api-types.js';

export type DiskRole = 'library' | 'backup';

/** One of the two USB disks (library, backup). */
export interface Disk {
  readonly role: DiskRole;
  /** Where the library tree lives (on the Pi: the disk's mount point). */
  readonly root: string;
  /** Called once at start. */
  start(): Promise<void>;
  health(): Promise<DiskHealth>;
  /** True when less than `thresholdBytes` is free; null when it cannot be told (disk down). */
  lowSpace(thresholdBytes: number): Promise<boolean | null>;
  /**
   * Cheap check before writing (one stat): is the disk that health() found still there? When a
   * USB disk drops off, its mount point is an empty folder on the SD card, and writes would
   * silently go there.
   */
  stillMounted(): Promise<boolean>;
}

/** Free and total bytes of the filesystem holding `path`, as an unprivileged writer sees them. */
export async function spaceOf(path: string): Promise<{ freeBytes: number; totalBytes: number }> {
  const s = await statfs(path);
  return { freeBytes: Number(s.bavail) * Number(s.bsize), totalBytes: Number(s.blocks) * Number(s.bsize) };
}

/** lowSpace() from a health answer: shared by every Disk. */
export function isLowSpace(h: DiskHealth, thresholdBytes: number): boolean | null {
  if (h.state === 'down' || h.freeBytes === null) return null;
  return h.freeBytes < thresholdBytes;
}

/**
 * A disk that is a folder. On a laptop the folder stands in for the USB disk. On the Pi use
 * BlockDisk, which finds the disk by filesystem UUID or label.
 */
export class FolderDisk implements Disk {
  constructor(
    readonly role: DiskRole,
    readonly root: string,
    /**
     * Create the folder at start if missing: true for the laptop stand-in; false for a real
     * mount point, where creating it would write the library onto the SD card.
     */
    private readonly createIfMissing: boolean,
  ) {}

  async start(): Promise<void> {
    if (this.createIfMissing) await mkdir(this.root, { recursive: true }).catch(() => undefined);
  }

  async health(): Promise<DiskHealth> {
    const base = { role: this.role, path: this.root, uuid: null, label: null, device: null, fsType: null };
    try {
      if (!(await stat(this.root)).isDirectory()) throw new Error(`${this.root} is not a folder`);
    } catch (err) {
      // A missing folder is a disk that is not there (the stand-in's "unplugged"), not a fault.
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not-connected' : 'error';
      return { ...base, state: 'down', reason, freeBytes: null, totalBytes: null, error: (err as Error).message };
    }
    try {
      const space = await spaceOf(this.root);
      const writable = await access(this.root, constants.W_OK).then(
        () => true,
        () => false,
      );
      if (!writable) return { ...base, ...space, state: 'down', reason: 'read-only', error: `${this.root} is not writable` };
      return { ...base, ...space, state: 'ok', reason: null, error: null };
    } catch (err) {
      return { ...base, state: 'down', reason: 'error', freeBytes: null, totalBytes: null, error: (err as Error).message };
    }
  }

  async lowSpace(thresholdBytes: number): Promise<boolean | null> {
    return isLowSpace(await this.health(), thresholdBytes);
  }

  async stillMounted(): Promise<boolean> {
    return stat(this.root).then(
      (s) => s.isDirectory(),
      () => false,
    );
  }
}
