// ISO base media file format boxes (HEIC/HEIF photos, Canon CR3) over a ByteSource.
//
// exifr reads HEIC itself only when the whole file is in memory (it follows `iloc` to an
// offset anywhere in the file) and does not know CR3 at all. Both keep EXIF as TIFF blocks
// we can locate with a few boxes, then hand to exifr:
// - HEIF: meta/iinf names an item of type "Exif", meta/iloc says where its bytes are; the
//   item starts with a 32-bit offset to the TIFF header (ISO/IEC 23008-12 annex A).
// - CR3 (layout documented by Laurent Clévy, github.com/lclevy/canon_cr3): moov holds a
//   uuid box 85c0b687-820f-11e0-8111-f4ce462b6a48 whose CMT1 (IFD0), CMT2 (EXIF IFD) and
//   CMT4 (GPS) boxes are each a complete little TIFF, and a THMB box with a 160x120 JPEG; a
//   top-level uuid box eaf42b5e-1c98-4b88-b9fb-b7dc406e4d16 holds PRVW, a 1620x1080 JPEG.
import { type ByteSource, ascii, u16, u32, u64be } from './byte-source.js';

export interface Box {
  type: string;
  /** Offset of the box header. */
  start: number;
  /** Offset of the payload (after size, type, large size and uuid). */
  dataStart: number;
  /** One past the last byte. */
  end: number;
  /** Lower-case hex without dashes, for "uuid" boxes. */
  uuid: string | null;
}

/** The boxes laid end to end in [from, to); stops at the first one that does not fit. */
export async function readBoxes(src: ByteSource, from: number, to: number, max = 512): Promise<Box[]> {
  const boxes: Box[] = [];
  let pos = from;
  while (pos + 8 <= to && boxes.length < max) {
    const h = await src.read(pos, 32);
    let size = u32(h, 0, false);
    const type = ascii(h, 4, 4);
    if (size === undefined || h.length < 8) break;
    let header = 8;
    if (size === 1) {
      const big = u64be(h, 8);
      if (big === undefined) break;
      size = big;
      header = 16;
    } else if (size === 0) {
      size = to - pos; // runs to the end of its container
    }
    if (size < header || pos + size > to) break;
    let uuid: string | null = null;
    if (type === 'uuid') {
      if (size < header + 16) break;
      uuid = Buffer.from(h.subarray(header, header + 16)).toString('hex');
      header += 16;
    }
    boxes.push({ type, start: pos, dataStart: pos + header, end: pos + size, uuid });
    pos += size;
  }
  return boxes;
}

export async function childBoxes(src: ByteSource, parent: Box, skip = 0): Promise<Box[]> {
  return readBoxes(src, parent.dataStart + skip, parent.end);
}

/** The major brand and compatible brands of the leading ftyp box, or null when there is none. */
export function ftypBrands(head: Uint8Array): string[] | null {
  const size = u32(head, 0, false);
  if (size === undefined || ascii(head, 4, 4) !== 'ftyp' || size < 16 || size > 4096) return null;
  const brands = [ascii(head, 8, 4)];
  for (let at = 16; at + 4 <= Math.min(size, head.length); at += 4) brands.push(ascii(head, at, 4));
  return brands;
}

export interface ByteRange {
  offset: number;
  length: number;
}

/** Reads a sized unsigned integer (0, 4 or 8 bytes) for iloc. */
function uintN(b: Uint8Array, at: number, n: number): number | undefined {
  if (n === 0) return 0;
  if (n === 4) return u32(b, at, false);
  if (n === 8) return u64be(b, at);
  return undefined;
}

/**
 * Where the EXIF TIFF block of a HEIF file is (past the item's offset prefix), or null with
 * the reason. Supports iloc versions 0-2 with construction method 0 (file offsets) and 1 (idat).
 */
export async function locateHeifExif(src: ByteSource): Promise<ByteRange | { error: string }> {
  const top = await readBoxes(src, 0, src.size, 64);
  const meta = top.find((b) => b.type === 'meta');
  if (!meta) return { error: 'HEIF without a meta box' };
  if (meta.end - meta.start > 4 * 1024 * 1024) return { error: 'HEIF meta box too large' };
  const children = await childBoxes(src, meta, 4); // full box: version + flags
  const iinf = children.find((b) => b.type === 'iinf');
  const iloc = children.find((b) => b.type === 'iloc');
  const idat = children.find((b) => b.type === 'idat');
  if (!iinf || !iloc) return { error: 'HEIF without iinf/iloc' };

  // iinf: which item id is the Exif block.
  const ib = await src.read(iinf.dataStart, iinf.end - iinf.dataStart);
  const iinfVersion = ib[0] ?? 0;
  const infes = await readBoxes(src, iinf.dataStart + 4 + (iinfVersion === 0 ? 2 : 4), iinf.end);
  let exifId: number | null = null;
  for (const infe of infes) {
    if (infe.type !== 'infe') continue;
    const e = await src.read(infe.dataStart, 16);
    const v = e[0] ?? 0;
    if (v < 2) continue;
    const id = v === 2 ? u16(e, 4, false) : u32(e, 4, false);
    const typeAt = v === 2 ? 8 : 10;
    if (id !== undefined && ascii(e, typeAt, 4) === 'Exif') {
      exifId = id;
      break;
    }
  }
  if (exifId === null) return { error: 'HEIF without an Exif item' };

  // iloc: where that item's bytes are.
  const lb = await src.read(iloc.dataStart, iloc.end - iloc.dataStart);
  const v = lb[0] ?? 0;
  const offsetSize = (lb[4] ?? 0) >> 4;
  const lengthSize = (lb[4] ?? 0) & 15;
  const baseOffsetSize = (lb[5] ?? 0) >> 4;
  const indexSize = v === 1 || v === 2 ? (lb[5] ?? 0) & 15 : 0;
  let p = 6;
  const itemCount = v < 2 ? u16(lb, p, false) : u32(lb, p, false);
  p += v < 2 ? 2 : 4;
  for (let i = 0; i < (itemCount ?? 0) && p < lb.length; i++) {
    const id = v < 2 ? u16(lb, p, false) : u32(lb, p, false);
    p += v < 2 ? 2 : 4;
    let method = 0;
    if (v === 1 || v === 2) {
      method = (u16(lb, p, false) ?? 0) & 15;
      p += 2;
    }
    p += 2; // data_reference_index
    const baseOffset = uintN(lb, p, baseOffsetSize);
    p += baseOffsetSize;
    const extents = u16(lb, p, false) ?? 0;
    p += 2;
    let first: ByteRange | null = null;
    for (let x = 0; x < extents; x++) {
      p += indexSize;
      const off = uintN(lb, p, offsetSize);
      p += offsetSize;
      const len = uintN(lb, p, lengthSize);
      p += lengthSize;
      if (x === 0 && off !== undefined && len !== undefined) first = { offset: off, length: len };
    }
    if (id !== exifId) continue;
    if (!first || baseOffset === undefined) return { error: 'HEIF Exif item without a location' };
    if (extents !== 1) return { error: 'HEIF Exif item in several extents' };
    let start = baseOffset + first.offset;
    if (method === 1) {
      if (!idat) return { error: 'HEIF Exif item in a missing idat box' };
      start += idat.dataStart;
    } else if (method !== 0) {
      return { error: `HEIF Exif item with construction method ${method}` };
    }
    const length = first.length === 0 ? src.size - start : first.length;
    // The item begins with the offset of the TIFF header from the end of this field.
    const prefix = await src.read(start, 4);
    const skip = u32(prefix, 0, false);
    if (skip === undefined || skip + 4 > length || start + length > src.size) return { error: 'HEIF Exif item outside the file' };
    return { offset: start + 4 + skip, length: length - 4 - skip };
  }
  return { error: 'HEIF Exif item not in iloc' };
}

const CANON_MOOV_UUID = '85c0b687820f11e08111f4ce462b6a48';
const CANON_PREVIEW_UUID = 'eaf42b5e1c984b88b9fbb7dc406e4d16';

export interface Cr3Layout {
  /** TIFF blocks: CMT1 = IFD0 (make, model, orientation), CMT2 = EXIF IFD. */
  cmt1: ByteRange | null;
  cmt2: ByteRange | null;
  /** Embedded JPEGs: THMB (160x120) and PRVW (1620x1080), from their SOI to their box end. */
  jpegs: ByteRange[];
}

/** Finds the first JPEG SOI in the first bytes of a box's payload; the JPEG runs to the box end. */
async function jpegInBox(src: ByteSource, box: Box): Promise<ByteRange | null> {
  const head = await src.read(box.dataStart, 64);
  for (let i = 0; i + 3 <= head.length; i++) {
    if (head[i] === 0xff && head[i + 1] === 0xd8 && head[i + 2] === 0xff) {
      return { offset: box.dataStart + i, length: box.end - box.dataStart - i };
    }
  }
  return null;
}

export async function locateCr3(src: ByteSource): Promise<Cr3Layout> {
  const out: Cr3Layout = { cmt1: null, cmt2: null, jpegs: [] };
  const top = await readBoxes(src, 0, src.size, 64);
  const moov = top.find((b) => b.type === 'moov');
  const canon = moov ? (await childBoxes(src, moov)).find((b) => b.uuid === CANON_MOOV_UUID) : undefined;
  if (canon) {
    for (const b of await childBoxes(src, canon)) {
      const range = { offset: b.dataStart, length: b.end - b.dataStart };
      if (b.type === 'CMT1') out.cmt1 = range;
      else if (b.type === 'CMT2') out.cmt2 = range;
      else if (b.type === 'THMB') {
        const j = await jpegInBox(src, b);
        if (j) out.jpegs.push(j);
      }
    }
  }
  const preview = top.find((b) => b.uuid === CANON_PREVIEW_UUID);
  if (preview) {
    // 8 bytes of unknown meaning, then the PRVW box.
    for (const b of await readBoxes(src, preview.dataStart + 8, preview.end, 8)) {
      if (b.type !== 'PRVW') continue;
      const j = await jpegInBox(src, b);
      if (j) out.jpegs.push(j);
    }
  }
  return out;
}
