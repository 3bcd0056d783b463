// What a file really is, from its first bytes (pure). The extension says what the camera
// meant; the bytes say how to parse it (a ".JPG" that is really a HEIC from a phone set to
// "most compatible" off, a DNG that is a TIFF, a CR3 that is an ISO box file).
import { ascii } from './byte-source.js';
import { ftypBrands } from './isobmff.js';
import { isJpegStart } from './jpeg-structure.js';
import { parseTiffHeader } from './tiff-structure.js';

export type Container = 'jpeg' | 'tiff' | 'heif' | 'cr3' | 'raf' | 'unknown';

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis']);

/** Needs the first 64 bytes or so (RAF's magic is 16, an ftyp box rarely passes 40). */
export function sniffContainer(head: Uint8Array): Container {
  if (isJpegStart(head)) return 'jpeg';
  if (ascii(head, 0, 16) === 'FUJIFILMCCD-RAW ') return 'raf';
  if (parseTiffHeader(head)) return 'tiff';
  const brands = ftypBrands(head);
  if (brands) {
    if (brands.includes('crx ')) return 'cr3';
    if (brands.some((b) => HEIF_BRANDS.has(b))) return 'heif';
  }
  return 'unknown';
}
