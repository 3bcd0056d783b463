// Real filesystems for the ingest engine's tests: cards as FAT (fusefat) and exFAT
// (exfat-fuse) images mounted read-only, small ext4 loop images as disks that fill up, card
// trees of real JPEGs (sharp, with EXIF) and RAW-like files, and a checker that reads every
// stored file back. Everything made is undone by Scratch.cleanup(), also after a failure.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import xxhash from '@node-rs/xxhash';
import { pino } from 'pino';
import sharp from 'sharp';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { isTempName } from '../../src/ingest/copy/library-layout.js';
import { attachLoop, detachLoop } from '../helpers/loop-device.js';
import { waitFor } from '../helpers/wait-for.js';

/** Why real-filesystem tests cannot run here, or null. A missing tool is not a reason: it fails. */
export function mountSkipReason(): string | null {
  if (process.platform !== 'linux') return 'mounting card images needs Linux';
  if (process.getuid?.() !== 0) return 'mounting card images needs root (losetup, mount)';
  if (!existsSync('/dev/fuse')) return '/dev/fuse is missing: FUSE is unavailable here';
  if (!existsSync('/dev/loop-control')) return 'no loop devices (/dev/loop-control is missing)';
  return null;
}

export const sh = (cmd: string, args: string[]): string => execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** XXH3-128 hex of a buffer, by another implementation than the engine's (native @node-rs). */
export const hashOf = (b: Buffer): string => xxhash.xxh3.xxh128(b).toString(16).padStart(32, '0');
export const hashFile = (path: string): string => hashOf(readFileSync(path));

export const silentLog = pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });

/** Whether something is mounted exactly at `mnt` (the kernel's table). */
export function isMounted(mnt: string): boolean {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .some((l) => l.split(' ')[4] === mnt);
}

export interface Mounted {
  path: string;
  /** The FUSE driver's process, when we started it in the foreground. */
  proc?: ChildProcess;
  unmount(): void;
}

/** A folder for one suite; cleanup() unmounts and removes everything, newest first. */
export class Scratch {
  readonly dir: string;
  private readonly undo: (() => void)[] = [];

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
  }

  path(...parts: string[]): string {
    const p = join(this.dir, ...parts);
    mkdirSync(dirname(p), { recursive: true });
    return p;
  }

  folder(...parts: string[]): string {
    const p = join(this.dir, ...parts);
    mkdirSync(p, { recursive: true });
    return p;
  }

  onCleanup(fn: () => void): void {
    this.undo.push(fn);
  }

  cleanup(): void {
    for (const fn of this.undo.reverse()) {
      try {
        fn();
      } catch {
        /* best effort */
      }
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** A FAT32 image holding the files of `tree` (mtools: no mount needed to fill it). */
  fatImage(name: string, tree: string, sizeMiB: number): string {
    const img = this.path(`${name}.img`);
    sh('truncate', ['-s', `${sizeMiB}M`, img]);
    sh('mkfs.vfat', ['-s', '16', '-n', 'EOS_DIGITAL', img]);
    const top = readdirSync(tree).map((n) => join(tree, n));
    if (top.length) sh('mcopy', ['-s', '-m', '-i', img, ...top, '::/']);
    return img;
  }

  /** fusefat -o ro, in the foreground so its process can be killed like a pulled card. */
  async mountFat(img: string, name: string): Promise<Mounted> {
    const mnt = this.folder(name);
    const proc = spawn('fusefat', ['-f', '-o', 'ro', img, mnt], { stdio: 'ignore' });
    const unmount = () => {
      if (isMounted(mnt)) sh('umount', ['-l', mnt]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    };
    this.onCleanup(unmount);
    await waitFor(() => isMounted(mnt), `fusefat mount of ${img}`);
    return { path: mnt, proc, unmount };
  }

  /** An exFAT image holding `tree`: formatted, filled through exfat-fuse, unmounted. */
  exfatImage(name: string, tree: string, sizeMiB: number): string {
    const img = this.path(`${name}.img`);
    sh('truncate', ['-s', `${sizeMiB}M`, img]);
    sh('mkfs.exfat', ['-L', 'NIKON', img]);
    const dev = attachLoop(img);
    const mnt = this.folder(`${name}-fill`);
    try {
      // exfat-fuse wants a block device when run as root: hence the loop device.
      sh('mount.exfat-fuse', [dev, mnt]);
      try {
        sh('cp', ['-r', '--preserve=timestamps', `${tree}/.`, mnt]);
      } finally {
        sh('umount', [mnt]);
      }
    } finally {
      detachLoop(dev, img);
    }
    return img;
  }

  /** exfat-fuse -o ro on a read-only loop device (read-write: a disk, for the power-cut lab). */
  mountExfat(img: string, name: string, opts: { readWrite?: boolean } = {}): Mounted {
    const mnt = this.folder(name);
    const dev = attachLoop(img, { readOnly: !opts.readWrite });
    sh('mount.exfat-fuse', [...(opts.readWrite ? [] : ['-o', 'ro']), dev, mnt]);
    let done = false;
    const unmount = () => {
      if (done) return;
      done = true;
      if (isMounted(mnt)) sh('umount', ['-l', mnt]);
      // The driver exits when the last open file closes; the kernel frees the device after it.
      detachLoop(dev, img);
    };
    this.onCleanup(unmount);
    return { path: mnt, unmount };
  }

  /** A small ext4 disk, loop-mounted read-write (no reserved blocks: full means full). */
  ext4Disk(name: string, sizeMiB: number): Mounted {
    const img = this.path(`${name}.img`);
    sh('truncate', ['-s', `${sizeMiB}M`, img]);
    sh('mkfs.ext4', ['-q', '-F', '-b', '4096', '-m', '0', img]);
    const mnt = this.folder(name);
    sh('mount', ['-o', 'loop', img, mnt]);
    const unmount = () => {
      if (isMounted(mnt)) sh('umount', [mnt]);
    };
    this.onCleanup(unmount);
    return { path: mnt, unmount };
  }
}

export interface CardFile {
  relPath: string;
  size: number;
  hash: string;
}

/** A JPEG as a camera writes it: real image data (noise, so it does not compress away) and EXIF. */
export async function cameraJpeg(i: number, width = 480, height = 320): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: { r: (i * 37) % 256, g: (i * 91) % 256, b: (i * 53) % 256 }, noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .jpeg({ quality: 90 })
    .withExif({
      IFD0: { Make: 'Canon', Model: 'EOS R6', DateTime: `2026:11:23 10:${String(i % 60).padStart(2, '0')}:00`, ImageDescription: `shot ${i}` },
    })
    .toBuffer();
}

/** Bytes that look like a RAW file: a little-endian TIFF header, then noise. */
export function rawLike(size: number): Buffer {
  const b = randomBytes(size);
  b.write('II*\0', 0, 'latin1');
  b.writeUInt32LE(8, 4);
  return b;
}

/** An MP4-ish file: an ftyp box, then noise. */
export function videoLike(size: number): Buffer {
  const b = randomBytes(size);
  b.writeUInt32BE(24, 0);
  b.write('ftypisom', 4, 'latin1');
  return b;
}

export interface TreeSpec {
  /** Folder under DCIM → file name → content. */
  [folder: string]: Record<string, Buffer>;
}

/** Writes a DCIM tree (plus the odd non-media file a camera leaves) with old, distinct mtimes. */
export function writeTree(root: string, spec: TreeSpec, extras: Record<string, Buffer> = {}): CardFile[] {
  const out: CardFile[] = [];
  let t = Date.UTC(2026, 10, 23, 3, 0, 0) / 1000;
  for (const [folder, files] of Object.entries(spec)) {
    for (const [name, content] of Object.entries(files)) {
      const p = join(root, 'DCIM', folder, name);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, content);
      // Even seconds: FAT keeps mtimes in 2-second steps.
      utimesSync(p, t, t);
      t += 2;
      out.push({ relPath: relative(root, p), size: content.length, hash: hashOf(content) });
    }
  }
  for (const [rel, content] of Object.entries(extras)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
  return out;
}

export function testDb(file: string): Db {
  const db = openDatabase(file);
  migrate(db, migrations);
  return db;
}

export function addCustomer(db: Db, customerNo: string, name: string): number {
  const now = new Date().toISOString();
  const r = db
    .prepare('INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)')
    .run(customerNo, name, now, now, now);
  return Number(r.lastInsertRowid);
}

/** Every file under dir (recursively), relative, "/"-separated. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export interface DiskAudit {
  /** Problems found; empty when the disks and the database agree. */
  problems: string[];
  rows: { id: number; state: string; library_path: string; backup_path: string; size: number; hash: string }[];
}

/**
 * The disks and the database agree: every stored row's two files exist with its size and
 * hash, no temporary file is left, no file under the roots lacks a row (nothing unrecorded),
 * and no customer folder holds the same bytes twice. `allowPending`: a pending row's final file may exist (it must
 * then be complete) or not, and temporary files may exist (before recovery).
 */
export function auditDisks(db: Db, roots: { library: string; backup: string }, opts: { allowPending?: boolean; ignore?: (rel: string) => boolean } = {}): DiskAudit {
  const problems: string[] = [];
  const rows = db.prepare('SELECT id, state, library_path, backup_path, size, hash FROM ingest_files ORDER BY id').all() as DiskAudit['rows'];
  const known = new Map<string, string>();
  for (const r of rows) {
    for (const [role, root, rel] of [['library', roots.library, r.library_path], ['backup', roots.backup, r.backup_path]] as const) {
      known.set(`${role}:${rel}`, r.state);
      const p = join(root, rel);
      if (!existsSync(p)) {
        if (r.state === 'pending' && opts.allowPending) continue;
        if (r.state !== 'missing') problems.push(`${role} ${rel} (${r.state}) is missing`);
        continue;
      }
      if (statSync(p).size !== r.size || hashFile(p) !== r.hash) {
        if (r.state !== 'mismatch') problems.push(`${role} ${rel} (${r.state}) does not have the recorded bytes`);
      }
    }
  }
  const seen = new Map<string, string>();
  for (const [role, root] of [['library', roots.library], ['backup', roots.backup]] as const) {
    for (const rel of listFiles(root)) {
      if (opts.ignore?.(rel)) continue;
      const name = rel.slice(rel.lastIndexOf('/') + 1);
      if (isTempName(name)) {
        if (!opts.allowPending) problems.push(`${role} temporary file left: ${rel}`);
        continue;
      }
      if (!known.has(`${role}:${rel}`)) problems.push(`${role} ${rel} has no row`);
      // The same bytes may be stored for two customers, never twice for one.
      const h = `${role}:${rel.split('/')[0]}:${hashFile(join(root, rel))}`;
      if (seen.has(h)) problems.push(`${role} ${rel} duplicates ${seen.get(h)}`);
      seen.set(h, rel);
    }
  }
  return { problems, rows };
}

/**
 * engine-crash-child.ts bundled with esbuild into node_modules/.cache (so its packages resolve):
 * a process start costs ~0.3 s instead of ~1.5 s through tsx. Removed by scratch.cleanup().
 */
export async function bundleCrashChild(scratch: Scratch): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = join(import.meta.dirname, '../../../node_modules/.cache/studio-box-tests');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `ingest-crash-child-${process.pid}.mjs`);
  await esbuild.build({
    entryPoints: [join(import.meta.dirname, 'engine-crash-child.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: out,
    logLevel: 'warning',
  });
  scratch.onCleanup(() => rmSync(out, { force: true }));
  return out;
}

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
  err: string;
}

/** Runs the bundled child: `ingest --from card --customer customerNo`, optionally killed at a point or after a delay. */
export function runCrashChild(bundle: string, args: string[], env: Record<string, string>, killAfterMs: number | null = null): Promise<ChildResult> {
  return new Promise((resolve) => {
    // TZ=UTC: the dated shoot folder is named in the box's time zone; the tests' services use UTC.
    const child = spawn(process.execPath, [bundle, ...args], { env: { PATH: process.env.PATH ?? '', TZ: 'UTC', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const timer = killAfterMs === null ? null : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('exit', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({ code, signal, out, err });
    });
  });
}
