import { mkdir, stat, statfs } from 'node:fs/promises';
import type { DiskHealth } from '../api-types.js';

export type DiskRole = 'library' | 'backup';

/** One of the two USB disks (library, backup). */
export interface Disk {
  readonly role: DiskRole;
  readonly root: string;
  /** Called once at start. */
  start(): Promise<void>;
  health(): Promise<DiskHealth>;
}

/**
 * A disk that is a folder. On a laptop the folder stands in for the USB disk; on the Pi it is
 * the disk's mount point (identification by filesystem UUID/label comes with the ingest issue).
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
    try {
      if (!(await stat(this.root)).isDirectory()) throw new Error(`${this.root} is not a folder`);
      const s = await statfs(this.root);
      return {
        role: this.role,
        path: this.root,
        state: 'ok',
        freeBytes: Number(s.bavail) * Number(s.bsize),
        totalBytes: Number(s.blocks) * Number(s.bsize),
        error: null,
      };
    } catch (err) {
      return { role: this.role, path: this.root, state: 'down', freeBytes: null, totalBytes: null, error: (err as Error).message };
    }
  }
}
