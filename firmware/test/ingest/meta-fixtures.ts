// Test files for EXIF, preview and thumbnail tests, built from scratch:
// - real JPEGs encoded by sharp, with EXIF written by libvips;
// - RAW-like files: TIFF structures (CR2/NEF/ARW/DNG/RW2/ORF layouts) laid out by a small
//   TIFF writer, holding those JPEGs as previews; CR3-like and HEIF-like ISO box files;
//   a RAF-like file. They have no sensor data (random bytes stand in), which is all our
//   code may ever look at anyway.
import sharp from 'sharp';

export interface ExifFields {
  make?: string;
  model?: string;
  dateTimeOriginal?: string;
  offsetTimeOriginal?: string;
  subSecTimeOriginal?: string;
  lens?: string;
  orientation?: number;
}

/** Four quadrants: top-left red, top-right green, bottom-left blue, bottom-right white. */
export function quadrantPixels(width: number, height: number): Buffer {
  const px = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const top = y < height / 2;
      const left = x < width / 2;
      const [r, g, b] = top ? (left ? [255, 0, 0] : [0, 255, 0]) : left ? [0, 0, 255] : [255, 255, 255];
      px.set([r, g, b], (y * width + x) * 3);
    }
  }
  return px;
}

export type Quadrant = 'red' | 'green' | 'blue' | 'white' | '?';

/** The colours at the centres of the four quadrants of a decoded image: [TL, TR, BL, BR]. */
export async function quadrantsOf(jpeg: Buffer): Promise<{ width: number; height: number; quadrants: Quadrant[] }> {
  const { data, info } = await sharp(jpeg).raw().toBuffer({ resolveWithObject: true });
  const at = (fx: number, fy: number): Quadrant => {
    const i = (Math.floor(fy * info.height) * info.width + Math.floor(fx * info.width)) * info.channels;
    const [r, g, b] = [data[i]!, data[i + 1]!, data[i + 2]!].map((v) => v > 128);
    if (r && g && b) return 'white';
    if (r && !g && !b) return 'red';
    if (!r && g && !b) return 'green';
    if (!r && !g && b) return 'blue';
    return '?';
  };
  return { width: info.width, height: info.height, quadrants: [at(0.25, 0.25), at(0.75, 0.25), at(0.25, 0.75), at(0.75, 0.75)] };
}

/** A real JPEG (sharp/libvips) with the given EXIF. */
export async function makeJpeg(width: number, height: number, exif: ExifFields = {}, options: { progressive?: boolean; quality?: number } = {}): Promise<Buffer> {
  const ifd0: Record<string, string> = {};
  const ifd2: Record<string, string> = {};
  if (exif.make) ifd0.Make = exif.make;
  if (exif.model) ifd0.Model = exif.model;
  if (exif.dateTimeOriginal) ifd2.DateTimeOriginal = exif.dateTimeOriginal;
  if (exif.offsetTimeOriginal) ifd2.OffsetTimeOriginal = exif.offsetTimeOriginal;
  if (exif.subSecTimeOriginal) ifd2.SubSecTimeOriginal = exif.subSecTimeOriginal;
  if (exif.lens) ifd2.LensModel = exif.lens;
  let img = sharp(quadrantPixels(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality: options.quality ?? 85, progressive: options.progressive ?? false });
  if (Object.keys(ifd0).length + Object.keys(ifd2).length > 0) img = img.withExif({ IFD0: ifd0, IFD2: ifd2 });
  if (exif.orientation) img = img.withMetadata({ orientation: exif.orientation });
  return img.toBuffer();
}

/** A JPEG with no APP1 at all (sharp strips metadata by default). */
export async function makePlainJpeg(width: number, height: number): Promise<Buffer> {
  return sharp(quadrantPixels(width, height), { raw: { width, height, channels: 3 } }).jpeg().toBuffer();
}

/** Deterministic noise (a seeded xorshift), standing in for sensor data. */
export function noise(length: number, seed = 1): Buffer {
  const b = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

// ---------------------------------------------------------------------------------------
// A small TIFF writer: IFDs with SHORT/LONG/ASCII/UNDEFINED entries whose values may point to
// blobs or to other IFDs, laid out as header, IFDs (each followed by its out-of-line values),
// then blobs.

export interface BlobRef {
  blob: Buffer;
}
export interface IfdRef {
  entries: TiffEntry[];
}
export type TiffEntry =
  | { tag: number; ascii: string }
  | { tag: number; short: number[] }
  | { tag: number; long: Array<number | BlobRef | IfdRef> }
  /** An UNDEFINED value stored out of line: the blob itself (RW2's JpgFromRaw). */
  | { tag: number; undefinedBlob: BlobRef }
  /** The byte length of a blob, as a LONG (JPEGInterchangeFormatLength, StripByteCounts). */
  | { tag: number; lengthOf: BlobRef };

export interface TiffLayout {
  le?: boolean;
  /** 42 for TIFF; 0x4f52 ORF, 0x55 RW2. */
  magic?: number;
  /** IFD0, IFD1… (the chain). */
  chain: IfdRef[];
  /** Further IFDs reachable by pointers (SubIFDs, EXIF): they must be listed to be laid out. */
  others?: IfdRef[];
  blobs: BlobRef[];
  /** Bytes between the IFDs and the blobs, e.g. to push the blobs past a head read. */
  gap?: number;
  /** IFDs laid out after the blobs (some writers put the EXIF IFD at the end of the file). */
  tail?: IfdRef[];
}

export const blob = (b: Buffer): BlobRef => ({ blob: b });
export const ifd = (...entries: TiffEntry[]): IfdRef => ({ entries });

export function buildTiff(layout: TiffLayout): Buffer {
  const le = layout.le ?? true;
  const ifds = [...layout.chain, ...(layout.others ?? [])];
  const tail = layout.tail ?? [];
  const valueSize = (e: TiffEntry): number => {
    if ('ascii' in e) return e.ascii.length + 1;
    if ('short' in e) return e.short.length * 2;
    if ('long' in e) return e.long.length * 4;
    if ('lengthOf' in e) return 4;
    return e.undefinedBlob.blob.length;
  };
  // Pass 1: positions.
  const ifdAt = new Map<IfdRef, number>();
  let pos = 8;
  const place = (d: IfdRef) => {
    ifdAt.set(d, pos);
    pos += 2 + d.entries.length * 12 + 4;
    for (const e of d.entries) {
      if ('undefinedBlob' in e) continue;
      const s = valueSize(e);
      if (s > 4) pos += s + (s & 1);
    }
  };
  for (const d of ifds) place(d);
  pos += layout.gap ?? 0;
  const blobAt = new Map<BlobRef, number>();
  for (const b of layout.blobs) {
    blobAt.set(b, pos);
    pos += b.blob.length + (b.blob.length & 1);
  }
  for (const d of tail) place(d);
  ifds.push(...tail);
  const out = Buffer.alloc(pos);
  const w16 = (v: number, at: number) => (le ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const w32 = (v: number, at: number) => (le ? out.writeUInt32LE(v >>> 0, at) : out.writeUInt32BE(v >>> 0, at));
  out.write(le ? 'II' : 'MM', 0, 'latin1');
  w16(layout.magic ?? 42, 2);
  w32(ifdAt.get(layout.chain[0]!)!, 4);
  const resolve = (v: number | BlobRef | IfdRef): number => {
    if (typeof v === 'number') return v;
    if ('blob' in v) {
      const at = blobAt.get(v);
      if (at === undefined) throw new Error('blob not listed in layout.blobs');
      return at;
    }
    const at = ifdAt.get(v);
    if (at === undefined) throw new Error('IFD not listed in layout.chain/others');
    return at;
  };
  // Pass 2: bytes.
  for (const d of ifds) {
    const at = ifdAt.get(d)!;
    const sorted = [...d.entries].sort((a, b) => a.tag - b.tag);
    w16(sorted.length, at);
    let extra = at + 2 + sorted.length * 12 + 4;
    for (const [i, e] of sorted.entries()) {
      const p = at + 2 + i * 12;
      w16(e.tag, p);
      let bytes: Buffer;
      let type: number;
      let count: number;
      if ('ascii' in e) {
        type = 2;
        count = e.ascii.length + 1;
        bytes = Buffer.concat([Buffer.from(e.ascii, 'latin1'), Buffer.alloc(1)]);
      } else if ('short' in e) {
        type = 3;
        count = e.short.length;
        bytes = Buffer.alloc(count * 2);
        e.short.forEach((v, j) => (le ? bytes.writeUInt16LE(v, j * 2) : bytes.writeUInt16BE(v, j * 2)));
      } else if ('long' in e || 'lengthOf' in e) {
        const values = 'long' in e ? e.long.map(resolve) : [e.lengthOf.blob.length];
        type = 4;
        count = values.length;
        bytes = Buffer.alloc(count * 4);
        values.forEach((v, j) => (le ? bytes.writeUInt32LE(v >>> 0, j * 4) : bytes.writeUInt32BE(v >>> 0, j * 4)));
      } else {
        type = 7;
        count = e.undefinedBlob.blob.length;
        w16(type, p + 2);
        w32(count, p + 4);
        w32(resolve(e.undefinedBlob), p + 8);
        continue;
      }
      w16(type, p + 2);
      w32(count, p + 4);
      if (bytes.length <= 4) {
        bytes.copy(out, p + 8);
      } else {
        w32(extra, p + 8);
        bytes.copy(out, extra);
        extra += bytes.length + (bytes.length & 1);
      }
    }
    w32(0, at + 2 + sorted.length * 12); // next IFD, patched below for the chain
  }
  for (let i = 0; i + 1 < layout.chain.length; i++) {
    const d = layout.chain[i]!;
    w32(ifdAt.get(layout.chain[i + 1]!)!, ifdAt.get(d)! + 2 + d.entries.length * 12);
  }
  for (const b of layout.blobs) b.blob.copy(out, blobAt.get(b)!);
  return out;
}

/** EXIF IFD entries for the usual fields. */
export function exifEntries(f: ExifFields & { width?: number; height?: number }): TiffEntry[] {
  const e: TiffEntry[] = [];
  if (f.dateTimeOriginal) e.push({ tag: 0x9003, ascii: f.dateTimeOriginal });
  if (f.offsetTimeOriginal) e.push({ tag: 0x9011, ascii: f.offsetTimeOriginal });
  if (f.subSecTimeOriginal) e.push({ tag: 0x9291, ascii: f.subSecTimeOriginal });
  if (f.lens) e.push({ tag: 0xa434, ascii: f.lens });
  if (f.width) e.push({ tag: 0xa002, long: [f.width] });
  if (f.height) e.push({ tag: 0xa003, long: [f.height] });
  return e;
}

export function ifd0Entries(f: ExifFields): TiffEntry[] {
  const e: TiffEntry[] = [];
  if (f.make) e.push({ tag: 0x10f, ascii: f.make });
  if (f.model) e.push({ tag: 0x110, ascii: f.model });
  if (f.orientation) e.push({ tag: 0x112, short: [f.orientation] });
  return e;
}

/** A lossless-JPEG-looking blob (SOI, DQT-less SOF3, SOS, data, EOI), like CR2/DNG raw data. */
export function losslessJpegLike(width: number, height: number, bodyLength: number): Buffer {
  const sof3 = Buffer.from([0xff, 0xc3, 0x00, 0x0e, 0x0e, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x02, 0x01, 0x11, 0x00, 0x02, 0x11, 0x00]);
  const sos = Buffer.from([0xff, 0xda, 0x00, 0x0a, 0x02, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x00]);
  const body = noise(bodyLength, 7).map((v) => (v === 0xff ? 0xfe : v));
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof3, sos, Buffer.from(body), Buffer.from([0xff, 0xd9])]);
}

export interface RawLikeOptions extends ExifFields {
  width?: number;
  height?: number;
}

/**
 * A CR2-like file: IFD0 = full-size JPEG in one strip (Compression 6) + make/model/orientation
 * + EXIF pointer; IFD1 = small thumbnail via JPEGInterchangeFormat; IFD2 = raw data (lossless).
 */
export function cr2Like(previewJpeg: Buffer, thumbJpeg: Buffer, f: RawLikeOptions): Buffer {
  const preview = blob(previewJpeg);
  const thumb = blob(thumbJpeg);
  const raw = blob(losslessJpegLike(6000, 4000, 200_000));
  const exif = ifd(...exifEntries(f));
  const ifd0 = ifd(
    ...ifd0Entries(f),
    { tag: 0x103, short: [6] },
    { tag: 0x111, long: [preview] },
    { tag: 0x117, lengthOf: preview },
    { tag: 0x8769, long: [exif] },
  );
  const ifd1 = ifd({ tag: 0x103, short: [6] }, { tag: 0x201, long: [thumb] }, { tag: 0x202, lengthOf: thumb });
  const ifd2 = ifd({ tag: 0x103, short: [6] }, { tag: 0x111, long: [raw] }, { tag: 0x117, lengthOf: raw });
  return buildTiff({ chain: [ifd0, ifd1, ifd2], others: [exif], blobs: [preview, thumb, raw] });
}

/** A NEF/ARW/DNG-like file: IFD0 tiny, previews and raw data in SubIFDs. Big-endian when asked (NEF is). */
export function subIfdRawLike(previews: Buffer[], f: RawLikeOptions, options: { le?: boolean; magic?: number; gap?: number; exifAtEnd?: boolean } = {}): Buffer {
  const blobs = previews.map(blob);
  const raw = blob(losslessJpegLike(6048, 4024, 100_000));
  const subs = blobs.map((b) => ifd({ tag: 0xfe, long: [1] }, { tag: 0x103, short: [6] }, { tag: 0x201, long: [b] }, { tag: 0x202, lengthOf: b }));
  const rawIfd = ifd({ tag: 0xfe, long: [0] }, { tag: 0x100, long: [6048] }, { tag: 0x101, long: [4024] }, { tag: 0x103, short: [7] }, { tag: 0x111, long: [raw] }, { tag: 0x117, lengthOf: raw });
  const exif = ifd(...exifEntries(f));
  const ifd0 = ifd(
    { tag: 0xfe, long: [1] },
    { tag: 0x100, long: [160] },
    { tag: 0x101, long: [120] },
    ...ifd0Entries(f),
    { tag: 0x14a, long: [...subs, rawIfd] },
    { tag: 0x8769, long: [exif] },
  );
  return buildTiff({
    le: options.le, magic: options.magic, chain: [ifd0], gap: options.gap,
    others: options.exifAtEnd ? [...subs, rawIfd] : [...subs, rawIfd, exif],
    tail: options.exifAtEnd ? [exif] : [],
    blobs: [...blobs, raw],
  });
}

/** An RW2-like file: magic 0x55, the preview as tag 0x2E (a whole JPEG with its own EXIF). */
export function rw2Like(jpegWithExif: Buffer, f: RawLikeOptions): Buffer {
  const jpg = blob(jpegWithExif);
  const exif = ifd(...exifEntries(f));
  const ifd0 = ifd(...ifd0Entries(f), { tag: 0x2e, undefinedBlob: jpg }, { tag: 0x8769, long: [exif] });
  return buildTiff({ magic: 0x55, chain: [ifd0], others: [exif], blobs: [jpg, blob(noise(50_000, 3))] });
}

// ---------------------------------------------------------------------------------------
// ISO boxes.

export function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const h = Buffer.alloc(8);
  h.writeUInt32BE(8 + body.length, 0);
  h.write(type, 4, 'latin1');
  return Buffer.concat([h, body]);
}

export function uuidBox(uuidHex: string, ...payload: Buffer[]): Buffer {
  return box('uuid', Buffer.from(uuidHex, 'hex'), ...payload);
}

const u32be = (v: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v, 0);
  return b;
};
const u16be = (v: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v, 0);
  return b;
};

/** A TIFF of one IFD with the given entries (CR3's CMT boxes). */
export function singleIfdTiff(entries: TiffEntry[]): Buffer {
  return buildTiff({ chain: [ifd(...entries)], blobs: [] });
}

/** A CR3-like file laid out as lclevy/canon_cr3 documents it. */
export function cr3Like(thumbJpeg: Buffer, previewJpeg: Buffer, f: RawLikeOptions): Buffer {
  const thmbHeader = Buffer.concat([Buffer.from([0, 0, 0, 0]), u16be(160), u16be(120), u32be(thumbJpeg.length), u16be(0), u16be(1)]);
  const canon = uuidBox(
    '85c0b687820f11e08111f4ce462b6a48',
    box('CNCV', Buffer.from('CanonCR3_001/00.09.00/00.00.00', 'latin1')),
    box('CMT1', singleIfdTiff(ifd0Entries(f))),
    box('CMT2', singleIfdTiff(exifEntries(f))),
    box('CMT3', noise(64, 5)),
    box('THMB', thmbHeader, thumbJpeg),
  );
  const moov = box('moov', canon, box('mvhd', Buffer.alloc(100)), box('trak', Buffer.alloc(50)));
  const prvwHeader = Buffer.concat([u32be(0), u16be(1), u16be(1620), u16be(1080), u16be(1), u32be(previewJpeg.length)]);
  const preview = uuidBox('eaf42b5e1c984b88b9fbb7dc406e4d16', Buffer.alloc(8), box('PRVW', prvwHeader, previewJpeg));
  const ftyp = box('ftyp', Buffer.from('crx ', 'latin1'), u32be(1), Buffer.from('crx isom', 'latin1'));
  return Buffer.concat([ftyp, moov, preview, box('mdat', noise(100_000, 9))]);
}

/** A HEIF-like file: meta (iinf with an Exif item, iloc pointing into mdat), version-0 iloc with 4-byte offsets. */
export function heifLike(f: RawLikeOptions, options: { exifInIdat?: boolean } = {}): Buffer {
  const tiff = exifTiff(f);
  const exifPayload = Buffer.concat([u32be(6), Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const ftyp = box('ftyp', Buffer.from('heic', 'latin1'), u32be(0), Buffer.from('mif1heic', 'latin1'));
  const infe = (id: number, type: string) => box('infe', Buffer.from([2, 0, 0, 0]), u16be(id), u16be(0), Buffer.from(type, 'latin1'), Buffer.from([0]));
  const iinf = box('iinf', Buffer.from([0, 0, 0, 0]), u16be(2), infe(1, 'hvc1'), infe(2, 'Exif'));
  const hdlr = box('hdlr', Buffer.alloc(4), Buffer.alloc(4), Buffer.from('pict', 'latin1'), Buffer.alloc(13));
  const image = noise(3000, 11);
  // iloc is laid out with placeholder offsets, then patched once the mdat position is known.
  const ilocFor = (imageAt: number, exifAt: number, method: number) => {
    if (method === 1) {
      // version 1: construction_method per item
      return box('iloc', Buffer.from([1, 0, 0, 0]), Buffer.from([0x44, 0x00]), u16be(2),
        u16be(1), u16be(0), u16be(0), u16be(1), u32be(imageAt), u32be(image.length),
        u16be(2), u16be(1), u16be(0), u16be(1), u32be(exifAt), u32be(exifPayload.length));
    }
    return box('iloc', Buffer.from([0, 0, 0, 0]), Buffer.from([0x44, 0x00]), u16be(2),
      u16be(1), u16be(0), u16be(1), u32be(imageAt), u32be(image.length),
      u16be(2), u16be(0), u16be(1), u32be(exifAt), u32be(exifPayload.length));
  };
  if (options.exifInIdat) {
    const idat = box('idat', exifPayload);
    const metaLen = (iloc: Buffer) => box('meta', Buffer.alloc(4), hdlr, iinf, iloc, idat).length;
    const probe = ilocFor(0, 0, 1);
    const mdatAt = ftyp.length + metaLen(probe);
    const iloc = ilocFor(mdatAt + 8, 0, 1);
    return Buffer.concat([ftyp, box('meta', Buffer.alloc(4), hdlr, iinf, iloc, idat), box('mdat', image)]);
  }
  const metaLen = box('meta', Buffer.alloc(4), hdlr, iinf, ilocFor(0, 0, 0)).length;
  const mdatAt = ftyp.length + metaLen;
  const iloc = ilocFor(mdatAt + 8, mdatAt + 8 + image.length, 0);
  return Buffer.concat([ftyp, box('meta', Buffer.alloc(4), hdlr, iinf, iloc), box('mdat', image, exifPayload)]);
}

/** A TIFF with IFD0 (make/model/orientation) and an EXIF IFD: what a JPEG's APP1 or a HEIF Exif item holds. */
export function exifTiff(f: RawLikeOptions): Buffer {
  const exif = ifd(...exifEntries(f));
  return buildTiff({ chain: [ifd(...ifd0Entries(f), { tag: 0x8769, long: [exif] })], others: [exif], blobs: [] });
}

/** A RAF-like file: the Fujifilm header with the embedded JPEG's offset and length at 84/88. */
export function rafLike(jpegWithExif: Buffer): Buffer {
  const header = Buffer.alloc(160);
  header.write('FUJIFILMCCD-RAW 0201FF383501', 0, 'latin1');
  header.write('X-T4', 28, 'latin1');
  header.writeUInt32BE(160, 84);
  header.writeUInt32BE(jpegWithExif.length, 88);
  return Buffer.concat([header, jpegWithExif, noise(40_000, 13)]);
}

/**
 * A camera JPEG with a Multi-Picture Format preview: an APP2 "MPF\0" block (TIFF-structured,
 * MP entry table at tag 0xB002) inserted after the main image's APP1, and the preview JPEG
 * appended after the main image's EOI, as Canon, Nikon and Sony write them.
 */
export function withMpfPreview(main: Buffer, preview: Buffer): Buffer {
  // APP2 payload: "MPF\0" + TIFF header + IFD of 3 entries + MP entries (2 x 16 bytes).
  const tiff = Buffer.alloc(8 + 2 + 3 * 12 + 4 + 32);
  tiff.write('II*\0', 0, 'latin1');
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(3, 8);
  const entry = (i: number, tag: number, type: number, count: number, value: number | Buffer) => {
    const at = 10 + i * 12;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (typeof value === 'number') tiff.writeUInt32LE(value, at + 8);
    else value.copy(tiff, at + 8);
  };
  const tableAt = 10 + 3 * 12 + 4;
  entry(0, 0xb000, 7, 4, Buffer.from('0100', 'latin1'));
  entry(1, 0xb001, 4, 1, 2);
  entry(2, 0xb002, 7, 32, tableAt);
  const app2 = (mpTiff: Buffer) => {
    const payload = Buffer.concat([Buffer.from('MPF\0', 'latin1'), mpTiff]);
    const h = Buffer.from([0xff, 0xe2, 0, 0]);
    h.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([h, payload]);
  };
  // Insert after SOI and the APP1 (if any), which EXIF wants first.
  let at = 2;
  if (main[2] === 0xff && main[3] === 0xe1) at = 4 + main.readUInt16BE(4);
  const mainLen = main.length + app2(tiff).length;
  const tiffStart = at + 4 + 4; // marker + length, "MPF\0"
  tiff.writeUInt32LE(0x20030000, tableAt); // first image: baseline primary
  tiff.writeUInt32LE(mainLen, tableAt + 4);
  tiff.writeUInt32LE(0, tableAt + 8);
  tiff.writeUInt32LE(0x00010002, tableAt + 16); // second: large thumbnail
  tiff.writeUInt32LE(preview.length, tableAt + 20);
  tiff.writeUInt32LE(mainLen - tiffStart, tableAt + 24);
  return Buffer.concat([main.subarray(0, at), app2(tiff), main.subarray(at), preview]);
}
