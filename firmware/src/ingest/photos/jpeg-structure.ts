// JPEG marker walking (pure): where the EXIF block is, what size the image is, whether
// sharp's libjpeg can decode it, and where an embedded JPEG ends inside a RAW file.
//
// A JPEG is SOI (FFD8), then marker segments (FFxx + 16-bit length) up to SOS (FFDA), then
// entropy-coded data in which a literal FF is written FF00 and FFD0..FFD7 are restart
// markers; any other FFxx ends the scan. Progressive files have several scans. EOI (FFD9)
// ends the image.
import { type ByteSource, ascii, u16 } from './byte-source.js';

export interface JpegHeader {
  width: number;
  height: number;
  /** The SOFn marker byte (0xC0 baseline, 0xC2 progressive, 0xC3 lossless…). */
  sof: number;
  /**
   * Baseline, extended or progressive Huffman: what libjpeg (and so sharp) decodes. RAW files
   * also hold lossless JPEG (SOF3: Canon CR2, DNG) that no image library here can show.
   */
  decodable: boolean;
  /** The TIFF block inside APP1 "Exif\0\0", as offsets into the bytes given. */
  exif: { offset: number; length: number } | null;
  /**
   * The TIFF block inside APP2 "MPF\0" (CIPA DC-007 Multi-Picture Format): many cameras use
   * it to append a screen-size preview (typically 1620x1080 to 1920x1280) after the main
   * image. Its MP entries' offsets count from this block's start.
   */
  mpf: { offset: number; length: number } | null;
  /** Offset of the first SOS marker: the header ends here. */
  sosOffset: number;
  hasQuantTables: boolean;
}

export type JpegHeaderResult =
  | { ok: true; header: JpegHeader }
  /** `truncated`: the header goes on past the bytes given; `needed` is how many would do. */
  | { ok: false; reason: 'not-jpeg' | 'corrupt' | 'truncated'; needed?: number };

const isSof = (m: number) => m >= 0xc0 && m <= 0xcf && m !== 0xc4 && m !== 0xc8 && m !== 0xcc;
/** Markers with no length field. */
const isStandalone = (m: number) => m === 0x01 || (m >= 0xd0 && m <= 0xd7);

export function isJpegStart(b: Uint8Array, at = 0): boolean {
  return b[at] === 0xff && b[at + 1] === 0xd8 && b[at + 2] === 0xff;
}

/** Walks the marker segments from SOI to the first SOS. */
export function parseJpegHeader(b: Uint8Array): JpegHeaderResult {
  if (!isJpegStart(b)) return { ok: false, reason: b.length < 3 ? 'truncated' : 'not-jpeg', needed: 3 };
  let pos = 2;
  let exif: JpegHeader['exif'] = null;
  let mpf: JpegHeader['mpf'] = null;
  let sof: { marker: number; width: number; height: number } | null = null;
  let hasQuantTables = false;
  for (;;) {
    if (pos + 4 > b.length) return { ok: false, reason: 'truncated', needed: pos + 4 };
    if (b[pos] !== 0xff) return { ok: false, reason: 'corrupt' };
    const marker = b[pos + 1]!;
    if (marker === 0xff) {
      pos++; // fill byte before a marker
      continue;
    }
    if (isStandalone(marker)) {
      pos += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xd8 || marker === 0x00) return { ok: false, reason: 'corrupt' };
    if (marker === 0xda) {
      if (!sof || sof.width === 0 || sof.height === 0) return { ok: false, reason: 'corrupt' };
      const decodable = sof.marker === 0xc0 || sof.marker === 0xc1 || sof.marker === 0xc2;
      return { ok: true, header: { width: sof.width, height: sof.height, sof: sof.marker, decodable, exif, mpf, sosOffset: pos, hasQuantTables } };
    }
    const length = u16(b, pos + 2, false)!;
    if (length < 2) return { ok: false, reason: 'corrupt' };
    const dataStart = pos + 4;
    const end = pos + 2 + length;
    if (marker === 0xe1 && exif === null && ascii(b, dataStart, 6) === 'Exif\0\0') {
      if (end > b.length) return { ok: false, reason: 'truncated', needed: end };
      exif = { offset: dataStart + 6, length: end - dataStart - 6 };
    } else if (marker === 0xe2 && mpf === null && ascii(b, dataStart, 4) === 'MPF\0') {
      if (end > b.length) return { ok: false, reason: 'truncated', needed: end };
      mpf = { offset: dataStart + 4, length: end - dataStart - 4 };
    } else if (isSof(marker) && sof === null) {
      if (dataStart + 5 > b.length) return { ok: false, reason: 'truncated', needed: dataStart + 5 };
      sof = { marker, height: u16(b, dataStart + 1, false)!, width: u16(b, dataStart + 3, false)! };
    } else if (marker === 0xdb) {
      hasQuantTables = true;
    }
    pos = end;
  }
}

/**
 * Reads a JPEG header from a source, growing the read until the header fits (up to
 * `maxHeader` bytes: big ICC profiles and maker notes sit before SOS).
 */
export async function readJpegHeader(src: ByteSource, maxHeader = 2 * 1024 * 1024): Promise<{ result: JpegHeaderResult; bytes: Uint8Array }> {
  let want = Math.min(src.size, 128 * 1024);
  for (;;) {
    const bytes = await src.read(0, want);
    const result = parseJpegHeader(bytes);
    if (result.ok || result.reason !== 'truncated' || bytes.length >= src.size || want >= maxHeader) return { result, bytes };
    want = Math.min(src.size, maxHeader, Math.max(want * 2, (result.needed ?? 0) + 4096));
  }
}

/** Plausible image size for a real embedded preview (not chance bytes inside raw data). */
export function isPlausiblePreview(h: JpegHeader): boolean {
  return h.decodable && h.hasQuantTables && h.width >= 16 && h.height >= 16 && h.width <= 30000 && h.height <= 30000;
}

/**
 * Where the JPEG starting at `start` ends (one past EOI), walking its scans; null when no
 * EOI appears within `maxLength` bytes or the structure breaks. Reads in 256 KB windows.
 */
export async function findJpegEnd(src: ByteSource, start: number, maxLength: number): Promise<number | null> {
  const limit = Math.min(src.size, start + maxLength);
  let win: Uint8Array = new Uint8Array(0);
  let winStart = start;
  // Makes bytes [pos, pos+n) available in `win`; false at the limit.
  const ensure = async (pos: number, n: number): Promise<boolean> => {
    if (pos >= winStart && pos + n <= winStart + win.length) return true;
    if (pos + n > limit) return false;
    win = await src.read(pos, Math.min(limit - pos, Math.max(n, 256 * 1024)));
    winStart = pos;
    return win.length >= n;
  };
  let pos = start;
  if (!(await ensure(pos, 3)) || !isJpegStart(win, pos - winStart)) return null;
  pos += 2;
  for (;;) {
    if (!(await ensure(pos, 4))) return null;
    const at = pos - winStart;
    if (win[at] !== 0xff) return null;
    const marker = win[at + 1]!;
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xd9) return pos + 2;
    if (isStandalone(marker)) {
      pos += 2;
      continue;
    }
    const length = u16(win, at + 2, false)!;
    if (length < 2) return null;
    pos += 2 + length;
    if (marker !== 0xda) continue;
    // Entropy-coded data: find the next FF that is a real marker (not FF00 stuffing, not RSTn).
    for (;;) {
      if (!(await ensure(pos, 2))) return null;
      const i = win.indexOf(0xff, pos - winStart);
      if (i < 0 || i + 1 >= win.length) {
        // Not in this window: continue from its last byte (an FF may sit at the very end).
        pos = winStart + Math.max(pos - winStart, win.length - 1);
        if (pos + 2 > limit) return null;
        win = new Uint8Array(0); // force a fresh window from pos
        continue;
      }
      const next = win[i + 1]!;
      if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
        pos = winStart + i + (next === 0xff ? 1 : 2);
        continue;
      }
      pos = winStart + i;
      break;
    }
  }
}
