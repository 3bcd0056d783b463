// Real cards for tests: FAT, exFAT and ext4 filesystem images on loop devices (a loop device
// looks like a disk to lsblk), filled with files, "pulled out" and swapped like a card in a
// reader that stays plugged in. Everything made is tracked and torn down in cleanup(), also
// after a failed test. Needs root, /dev/fuse and loop devices; the tools are installed in CI.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { attachLoop, detachLoop } from '../helpers/loop-device.js';
import { isUnder, parseMountInfo } from '../../src/ingest/card/mount-table.js';

/** Why the loop/FUSE tests cannot run here, or null. Missing tools are not a reason: they fail. */
export function loopSkipReason(): string | null {
  if (process.platform !== 'linux') return 'loop devices and FUSE are Linux only';
  if (process.getuid?.() !== 0) return 'needs root (losetup, mount)';
  if (!existsSync('/dev/fuse')) return '/dev/fuse is missing (FUSE unavailable in this container)';
  if (!existsSync('/dev/loop-control')) return 'no loop devices (/dev/loop-control is missing)';
  return null;
}

export type ImageFs = 'vfat' | 'exfat' | 'ext4';

export interface ImageOptions {
  label: string;
  /** vfat: 8 hex digits (shown as XXXX-XXXX); ext4: a UUID. exFAT gets a random serial. */
  serial?: string;
  sizeMiB?: number;
  /** Relative path → content. */
  files?: Record<string, string | Buffer>;
}

const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export class LoopLab {
  readonly dir: string;
  /** Attached devices and the image each holds. */
  private readonly loops = new Map<string, string>();

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  /** Makes a filesystem image file (not attached). */
  image(name: string, fs: ImageFs, opt: ImageOptions): string {
    const img = join(this.dir, `${name}.img`);
    this.format(img, fs, opt);
    if (opt.files && Object.keys(opt.files).length) this.fill(img, fs, opt.files);
    return img;
  }

  /** Attaches an image: the new /dev/loopN. */
  attach(img: string): string {
    const dev = attachLoop(img);
    this.loops.set(dev, img);
    return dev;
  }

  detach(dev: string): void {
    const img = this.loops.get(dev);
    if (img === undefined) throw new Error(`${dev} was not attached by this lab`);
    detachLoop(dev, img);
    this.loops.delete(dev);
  }

  /** The card is pulled from a reader that stays attached: the device stays, its size becomes 0. */
  pull(img: string, dev: string): void {
    truncateSync(img, 0);
    sh('losetup', ['-c', dev]);
  }

  /** Another card pushed into the same reader: a new filesystem on the same device. */
  swapIn(img: string, dev: string, fs: ImageFs, opt: ImageOptions): void {
    this.format(img, fs, opt);
    if (opt.files && Object.keys(opt.files).length) this.fill(img, fs, opt.files);
    sh('losetup', ['-c', dev]);
  }

  /** The filesystem UUID as blkid reads it. */
  uuidOf(pathOrDev: string): string {
    return sh('blkid', ['-p', '-s', 'UUID', '-o', 'value', pathOrDev]).trim();
  }

  /** Mount points now under `base` (from the kernel's table). */
  mountsUnder(base: string): string[] {
    return parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8'))
      .map((m) => m.mountpoint)
      .filter((mp) => isUnder(mp, base));
  }

  /** Unmounts whatever is mounted under the lab, detaches its loops, deletes its files. */
  cleanup(): string[] {
    const problems: string[] = [];
    for (const mp of this.mountsUnder(this.dir).sort((a, b) => b.length - a.length)) {
      try {
        sh('umount', ['-l', mp]);
      } catch (e) {
        problems.push(`umount ${mp}: ${(e as Error).message}`);
      }
    }
    for (const [dev, img] of this.loops) {
      try {
        detachLoop(dev, img);
      } catch (e) {
        problems.push(`losetup -d ${dev}: ${(e as Error).message}`);
      }
    }
    this.loops.clear();
    // Never delete through a mount that is still there.
    if (this.mountsUnder(this.dir).length === 0) rmSync(this.dir, { recursive: true, force: true });
    else problems.push(`left ${this.dir}: still mounted`);
    return problems;
  }

  private format(img: string, fs: ImageFs, opt: ImageOptions): void {
    writeFileSync(img, '');
    truncateSync(img, (opt.sizeMiB ?? 64) * 1024 * 1024);
    if (fs === 'vfat') sh('mkfs.vfat', ['-n', opt.label, ...(opt.serial ? ['-i', opt.serial] : []), img]);
    else if (fs === 'exfat') sh('mkfs.exfat', ['-L', opt.label, img]);
    else sh('mkfs.ext4', ['-q', '-F', '-L', opt.label, ...(opt.serial ? ['-U', opt.serial] : []), img]);
  }

  private fill(img: string, fs: ImageFs, files: Record<string, string | Buffer>): void {
    const staging = mkdtempSync(join(this.dir, 'files-'));
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(dirname(join(staging, rel)), { recursive: true });
      writeFileSync(join(staging, rel), content);
    }
    if (fs === 'vfat') {
      // mtools writes into the image without mounting it.
      for (const rel of Object.keys(files)) {
        const parts = rel.split('/');
        for (let i = 1; i < parts.length; i++) {
          try {
            sh('mmd', ['-i', img, `::/${parts.slice(0, i).join('/')}`]);
          } catch {
            // exists already
          }
        }
        sh('mcopy', ['-i', img, join(staging, rel), `::/${rel}`]);
      }
    } else {
      // exfat-fuse wants a block device; ext4 mounts in the kernel either way.
      const dev = this.attach(img);
      const mnt = mkdtempSync(join(this.dir, 'fill-'));
      try {
        if (fs === 'exfat') sh('mount.exfat-fuse', ['-o', 'rw', dev, mnt]);
        else sh('mount', ['-o', 'rw', dev, mnt]);
        sh('cp', ['-r', `${staging}/.`, mnt]);
      } finally {
        sh('umount', [mnt]);
        this.detach(dev);
        rmSync(mnt, { recursive: true, force: true });
      }
    }
    rmSync(staging, { recursive: true, force: true });
  }
}
