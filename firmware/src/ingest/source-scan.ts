// Lists the photos and videos on a card (or any folder given to `studio-box ingest --from`).
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SourceError } from './ingest-errors.js';

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

/**
 * Every media file under root, in a stable order (numeric-aware path order, so
 * 100CANON/IMG_0009 comes before 100CANON/IMG_0010 and before 101CANON), which makes the
 * clash suffixes the same every time the same card is read. Symbolic links are not followed.
 * Any read error is a SourceError: the card may have been pulled.
 */
export async function scanSource(root: string): Promise<SourceFile[]> {
  const out: SourceFile[] = [];
  const walk = async (dir: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
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
  const collator = new Intl.Collator('en', { numeric: true });
  return out.sort((a, b) => collator.compare(a.relPath, b.relPath));
}
