// Copies the chosen originals into the order folder's `selected/` for the retoucher, safely:
// each file is streamed to a temporary name in that folder while hashed, fsynced, renamed over
// its final name, the folder fsynced, and then read back from the disk and compared with the
// hash the copy engine recorded when the photo was ingested. A file already there with the same
// bytes is left as it is. Beside the photos go the production sheet and the Lightroom filter,
// written the same way (temporary name, fsync, rename).
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createContentHasher } from '../ingest/copy/content-hash.js';
import { fsyncDir } from '../ingest/copy/file-commit.js';

export interface ChosenFile {
  /** Absolute path of the original (library disk, or the backup copy when the library's is gone). */
  source: string;
  name: string;
  size: number;
  /** The hash recorded at ingest. */
  hash: string;
}

export class SelectedCopyError extends Error {
  override name = 'SelectedCopyError';
}

const CHUNK = 1024 * 1024;

async function hashOf(path: string): Promise<{ hash: string; size: number }> {
  const h = await createContentHasher();
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK })) {
    size += (chunk as Buffer).length;
    h.update(chunk as Buffer);
  }
  return { hash: h.digest(), size };
}

async function sameBytes(path: string, f: ChosenFile): Promise<boolean> {
  try {
    if ((await stat(path)).size !== f.size) return false;
  } catch {
    return false;
  }
  return (await hashOf(path)).hash === f.hash;
}

const tempIn = (dir: string) => join(dir, `.studio-box-tmp-selected-${randomBytes(6).toString('hex')}`);

/** Streams source to a temporary file in dir (hashing on the way) and fsyncs it. */
async function copyToTemp(f: ChosenFile, dir: string): Promise<string> {
  const temp = tempIn(dir);
  const fh = await open(temp, 'wx');
  try {
    const h = await createContentHasher();
    let size = 0;
    for await (const chunk of createReadStream(f.source, { highWaterMark: CHUNK })) {
      const b = chunk as Buffer;
      h.update(b);
      size += b.length;
      await fh.write(b);
    }
    await fh.sync();
    if (size !== f.size || h.digest() !== f.hash) throw new SelectedCopyError(`${f.name}: the original on the disk is not what was ingested (read ${size} bytes)`);
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await fh.close();
  return temp;
}

/** Copies the files into dir; answers how many were written and how many were already there. */
export async function copyChosen(files: readonly ChosenFile[], dir: string): Promise<{ copied: number; alreadyThere: number }> {
  await mkdir(dir, { recursive: true });
  let copied = 0;
  let alreadyThere = 0;
  const written: ChosenFile[] = [];
  for (const f of files) {
    const final = join(dir, f.name);
    if (await sameBytes(final, f)) {
      alreadyThere++;
      continue;
    }
    const temp = await copyToTemp(f, dir);
    try {
      await rename(temp, final);
    } catch (err) {
      await rm(temp, { force: true });
      throw err;
    }
    written.push(f);
    copied++;
  }
  if (written.length) await fsyncDir('library', dir);
  // Read back what was written, from the disk, against the ingest hash.
  for (const f of written) {
    if (!(await sameBytes(join(dir, f.name), f))) throw new SelectedCopyError(`${f.name}: the copy in ${dir} did not read back the same`);
  }
  return { copied, alreadyThere };
}

/** Writes a small text file into dir so that it is either the old one or the new one after a power cut. */
export async function writeTextFile(dir: string, name: string, text: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const temp = tempIn(dir);
  const fh = await open(temp, 'wx');
  try {
    await fh.writeFile(text, 'utf8');
    await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw err;
  }
  await fh.close();
  await rename(temp, join(dir, name));
  await fsyncDir('library', dir);
}
