// Finding embedded JPEG previews in RAW-like files, and the JPEG structure code under it.
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { bufferSource } from '../../src/ingest/photos/byte-source.js';
import { findJpegEnd, parseJpegHeader } from '../../src/ingest/photos/jpeg-structure.js';
import { type PreviewCandidate, choosePreview, findPreviews } from '../../src/ingest/photos/raw-preview.js';
import { walkTiff } from '../../src/ingest/photos/tiff-structure.js';
import { cr2Like, cr3Like, losslessJpegLike, makeJpeg, noise, rafLike, rw2Like, subIfdRawLike, withMpfPreview } from './meta-fixtures.js';

let big: Buffer; // stands in for a full-size preview
let mid: Buffer; // ARW/CR3-style 1620x1080-class preview
let small: Buffer; // IFD1 thumbnail
beforeAll(async () => {
  big = await makeJpeg(2400, 1600, { make: 'X' }, { progressive: true });
  mid = await makeJpeg(1620, 1080);
  small = await makeJpeg(160, 120);
});

const sizes = (cs: PreviewCandidate[]) => cs.map((c) => `${c.width}x${c.height}`).sort();
/** Each candidate's bytes are exactly a JPEG that sharp decodes to the stated size. */
async function expectDecodable(file: Buffer, cs: PreviewCandidate[]) {
  for (const c of cs) {
    const bytes = file.subarray(c.offset, c.offset + c.length);
    const meta = await sharp(bytes).metadata();
    expect([meta.width, meta.height], c.where).toEqual([c.width, c.height]);
  }
}

describe('parseJpegHeader / findJpegEnd', () => {
  it('reads size and EXIF position, and knows baseline/progressive from lossless', async () => {
    const h = parseJpegHeader(big);
    expect(h.ok && h.header).toMatchObject({ width: 2400, height: 1600, sof: 0xc2, decodable: true });
    const lossless = parseJpegHeader(losslessJpegLike(6000, 4000, 100));
    expect(lossless.ok && lossless.header).toMatchObject({ sof: 0xc3, decodable: false });
    expect(parseJpegHeader(Buffer.from([0xff, 0xd8]))).toMatchObject({ ok: false, reason: 'truncated' });
    expect(parseJpegHeader(Buffer.from('not a jpeg'))).toMatchObject({ ok: false, reason: 'not-jpeg' });
    expect(parseJpegHeader(big.subarray(0, 40))).toMatchObject({ ok: false, reason: 'truncated' });
  });

  it('finds the end of baseline and progressive (multi-scan) JPEGs followed by other data', async () => {
    for (const j of [big, mid, small]) {
      const file = Buffer.concat([noise(1000, 1), j, noise(200_000, 2)]);
      expect(await findJpegEnd(bufferSource(file), 1000, file.length)).toBe(1000 + j.length);
    }
  });

  it('no end for a truncated JPEG or past the limit', async () => {
    expect(await findJpegEnd(bufferSource(big.subarray(0, big.length - 500)), 0, big.length)).toBeNull();
    expect(await findJpegEnd(bufferSource(big), 0, big.length - 1)).toBeNull();
    expect(await findJpegEnd(bufferSource(noise(1000, 3)), 0, 1000)).toBeNull();
  });
});

describe('findPreviews by structure', () => {
  it('CR2-like: IFD0 strip (full-size) and IFD1 thumbnail; the lossless raw data is rejected', async () => {
    const file = cr2Like(big, small, { orientation: 6 });
    const found = await findPreviews(bufferSource(file), { scan: false });
    expect(found.method).toBe('structure');
    expect(found.orientation).toBe(6);
    expect(sizes(found.candidates)).toEqual(['160x120', '2400x1600']);
    expect(found.candidates.map((c) => c.where).sort()).toEqual(['ifd0 strip', 'ifd1 jpeg']);
    await expectDecodable(file, found.candidates);
  });

  it('NEF/ARW/DNG-like: previews in SubIFDs, big-endian too', async () => {
    for (const le of [true, false]) {
      const file = subIfdRawLike([mid, big], { orientation: 3 }, { le });
      const found = await findPreviews(bufferSource(file), { scan: false });
      expect(sizes(found.candidates)).toEqual(['1620x1080', '2400x1600']);
      expect(found.orientation).toBe(3);
      await expectDecodable(file, found.candidates);
      const walk = await walkTiff(bufferSource(file));
      expect(walk?.ifds.map((i) => i.path)).toEqual(['ifd0', 'ifd0.sub0', 'ifd0.sub1', 'ifd0.sub2']);
    }
  });

  it('RW2-like: the JpgFromRaw tag', async () => {
    const file = rw2Like(mid, { orientation: 8 });
    const found = await findPreviews(bufferSource(file), { scan: false });
    expect(found.candidates).toMatchObject([{ where: 'ifd0 rw2', width: 1620, height: 1080 }]);
    expect(found.orientation).toBe(8);
  });

  it('CR3-like: THMB and PRVW boxes, orientation from CMT1', async () => {
    const file = cr3Like(small, mid, { make: 'Canon', orientation: 6 });
    const found = await findPreviews(bufferSource(file), { scan: false });
    expect(sizes(found.candidates)).toEqual(['160x120', '1620x1080']);
    expect(found.orientation).toBe(6);
    await expectDecodable(file, found.candidates);
  });

  it('RAF-like: the header-indexed JPEG; no RAW orientation (the JPEG carries its own)', async () => {
    const file = rafLike(mid);
    const found = await findPreviews(bufferSource(file), { scan: false });
    expect(found.candidates).toMatchObject([{ where: 'raf jpeg', offset: 160, width: 1620, height: 1080 }]);
    expect(found.orientation).toBeNull();
  });

  it('camera JPEG: the image itself and its MPF preview, orientation from the photo\'s EXIF', async () => {
    const main = await makeJpeg(2400, 1600, { orientation: 8 });
    const file = withMpfPreview(main, mid);
    const found = await findPreviews(bufferSource(file), { scan: false });
    expect(found.candidates.map((c) => `${c.where} ${c.width}x${c.height}`).sort()).toEqual(['file 2400x1600', 'mpf1 1620x1080']);
    expect(found.orientation).toBe(8);
    const mpf = found.candidates.find((c) => c.where === 'mpf1')!;
    expect([mpf.offset + mpf.length]).toEqual([file.length]);
    await expectDecodable(file, found.candidates.filter((c) => c.where !== 'file'));
  });

  it('pointers past the end of the file, zero lengths and garbage are skipped, not followed', async () => {
    const file = cr2Like(big, small, {});
    const cut = file.subarray(0, 5000); // IFDs intact, blobs gone
    const found = await findPreviews(bufferSource(cut), { scan: false });
    expect(found.candidates).toEqual([]);
    expect(found.method).toBe('none');
  });
});

describe('findPreviews by scanning (unknown layouts)', () => {
  it('finds JPEGs at arbitrary offsets in a file it cannot parse, with exact extents', async () => {
    const file = Buffer.concat([Buffer.from('HEAPCCDR'), noise(30_000, 4), small, noise(70_001, 5), big, noise(50_000, 6)]);
    const found = await findPreviews(bufferSource(file));
    expect(found.method).toBe('scan');
    expect(sizes(found.candidates)).toEqual(['160x120', '2400x1600']);
    const b = found.candidates.find((c) => c.width === 2400)!;
    expect([b.offset, b.length]).toEqual([8 + 30_000 + small.length + 70_001, big.length]);
    await expectDecodable(file, found.candidates);
  });

  it('a TIFF whose preview pointers are broken falls back to the scan', async () => {
    const file = cr2Like(big, small, {});
    // Corrupt every IFD entry count so the walker sees no IFDs; the JPEG bytes stay.
    const walk = await walkTiff(bufferSource(file));
    for (const i of walk!.ifds) file.writeUInt16LE(0, i.at);
    const found = await findPreviews(bufferSource(file));
    expect(found.method).toBe('scan');
    expect(sizes(found.candidates)).toContain('2400x1600');
  });

  it('lossless JPEG and random FF D8 FF sequences are not taken for previews', async () => {
    const fake = Buffer.concat([noise(1000, 8), Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), noise(1000, 9), losslessJpegLike(4000, 3000, 5000)]);
    const found = await findPreviews(bufferSource(fake));
    expect(found.candidates).toEqual([]);
  });

  it('respects the scan size limit', async () => {
    const file = Buffer.concat([noise(10_000, 4), small]);
    expect((await findPreviews(bufferSource(file), { maxScanBytes: 5000 })).candidates).toEqual([]);
  });
});

describe('choosePreview', () => {
  const c = (w: number, h: number): PreviewCandidate => ({ offset: 0, length: 1, width: w, height: h, where: `${w}` });
  it('the smallest at least as large as the thumbnail, else the largest', () => {
    const all = [c(6000, 4000), c(160, 120), c(1616, 1080), c(640, 480)];
    expect(choosePreview(all, 1280)?.width).toBe(1616);
    expect(choosePreview(all, 320)?.width).toBe(640);
    expect(choosePreview(all, 1616)?.width).toBe(1616);
    expect(choosePreview(all, 2000)?.width).toBe(6000);
    expect(choosePreview(all, 9000)?.width).toBe(6000);
    expect(choosePreview([c(1080, 1620)], 1280)?.width).toBe(1080); // portrait: the long side counts
    expect(choosePreview([], 320)).toBeNull();
  });
});
