// One read of a source file, written to both disks at once and hashed on the way.
//
// The card is usually the slowest part (30-90 MB/s through a USB 3 reader), so it is read
// exactly once: each chunk is hashed, then written to the library and the backup temporary
// files concurrently, while the next chunk is already being read into a second buffer. A
// buffer is reused only when BOTH writes of it have finished, so the slower disk sets the pace
// (backpressure for both, with at most one read and two writes in flight) and memory stays at
// two chunks however large the file. With `background`, the targets' fsync runs after the
// function returns, so the engine reads the next card file while this one reaches the disks.
// Hashing is synchronous (WASM) on the main thread, ~0.3 ms per 1 MiB chunk here and ~1-2 ms on
// a Pi 4, so the event loop is never held for long; it runs while the chunk's writes and the
// next read are under way. (A worker thread for it was weighed: in `npm run bench -- ingest`
// the process's user time, hashing included, is about a quarter of its CPU, the rest is the
// kernel copying pages; overlapping the hash with the I/O gets the card-side gain without
// handing buffers between threads.)
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { createContentHasher } from './content-hash.js';
import { DestinationError, SourceError, type DiskRole } from '../ingest-errors.js';

export const CHUNK_SIZE = 1 << 20;

export interface TeeTarget {
  role: DiskRole;
  /** A temporary name in the destination folder; must not exist (opened O_EXCL). */
  path: string;
}

export interface TeeCopyOptions {
  /** The size the scan saw; a different size read means the file changed or the card failed. */
  expectedSize?: number;
  chunkSize?: number;
  /** Called after each chunk is written to every target, with its length. */
  onBytes?: (n: number) => void;
  /** Checked between chunks: stop (daemon shutting down). */
  signal?: AbortSignal;
  /**
   * Return as soon as the last chunk is written, with the targets' fsync running in the
   * background (`durable`), so the card's next file is read while this one's data goes to the
   * disks. Default: fsync before returning.
   */
  background?: boolean;
}

export interface TeeCopyResult {
  size: number;
  /** XXH3-128 hex of the bytes read (and written). */
  hash: string;
  /**
   * Settles when every target is fsynced and closed (at once unless `background`). Rejects
   * with a DestinationError; the targets are then left for the caller to remove.
   */
  durable: Promise<void>;
}

/** fsync and close each target; the first failure names its disk. */
async function syncAll(outs: readonly { target: TeeTarget; fh: FileHandle | undefined }[]): Promise<void> {
  const results = await Promise.allSettled(
    outs.map(async (o) => {
      try {
        await o.fh!.sync();
      } catch (err) {
        throw new DestinationError(o.target.role, `syncing ${o.target.path} failed: ${(err as Error).message}`, err);
      } finally {
        await o.fh?.close().catch(() => undefined);
        o.fh = undefined;
      }
    }),
  );
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
}

async function writeAll(fh: FileHandle, buf: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesWritten } = await fh.write(buf, done, length - done, position + done);
    done += bytesWritten;
  }
}

/**
 * Copies `source` to every target, fsyncs each target file, and returns size and hash. On any
 * failure the targets are removed and the error is a SourceError (the read side) or a
 * DestinationError (naming the disk); an abort rethrows the signal's reason.
 */
export async function teeCopy(source: string, targets: readonly TeeTarget[], opts: TeeCopyOptions = {}): Promise<TeeCopyResult> {
  const chunk = opts.chunkSize ?? CHUNK_SIZE;
  let src: FileHandle | undefined;
  const outs: { target: TeeTarget; fh: FileHandle | undefined; created: boolean }[] = targets.map((target) => ({ target, fh: undefined, created: false }));
  try {
    try {
      src = await open(source, 'r');
    } catch (err) {
      throw new SourceError(`cannot open ${source}: ${(err as Error).message}`, err);
    }
    for (const o of outs) {
      try {
        o.fh = await open(o.target.path, 'wx', 0o644);
        o.created = true;
      } catch (err) {
        throw new DestinationError(o.target.role, `cannot create ${o.target.path}: ${(err as Error).message}`, err);
      }
    }
    const hasher = await createContentHasher();
    const bufs = [Buffer.allocUnsafeSlow(chunk), Buffer.allocUnsafeSlow(chunk)] as const;
    const read = async (buf: Buffer, position: number): Promise<number> => {
      try {
        return (await src!.read(buf, 0, chunk, position)).bytesRead;
      } catch (err) {
        throw new SourceError(`reading ${source} failed: ${(err as Error).message}`, err);
      }
    };
    let position = 0;
    let which = 0;
    let n = await read(bufs[0], 0);
    while (n > 0) {
      opts.signal?.throwIfAborted();
      const cur = bufs[which]!;
      const writes = outs.map((o) =>
        writeAll(o.fh!, cur, n, position).catch((err: unknown) => {
          throw new DestinationError(o.target.role, `writing ${o.target.path} failed: ${(err as Error).message}`, err);
        }),
      );
      which ^= 1;
      const next = read(bufs[which]!, position + n);
      // Hashed while the disks write this chunk and the card reads the next, in libuv's thread
      // pool: all three only read `cur`, and the card is not left idle for the hash's time
      // (~0.3 ms per MiB here, 1-2 ms on a Pi 4, against ~11 ms to read a MiB at 90 MB/s).
      hasher.update(cur.subarray(0, n));
      // allSettled: never leave an operation running on a buffer we are about to reuse or a
      // handle we are about to close. A full disk is reported before a read error.
      const settled = await Promise.allSettled([...writes, next]);
      const failed = settled.find((s) => s.status === 'rejected' && s.reason instanceof DestinationError) ?? settled.find((s) => s.status === 'rejected');
      if (failed) throw (failed as PromiseRejectedResult).reason;
      position += n;
      opts.onBytes?.(n);
      n = (settled.at(-1) as PromiseFulfilledResult<number>).value;
    }
    if (opts.expectedSize !== undefined && position !== opts.expectedSize) {
      throw new SourceError(`${source} is ${position} bytes, the card listed ${opts.expectedSize}: changed or unreadable`);
    }
    // The data must be on the disk before the file gets its final name (see file-commit.ts).
    // Both disks at once: they are separate devices.
    const hash = hasher.digest();
    if (!opts.background) {
      await syncAll(outs);
      return { size: position, hash, durable: Promise.resolve() };
    }
    const durable = syncAll(outs);
    durable.catch(() => undefined); // awaited by the caller; this only stops an "unhandled" report meanwhile
    return { size: position, hash, durable };
  } catch (err) {
    await Promise.all(outs.map(async (o) => {
      await o.fh?.close().catch(() => undefined);
      // Only what we created: an O_EXCL failure means the name is someone else's.
      if (o.created) await unlink(o.target.path).catch(() => undefined);
    }));
    throw err;
  } finally {
    await src?.close().catch(() => undefined);
  }
}
