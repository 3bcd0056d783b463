// Thumbnail sheets (api/ingest.ts THUMB_SHEET_MAX): up to 24 thumbnails of one size in one
// JPEG, for grids that scroll through hundreds of photos (the selection grid). The
// browser spends its main thread per image, not per pixel: a sheet of 24 costs it what one
// thumbnail does.
//
// A sheet is named by a hash of its keys and size, and its keys are content hashes: the same
// name always means the same picture, so it is made once, kept beside the thumbnails (same
// shard folders, so a crash's temporary files are cleaned up with theirs), and cached by the
// browser for good. It is made only when every thumbnail in it is ready (or cannot be made at
// all: that slot shows the backdrop); otherwise the answer is "pending" and the page asks again.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { THUMB_SHEET_BACKDROP, THUMB_SHEET_MAX, thumbSheetSlot } from '../../api/ingest.js';
import type { ThumbJob, ThumbnailQueue } from '../thumbnail-queue.js';
import { THUMB_GENERATOR, isReady, isThumbKey, writeFileAtomic } from './thumbnail-cache.js';
import { sharpOf } from './thumbnail-render.js';

/** Bump when a sheet's layout or encoding changes: new names, the old files are never served. */
export const SHEET_GENERATOR = 1;

/** Pure: the sheet's name, a hash of everything that decides its pixels. */
export function sheetId(keys: readonly string[], size: number): string {
  return createHash('sha256').update(`sheet g${SHEET_GENERATOR} t${THUMB_GENERATOR} ${size} ${keys.join('.')}`).digest('hex');
}

/** Pure: where a sheet is kept in the thumbnail cache. */
export function sheetPath(cacheDir: string, id: string): string {
  if (!/^[0-9a-f]{64}$/.test(id)) throw new RangeError(`not a sheet id: ${id}`);
  return join(cacheDir, id.slice(0, 2), `${id}.sheet.jpg`);
}

/** Pure: the keys of a `:keys` path segment, or why it is not one. */
export function parseSheetKeys(segment: string): { keys: string[] } | { error: string } {
  const keys = segment.split('.');
  if (keys.length > THUMB_SHEET_MAX) return { error: `at most ${THUMB_SHEET_MAX} thumbnails a sheet, not ${keys.length}` };
  const bad = keys.find((k) => !isThumbKey(k));
  if (bad !== undefined) return { error: `not a thumbnail key: ${JSON.stringify(bad.slice(0, 80))}` };
  return { keys };
}

/**
 * The sheet's pixels: each thumbnail file (null: an empty slot) fitted into its slot and
 * centred on the backdrop colour, as one JPEG. Drawn into one raw buffer and encoded once: a
 * composite of 24 layers, or a WebP with transparency, took 2-3x as long (90-130 ms against
 * 40 ms a sheet of 160 px on the 2-core development machine).
 */
export async function composeSheet(files: readonly (string | null)[], size: number, quality = 80): Promise<Buffer> {
  const slot = thumbSheetSlot(size);
  const height = Math.max(1, files.length * slot.pitch - (slot.pitch - slot.height));
  const canvas = Buffer.alloc(slot.width * height * 3).fill(Buffer.from(backdropRgb()));
  await Promise.all(
    files.map(async (file, i) => {
      if (!file) return;
      const { data, info } = await (await sharpOf(file)).resize({ width: slot.width, height: slot.height, fit: 'inside' }).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const left = Math.floor((slot.width - info.width) / 2);
      const top = i * slot.pitch + Math.floor((slot.height - info.height) / 2);
      const row = info.width * 3;
      for (let y = 0; y < info.height; y++) data.copy(canvas, ((top + y) * slot.width + left) * 3, y * row, (y + 1) * row);
    }),
  );
  return await (await sharpOf(canvas, { raw: { width: slot.width, height, channels: 3 } })).jpeg({ quality }).toBuffer();
}

/** Pure: THUMB_SHEET_BACKDROP as [r, g, b]. */
export function backdropRgb(): [number, number, number] {
  const hex = THUMB_SHEET_BACKDROP.slice(1);
  return [0, 2, 4].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
}

export type SheetResult = { status: 'ready'; path: string } | { status: 'pending'; reason: string } | { status: 'not_found'; key: string };

export interface ThumbSheetsOptions {
  thumbs: ThumbnailQueue;
  /** The file a key is a thumbnail of; null when the box has none with that content. */
  jobOf(key: string): ThumbJob | null;
  quality?: number;
}

/** Sheets made ahead at most this many waiting (a few sessions' worth). */
const WARM_QUEUE_MAX = 2000;

/** Makes and finds sheets; one making per sheet at a time, however many ask. */
export class ThumbSheets {
  private readonly making = new Map<string, Promise<SheetResult>>();
  /** Sheets to make ahead, in order, one at a time (warm). */
  private readonly ahead: { keys: readonly string[]; size: number; id: string }[] = [];
  private readonly aheadIds = new Set<string>();
  private warming: Promise<void> | null = null;
  private stopped = false;

  constructor(private readonly o: ThumbSheetsOptions) {}

  /**
   * Makes these sheets in the background, one at a time, in the order given (a grid's first
   * screen first), so a page that opens finds them made. Sheets already made cost a stat each.
   */
  warm(sheets: readonly { keys: readonly string[]; size: number }[]): void {
    if (this.stopped) return;
    for (const s of sheets) {
      const id = sheetId(s.keys, s.size);
      if (this.aheadIds.has(id) || this.ahead.length >= WARM_QUEUE_MAX) continue;
      this.aheadIds.add(id);
      this.ahead.push({ ...s, id });
    }
    this.warming ??= this.drain().finally(() => (this.warming = null));
  }

  /** Makes nothing more ahead; resolves when the sheet being made ahead is done (before the thumbnail queue stops). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.ahead.length = 0;
    this.aheadIds.clear();
    await this.warmed();
  }

  /** Resolves when every sheet asked for by warm() has been made or given up on (tests, bench). */
  async warmed(): Promise<void> {
    while (this.warming) await this.warming;
  }

  private async drain(): Promise<void> {
    for (let next = this.ahead.shift(); next; next = this.ahead.shift()) {
      // Waits for thumbnails still being made (a shoot just copied); one that takes longer than
      // a minute leaves its sheet for the page to ask for.
      await this.serve(next.keys, next.size, { waitMs: 60_000 }).catch(() => undefined);
      this.aheadIds.delete(next.id);
    }
  }

  async serve(keys: readonly string[], size: number, options: { waitMs?: number } = {}): Promise<SheetResult> {
    const id = sheetId(keys, size);
    const path = sheetPath(this.o.thumbs.cacheDir, id);
    if (await isReady(path)) return { status: 'ready', path };
    let p = this.making.get(id);
    if (!p) {
      p = this.make(keys, size, path, options.waitMs ?? 2000).finally(() => this.making.delete(id));
      this.making.set(id, p);
    }
    return await p;
  }

  private async make(keys: readonly string[], size: number, path: string, waitMs: number): Promise<SheetResult> {
    const jobs: ThumbJob[] = [];
    for (const key of keys) {
      const job = this.o.jobOf(key);
      if (!job) return { status: 'not_found', key };
      jobs.push(job);
    }
    // Asked for all at once: the thumbnail queue makes missing ones first (a page waits).
    const thumbs = await Promise.all(jobs.map((job) => this.o.thumbs.serve(job, size, { waitMs })));
    const files: (string | null)[] = [];
    for (const t of thumbs) {
      if (t.status === 'ready') files.push(t.path);
      else if (t.status === 'failed' || t.status === 'unsupported') files.push(null);
      else return { status: 'pending', reason: t.status === 'error' ? t.reason : 'thumbnails are being made' };
    }
    await writeFileAtomic(path, await composeSheet(files, size, this.o.quality));
    return { status: 'ready', path };
  }
}
