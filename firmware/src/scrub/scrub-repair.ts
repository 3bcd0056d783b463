// Writing a bad or missing copy again from the good one on the other disk.
//
// The same discipline as the copy engine (file-commit.ts) and the backup mover
// (backup-holding.ts): the new bytes go to a temporary name in the copy's folder, are fsynced
// and read back from the disk with the recorded hash BEFORE they replace anything; then
// rename() over the bad copy (it is ours: the database names it and says what it must hold),
// fsync of the folder, and a last read-back of the final name. A crash at any point leaves the
// bad copy or the good one under the final name, never a partial file; a temporary name left
// behind (`.studio-box-tmp-scrub-*`) is removed by the next repair in that folder.
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fsyncDir } from '../ingest/copy/file-commit.js';
import { TEMP_PREFIX } from '../ingest/copy/library-layout.js';
import { readBack, type ReadBackMethod, type ReadBackOptions } from '../ingest/copy/read-back.js';
import type { DiskRole } from './scrub-check.js';

export const SCRUB_TEMP = `${TEMP_PREFIX}scrub-`;

export class RepairError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RepairError';
  }
}

/** Creates the missing folders of `dir` under `root`, fsyncing each parent so the new names last. */
async function ensureDir(role: DiskRole, root: string, dir: string): Promise<void> {
  const missing: string[] = [];
  for (let d = dir; d.length > root.length; d = dirname(d)) {
    try {
      await open(d, 'r').then((fh) => fh.close());
      break;
    } catch {
      missing.unshift(d);
    }
  }
  for (const d of missing) {
    await mkdir(d);
    await fsyncDir(role, dirname(d));
  }
}

/**
 * Puts the bytes of `from` (already read with the recorded hash) at `to` on the target disk.
 * Returns how the final read-back reached the disk. Throws RepairError when the new copy does
 * not read back right (the old file is then left as it was, if the temporary copy was bad).
 */
export async function repairCopy(
  target: DiskRole,
  targetRoot: string,
  from: string,
  to: string,
  expected: { size: number; hash: string },
  opts: Pick<ReadBackOptions, 'signal' | 'pace'> = {},
): Promise<ReadBackMethod> {
  const dir = dirname(to);
  await ensureDir(target, targetRoot, dir);
  for (const name of await readdir(dir)) if (name.startsWith(SCRUB_TEMP)) await unlink(join(dir, name)).catch(() => undefined);
  const tmp = join(dir, `${SCRUB_TEMP}${randomBytes(6).toString('hex')}`);
  try {
    await copyFile(from, tmp, constants.COPYFILE_EXCL);
    const fh = await open(tmp, 'r+');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
    const t = await readBack(tmp, opts);
    if (t.size !== expected.size || t.hash !== expected.hash) {
      throw new RepairError(`the new ${target} copy read back as ${t.size} bytes, xxh3-128 ${t.hash}; expected ${expected.size} bytes, ${expected.hash}`);
    }
    await rename(tmp, to);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    if (err instanceof RepairError) throw err;
    throw new RepairError(`cannot write the new ${target} copy: ${(err as Error).message}`, { cause: err });
  }
  await fsyncDir(target, dir);
  const back = await readBack(to, opts);
  if (back.size !== expected.size || back.hash !== expected.hash) {
    throw new RepairError(`the repaired ${target} copy read back as ${back.size} bytes, xxh3-128 ${back.hash} after the rename`);
  }
  return back.method;
}
