// Embedded JPEG previews inside RAW files: where they are, how big, and which one to use.
//
// No decoder here understands sensor data, but every RAW format carries JPEGs the camera
// rendered itself (that is what its own screen shows). We find them in two ways:
// 1. By structure (fast: a few small reads):
//    - TIFF-based (CR2, NEF, ARW, DNG, PEF, SRW, ORF, RW2, 3FR, IIQ…): every IFD and SubIFD
//      with a JPEGInterchangeFormat/Length pair (NEF's full-size JpgFromRaw, ARW's 1616x1080
//      PreviewImage, the IFD1 thumbnail) or a single JPEG-compressed strip (CR2's IFD0
//      full-size JPEG, DNG's preview SubIFD), and RW2's JpgFromRaw tag (0x2E).
//    - CR3: the THMB (160x120) and PRVW (1620x1080) boxes. The full-size JPEG of the first
//      track is not used: PRVW is already larger than our biggest thumbnail.
//    - RAF: the JPEG whose offset and length the header gives.
//    - JPEG (a camera's own): the image itself, and the screen-size preview many cameras
//      append after it, indexed by the APP2 "MPF" block (CIPA DC-007). Decoding that
//      1620x1080-class preview instead of 24 MP makes a 1280 px thumbnail several times
//      cheaper; the photo's own EXIF orientation applies to it.
// 2. By scanning (fallback, reads the whole file, bounded): every FF D8 FF whose header
//    parses as a baseline/progressive JPEG with quantisation tables and a sane size, ended
//    by walking its scans to EOI. This covers makers' formats we do not parse (CRW, X3F,
//    MRW, ORF previews kept in maker notes) and RAWs whose IFDs are damaged.
// Lossless JPEG (SOF3: the raw data of CR2 and DNG) is rejected: sharp cannot decode it.
// Limits: previews inside maker notes (Olympus, some Pentax) are only found by the scan;
// a preview written as uncompressed RGB strips (old DNGs, NEF IFD0 160x120) is not used.
import { type ByteSource, bufferSource, u32, sliceSource } from './byte-source.js';
import { sniffContainer } from './container.js';
import { firstIfdOfTiff } from './exif-tags.js';
import { locateCr3 } from './isobmff.js';
import { findJpegEnd, isPlausiblePreview, readJpegHeader } from './jpeg-structure.js';
import { TAG, readUint, readUints, walkTiff } from './tiff-structure.js';

export interface PreviewCandidate {
  offset: number;
  length: number;
  width: number;
  height: number;
  /** Where it came from ("ifd0.sub0 jpeg", "cr3 jpeg1", "mpf1", "scan"), for logs and tests. */
  where: string;
}

export interface PreviewFind {
  candidates: PreviewCandidate[];
  /**
   * The file's own EXIF orientation (a RAW's embedded JPEGs, a JPEG's MPF preview, are stored
   * as the sensor saw them); null when unknown.
   */
  orientation: number | null;
  method: 'structure' | 'scan' | 'none';
}

interface Located {
  offset: number;
  length: number;
  where: string;
}

export interface FindPreviewOptions {
  /** Scan the whole file when the structure gives nothing usable. Default true. */
  scan?: boolean;
  /** Files larger than this are not scanned (a medium-format RAW can pass 200 MB). */
  maxScanBytes?: number;
}

/** Candidates whose header proves them decodable JPEGs, sized from their SOF. */
async function validate(src: ByteSource, located: Located[]): Promise<PreviewCandidate[]> {
  const out: PreviewCandidate[] = [];
  const seen = new Set<number>();
  for (const l of located) {
    if (seen.has(l.offset) || l.length < 128 || l.offset + l.length > src.size) continue;
    seen.add(l.offset);
    const { result } = await readJpegHeader(sliceSource(src, l.offset, l.length));
    if (result.ok && isPlausiblePreview(result.header)) {
      out.push({ ...l, width: result.header.width, height: result.header.height });
    }
  }
  return out;
}

async function locateInTiff(src: ByteSource): Promise<{ located: Located[]; orientation: number | null }> {
  const walk = await walkTiff(src);
  if (!walk) return { located: [], orientation: null };
  const { le } = walk.header;
  const located: Located[] = [];
  for (const ifd of walk.ifds) {
    const e = ifd.entries;
    const jpegAt = await readUint(src, e.get(TAG.JpegOffset), le);
    const jpegLen = await readUint(src, e.get(TAG.JpegLength), le);
    if (jpegAt !== null && jpegLen) located.push({ offset: jpegAt, length: jpegLen, where: `${ifd.path} jpeg` });
    const compression = await readUint(src, e.get(TAG.Compression), le);
    if (compression === 6 || compression === 7) {
      const offsets = await readUints(src, e.get(TAG.StripOffsets), le, 2);
      const counts = await readUints(src, e.get(TAG.StripByteCounts), le, 2);
      if (offsets.length === 1 && counts.length === 1 && counts[0]) located.push({ offset: offsets[0]!, length: counts[0], where: `${ifd.path} strip` });
    }
    const rw2 = e.get(TAG.Rw2JpgFromRaw);
    if (rw2 && (rw2.type === 7 || rw2.type === 1) && rw2.count > 0) located.push({ offset: rw2.valueAt, length: rw2.count, where: `${ifd.path} rw2` });
  }
  const ifd0 = walk.ifds[0];
  const orientation = ifd0 ? await readUint(src, ifd0.entries.get(TAG.Orientation), le) : null;
  return { located, orientation: orientation !== null && orientation >= 1 && orientation <= 8 ? orientation : null };
}

async function locateInCr3(src: ByteSource): Promise<{ located: Located[]; orientation: number | null }> {
  const cr3 = await locateCr3(src);
  let orientation: number | null = null;
  if (cr3.cmt1 && cr3.cmt1.length <= 1024 * 1024) {
    const o = (await firstIfdOfTiff(await src.read(cr3.cmt1.offset, cr3.cmt1.length))).tags[TAG.Orientation];
    if (typeof o === 'number' && o >= 1 && o <= 8) orientation = o;
  }
  return { located: cr3.jpegs.map((j, i) => ({ ...j, where: `cr3 jpeg${i}` })), orientation };
}

async function orientationOfTiff(tiff: Uint8Array): Promise<number | null> {
  const walk = await walkTiff(bufferSource(tiff));
  const ifd0 = walk?.ifds[0];
  const o = ifd0 ? await readUint(bufferSource(tiff), ifd0.entries.get(TAG.Orientation), walk!.header.le) : null;
  return o !== null && o >= 1 && o <= 8 ? o : null;
}

/** MP entry table (tag 0xB002): 16 bytes per image, size at +4 and offset at +8 (from the MPF block's start; 0 = the first image). */
const MP_ENTRY = 0xb002;

async function locateInJpeg(src: ByteSource): Promise<{ located: Located[]; orientation: number | null }> {
  const located: Located[] = [{ offset: 0, length: src.size, where: 'file' }];
  const { result, bytes } = await readJpegHeader(src);
  if (!result.ok) return { located, orientation: null };
  const { exif, mpf } = result.header;
  const orientation = exif ? await orientationOfTiff(bytes.subarray(exif.offset, exif.offset + exif.length)) : null;
  if (mpf) {
    const block = bytes.subarray(mpf.offset, mpf.offset + mpf.length);
    const walk = await walkTiff(bufferSource(block));
    const entry = walk?.ifds[0]?.entries.get(MP_ENTRY);
    if (walk && entry && entry.type === 7) {
      const table = await bufferSource(block).read(entry.valueAt, Math.min(entry.count, 16 * 16));
      for (let i = 0; (i + 1) * 16 <= table.length; i++) {
        const size = u32(table, i * 16 + 4, walk.header.le);
        const offset = u32(table, i * 16 + 8, walk.header.le);
        if (size && offset) located.push({ offset: mpf.offset + offset, length: size, where: `mpf${i}` });
      }
    }
  }
  return { located, orientation };
}

async function locateInRaf(src: ByteSource): Promise<Located[]> {
  const h = await src.read(0, 92);
  const offset = u32(h, 84, false);
  const length = u32(h, 88, false);
  return offset && length ? [{ offset, length, where: 'raf jpeg' }] : [];
}

/** Every plausible embedded JPEG found by reading the file front to back. */
export async function scanForJpegs(src: ByteSource, maxBytes: number): Promise<PreviewCandidate[]> {
  const limit = Math.min(src.size, maxBytes);
  const out: PreviewCandidate[] = [];
  const CHUNK = 1024 * 1024;
  let pos = 0;
  let checked = 0;
  while (pos < limit && checked < 500) {
    const chunk = await src.read(pos, Math.min(CHUNK + 2, limit - pos));
    if (chunk.length < 3) break;
    let next = pos + Math.max(1, chunk.length - 2);
    for (let i = chunk.indexOf(0xff); i >= 0 && i + 2 < chunk.length; i = chunk.indexOf(0xff, i + 1)) {
      if (chunk[i + 1] !== 0xd8 || chunk[i + 2] !== 0xff) continue;
      checked++;
      const at = pos + i;
      const { result } = await readJpegHeader(sliceSource(src, at, src.size - at), 512 * 1024);
      if (!result.ok || !isPlausiblePreview(result.header)) continue;
      const end = await findJpegEnd(src, at, src.size - at);
      if (end === null) continue;
      out.push({ offset: at, length: end - at, width: result.header.width, height: result.header.height, where: 'scan' });
      next = end; // carry on after this JPEG: what is inside it is its own thumbnail at best
      break;
    }
    pos = next;
  }
  return out;
}

/** Finds the embedded previews of a RAW (or any) file. Throws only on I/O errors. */
export async function findPreviews(src: ByteSource, options: FindPreviewOptions = {}): Promise<PreviewFind> {
  const head = await src.read(0, 128);
  const container = sniffContainer(head);
  let located: Located[] = [];
  let orientation: number | null = null;
  if (container === 'tiff') ({ located, orientation } = await locateInTiff(src));
  else if (container === 'cr3') ({ located, orientation } = await locateInCr3(src));
  else if (container === 'raf') located = await locateInRaf(src);
  else if (container === 'jpeg') ({ located, orientation } = await locateInJpeg(src));
  const candidates = await validate(src, located);
  if (candidates.length > 0) return { candidates, orientation, method: 'structure' };
  if (options.scan === false || src.size > (options.maxScanBytes ?? 256 * 1024 * 1024)) return { candidates: [], orientation, method: 'none' };
  const scanned = await scanForJpegs(src, options.maxScanBytes ?? 256 * 1024 * 1024);
  return { candidates: scanned, orientation, method: scanned.length > 0 ? 'scan' : 'none' };
}

/**
 * Pure: the preview to decode for a thumbnail whose long side is `longSide`: the smallest
 * one at least that big (decoding a 24 MP preview for a 1280 px thumbnail is wasted work on a
 * Pi), else the largest there is. Null when there is none.
 */
export function choosePreview(candidates: readonly PreviewCandidate[], longSide: number): PreviewCandidate | null {
  const byArea = [...candidates].sort((a, b) => a.width * a.height - b.width * b.height);
  return byArea.find((c) => Math.max(c.width, c.height) >= longSide) ?? byArea.at(-1) ?? null;
}
