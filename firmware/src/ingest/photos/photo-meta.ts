// readPhotoMeta: capture time, camera, lens, size and orientation of one photo or RAW file.
//
// Never throws: a broken, truncated, unknown or unreadable file gives nulls and a reason,
// because one bad file on a card must not stop the prompt, the copy or the thumbnails.
// Reads only what it needs (the JPEG header, the first blocks of a TIFF, a few ISO boxes),
// never the whole file: it runs on card files at card speed.
import { type ByteSource, u32, withFileSource, sliceSource } from './byte-source.js';
import { isValidTimeZone } from './capture-time.js';
import { type Container, sniffContainer } from './container.js';
import { type ExifBlocks, type MetaFields, exifFromTiff, fieldsFromTags, firstIfdOfTiff } from './exif-tags.js';
import { locateCr3, locateHeifExif } from './isobmff.js';
import { readJpegHeader } from './jpeg-structure.js';
import { TAG, readUint, walkTiff } from './tiff-structure.js';

export interface PhotoMeta extends Omit<MetaFields, 'timeProblem'> {
  container: Container | null;
  /**
   * Null when everything was read. Otherwise the first thing that went wrong, for logs and a
   * tooltip: "cannot read: ENOENT", "unknown file format", "no EXIF", "DateTimeOriginal … is not a date".
   */
  reason: string | null;
}

export interface ReadMetaOptions {
  /** IANA zone the box (and so, we assume, the camera's clock) is set to, for EXIF times without an offset. */
  timeZone: string;
}

const EMPTY_FIELDS: Omit<MetaFields, 'timeProblem'> = {
  capturedAt: null, capturedLocal: null, captureOffset: null, captureSource: null,
  make: null, model: null, lens: null, width: null, height: null, orientation: null,
};

/** TIFF-based RAW files: EXIF IFDs sit near the start; we read at least this much, more only if IFD0 points further. */
const TIFF_HEAD = 256 * 1024;
const TIFF_HEAD_MAX = 8 * 1024 * 1024;
/** Fujifilm RAF header: offset and length of the embedded JPEG (big-endian) at bytes 84 and 88. */
const RAF_JPEG_OFFSET = 84;

interface Extracted {
  blocks: ExifBlocks | null;
  /** The size from the image structure: a JPEG's SOF, a RAW's largest IFD. */
  width: number | null;
  height: number | null;
  problem: string | null;
  /**
   * Whose size wins. A JPEG's SOF is the truth (EXIF may describe the original of an edited
   * copy); in a RAW the structure gives the sensor area or a preview, EXIF the picture's size.
   */
  sizeFrom?: 'structure' | 'exif';
}

async function fromJpeg(src: ByteSource): Promise<Extracted> {
  const { result, bytes } = await readJpegHeader(src);
  if (!result.ok) return { blocks: null, width: null, height: null, problem: `JPEG header ${result.reason}` };
  const { header } = result;
  if (!header.exif) return { blocks: null, width: header.width, height: header.height, problem: 'no EXIF' };
  const { blocks, error } = await exifFromTiff(bytes.subarray(header.exif.offset, header.exif.offset + header.exif.length));
  return { blocks, width: header.width, height: header.height, problem: error, sizeFrom: 'structure' };
}

async function fromTiff(src: ByteSource): Promise<Extracted> {
  const walk = await walkTiff(src);
  if (!walk) return { blocks: null, width: null, height: null, problem: 'bad TIFF header' };
  const want = Math.min(src.size, Math.max(TIFF_HEAD, (walk.exifIfdAt ?? 0) + 64 * 1024));
  if (want > TIFF_HEAD_MAX) return { blocks: null, width: null, height: null, problem: 'EXIF block too far into the file' };
  const { blocks, error } = await exifFromTiff(await src.read(0, want));
  // Without ExifImageWidth, the largest image in the file (the raw data) gives the size.
  let width: number | null = null;
  let height: number | null = null;
  for (const ifd of walk.ifds) {
    const w = await readUint(src, ifd.entries.get(TAG.ImageWidth), walk.header.le);
    const h = await readUint(src, ifd.entries.get(TAG.ImageLength), walk.header.le);
    if (w && h && w * h > (width ?? 0) * (height ?? 0)) [width, height] = [w, h];
  }
  return { blocks, width, height, problem: error, sizeFrom: 'exif' };
}

async function fromRaf(src: ByteSource): Promise<Extracted> {
  const h = await src.read(0, RAF_JPEG_OFFSET + 8);
  const offset = u32(h, RAF_JPEG_OFFSET, false);
  const length = u32(h, RAF_JPEG_OFFSET + 4, false);
  if (!offset || !length || offset + length > src.size) return { blocks: null, width: null, height: null, problem: 'RAF without an embedded JPEG' };
  // The embedded JPEG carries the camera's full EXIF; its pixel size is the preview's, not the sensor's.
  return { ...(await fromJpeg(sliceSource(src, offset, length))), sizeFrom: 'exif' };
}

async function fromHeif(src: ByteSource): Promise<Extracted> {
  const at = await locateHeifExif(src);
  if ('error' in at) return { blocks: null, width: null, height: null, problem: at.error };
  if (at.length > 4 * 1024 * 1024) return { blocks: null, width: null, height: null, problem: 'HEIF Exif item too large' };
  const { blocks, error } = await exifFromTiff(await src.read(at.offset, at.length));
  return { blocks, width: null, height: null, problem: error };
}

async function fromCr3(src: ByteSource): Promise<Extracted> {
  const cr3 = await locateCr3(src);
  if (!cr3.cmt1 && !cr3.cmt2) return { blocks: null, width: null, height: null, problem: 'CR3 without CMT1/CMT2 boxes' };
  const read = async (r: { offset: number; length: number } | null) =>
    r && r.length <= 1024 * 1024 ? firstIfdOfTiff(await src.read(r.offset, r.length)) : { tags: {}, error: null };
  const ifd0 = await read(cr3.cmt1);
  const exif = await read(cr3.cmt2);
  return { blocks: { ifd0: ifd0.tags, exif: exif.tags }, width: null, height: null, problem: ifd0.error ?? exif.error };
}

const EXTRACTORS: Record<Exclude<Container, 'unknown'>, (src: ByteSource) => Promise<Extracted>> = {
  jpeg: fromJpeg,
  tiff: fromTiff,
  raf: fromRaf,
  heif: fromHeif,
  cr3: fromCr3,
};

/** Metadata of the file at `path`. Never throws. */
export async function readPhotoMeta(path: string, options: ReadMetaOptions): Promise<PhotoMeta> {
  if (!isValidTimeZone(options.timeZone)) return { ...EMPTY_FIELDS, container: null, reason: `unknown time zone ${options.timeZone}` };
  try {
    return await withFileSource(path, (src) => readMetaFrom(src, options));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ...EMPTY_FIELDS, container: null, reason: `cannot read: ${e.code ?? e.message}` };
  }
}

/** The same from any byte source (tests, and bytes already in memory). Never throws. */
export async function readMetaFrom(src: ByteSource, options: ReadMetaOptions): Promise<PhotoMeta> {
  let container: Container | null = null;
  try {
    if (src.size === 0) return { ...EMPTY_FIELDS, container: null, reason: 'empty file' };
    container = sniffContainer(await src.read(0, 64));
    if (container === 'unknown') return { ...EMPTY_FIELDS, container, reason: 'unknown file format' };
    const got = await EXTRACTORS[container](src);
    const fields = got.blocks ? fieldsFromTags(got.blocks, options.timeZone) : null;
    const { timeProblem, ...rest } = fields ?? { ...EMPTY_FIELDS, timeProblem: null };
    const exifSize = rest.width !== null && rest.height !== null;
    const useStructure = got.width !== null && got.height !== null && (got.sizeFrom === 'structure' || !exifSize);
    return {
      ...rest,
      width: useStructure ? got.width : rest.width,
      height: useStructure ? got.height : rest.height,
      container,
      reason: got.problem ?? timeProblem ?? null,
    };
  } catch (err) {
    // An I/O error mid-way (a card pulled, a folder given), or a parser bug on a strange
    // file: either way the caller carries on.
    const e = err as NodeJS.ErrnoException;
    return { ...EMPTY_FIELDS, container, reason: typeof e.code === 'string' ? `cannot read: ${e.code}` : `unreadable: ${e.message}` };
  }
}
