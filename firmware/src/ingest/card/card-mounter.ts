// Mounting a card read-only under the mount base (/run/studio-box/cards/<cardId>) and
// unmounting it again. Read-only is checked in the kernel's mount table after the mount
// command, whatever the (configurable) command claimed: a card is never written to.
import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { CardFsType } from './card-candidates.js';
import { CommandError, type CommandRunner } from './command-runner.js';
import { expandTemplate } from './command-template.js';
import { isReadOnly, isUnder, mountAt, type MountTableReader } from './mount-table.js';

/**
 * The Raspberry Pi OS kernel has vfat, exfat (5.7+) and ntfs3 (5.15+) built in or as modules.
 * `utf8`: FAT names from edited files (Chinese, Vietnamese) come out right.
 */
export const KERNEL_MOUNT_COMMANDS: Readonly<Record<CardFsType, string>> = {
  vfat: 'mount -t vfat -o ro,nosuid,nodev,noexec,utf8 {device} {mountpoint}',
  exfat: 'mount -t exfat -o ro,nosuid,nodev,noexec {device} {mountpoint}',
  ntfs: 'mount -t ntfs3 -o ro,nosuid,nodev,noexec {device} {mountpoint}',
};

/**
 * For machines whose kernel lacks the filesystems but has FUSE (containers, CI). fusefat is
 * read-only unless told `rw+`; `fsname` makes the kernel's mount table name the device.
 */
export const FUSE_MOUNT_COMMANDS: Readonly<Record<CardFsType, string>> = {
  vfat: 'fusefat -o ro,nosuid,nodev,noexec,fsname={device} {device} {mountpoint}',
  exfat: 'mount.exfat-fuse -o ro,nosuid,nodev,noexec {device} {mountpoint}',
  ntfs: 'ntfs-3g -o ro,nosuid,nodev,noexec {device} {mountpoint}',
};

export const DEFAULT_UNMOUNT_COMMAND = 'umount {mountpoint}';
/** Detaches at once even when busy or when the card is already gone; the kernel finishes later. */
export const DEFAULT_LAZY_UNMOUNT_COMMAND = 'umount -l {mountpoint}';

export interface CardMounterOptions {
  mountBase: string;
  /** Filesystem type → mount command template. */
  mountCommands: Readonly<Record<string, string>>;
  unmountCommand: string;
  lazyUnmountCommand: string;
  run: CommandRunner;
  mountTable: MountTableReader;
  timeoutMs?: number;
}

export class CardMounter {
  constructor(private readonly opt: CardMounterOptions) {}

  mountPointFor(cardId: string): string {
    return join(this.opt.mountBase, cardId);
  }

  /** Mounts read-only and returns the mount point; throws saying why not (nothing stays mounted then). */
  async mount(device: string, fsType: string, cardId: string): Promise<string> {
    const template = this.opt.mountCommands[fsType];
    if (!template) throw new Error(`no mount command configured for ${fsType} (cardSource.mountCommands.${fsType})`);
    const mp = this.mountPointFor(cardId);
    await mkdir(this.opt.mountBase, { recursive: true, mode: 0o755 });
    if (mountAt(await this.opt.mountTable(), mp)) await this.unmount(mp, { lazy: true });
    await mkdir(mp, { recursive: true, mode: 0o755 });
    const argv = expandTemplate(template, { device, mountpoint: mp, fstype: fsType });
    const r = await this.opt.run(argv, { timeoutMs: this.opt.timeoutMs ?? 30_000 });
    const entry = mountAt(await this.opt.mountTable(), mp);
    if (r.code !== 0) {
      // A helper can fail after mounting (or time out while mounted): leave nothing behind.
      if (entry) await this.unmount(mp, { lazy: true }).catch(() => undefined);
      await removeDir(mp);
      throw new CommandError(argv, r);
    }
    if (!entry) {
      await removeDir(mp);
      throw new Error(`${argv.join(' ')} said it worked, but nothing is mounted at ${mp}`);
    }
    if (!isReadOnly(entry)) {
      await this.unmount(mp, { lazy: true }).catch(() => undefined);
      throw new Error(`refused ${device}: the mount command mounted it read-write (${entry.options.join(',')}); cards are mounted read-only only`);
    }
    return mp;
  }

  /**
   * Unmounts and removes the directory. Not lazy: throws (CommandError) when the card is busy,
   * so "safe to remove" is only said when it is true. Lazy: for a card already pulled out.
   */
  async unmount(mountpoint: string, opts: { lazy: boolean; device?: string; fsType?: string }): Promise<void> {
    const template = opts.lazy ? this.opt.lazyUnmountCommand : this.opt.unmountCommand;
    const argv = expandTemplate(template, { device: opts.device ?? '', mountpoint, fstype: opts.fsType ?? '' });
    const r = await this.opt.run(argv, { timeoutMs: this.opt.timeoutMs ?? 30_000 });
    if (r.code !== 0 && mountAt(await this.opt.mountTable(), mountpoint)) throw new CommandError(argv, r);
    await removeDir(mountpoint);
  }

  /** Our mounts left by a previous run (a crash, a kill -9): lazily unmounted, directories removed. */
  async cleanStale(): Promise<string[]> {
    const base = this.opt.mountBase;
    const ours = (await this.opt.mountTable())
      .map((m) => m.mountpoint)
      .filter((mp) => mp !== base && isUnder(mp, base))
      .sort((a, b) => b.length - a.length);
    for (const mp of ours) await this.unmount(mp, { lazy: true }).catch(() => undefined);
    let entries: string[] = [];
    try {
      entries = await readdir(base);
    } catch {
      return ours;
    }
    for (const e of entries) await removeDir(join(base, e));
    return ours;
  }
}

/** rmdir, never rm -r: if an unmount silently failed, the card's files must not be deleted. */
async function removeDir(dir: string): Promise<void> {
  await rmdir(dir).catch(() => undefined);
}
