import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bufferSource } from '../../src/ingest/photos/byte-source.js';
import { readMetaFrom, readPhotoMeta } from '../../src/ingest/photos/photo-meta.js';
import {
  cr2Like, cr3Like, heifLike, makeJpeg, makePlainJpeg, noise, rafLike, rw2Like, subIfdRawLike,
} from './meta-fixtures.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-meta-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let n = 0;
const file = (bytes: Buffer | Uint8Array, name = 'f.bin') => {
  const dir = join(scratch, String(n++));
  mkdirSync(dir);
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const VN = { timeZone: 'Asia/Ho_Chi_Minh' }; // UTC+7, no DST
const EXIF = { make: 'Canon', model: 'Canon EOS R6', dateTimeOriginal: '2024:05:01 10:00:00', lens: 'RF24-70mm F2.8 L IS USM' };

let jpegWithExif: Buffer;
beforeAll(async () => {
  jpegWithExif = await makeJpeg(640, 480, { ...EXIF, offsetTimeOriginal: '+09:00', orientation: 6 });
});

describe('readPhotoMeta on JPEG', () => {
  it('reads capture time with its EXIF offset, camera, lens, size, orientation', async () => {
    const m = await readPhotoMeta(file(jpegWithExif, 'IMG_0001.JPG'), VN);
    expect(m).toEqual({
      container: 'jpeg',
      capturedAt: '2024-05-01T01:00:00.000Z', // 10:00 at +09:00, the camera's offset, not the box's
      capturedLocal: '2024-05-01T10:00:00',
      captureOffset: '+09:00',
      captureSource: 'DateTimeOriginal',
      make: 'Canon',
      model: 'Canon EOS R6',
      lens: 'RF24-70mm F2.8 L IS USM',
      width: 640,
      height: 480,
      orientation: 6,
      reason: null,
    });
  });

  it('without an offset, the wall time is read in the box zone given', async () => {
    const p = file(await makeJpeg(64, 48, EXIF));
    expect((await readPhotoMeta(p, VN)).capturedAt).toBe('2024-05-01T03:00:00.000Z');
    expect((await readPhotoMeta(p, { timeZone: 'Europe/Berlin' })).capturedAt).toBe('2024-05-01T08:00:00.000Z');
    expect((await readPhotoMeta(p, VN)).captureOffset).toBeNull();
  });

  it('sub-seconds are kept (burst shots sort right)', async () => {
    const m = await readPhotoMeta(file(await makeJpeg(64, 48, { ...EXIF, subSecTimeOriginal: '45' })), VN);
    expect(m.capturedAt).toBe('2024-05-01T03:00:00.450Z');
  });

  it('a JPEG without EXIF: size, no time, reason "no EXIF"', async () => {
    const m = await readPhotoMeta(file(await makePlainJpeg(300, 200)), VN);
    expect(m).toMatchObject({ container: 'jpeg', width: 300, height: 200, capturedAt: null, make: null, reason: 'no EXIF' });
  });

  it('an unset camera clock is reported, the rest is still read', async () => {
    const m = await readPhotoMeta(file(await makeJpeg(64, 48, { ...EXIF, dateTimeOriginal: '0000:00:00 00:00:00' })), VN);
    expect(m.capturedAt).toBeNull();
    expect(m.make).toBe('Canon');
    expect(m.reason).toMatch(/DateTimeOriginal "0000:00:00 00:00:00" is not a date/);
  });

  it('the size comes from the image, not from what EXIF claims', async () => {
    // libvips writes PixelXDimension itself; re-encode a resized copy keeping the old EXIF.
    const resized = await sharp(jpegWithExif).resize(320).keepExif().jpeg().toBuffer();
    const m = await readPhotoMeta(file(resized), VN);
    expect([m.width, m.height]).toEqual([320, 240]);
  });

  it('large APP segments before the frame header (a big ICC profile) do not hide the size', async () => {
    const app2 = Buffer.concat([Buffer.from([0xff, 0xe2, 0xff, 0xff]), noise(0xfffd, 2)]); // 64 KB APP2
    const fat = Buffer.concat([jpegWithExif.subarray(0, 2), app2, app2, app2, jpegWithExif.subarray(2)]);
    const m = await readPhotoMeta(file(fat), VN);
    expect(m).toMatchObject({ width: 640, height: 480, make: 'Canon', reason: null });
  });
});

describe('readPhotoMeta on RAW files', () => {
  let preview: Buffer;
  let thumb: Buffer;
  beforeAll(async () => {
    preview = await makeJpeg(1200, 800);
    thumb = await makeJpeg(160, 120);
  });

  it('CR2-like TIFF: IFD0 + EXIF IFD', async () => {
    const raw = cr2Like(preview, thumb, { ...EXIF, orientation: 8, width: 6000, height: 4000 });
    const m = await readPhotoMeta(file(raw, 'IMG_0001.CR2'), VN);
    expect(m).toMatchObject({ container: 'tiff', make: 'Canon', model: 'Canon EOS R6', capturedAt: '2024-05-01T03:00:00.000Z', lens: EXIF.lens, orientation: 8, width: 6000, height: 4000, reason: null });
  });

  it('NEF-like big-endian TIFF with SubIFDs; without ExifImageWidth the raw IFD gives the size', async () => {
    const raw = subIfdRawLike([preview], { make: 'NIKON CORPORATION', model: 'NIKON Z 6_2', dateTimeOriginal: '2024:12:31 23:59:59', offsetTimeOriginal: '+07:00', orientation: 1 }, { le: false });
    const m = await readPhotoMeta(file(raw, 'DSC_0001.NEF'), VN);
    expect(m).toMatchObject({ container: 'tiff', make: 'NIKON CORPORATION', capturedAt: '2024-12-31T16:59:59.000Z', captureOffset: '+07:00', width: 6048, height: 4024, orientation: 1 });
  });

  it('an EXIF IFD at the end of the file, past the first 256 KB read, is still found', async () => {
    const raw = subIfdRawLike([preview], { make: 'SONY', model: 'ILCE-7M4', dateTimeOriginal: '2024:06:01 08:00:00' }, { gap: 400_000, exifAtEnd: true });
    expect(raw.length).toBeGreaterThan(400_000);
    const m = await readPhotoMeta(file(raw, 'DSC.ARW'), VN);
    expect(m).toMatchObject({ make: 'SONY', capturedAt: '2024-06-01T01:00:00.000Z', reason: null });
  });

  it('RW2 (magic 0x55) and ORF (magic "RO") TIFF variants', async () => {
    const rw2 = rw2Like(await makeJpeg(320, 240, EXIF), { make: 'Panasonic', model: 'DC-S5M2', dateTimeOriginal: '2024:05:01 10:00:00' });
    expect(await readPhotoMeta(file(rw2, 'P1000001.RW2'), VN)).toMatchObject({ container: 'tiff', make: 'Panasonic', capturedAt: '2024-05-01T03:00:00.000Z' });
    const orf = subIfdRawLike([preview], { make: 'OM Digital Solutions', model: 'OM-1', dateTimeOriginal: '2024:05:01 10:00:00' }, { magic: 0x4f52 });
    expect(await readPhotoMeta(file(orf, 'P5010001.ORF'), VN)).toMatchObject({ container: 'tiff', make: 'OM Digital Solutions', capturedAt: '2024-05-01T03:00:00.000Z' });
  });

  it('CR3-like ISO box file: CMT1/CMT2 blocks', async () => {
    const cr3 = cr3Like(thumb, preview, { ...EXIF, model: 'Canon EOS R5', orientation: 6, offsetTimeOriginal: '+02:00', width: 8192, height: 5464 });
    expect(await readPhotoMeta(file(cr3, 'IMG_0001.CR3'), VN)).toEqual({
      container: 'cr3', make: 'Canon', model: 'Canon EOS R5', lens: EXIF.lens, orientation: 6, width: 8192, height: 5464,
      capturedAt: '2024-05-01T08:00:00.000Z', capturedLocal: '2024-05-01T10:00:00', captureOffset: '+02:00', captureSource: 'DateTimeOriginal', reason: null,
    });
  });

  it('a CR3 without the Canon boxes (what a real CR3 from a newer layout might be) gives a reason, not an error', async () => {
    const ftyp = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypcrx \0\0\0\x01crx isom', 'latin1')]);
    const m = await readPhotoMeta(file(Buffer.concat([ftyp, noise(5000, 4)]), 'IMG.CR3'), VN);
    expect(m).toMatchObject({ container: 'cr3', capturedAt: null, reason: 'CR3 without CMT1/CMT2 boxes' });
  });

  it('RAF-like: EXIF from the embedded JPEG', async () => {
    const raf = rafLike(await makeJpeg(480, 320, { make: 'FUJIFILM', model: 'X-T4', dateTimeOriginal: '2024:05:01 10:00:00' }));
    expect(await readPhotoMeta(file(raf, 'DSCF0001.RAF'), VN)).toMatchObject({ container: 'raf', make: 'FUJIFILM', model: 'X-T4', capturedAt: '2024-05-01T03:00:00.000Z', width: 480, height: 320 });
  });
});

describe('readPhotoMeta on HEIF', () => {
  it('HEIF-like with the Exif item in mdat (iloc v0) and in idat (iloc v1)', async () => {
    const f = { make: 'Apple', model: 'iPhone 15', dateTimeOriginal: '2024:05:01 10:00:00', offsetTimeOriginal: '+07:00', width: 4032, height: 3024 };
    for (const exifInIdat of [false, true]) {
      const m = await readPhotoMeta(file(heifLike(f, { exifInIdat }), 'IMG_0001.HEIC'), { timeZone: 'UTC' });
      expect(m, `idat=${exifInIdat}`).toMatchObject({ container: 'heif', make: 'Apple', model: 'iPhone 15', capturedAt: '2024-05-01T03:00:00.000Z', width: 4032, height: 3024, reason: null });
    }
  });

  it('an AVIF written by libheif (through sharp): a real encoder\'s meta/iinf/iloc', async () => {
    const avif = await sharp(await makeJpeg(64, 48)).withExif({ IFD0: { Make: 'Google', Model: 'Pixel 8' }, IFD2: { DateTimeOriginal: '2024:05:01 10:00:00' } }).avif().toBuffer();
    const m = await readPhotoMeta(file(avif, 'PXL.avif'), VN);
    expect(m).toMatchObject({ container: 'heif', make: 'Google', model: 'Pixel 8', capturedAt: '2024-05-01T03:00:00.000Z' });
  });
});

describe('readPhotoMeta never throws', () => {
  const fdCount = () => readdirSync('/proc/self/fd').length;

  it('zero bytes, one byte, random bytes, text, a folder, a missing file, a bad time zone', async () => {
    expect(await readPhotoMeta(file(Buffer.alloc(0)), VN)).toMatchObject({ reason: 'empty file', container: null, capturedAt: null });
    expect((await readPhotoMeta(file(Buffer.from([0xff])), VN)).reason).toBe('unknown file format');
    expect((await readPhotoMeta(file(noise(10_000, 99)), VN)).reason).toBe('unknown file format');
    expect((await readPhotoMeta(file(Buffer.from('hello, this is not a photo')), VN)).reason).toBe('unknown file format');
    expect((await readPhotoMeta(scratch, VN)).reason).toMatch(/^cannot read: EISDIR/);
    expect((await readPhotoMeta(join(scratch, 'nope.jpg'), VN)).reason).toBe('cannot read: ENOENT');
    expect((await readPhotoMeta(file(jpegWithExif), { timeZone: 'Nowhere/Land' })).reason).toBe('unknown time zone Nowhere/Land');
  });

  it('every truncation of a JPEG with EXIF: a result each time, complete once the header is whole', async () => {
    const full = await readMetaFrom(bufferSource(jpegWithExif), VN);
    let complete = 0;
    for (let len = 0; len <= jpegWithExif.length; len += len < 2000 ? 1 : 97) {
      const m = await readMetaFrom(bufferSource(jpegWithExif.subarray(0, len)), VN);
      if (m.capturedAt === full.capturedAt && m.width === 640) complete++;
      else expect(m.reason, `length ${len}`).not.toBeNull();
    }
    expect(complete).toBeGreaterThan(0);
  });

  it('every truncation of RAW-like files', async () => {
    const raws = [
      cr2Like(await makeJpeg(200, 100), await makeJpeg(160, 120), EXIF),
      cr3Like(await makeJpeg(160, 120), await makeJpeg(200, 100), EXIF),
      heifLike(EXIF),
      rafLike(await makeJpeg(100, 100, EXIF)),
    ];
    for (const raw of raws) {
      for (let len = 0; len < Math.min(raw.length, 6000); len += 7) {
        const m = await readMetaFrom(bufferSource(raw.subarray(0, len)), VN);
        expect(m).toHaveProperty('reason');
      }
    }
  });

  it('random corruption of a JPEG and a TIFF RAW never throws (property)', async () => {
    const tiff = cr2Like(await makeJpeg(200, 100), await makeJpeg(160, 120), EXIF);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(jpegWithExif, tiff), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 20 }), async (base, flips) => {
        const b = Buffer.from(base.subarray(0, 4096 + (flips.length * 997) % 4096));
        for (const [at, v] of flips) b[at % b.length] = v;
        const m = await readMetaFrom(bufferSource(b), VN);
        expect(typeof m.reason === 'string' || m.reason === null).toBe(true);
      }),
      { numRuns: 400 },
    );
  });

  it('leaves no file descriptor open, broken files included', async () => {
    const paths = [
      file(Buffer.alloc(0)), file(noise(3000, 5)), file(jpegWithExif.subarray(0, 30)), file(jpegWithExif.subarray(0, 300)),
      file(Buffer.concat([Buffer.from('II*\0', 'latin1'), Buffer.from([0xff, 0xff, 0xff, 0x0f]), noise(100, 6)])),
      file(jpegWithExif),
    ];
    const before = fdCount();
    for (let i = 0; i < 40; i++) for (const p of paths) await readPhotoMeta(p, VN);
    expect(fdCount()).toBe(before);
  });
});
