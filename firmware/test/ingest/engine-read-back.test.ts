// The verification must read what is on the disk, not the page cache. Proof on a real ext4
// (loop image): a block of a cached file is changed UNDER the filesystem (in the image file),
// so the page cache still holds the old bytes. A plain read returns the old bytes; readBack
// returns the bytes on the disk.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evictFromCache, readBack } from '../../src/ingest/copy/read-back.js';
import { hashOf, mountSkipReason, Scratch, sh, writeTree } from './engine-helpers.js';

const skip = mountSkipReason();
if (skip) console.warn(`SKIPPED engine-read-back: ${skip}`);
const scratch = new Scratch('sb-readback-');
afterAll(() => scratch.cleanup());

/** Byte offset of a file's first block inside its filesystem image (filefrag -v, 4 KiB blocks). */
function physicalOffset(file: string): number {
  const out = sh('filefrag', ['-v', '-b4096', file]);
  const m = /^\s*0:\s+0\.\.\s*\d+:\s+(\d+)\.\./m.exec(out);
  if (!m) throw new Error(`no extent in filefrag output:\n${out}`);
  return Number(m[1]) * 4096;
}

const cachedBytes = (file: string): number => Number(sh('fincore', ['--bytes', '--noheadings', '--output', 'RES', file]).trim());

describe.skipIf(!!skip)('read-back from the disk', () => {
  it('O_DIRECT sees a change made under the page cache; an ordinary read does not', async () => {
    const disk = scratch.ext4Disk('rb-disk', 64);
    const file = join(disk.path, 'IMG_0001.CR3');
    const original = randomBytes(3 * (1 << 20) + 777);
    writeFileSync(file, original);
    const fd = openSync(file, 'r');
    fsyncSync(fd);
    closeSync(fd);
    readFileSync(file); // cached
    expect(cachedBytes(file)).toBeGreaterThan(0);

    // Change 4 KiB of the file's second block in the image, below ext4 and its cache.
    const img = join(scratch.dir, 'rb-disk.img');
    const at = physicalOffset(file) + 4096;
    const junk = Buffer.alloc(4096, 0xab);
    const ifd = openSync(img, 'r+');
    writeSync(ifd, junk, 0, junk.length, at);
    fsyncSync(ifd);
    closeSync(ifd);
    const onDisk = Buffer.from(original);
    junk.copy(onDisk, 4096);

    expect(hashOf(readFileSync(file))).toBe(hashOf(original)); // the page cache: the old bytes
    const direct = await readBack(file);
    expect(direct.method).toBe('direct');
    expect(direct.size).toBe(original.length);
    expect(direct.hash).toBe(hashOf(onDisk)); // the disk: the new bytes

    // The fallback (for filesystems that refuse O_DIRECT): evict, then read. Also the disk.
    readFileSync(file);
    const evicted = await readBack(file, { direct: false });
    expect(evicted.method).toBe('evicted');
    expect(evicted.hash).toBe(hashOf(onDisk));
  });

  it('evictFromCache drops a fsynced file from the page cache, confirmed by fincore; where pages cannot be dropped (tmpfs) it says so', async () => {
    // On a disk filesystem (ext4 loop image), whatever filesystem the temp folder is on.
    const disk = scratch.ext4Disk('evict-disk', 32);
    const file = join(disk.path, 'cached.bin');
    writeFileSync(file, randomBytes(8 << 20));
    execFileSync('sync');
    readFileSync(file);
    expect(cachedBytes(file)).toBeGreaterThanOrEqual(8 << 20);
    expect(await evictFromCache(file)).toBe(true);
    expect(cachedBytes(file)).toBe(0);
    // tmpfs keeps its pages (they are the file): the drop cannot be confirmed, so no proof.
    const ram = join(mkdtempSync('/dev/shm/sb-readback-'), 'ram.bin');
    try {
      writeFileSync(ram, randomBytes(1 << 20));
      expect(await evictFromCache(ram)).toBe(false);
    } finally {
      rmSync(dirname(ram), { recursive: true, force: true });
    }
  });

  it('labels reads through FUSE as direct-fuse, and hashes files of every size right', async () => {
    const tree = scratch.folder('fuse-tree');
    const files = writeTree(tree, { '100CANON': { 'A.CR2': randomBytes(0), 'B.CR2': randomBytes(4095), 'C.CR2': randomBytes(1 << 20), 'D.CR2': randomBytes((1 << 20) + 1) } });
    const card = await scratch.mountFat(scratch.fatImage('rb-card', tree, 32), 'rb-card');
    for (const f of files) {
      const r = await readBack(join(card.path, f.relPath));
      expect(r).toEqual({ size: f.size, hash: f.hash, method: 'direct-fuse' });
    }
    await expect(readBack(join(card.path, 'DCIM/nope.JPG'))).rejects.toMatchObject({ code: 'ENOENT' });
    card.unmount();
  });
});
