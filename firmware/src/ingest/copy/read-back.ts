// Reads a written file back FROM THE DISK and hashes it: the verification of H3.
//
// Just after a copy every byte is still in the page cache, so an ordinary read would only
// prove that RAM holds what we wrote. Measured (Linux 6.18, ext4 on a loop device, see
// test/ingest/engine-read-back.test.ts): bytes changed on the disk under a cached file are
// invisible to a buffered read and seen by an O_DIRECT read. Node has no posix_fadvise, so the
// options were:
//
//   1. O_DIRECT (fs.constants.O_DIRECT): bypasses the cache, no subprocess. The kernel wants
//      the buffer address, the length and the offset aligned to the logical block size. Node
//      Buffers are malloc'd (16-byte aligned): O_DIRECT reads into them fail with EINVAL on
//      ext4. A WebAssembly.Memory is an mmap, so page-aligned: reads into it work. Used first.
//   2. `dd if=F iflag=nocache count=0` (GNU coreutils): posix_fadvise(DONTNEED) on the whole
//      file, which drops its clean pages (ours are clean: fsynced); then `fincore` (util-linux,
//      mincore(2)) must report 0 bytes of the file resident, or the read does not count as
//      proof; then an ordinary read.
//      Measured with fincore: 64 MB cached -> 0 B. The fallback when O_DIRECT is refused
//      (EINVAL at open or first read: tmpfs before Linux 6.6, some FUSE drivers, older ZFS).
//      On 6.18 ext4, tmpfs, fusefat and exfat-fuse all accepted O_DIRECT.
//   3. drop_caches: root only and global (empties every file's cache on the box): not used.
//
// What "the disk" means on FUSE (an exFAT/NTFS disk through exfat-fuse/ntfs-3g): the kernel
// accepts O_DIRECT and skips ITS cache of the file, but the FUSE driver reads the block
// device, which may answer from the device's page cache. Such reads are labelled
// 'direct-fuse'. The kernel exfat and ntfs3 drivers of Raspberry Pi OS do not have this gap.
// And always: a USB disk's own RAM cache can still answer a read; nothing above the USB
// protocol can see past that.
//
// Only 'direct' and 'evicted' are proof that the bytes came from the device (isProof): a copy
// read back any other way stays "copied, not yet verified" (verifier.ts says why).
import { execFile } from 'node:child_process';
import { constants, type StatsFs } from 'node:fs';
import { open, statfs, type FileHandle } from 'node:fs/promises';
import { createContentHasher } from './content-hash.js';

export type ReadBackMethod = 'direct' | 'direct-fuse' | 'evicted' | 'cached';

export interface ReadBack {
  size: number;
  hash: string;
  method: ReadBackMethod;
}

const CHUNK = 1 << 20;
const FUSE_SUPER_MAGIC = 0x65735546;

/**
 * Page-aligned buffers, two per read-back (one being hashed while the next is read). A
 * WebAssembly.Memory reserves address space generously, so they are pooled, not made per file.
 */
const pool: Buffer[][] = [];
// The WebAssembly global, typed here: this project's TypeScript lib (ES2023, no DOM) does not declare it.
const wasm = (globalThis as unknown as { WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } } }).WebAssembly;
function takeBuffers(): Buffer[] {
  const got = pool.pop();
  if (got) return got;
  const mem = new wasm.Memory({ initial: (2 * CHUNK) / 65536 });
  return [Buffer.from(mem.buffer, 0, CHUNK), Buffer.from(mem.buffer, CHUNK, CHUNK)];
}

export interface ReadBackOptions {
  /** false skips O_DIRECT (tests of the fallback). */
  direct?: boolean;
  signal?: AbortSignal;
  /** Called per chunk read, with its length (progress). */
  onBytes?: (n: number) => void;
  /** Awaited per chunk read, with its length: a reader at low priority waits here (scrub/read-pace.ts). */
  pace?: (n: number) => Promise<void>;
}

class DirectRefused extends Error {}

async function hashHandle(fh: FileHandle, bufs: Buffer[], opts: ReadBackOptions, direct: boolean): Promise<{ size: number; hash: string }> {
  const hasher = await createContentHasher();
  const read = async (buf: Buffer, position: number): Promise<number> => {
    try {
      return (await fh.read(buf, 0, CHUNK, position)).bytesRead;
    } catch (err) {
      // EINVAL on the first read: the filesystem accepted the O_DIRECT open but not the read.
      if (direct && position === 0 && (err as NodeJS.ErrnoException).code === 'EINVAL') throw new DirectRefused();
      throw err;
    }
  };
  let position = 0;
  let which = 0;
  let n = await read(bufs[0]!, 0);
  while (n > 0) {
    opts.signal?.throwIfAborted();
    const cur = bufs[which]!;
    which ^= 1;
    // The next read runs in the thread pool while this chunk is hashed here.
    const next = read(bufs[which]!, position + n);
    next.catch(() => undefined); // awaited below; this only stops an "unhandled" report while we hash
    hasher.update(cur.subarray(0, n));
    position += n;
    opts.onBytes?.(n);
    if (opts.pace) await opts.pace(n);
    n = await next;
  }
  return { size: position, hash: hasher.digest() };
}

/** Whether a read-back made this way proves what the device holds. */
export const isProof = (m: ReadBackMethod): boolean => m === 'direct' || m === 'evicted';

function run(cmd: string, args: string[]): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: 30_000 }, (err, stdout) => resolve(err ? null : stdout));
  });
}

/** Bytes of the file in the page cache (fincore, i.e. mincore(2)); null when it cannot tell. */
export async function residentBytes(path: string): Promise<number | null> {
  const out = await run('fincore', ['--bytes', '--noheadings', '--output', 'RES', path]);
  const n = out === null ? NaN : Number(out.trim());
  return Number.isFinite(n) ? n : null;
}

/**
 * Drops the file's pages from the page cache via posix_fadvise(DONTNEED) (GNU dd) and confirms
 * it with fincore: true only when none of the file is cached afterwards.
 */
export async function evictFromCache(path: string): Promise<boolean> {
  if ((await run('dd', [`if=${path}`, 'iflag=nocache', 'count=0', 'status=none'])) === null) return false;
  return (await residentBytes(path)) === 0;
}

/** Size and XXH3-128 of `path` as stored on its disk, and how that was made sure of. */
export async function readBack(path: string, opts: ReadBackOptions = {}): Promise<ReadBack> {
  let fs: StatsFs | undefined;
  try {
    fs = await statfs(path);
  } catch {
    /* the open below reports a missing file */
  }
  const bufs = takeBuffers();
  try {
    if (opts.direct !== false) {
      let fh: FileHandle | undefined;
      try {
        fh = await open(path, constants.O_RDONLY | constants.O_DIRECT);
        const r = await hashHandle(fh, bufs, opts, true);
        return { ...r, method: fs?.type === FUSE_SUPER_MAGIC ? 'direct-fuse' : 'direct' };
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (!(err instanceof DirectRefused) && code !== 'EINVAL' && code !== 'EOPNOTSUPP') throw err;
      } finally {
        await fh?.close().catch(() => undefined);
      }
    }
    const evicted = await evictFromCache(path);
    const fh = await open(path, 'r');
    try {
      const r = await hashHandle(fh, bufs, opts, false);
      return { ...r, method: evicted ? 'evicted' : 'cached' };
    } finally {
      await fh.close().catch(() => undefined);
    }
  } finally {
    pool.push(bufs);
  }
}
