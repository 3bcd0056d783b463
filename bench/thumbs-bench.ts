// Thumbnails and card scan, `npm run bench -- thumbs`:
// 1. thumbnails/s (320 + 1280 px per file) for 24 MP camera JPEGs and for 24 MP RAW-like
//    files (CR2-style full-size preview; ARW-style 1616x1080 preview), through the real
//    ThumbnailQueue at concurrency 1, with libvips using all cores and with one thread;
// 2. scanCard time for a 2,000-file card (1,500 JPEG, 450 RAW, 50 video; ~64 GB, sparse
//    files so the disk does not need 64 GB), warm and with cold caches, on the local disk
//    and on an exFAT image through FUSE (what a >32 GB card is), when root allows.
// Targets: thumbnails never compete with a copy (the queue is paused then), so the figure
// says how long the backlog of a 2,000-photo card takes after it; the scan must answer the
// "card inserted" prompt in well under a second.
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { scanCard } from '../firmware/src/ingest/card/scan-card.js';
import { ThumbnailQueue } from '../firmware/src/ingest/thumbnail-queue.js';
import { buildTiff, blob, ifd, withMpfPreview } from '../firmware/test/ingest/meta-fixtures.js';

const FILES = Number(process.env.BENCH_THUMBS_FILES ?? 8); // 24 MP files per kind
const CARD_FILES = Number(process.env.BENCH_SCAN_FILES ?? 2000);
const TZ = { timeZone: 'Asia/Ho_Chi_Minh' };

const seconds = (t0: number) => (performance.now() - t0) / 1000;

let grain: { data: Buffer; width: number; height: number } | null = null;

/** A camera-like 24 MP JPEG: a tinted field with gaussian grain, ~5-8 MB at quality 92 like a camera's "fine". */
async function cameraJpeg(seed: number, width = 6000, height = 4000, exifTime = '2024:05:01 10:00:00'): Promise<Buffer> {
  if (!grain || grain.width !== width || grain.height !== height) {
    const data = await sharp({ create: { width, height, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 18 } } }).raw().toBuffer();
    grain = { data, width, height };
  }
  const tint = { r: (seed * 53) % 255, g: (seed * 97) % 255, b: (seed * 29) % 255 };
  return sharp(grain.data, { raw: { width, height, channels: 3 } })
    .linear([0.6, 0.6, 0.6], [tint.r * 0.4, tint.g * 0.4, tint.b * 0.4])
    .jpeg({ quality: 92 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R6' }, IFD2: { DateTimeOriginal: exifTime } })
    .toBuffer();
}

function rawLike(fullPreview: Buffer | null, smallPreview: Buffer, size = 25 * 1024 * 1024): Buffer {
  const previews = [fullPreview, smallPreview].filter((b): b is Buffer => b !== null).map(blob);
  const subs = previews.map((b) => ifd({ tag: 0x103, short: [6] }, { tag: 0x201, long: [b] }, { tag: 0x202, lengthOf: b }));
  const tiff = buildTiff({ chain: [ifd({ tag: 0x10f, ascii: 'SONY' }, { tag: 0x112, short: [1] }, { tag: 0x14a, long: subs })], others: subs, blobs: previews });
  // Pad to a RAW's size with incompressible bytes (what sensor data looks like to a reader).
  return Buffer.concat([tiff, randomFillSync(Buffer.alloc(Math.max(0, size - tiff.length)))]);
}

async function thumbRun(label: string, files: string[], dir: string, threads: number): Promise<void> {
  sharp.concurrency(threads);
  const cacheDir = mkdtempSync(join(dir, 'thumbs-'));
  const q = new ThumbnailQueue({ cacheDir });
  const t0 = performance.now();
  const outcomes = await Promise.all(files.map((f, i) => q.request({ key: (i + 1).toString(16).padStart(32, '0'), source: f })));
  const s = seconds(t0);
  const bad = outcomes.filter((o) => o.status !== 'ready').length;
  console.log(
    `${label.padEnd(44)} threads ${String(threads).padStart(2)}: ${(files.length / s).toFixed(2).padStart(6)} files/s  ${((s / files.length) * 1000).toFixed(0).padStart(5)} ms/file${bad ? `  ${bad} NOT READY` : ''}`,
  );
}

function dropCaches(): boolean {
  try {
    execFileSync('sync');
    writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** A card: 75% JPEG, 22.5% RAW, 2.5% video, in 100-file DCIM folders, sizes set sparse. */
async function buildCard(root: string, count: number, writeSparse: boolean, smallJpeg: Buffer, smallRaw: Buffer): Promise<number> {
  let bytes = 0;
  const t0 = Date.UTC(2024, 4, 1, 1, 0, 0);
  for (let i = 0; i < count; i++) {
    const folder = `DCIM/${100 + Math.floor(i / 100)}CANON`;
    const kind = i % 40 === 39 ? 'video' : i % 4 === 3 ? 'raw' : 'jpeg';
    const name = kind === 'video' ? `MVI_${String(i).padStart(4, '0')}.MP4` : kind === 'raw' ? `IMG_${String(i).padStart(4, '0')}.ARW` : `IMG_${String(i).padStart(4, '0')}.JPG`;
    const path = join(root, folder, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, kind === 'jpeg' ? smallJpeg : kind === 'raw' ? smallRaw : Buffer.alloc(4096));
    const size = kind === 'jpeg' ? 8 * 1024 ** 2 : kind === 'raw' ? 25 * 1024 ** 2 : 400 * 1024 ** 2;
    if (writeSparse) truncateSync(path, size);
    bytes += writeSparse ? size : kind === 'jpeg' ? smallJpeg.length : kind === 'raw' ? smallRaw.length : 4096;
    const t = new Date(t0 + i * 7000);
    utimesSync(path, t, t);
  }
  return bytes;
}

async function scanRun(label: string, root: string, cold: () => boolean, first = false): Promise<void> {
  const wasCold = cold();
  const s = await scanCard(root, TZ);
  console.log(
    `${label.padEnd(34)} ${first ? 'first' : wasCold ? 'cold ' : 'warm '}: ${String(s.durationMs).padStart(5)} ms  ${s.files} files, ${(s.bytes / 1024 ** 3).toFixed(1)} GB, ${s.sampled} EXIF reads, shot ${s.shotFrom} .. ${s.shotTo} (${s.shotTimeSource})`,
  );
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'sb-thumbs-bench-'));
  const mounts: string[] = [];
  const loops: string[] = [];
  try {
    console.log(`Thumbnails and card scan. ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), sharp ${sharp.versions.sharp}, libvips ${sharp.versions.vips}`);
    console.log(`\n1. Thumbnails (320 + 1280 px, one decode per file), ${FILES} files per kind, queue concurrency 1`);
    let t0 = performance.now();
    const jpegs: string[] = [];
    const mpfs: string[] = [];
    const cr2s: string[] = [];
    const arws: string[] = [];
    const small = await cameraJpeg(1, 1616, 1080);
    for (let i = 0; i < FILES; i++) {
      const j = await cameraJpeg(i + 1);
      const p = join(dir, `IMG_${i}.JPG`);
      writeFileSync(p, j);
      jpegs.push(p);
      const m = join(dir, `MPF_${i}.JPG`);
      writeFileSync(m, withMpfPreview(j, small));
      mpfs.push(m);
      const cr2 = join(dir, `IMG_${i}.CR2`);
      writeFileSync(cr2, rawLike(j, await sharp(j).resize(160).jpeg().toBuffer()));
      cr2s.push(cr2);
      const arw = join(dir, `DSC_${i}.ARW`);
      writeFileSync(arw, rawLike(null, small));
      arws.push(arw);
    }
    console.log(`   (made the files in ${seconds(t0).toFixed(1)} s; a 24 MP JPEG here is ${(statSync(jpegs[0]!).size / 1024 ** 2).toFixed(1)} MB)`);
    const allCores = cpus().length;
    for (const threads of [allCores, 1]) {
      await thumbRun('24 MP JPEG (decoded at 1/4 scale)', jpegs, dir, threads);
      await thumbRun('24 MP JPEG with a 1616x1080 MPF preview', mpfs, dir, threads);
      await thumbRun('RAW, full-size 24 MP embedded preview (CR2)', cr2s, dir, threads);
      await thumbRun('RAW, 1616x1080 embedded preview (ARW)', arws, dir, threads);
    }
    sharp.concurrency(0);

    console.log(`\n2. scanCard on a ${CARD_FILES}-file card (EXIF read from a bounded sample)`);
    t0 = performance.now();
    const smallJpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#888' } })
      .jpeg()
      .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R6' }, IFD2: { DateTimeOriginal: '2024:05:01 08:00:00' } })
      .toBuffer();
    const rawWithExif = (() => {
      const exif = ifd({ tag: 0x9003, ascii: '2024:05:01 12:00:00' });
      return buildTiff({ chain: [ifd({ tag: 0x10f, ascii: 'SONY' }, { tag: 0x8769, long: [exif] })], others: [exif], blobs: [] });
    })();
    const folderCard = join(dir, 'card');
    const bytes = await buildCard(folderCard, CARD_FILES, true, smallJpeg, rawWithExif);
    console.log(`   (made ${CARD_FILES} files, ${(bytes / 1024 ** 3).toFixed(1)} GB sparse, in ${seconds(t0).toFixed(1)} s)`);
    await scanRun('local disk (ext4)', folderCard, () => false, true); // includes loading and JIT-compiling the code
    await scanRun('local disk (ext4)', folderCard, () => false);
    if (!dropCaches()) console.log('   (cold run skipped: cannot write /proc/sys/vm/drop_caches; needs root)');
    else await scanRun('local disk (ext4)', folderCard, dropCaches);

    const fuseOk = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/dev/fuse');
    if (!fuseOk) {
      console.log('   exFAT/FUSE run skipped: needs root and /dev/fuse');
    } else {
      // exFAT has no sparse files: real small files here (the sizes scanned are theirs).
      const img = join(dir, 'card.img');
      writeFileSync(img, '');
      truncateSync(img, 256 * 1024 * 1024);
      execFileSync('mkfs.exfat', ['-L', 'EOS_DIGITAL', img], { stdio: 'ignore' });
      const dev = execFileSync('losetup', ['--find', '--show', img], { encoding: 'utf8' }).trim();
      loops.push(dev);
      const mnt = join(dir, 'mnt');
      mkdirSync(mnt);
      execFileSync('mount.exfat-fuse', ['-o', 'rw', dev, mnt]);
      mounts.push(mnt);
      await buildCard(mnt, CARD_FILES, false, smallJpeg, rawWithExif);
      const remount = () => {
        execFileSync('umount', [mnt]);
        dropCaches();
        execFileSync('mount.exfat-fuse', ['-o', 'ro', dev, mnt]);
        return true;
      };
      await scanRun('exFAT image through FUSE', mnt, remount);
      await scanRun('exFAT image through FUSE', mnt, () => false);
    }
    console.log('\nNotes: figures from this machine, not a Pi (a Cortex-A72 is expected, not measured, to decode JPEG several');
    console.log('times slower per core). A card in a USB reader adds per-request latency that neither scan run has: the cold');
    console.log('runs read the file system from this machine\'s disk after dropping the page cache (and remounting the FUSE one).');
  } finally {
    for (const m of mounts.reverse()) {
      try {
        execFileSync('umount', [m]);
      } catch {
        /* not mounted */
      }
    }
    for (const l of loops) {
      try {
        execFileSync('losetup', ['-d', l]);
      } catch {
        /* gone */
      }
    }
    rmSync(dir, { recursive: true, force: true });
  }
}
