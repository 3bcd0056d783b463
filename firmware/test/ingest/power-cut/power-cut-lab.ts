// Disks that lose power: real FAT (kernel vfat, where there is one), exFAT (exfat-fuse) and ext4 (kernel) images,
// each seen through lossy_fs.py, a FUSE layer that remembers what was fsynced and, on a cut,
// rewrites the disk to only that (docs/power-cut-harness.md). Everything made is undone by
// cleanup(), also after a failure.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isMounted, mountSkipReason, Scratch, sh } from '../engine-helpers.js';
import { waitFor } from '../../helpers/wait-for.js';

export type DiskFs = 'vfat' | 'exfat' | 'ext4';

const LOSSY = join(import.meta.dirname, 'lossy_fs.py');
// Debian's python3 (python3-fusepy), not whichever python3 comes first in PATH.
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

/**
 * Why one filesystem's variant cannot run here, or null. FAT disks need the kernel's vfat. The
 * only other writer, fusefat's experimental rw+ mode, cannot play a disk: it reports 0 blocks
 * (the engine rightly refuses "0.0 MB free"), refuses non-ASCII names (EPERM for a customer
 * folder such as "C000888 Đỗ Hà"), and with both worked around it still handed back other bytes
 * than were written for 5 of 41 files (docs/power-cut-harness.md, FAT).
 */
export function fsSkipReason(fs: DiskFs): string | null {
  if (fs === 'vfat' && !hasKernelFs('vfat')) return 'FAT disks need the kernel vfat driver, which this kernel lacks (fusefat rw+ cannot play a disk: docs/power-cut-harness.md)';
  if (fs === 'ext4' && !hasKernelFs('ext4')) return 'this kernel has no ext4 driver';
  return null;
}

function hasKernelFs(fs: string): boolean {
  return readFileSync('/proc/filesystems', 'utf8').split('\n').some((l) => l.trim().split(/\s+/).at(-1) === fs);
}

/** Why the power-cut tests cannot run here, or null (root, /dev/fuse, loop devices). */
export const powerCutSkipReason = mountSkipReason;

export interface CutStats {
  /** Changing operations the layer saw (write, create, rename, fsync, ...): what FREEZE_AT counts. */
  ops: number;
  /** Whether the disk was rewritten (a cut, or a dry run's roll-back). */
  cut: boolean;
  fsyncs: number;
  dirfsyncs: number;
  files: number;
  /** Files whose unsynced writes were thrown away. */
  filesLostData: number;
  /** ... of which some writes reached the disk anyway (torn). */
  filesTorn: number;
  /** Folders whose unsynced creates/renames/unlinks were thrown away. */
  foldersLostNames: number;
  foldersWrittenBack: number;
}

export interface LossyMount {
  /** Where the program under test reads and writes. */
  path: string;
  /** True once the operation chosen as the moment of the cut was reached (freezeAt). */
  frozen(): boolean;
  /**
   * Lets the frozen operation fail (EIO) so a killed program can finish dying: a process
   * waiting for a FUSE answer is not reaped before the answer comes.
   */
  release(): void;
  /** The power goes: unmounted, and the disk rewritten to what was fsynced. The program must be dead already. */
  cut(): Promise<CutStats>;
  /**
   * A clean unmount: nothing lost (a dry mount: everything rolled back). Says how many changing
   * operations the layer saw.
   */
  unmount(): Promise<CutStats>;
  /**
   * After the unmount (a cut or not): every changing operation the layer saw, in order, numbered
   * as freezeAt counts them. A dry run's log says where a named moment (a rename, an unlink) falls.
   */
  opLog(): LoggedOp[];
}

export interface LoggedOp {
  n: number;
  kind: 'write' | 'create' | 'mkdir' | 'rename' | 'link' | 'unlink' | 'rmdir' | 'truncate' | 'fsync' | 'fsyncdir';
  /** Inside the mount, from '/'; a rename's is 'old -> new'. */
  path: string;
}

export class PowerCutLab {
  readonly scratch: Scratch;
  private mounts = 0;

  constructor(prefix: string) {
    this.scratch = new Scratch(prefix);
  }

  cleanup(): void {
    this.scratch.cleanup();
  }

  /** A real filesystem image, mounted read-write; returns the folder on it that plays the disk. */
  async disk(name: string, fs: DiskFs, sizeMiB = 96): Promise<string> {
    const s = this.scratch;
    const img = s.path(`${name}.img`);
    sh('truncate', ['-s', `${sizeMiB}M`, img]);
    const mnt = s.folder(`${name}-fs`);
    if (fs === 'ext4') {
      sh('mkfs.ext4', ['-q', '-F', '-b', '4096', '-m', '0', img]);
      sh('mount', ['-o', 'loop', img, mnt]);
      s.onCleanup(() => isMounted(mnt) && sh('umount', ['-l', mnt]));
    } else if (fs === 'vfat') {
      sh('mkfs.vfat', ['-F', '32', '-n', name.slice(0, 11).toUpperCase(), img]);
      sh('mount', ['-o', 'loop,utf8', '-t', 'vfat', img, mnt]);
      s.onCleanup(() => isMounted(mnt) && sh('umount', ['-l', mnt]));
    } else {
      sh('mkfs.exfat', ['-L', name.slice(0, 11), img]);
      s.mountExfat(img, `${name}-fs`, { readWrite: true });
    }
    const backing = join(mnt, 'disk');
    mkdirSync(backing);
    sh('sync', []);
    return backing;
  }

  /**
   * Mounts the lossy layer over `backing` at a new folder. freezeAt: the changing operation that
   * never returns (the moment of the cut), 0 for none, or 'dry' for a measuring run whose every
   * change is rolled back at unmount.
   */
  async lossy(backing: string, name: string, seed: number, freezeAt: number | 'dry' = 0): Promise<LossyMount> {
    // One mount point per disk, as on the box: the engine records its roots in each job.
    const mnt = this.scratch.folder(`${name}-lossy`);
    const control = this.scratch.folder(`${name}-control-${++this.mounts}`);
    const proc: ChildProcess = spawn(PYTHON, [LOSSY, backing, mnt, control, String(seed), String(freezeAt)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    this.scratch.onCleanup(() => {
      if (isMounted(mnt)) sh('umount', ['-l', mnt]);
      proc.kill('SIGKILL');
    });
    await waitFor(() => isMounted(mnt) || proc.exitCode !== null, `lossy_fs mount over ${backing}`);
    if (!isMounted(mnt)) throw new Error(`lossy_fs did not mount: ${err}`);
    const down = async (): Promise<CutStats> => {
      sh('umount', [mnt]);
      const code = await exited;
      if (code !== 0) throw new Error(`lossy_fs over ${backing} ended with ${code}: ${err}`);
      const stats = join(control, 'stats.json');
      if (!existsSync(stats)) throw new Error(`lossy_fs over ${backing} did not say what it did: ${err}`);
      return JSON.parse(readFileSync(stats, 'utf8')) as CutStats;
    };
    return {
      path: mnt,
      frozen: () => existsSync(join(control, 'frozen')),
      release: () => writeFileSync(join(control, 'cut'), ''),
      async cut() {
        writeFileSync(join(control, 'cut'), '');
        const stats = await down();
        if (!stats.cut) throw new Error(`lossy_fs over ${backing} did not complete the cut: ${err}`);
        return stats;
      },
      unmount: down,
      opLog: () =>
        readFileSync(join(control, 'ops.log'), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => {
            const [n, kind] = line.split(' ', 2) as [string, LoggedOp['kind']];
            return { n: Number(n), kind, path: line.slice(n.length + kind.length + 2) };
          }),
    };
  }
}

export interface RunResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
  /** Killed because a disk froze at the chosen operation. */
  cut: boolean;
}

/**
 * Runs `node bundle args`; SIGKILLs it as soon as one of the mounts froze (the moment of the cut).
 * `group`: the child leads a process group of its own and the whole group is killed (what it
 * started too, e.g. smbclient), as systemd ends what is left of the unit and as a power cut does.
 */
export function runUntilFrozen(bundle: string, args: string[], env: Record<string, string>, mounts: readonly LossyMount[], opts: { group?: boolean } = {}): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bundle, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: !!opts.group });
    let out = '';
    let err = '';
    let cut = false;
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const watch = setInterval(() => {
      const frozen = mounts.find((m) => m.frozen());
      if (!cut && frozen) {
        cut = true;
        if (opts.group) process.kill(-child.pid!, 'SIGKILL');
        else child.kill('SIGKILL');
        frozen.release();
      }
    }, 10);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      resolve({ code, signal, out, err, cut });
    });
  });
}
