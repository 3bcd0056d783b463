// Lists the photos and videos on a card (or any folder given to `studio-box ingest --from`).
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from '../ingest-errors.js';

/** Extensions ingested, lower-case: what cameras and phones write (H3). Anything else stays on the card. */
export const MEDIA_EXTENSIONS: ReadonlySet<string> = new Set([
  // JPEG, HEIF (Canon writes .hif), PNG, TIFF
  'jpg', 'jpeg', 'jpe', 'heic', 'heif', 'hif', 'png', 'tif', 'tiff',
  // RAW: Canon, Nikon, Sony, Fujifilm, Olympus/OM, Panasonic, Leica, Adobe, Pentax, Samsung,
  // Sigma, Hasselblad, Phase One, Epson, Mamiya, Minolta, Kodak
  'cr2', 'cr3', 'crw', 'nef', 'nrw', 'arw', 'srf', 'sr2', 'raf', 'orf', 'rw2', 'rwl', 'dng',
  'pef', 'srw', 'x3f', '3fr', 'fff', 'iiq', 'erf', 'mef', 'mos', 'mrw', 'kdc', 'dcr',
  // Video
  'mp4', 'mov', 'm4v', 'mts', 'm2ts', 'avi', 'mxf', '3gp',
]);

// Folders a computer or camera keeps for itself; never photos.
const SKIP_DIRS = new Set(['system volume information', '$recycle.bin', 'lost.dir']);

export interface SourceFile {
  /** Path under the card root with "/" separators, e.g. "DCIM/100CANON/IMG_0001.CR3". */
  relPath: string;
  name: string;
  size: number;
  /** Whole milliseconds: part of the card file identity, so it must read the same on every mount. */
  mtimeMs: number;
}

export function isMediaFile(name: string): boolean {
  if (name.startsWith('.')) return false; // macOS "._IMG_0001.JPG" resource forks, hidden files
  const dot = name.lastIndexOf('.');
  return dot > 0 && MEDIA_EXTENSIONS.has(name.slice(dot + 1).toLowerCase());
}

export interface ScanOptions {
  /**
   * How a folder is listed (default fs readdir). readdir returns names in whatever order the
   * filesystem keeps them (name order on FAT, hash order on ext4, newest first on tmpfs): the
   * tests list in shuffled orders here to prove that none of it leaks into the copy order.
   */
  readdir?: (dir: string) => Promise<Dirent[]>;
}

// Fixed locale and options: the order must not depend on the box's language settings.
const collator = new Intl.Collator('en', { numeric: true });

/**
 * The order files are copied in, the order a photographer expects them to land: folder by
 * folder (a folder's own files before its sub-folders'), then by name, numeric-aware
 * (100CANON/IMG_0009 before 100CANON/IMG_0010 before 101CANON/IMG_0001). Cameras number files
 * in shooting order, so this is capture order too without reading any EXIF first. Names equal
 * but for case fall back to code points, so the order is total.
 */
export function cardOrder(a: string, b: string): number {
  const as = a.split('/');
  const bs = b.split('/');
  const ad = as.length - 1;
  const bd = bs.length - 1;
  for (let i = 0; i < Math.min(ad, bd); i++) {
    const c = nameOrder(as[i]!, bs[i]!);
    if (c) return c;
  }
  if (ad !== bd) return ad - bd;
  return nameOrder(as[ad]!, bs[bd]!);
}

function nameOrder(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Every media file under root, in cardOrder, whatever order the filesystem lists them in; this
 * also makes the clash suffixes the same every time the same card is read. Symbolic links are
 * not followed. Any read error is a SourceError: the card may have been pulled.
 */
export async function scanSource(root: string, options: ScanOptions = {}): Promise<SourceFile[]> {
  const list = options.readdir ?? ((dir: string) => readdir(dir, { withFileTypes: true }));
  const out: SourceFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await list(dir);
    } catch (err) {
      throw new SourceError(`cannot read ${rel || 'the card'}: ${(err as Error).message}`, err);
    }
    for (const e of entries) {
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name.toLowerCase())) await walk(join(dir, e.name), relPath);
      } else if (e.isFile() && isMediaFile(e.name)) {
        let st;
        try {
          st = await lstat(join(dir, e.name));
        } catch (err) {
          throw new SourceError(`cannot read ${relPath}: ${(err as Error).message}`, err);
        }
        out.push({ relPath, name: e.name, size: st.size, mtimeMs: Math.floor(st.mtimeMs) });
      }
    }
  };
  await walk(root, '');
  return out.sort((a, b) => cardOrder(a.relPath, b.relPath));
}
