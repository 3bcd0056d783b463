// Where thumbnails live on disk, how they are written, and how failures are remembered.
//
// Layout: <cacheDir>/<k0k1>/<key>-<size>.jpg, where key is the file's content hash (hex) as
// the copy engine records it. Why the content hash and not the library path:
// - a customer folder is named "<no> <name>" and gets renamed when the name is corrected;
//   path-keyed thumbnails would all be lost and regenerated;
// - the library copy and the backup copy are the same bytes: one thumbnail serves both;
// - content never changes under a key, so the HTTP layer can send them as immutable.
// The two-hex-digit folder keeps directories at a few thousand entries for a library of a
// million files (listing and backing up a single huge directory is slow on a Pi).
//
// Each thumbnail is written to a temporary name, fsynced and renamed: the box loses power
// often, and without the fsync ext4 can leave a zero-length file under the final name,
// which would then be served as "ready" forever. Temporary files left by a crash are
// removed at start.
//
// A thumbnail that cannot be made (not an image, no preview in the RAW, a HEIC without an
// HEVC decoder) gets a small JSON failure record next to where it would be. The record
// names the source's size and mtime and the generator version: it is retried only when the
// file changes or the box learns a new trick (GENERATOR bumped), never in a loop.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** Bump when rendering changes in a way that could turn past failures into successes. */
export const THUMB_GENERATOR = 1;

const KEY = /^[0-9a-f]{16,128}$/;

/** Keys are lower-case hex content hashes; anything else never reaches the file system. */
export function isThumbKey(key: string): boolean {
  return KEY.test(key);
}

function checkedKey(key: string): string {
  if (!isThumbKey(key)) throw new RangeError(`not a thumbnail key: ${JSON.stringify(key)}`);
  return key;
}

/** Pure: the file of one thumbnail. Throws RangeError for a key that is not lower-case hex or a bad size. */
export function thumbnailPath(cacheDir: string, key: string, size: number): string {
  checkedKey(key);
  if (!Number.isInteger(size) || size <= 0 || size > 10_000) throw new RangeError(`not a thumbnail size: ${size}`);
  return join(cacheDir, key.slice(0, 2), `${key}-${size}.jpg`);
}

export function failurePath(cacheDir: string, key: string): string {
  checkedKey(key);
  return join(cacheDir, key.slice(0, 2), `${key}.failed.json`);
}

const TEMP = /\.tmp-[0-9a-f]{12}$/;

/**
 * Writes `bytes` to `path` so that `path` is either absent or complete, even across a power
 * cut. (The folder is not fsynced: losing a fresh rename only means regenerating a thumbnail.)
 */
export async function writeFileAtomic(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const fh = await open(temp, 'w');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** A thumbnail file that exists and is not empty. */
export async function isReady(path: string): Promise<boolean> {
  try {
    return (await stat(path)).size > 0;
  } catch {
    return false;
  }
}

export interface FailureRecord {
  reason: string;
  /** ISO time of the failed attempt. */
  at: string;
  sourceSize: number;
  sourceMtimeMs: number;
  generator: number;
}

export async function readFailure(cacheDir: string, key: string): Promise<FailureRecord | null> {
  try {
    const r = JSON.parse(await readFile(failurePath(cacheDir, key), 'utf8')) as Partial<FailureRecord>;
    if (typeof r.reason !== 'string' || typeof r.sourceSize !== 'number' || typeof r.sourceMtimeMs !== 'number' || typeof r.generator !== 'number') return null;
    return { reason: r.reason, at: String(r.at ?? ''), sourceSize: r.sourceSize, sourceMtimeMs: r.sourceMtimeMs, generator: r.generator };
  } catch {
    return null; // none, or unreadable: then we simply try again
  }
}

export async function writeFailure(cacheDir: string, key: string, record: FailureRecord): Promise<void> {
  await writeFileAtomic(failurePath(cacheDir, key), Buffer.from(JSON.stringify(record)));
}

export async function clearFailure(cacheDir: string, key: string): Promise<void> {
  await rm(failurePath(cacheDir, key), { force: true });
}

/** Whether a failure record still stands for the source as it is now. */
export function failureStands(record: FailureRecord, source: { size: number; mtimeMs: number }): boolean {
  return record.generator === THUMB_GENERATOR && record.sourceSize === source.size && record.sourceMtimeMs === source.mtimeMs;
}

/** Removes temporary files a crash left behind. Returns how many. */
export async function removeTempFiles(cacheDir: string): Promise<number> {
  let removed = 0;
  let shards: string[];
  try {
    shards = await readdir(cacheDir);
  } catch {
    return 0;
  }
  for (const shard of shards) {
    if (!/^[0-9a-f]{2}$/.test(shard)) continue;
    let names: string[];
    try {
      names = await readdir(join(cacheDir, shard));
    } catch {
      continue;
    }
    for (const name of names) {
      if (!TEMP.test(name)) continue;
      await rm(join(cacheDir, shard, name), { force: true });
      removed++;
    }
  }
  return removed;
}
