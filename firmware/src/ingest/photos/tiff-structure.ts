// TIFF structure walking over a ByteSource: the IFD chain, SubIFDs and the EXIF pointer.
//
// CR2, NEF, ARW, DNG, PEF, SRW, ORF and RW2 are TIFF files (ORF and RW2 with their own magic
// number). exifr decodes the tag values we show; this walker finds what exifr does not
// follow: the SubIFDs (where NEF, ARW and DNG keep their full-size previews and raw data)
// and the strips/JPEG pointers that locate embedded JPEG previews. Every offset is checked
// against the file size and every loop is bounded, because a corrupt card is a normal input.
import { type ByteSource, u16, u32 } from './byte-source.js';

export const TAG = {
  NewSubfileType: 0xfe,
  ImageWidth: 0x100,
  ImageLength: 0x101,
  Compression: 0x103,
  Make: 0x10f,
  Model: 0x110,
  StripOffsets: 0x111,
  Orientation: 0x112,
  StripByteCounts: 0x117,
  SubIFDs: 0x14a,
  JpegOffset: 0x201,
  JpegLength: 0x202,
  ExifIFD: 0x8769,
  /** Panasonic RW2: a complete JPEG (with its own EXIF) stored as one UNDEFINED value. */
  Rw2JpgFromRaw: 0x2e,
} as const;

export interface TiffHeader {
  le: boolean;
  magic: number;
  ifd0: number;
}

/** 42: TIFF; 0x4f52/0x5352: Olympus ORF ("RO"/"RS"); 0x55: Panasonic RW2. BigTIFF (43) is not a camera format. */
const MAGICS = new Set([42, 0x4f52, 0x5352, 0x55]);

export function parseTiffHeader(b: Uint8Array): TiffHeader | null {
  const order = u16(b, 0, false);
  const le = order === 0x4949;
  if (!le && order !== 0x4d4d) return null;
  const magic = u16(b, 2, le);
  const ifd0 = u32(b, 4, le);
  if (magic === undefined || ifd0 === undefined || !MAGICS.has(magic) || ifd0 < 8) return null;
  return { le, magic, ifd0 };
}

export interface IfdEntry {
  tag: number;
  type: number;
  count: number;
  /** Absolute offset (in the source) of the value bytes, whether inline or pointed to. */
  valueAt: number;
}

export interface Ifd {
  /** Absolute offset of the IFD in the source. */
  at: number;
  /** How we got here: "ifd0", "ifd1", "ifd0.sub0"… (for debugging and tests). */
  path: string;
  entries: Map<number, IfdEntry>;
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
const MAX_ENTRIES = 1000;
const MAX_IFDS = 64;

/** Reads one IFD at `base + offset`; null when it does not fit in the file or looks like garbage. */
async function readIfd(src: ByteSource, base: number, offset: number, le: boolean, path: string): Promise<{ ifd: Ifd; next: number } | null> {
  const at = base + offset;
  if (offset < 8 || at + 2 > src.size) return null;
  const head = await src.read(at, 2);
  const n = u16(head, 0, le);
  if (n === undefined || n === 0 || n > MAX_ENTRIES) return null;
  const body = await src.read(at + 2, n * 12 + 4);
  if (body.length < n * 12) return null;
  const entries = new Map<number, IfdEntry>();
  for (let i = 0; i < n; i++) {
    const e = i * 12;
    const tag = u16(body, e, le)!;
    const type = u16(body, e + 2, le)!;
    const count = u32(body, e + 4, le)!;
    const size = TYPE_SIZE[type];
    if (size === undefined) continue; // unknown type: skip the entry, keep the IFD
    const bytes = size * count;
    const valueAt = bytes <= 4 ? at + 2 + e + 8 : base + u32(body, e + 8, le)!;
    if (bytes > 4 && valueAt + Math.min(bytes, 1) > src.size) continue;
    entries.set(tag, { tag, type, count, valueAt });
  }
  return { ifd: { at, path, entries }, next: u32(body, n * 12, le) ?? 0 };
}

/** Unsigned integer values of a BYTE/SHORT/LONG/IFD entry (at most `max` of them). */
export async function readUints(src: ByteSource, entry: IfdEntry | undefined, le: boolean, max = 64): Promise<number[]> {
  if (!entry) return [];
  const size = entry.type === 3 ? 2 : entry.type === 4 || entry.type === 13 ? 4 : entry.type === 1 ? 1 : 0;
  if (size === 0) return [];
  const count = Math.min(entry.count, max);
  const b = await src.read(entry.valueAt, count * size);
  const out: number[] = [];
  for (let i = 0; i < count && (i + 1) * size <= b.length; i++) {
    out.push(size === 1 ? b[i]! : size === 2 ? u16(b, i * 2, le)! : u32(b, i * 4, le)!);
  }
  return out;
}

export async function readUint(src: ByteSource, entry: IfdEntry | undefined, le: boolean): Promise<number | null> {
  return (await readUints(src, entry, le, 1))[0] ?? null;
}

export interface TiffWalk {
  header: TiffHeader;
  /** IFD0, IFD1… and every SubIFD, in discovery order. The EXIF IFD is not among them. */
  ifds: Ifd[];
  /** Absolute offset of the EXIF IFD, when IFD0 points to one inside the file. */
  exifIfdAt: number | null;
}

/**
 * Walks a TIFF structure whose header starts at `base` (0 for a TIFF file; the start of an
 * embedded block otherwise; offsets inside are relative to it). Null when there is no TIFF.
 */
export async function walkTiff(src: ByteSource, base = 0): Promise<TiffWalk | null> {
  const header = parseTiffHeader(await src.read(base, 8));
  if (!header) return null;
  const { le } = header;
  const ifds: Ifd[] = [];
  const seen = new Set<number>();
  let exifIfdAt: number | null = null;

  const visit = async (offset: number, path: string, depth: number): Promise<number> => {
    if (ifds.length >= MAX_IFDS || seen.has(offset)) return 0;
    seen.add(offset);
    const got = await readIfd(src, base, offset, le, path);
    if (!got) return 0;
    ifds.push(got.ifd);
    if (depth < 2) {
      const subs = await readUints(src, got.ifd.entries.get(TAG.SubIFDs), le, 16);
      for (const [i, sub] of subs.entries()) await visit(sub, `${path}.sub${i}`, depth + 1);
    }
    return got.next;
  };

  let next = header.ifd0;
  for (let i = 0; next !== 0 && i < 16; i++) {
    const current = next;
    next = await visit(current, `ifd${i}`, 0);
    if (i === 0) {
      const ifd0 = ifds[0];
      const exif = ifd0 ? await readUint(src, ifd0.entries.get(TAG.ExifIFD), le) : null;
      if (exif !== null && exif >= 8 && base + exif < src.size) exifIfdAt = base + exif;
    }
  }
  return { header, ifds, exifIfdAt };
}
