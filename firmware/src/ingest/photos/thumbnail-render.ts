// Renders the JPEG thumbnails of one file with sharp (no caching or queueing here).
//
// One decode per file: the largest size is rendered from the source (sharp shrinks JPEGs
// while decoding, so a 24 MP JPEG is read at 1/4 scale), the smaller ones from that result,
// which costs a few milliseconds instead of a second full decode.
import type { Sharp, SharpOptions } from 'sharp';
import { type ByteSource, withFileSource } from './byte-source.js';
import { classifyName, extensionOf } from '../card/classify.js';
import { type PreviewCandidate, type PreviewFind, choosePreview, findPreviews } from './raw-preview.js';
import { orientOps } from './orientation.js';

export type ThumbSource = 'photo' | 'raw';

/** Formats of edited files (first edits, refined, design pages) that sharp reads besides the photo kinds. */
const EDIT_FORMATS = new Set(['webp', 'gif', 'avif']);

/**
 * Pure: how a file's thumbnail is made, from its name; null when none is (videos need
 * ffmpeg, which the box does not ship; sidecars and PSD/PDF design sources are not images
 * sharp reads).
 */
export function thumbSourceFor(name: string): ThumbSource | null {
  const kind = classifyName(name);
  if (kind === 'raw') return 'raw';
  if (kind === 'photo' || (kind === 'other' && EDIT_FORMATS.has(extensionOf(name)))) return 'photo';
  return null;
}

const JPEG_EXTENSIONS = new Set(['jpg', 'jpeg', 'jpe']);

/** HEIC/HEIF photos: sharp's prebuilt libvips decodes AVIF but not HEVC (a patent-licensing choice). */
const HEVC_EXTENSIONS = new Set(['heic', 'heif', 'hif']);

export interface RenderOptions {
  /** Long sides in pixels, any order. */
  sizes: readonly number[];
  /** JPEG quality of the thumbnails. */
  quality?: number;
}

export interface Rendered {
  /** Long side -> JPEG bytes. A source smaller than a size gives its own size (no enlarging). */
  jpegs: Map<number, Buffer>;
  /** What was decoded: "file" or the embedded preview used ("ifd0 strip 5184x3456"). */
  from: string;
}

/** A failure that retrying will not fix (the file is not an image we can read). */
export class ThumbnailUnsupportedError extends Error {
  override name = 'ThumbnailUnsupportedError';
}

/**
 * sharp (libvips, ~20 MB resident once loaded) is loaded with the first thumbnail, not at the
 * daemon's start: an idle box renders nothing (issue 17, idle memory).
 */
let sharpModule: Promise<typeof import('sharp')> | null = null;
export async function sharpOf(input: string | Uint8Array, options?: SharpOptions): Promise<Sharp> {
  sharpModule ??= import('sharp');
  const { default: sharp } = await sharpModule;
  return sharp(input, options);
}

// Sharp input options: render what can be rendered of a damaged image (a grey band shows
// the damage, which is itself information), and never trust dimensions beyond 200 MP.
const INPUT = { failOn: 'none', limitInputPixels: 200_000_000 } as const;

async function fromPipeline(base: Sharp, sizes: readonly number[], quality: number): Promise<Map<number, Buffer>> {
  const sorted = [...new Set(sizes)].sort((a, b) => b - a);
  const largest = sorted[0];
  if (largest === undefined) return new Map();
  const out = new Map<number, Buffer>();
  const first = await base.resize({ width: largest, height: largest, fit: 'inside', withoutEnlargement: true }).jpeg({ quality }).toBuffer();
  out.set(largest, first);
  for (const size of sorted.slice(1)) out.set(size, await smallerThumbnail(first, size, quality));
  return out;
}

/**
 * A smaller thumbnail made from the largest one's JPEG: how every size below the largest is
 * made, at ingest or later (a size added after a library's thumbnails were made is made from
 * the cached largest, lazily, and gets the same bytes as at ingest).
 */
export async function smallerThumbnail(largest: Buffer, size: number, quality: number): Promise<Buffer> {
  return (await sharpOf(largest)).resize({ width: size, height: size, fit: 'inside', withoutEnlargement: true }).jpeg({ quality }).toBuffer();
}

/** sharp reads the file itself and applies its EXIF orientation. */
async function renderWhole(path: string, options: RenderOptions): Promise<Rendered> {
  try {
    return { jpegs: await fromPipeline((await sharpOf(path, INPUT)).rotate(), options.sizes, options.quality ?? 80), from: 'file' };
  } catch (err) {
    const e = asRenderError(err);
    if (e instanceof ThumbnailUnsupportedError && HEVC_EXTENSIONS.has(extensionOf(path))) {
      throw new ThumbnailUnsupportedError(`HEIC needs an HEVC decoder, which this sharp build does not have (${e.message})`);
    }
    throw e;
  }
}

/** Decodes the chosen embedded JPEG (falling back to the others), turned by the file's own orientation. */
async function renderCandidates(src: ByteSource, found: PreviewFind, candidates: readonly PreviewCandidate[], options: RenderOptions): Promise<Rendered> {
  let lastError: unknown = null;
  for (const c of candidates) {
    try {
      const bytes = await src.read(c.offset, c.length);
      let pipeline = await sharpOf(bytes, INPUT);
      if (found.orientation === null) {
        pipeline = pipeline.rotate(); // no orientation in the file: trust the preview's own EXIF, if any
      } else {
        const ops = orientOps(found.orientation);
        if (ops.rotate) pipeline = pipeline.rotate(ops.rotate);
        if (ops.flip) pipeline = pipeline.flip();
        if (ops.flop) pipeline = pipeline.flop();
      }
      return { jpegs: await fromPipeline(pipeline, options.sizes, options.quality ?? 80), from: `${c.where} ${c.width}x${c.height}` };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code) throw err; // I/O: not this candidate's fault
      lastError = err;
    }
  }
  throw asRenderError(lastError);
}

/**
 * Photos (JPEG, PNG, TIFF, WebP, AVIF…). A camera JPEG that carries an MPF preview at least
 * as large as the largest thumbnail is rendered from that preview (one tenth of the pixels to
 * decode); anything else, and a preview that fails, from the file itself.
 */
export async function renderPhoto(path: string, options: RenderOptions): Promise<Rendered> {
  const largest = Math.max(...options.sizes);
  if (JPEG_EXTENSIONS.has(extensionOf(path))) {
    const viaPreview = await withFileSource(path, async (src) => {
      const found = await findPreviews(src, { scan: false });
      const best = choosePreview(found.candidates, largest);
      if (!best || best.where === 'file' || Math.max(best.width, best.height) < largest) return null;
      return renderCandidates(src, found, [best], options).catch(() => null);
    }).catch(() => null); // unreadable here: renderWhole reports it
    if (viaPreview) return viaPreview;
  }
  return renderWhole(path, options);
}

/** RAW files: the best embedded JPEG, turned by the RAW's own orientation. */
export async function renderRaw(path: string, options: RenderOptions): Promise<Rendered> {
  const largest = Math.max(...options.sizes);
  return withFileSource(path, async (src) => {
    const found = await findPreviews(src);
    if (found.candidates.length === 0) throw new ThumbnailUnsupportedError('no embedded JPEG preview found');
    // The preferred candidate first, then the others from the largest down.
    const first = choosePreview(found.candidates, largest)!;
    const rest = found.candidates.filter((c) => c !== first).sort((a, b) => b.width * b.height - a.width * a.height);
    return renderCandidates(src, found, [first, ...rest], options);
  });
}

export function renderThumbnails(path: string, source: ThumbSource, options: RenderOptions): Promise<Rendered> {
  return source === 'raw' ? renderRaw(path, options) : renderPhoto(path, options);
}

/**
 * sharp's decode errors are plain Errors; file-system errors carry a code. The first kind is
 * the file's fault and final, the second may pass (a disk unplugged, a busy file).
 */
function asRenderError(err: unknown): Error {
  if (err instanceof ThumbnailUnsupportedError) return err;
  const e = err as NodeJS.ErrnoException | null;
  if (e && typeof e.code === 'string') return e;
  return new ThumbnailUnsupportedError(e?.message ?? String(err));
}
