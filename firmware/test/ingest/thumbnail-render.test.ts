// Rendering thumbnails with sharp: orientation, sizes, RAW previews, failures.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJpegHeader } from '../../src/ingest/photos/jpeg-structure.js';
import { orientOps } from '../../src/ingest/photos/orientation.js';
import { ThumbnailUnsupportedError, renderPhoto, renderRaw, renderThumbnails, thumbSourceFor } from '../../src/ingest/photos/thumbnail-render.js';
import { cr2Like, cr3Like, makeJpeg, makePlainJpeg, noise, quadrantsOf, subIfdRawLike, withMpfPreview } from './meta-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-render-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer, name: string) => {
  const dir = join(scratch, String(n++));
  mkdirSync(dir);
  writeFileSync(join(dir, name), bytes);
  return join(dir, name);
};
const SIZES = { sizes: [320, 1280] };

describe('orientOps', () => {
  it('matches sharp\'s own EXIF auto-orientation for all eight values', async () => {
    const plain = await makePlainJpeg(200, 100);
    for (let o = 1; o <= 8; o++) {
      const auto = await sharp(await makeJpeg(200, 100, { orientation: o })).rotate().jpeg().toBuffer();
      const ops = orientOps(o);
      let manual = sharp(plain);
      if (ops.rotate) manual = manual.rotate(ops.rotate);
      if (ops.flip) manual = manual.flip();
      if (ops.flop) manual = manual.flop();
      const [a, b] = [await quadrantsOf(auto), await quadrantsOf(await manual.jpeg().toBuffer())];
      expect(b, `orientation ${o}`).toEqual(a);
    }
  });

  it('known cases, and identity for nonsense', async () => {
    expect(orientOps(6)).toEqual({ rotate: 90, flip: false, flop: false });
    expect(orientOps(null)).toEqual(orientOps(1));
    expect(orientOps(0)).toEqual(orientOps(1));
    expect(orientOps(9)).toEqual(orientOps(1));
  });
});

describe('renderPhoto', () => {
  it('makes each size, long side bounded, turned by EXIF orientation', async () => {
    const p = file(await makeJpeg(4000, 3000, { orientation: 6 }), 'IMG_0001.JPG');
    const r = await renderPhoto(p, SIZES);
    expect(r.from).toBe('file');
    for (const [size, jpeg] of r.jpegs) {
      const q = await quadrantsOf(jpeg);
      // 4000x3000 turned 90°: portrait, long side = size.
      expect([q.width, q.height], `size ${size}`).toEqual([size * 0.75, size]);
      expect(q.quadrants).toEqual(['blue', 'red', 'white', 'green']);
      const meta = await sharp(jpeg).metadata();
      expect(meta.format).toBe('jpeg');
      expect(meta.orientation).toBeUndefined(); // already applied, not left for the browser to apply again
    }
  });

  it('a camera JPEG with an MPF preview large enough: rendered from the preview, turned by the photo\'s EXIF', async () => {
    const main = await makeJpeg(4000, 3000, { orientation: 6, make: 'Canon' });
    const p = file(withMpfPreview(main, await makeJpeg(1620, 1215)), 'IMG_0001.JPG');
    const r = await renderPhoto(p, SIZES);
    expect(r.from).toBe('mpf1 1620x1215');
    const q = await quadrantsOf(r.jpegs.get(1280)!);
    expect([q.width, q.height]).toEqual([960, 1280]);
    expect(q.quadrants).toEqual(['blue', 'red', 'white', 'green']);
  });

  it('an MPF preview smaller than the largest size, or broken, is not used: the file is', async () => {
    const main = await makeJpeg(2000, 1500);
    expect((await renderPhoto(file(withMpfPreview(main, await makeJpeg(640, 480)), 'a.jpg'), SIZES)).from).toBe('file');
    const broken = Buffer.from(await makeJpeg(1620, 1215));
    broken[broken.indexOf(Buffer.from([0xff, 0xda])) + 5] = 9; // undecodable scan
    const r = await renderPhoto(file(withMpfPreview(main, broken), 'b.jpg'), SIZES);
    expect(r.from).toBe('file');
    expect((await sharp(r.jpegs.get(1280)!).metadata()).width).toBe(1280);
  });

  it('never enlarges a small source; every size is still produced', async () => {
    const r = await renderPhoto(file(await makeJpeg(300, 200), 'small.jpg'), SIZES);
    expect([...r.jpegs.keys()].sort((a, b) => a - b)).toEqual([320, 1280]);
    for (const jpeg of r.jpegs.values()) expect((await sharp(jpeg).metadata()).width).toBe(300);
  });

  it('renders what there is of a truncated JPEG', async () => {
    const full = await makeJpeg(1600, 1200);
    const r = await renderPhoto(file(full.subarray(0, Math.floor(full.length * 0.6)), 'cut.jpg'), SIZES);
    expect((await sharp(r.jpegs.get(320)!).metadata()).width).toBe(320);
  });

  it('not an image: a final ThumbnailUnsupportedError; a HEIC says what is missing', async () => {
    await expect(renderPhoto(file(noise(5000, 1), 'x.jpg'), SIZES)).rejects.toBeInstanceOf(ThumbnailUnsupportedError);
    await expect(renderPhoto(file(Buffer.alloc(0), 'zero.jpg'), SIZES)).rejects.toBeInstanceOf(ThumbnailUnsupportedError);
    const heic = await sharp(await makePlainJpeg(64, 48)).heif({ compression: 'av1' }).toBuffer(); // an HEIF container
    const heicPath = file(Buffer.concat([heic.subarray(0, 8), Buffer.from('heic'), heic.subarray(12)]), 'IMG_0001.HEIC');
    await renderPhoto(heicPath, SIZES).then(
      () => undefined, // a libvips with an HEVC decoder may well read it: fine
      (err: unknown) => {
        expect(err).toBeInstanceOf(ThumbnailUnsupportedError);
        expect((err as Error).message).toMatch(/HEIC needs an HEVC decoder/);
      },
    );
  });
});

describe('renderRaw', () => {
  it('CR2-like: uses the big preview for 1280, turned by the RAW\'s orientation, not the preview\'s', async () => {
    // The preview carries orientation 3 in its own EXIF; the RAW says 6. The RAW wins.
    const preview = await makeJpeg(2400, 1600, { orientation: 3 });
    const p = file(cr2Like(preview, await makeJpeg(160, 120), { orientation: 6 }), 'IMG_0001.CR2');
    const r = await renderRaw(p, SIZES);
    expect(r.from).toBe('ifd0 strip 2400x1600');
    const q = await quadrantsOf(r.jpegs.get(1280)!);
    expect([q.width, q.height]).toEqual([853, 1280]);
    expect(q.quadrants).toEqual(['blue', 'red', 'white', 'green']);
  });

  it('picks the smallest preview that covers the largest size (less to decode on a Pi)', async () => {
    const p = file(subIfdRawLike([await makeJpeg(4000, 2667), await makeJpeg(1620, 1080)], { orientation: 1 }), 'DSC.NEF');
    const r = await renderRaw(p, SIZES);
    expect(r.from).toBe('ifd0.sub1 jpeg 1620x1080');
    expect((await sharp(r.jpegs.get(1280)!).metadata()).width).toBe(1280);
  });

  it('CR3-like through renderThumbnails', async () => {
    const p = file(cr3Like(await makeJpeg(160, 120), await makeJpeg(1620, 1080), { orientation: 8 }), 'IMG_0001.CR3');
    const r = await renderThumbnails(p, 'raw', SIZES);
    const q = await quadrantsOf(r.jpegs.get(320)!);
    expect([q.width, q.height]).toEqual([213, 320]);
    expect(q.quadrants).toEqual(['green', 'white', 'red', 'blue']); // 270° clockwise
  });

  it('a preview that does not decode is skipped for the next one', async () => {
    const good = await makeJpeg(800, 600);
    const bad = Buffer.from(await makeJpeg(2400, 1600));
    // Its header still parses (so it looks like the best candidate), but the scan names a
    // component the frame does not have: libjpeg gives up on it, whatever failOn says.
    const sos = bad.indexOf(Buffer.from([0xff, 0xda]));
    bad[sos + 5] = 9; // SOS: FF DA, length (2), Ns, then Cs1
    expect(parseJpegHeader(bad)).toMatchObject({ ok: true, header: { width: 2400, decodable: true } });
    await expect(sharp(bad, { failOn: 'none' }).jpeg().toBuffer()).rejects.toThrow();
    const p = file(subIfdRawLike([bad, good], { orientation: 1 }), 'DSC.ARW');
    const r = await renderRaw(p, SIZES);
    expect(r.from).toMatch(/800x600$/);
  });

  it('no preview at all: a final ThumbnailUnsupportedError', async () => {
    await expect(renderRaw(file(noise(100_000, 3), 'IMG.CR2'), SIZES)).rejects.toBeInstanceOf(ThumbnailUnsupportedError);
  });

  it('a missing file is an I/O error with a code (retry later), not a verdict on the file', async () => {
    const err = await renderRaw(join(scratch, 'gone.CR2'), SIZES).catch((e: unknown) => e);
    expect(err).not.toBeInstanceOf(ThumbnailUnsupportedError);
    expect((err as NodeJS.ErrnoException).code).toBe('ENOENT');
  });

  it('leaves no file descriptors open', async () => {
    const p = file(cr2Like(await makeJpeg(1600, 1200), await makeJpeg(160, 120), {}), 'IMG.CR2');
    const j = file(await makeJpeg(1600, 1200), 'IMG.JPG');
    const before = readdirSync('/proc/self/fd').length;
    for (let i = 0; i < 10; i++) {
      await renderRaw(p, SIZES);
      await renderPhoto(j, SIZES);
    }
    expect(readdirSync('/proc/self/fd').length).toBeLessThanOrEqual(before);
  });
});

describe('thumbSourceFor', () => {
  it('photos and edit formats by sharp, RAW by preview, nothing for the rest', () => {
    expect(['a.jpg', 'a.JPEG', 'a.heic', 'a.png', 'a.tif', 'a.webp', 'a.avif', 'a.gif'].map(thumbSourceFor)).toEqual(Array(8).fill('photo'));
    expect(['a.cr2', 'a.CR3', 'a.nef', 'a.dng', 'a.raf'].map(thumbSourceFor)).toEqual(Array(5).fill('raw'));
    expect(['a.mp4', 'a.mov', 'a.xmp', 'a.psd', 'a.pdf', '._a.jpg', 'Thumbs.db'].map(thumbSourceFor)).toEqual(Array(7).fill(null));
  });
});
