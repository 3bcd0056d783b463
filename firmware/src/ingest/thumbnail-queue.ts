// The background thumbnail queue.
//
// Thumbnails are the lowest-priority work on the box: a copy from a card must never wait
// for them. So the queue runs one job at a time by default, can be paused (the ingest job
// calls `await thumbs.pause()` before it starts copying: that resolves once the job in hand
// is finished, so the copy then has the disks and CPU to itself, and `resume()` after), and
// while paused nothing starts, not even a request from a screen: those get "pending" and the
// page shows a placeholder and asks again.
//
// Two lanes: background jobs (everything a copy brought in, in order) and requests (someone
// is looking at the page now), which go first. A key is queued once whichever lane asks.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Logger } from '../log.js';
import {
  THUMB_GENERATOR, clearFailure, failureStands, isReady, isThumbKey, readFailure, removeTempFiles,
  thumbnailPath, writeFailure, writeFileAtomic,
} from './photos/thumbnail-cache.js';
import { type RenderOptions, type Rendered, type ThumbSource, ThumbnailUnsupportedError, renderThumbnails, smallerThumbnail, thumbSourceFor } from './photos/thumbnail-render.js';

/**
 * 160 and 320 for grids (the selection grid takes the smallest that fills its cells at the
 * screen's pixel ratio: 160 on a 1× screen, 320 on a 2× tablet), 1280 for a full-screen view.
 */
export const DEFAULT_THUMB_SIZES = [160, 320, 1280] as const;

export interface ThumbJob {
  /** The file's content hash, lower-case hex (see thumbnail-cache.ts). */
  key: string;
  /** Absolute path of the file on the library disk. */
  source: string;
  /** Name used to decide photo/RAW; defaults to the source's base name. */
  name?: string;
}

export type ThumbOutcome =
  | { status: 'ready' }
  /** Cannot be made from this file as it is; recorded, not retried until the file or the generator changes. */
  | { status: 'failed'; reason: string }
  /** No thumbnails for this kind of file (video, sidecar, PSD). */
  | { status: 'unsupported'; reason: string }
  /** Could not try now (source missing or unreadable, cache disk full); a later request tries again. */
  | { status: 'error'; reason: string };

export type ServeResult =
  | { status: 'ready'; path: string }
  | { status: 'pending' }
  | Exclude<ThumbOutcome, { status: 'ready' }>;

export type Renderer = (path: string, source: ThumbSource, options: RenderOptions) => Promise<Rendered>;

export interface ThumbnailQueueOptions {
  cacheDir: string;
  /** Long sides to make, in pixels. */
  sizes?: readonly number[];
  /** Jobs at a time; 1 keeps it a background task on a 4-core Pi. */
  concurrency?: number;
  quality?: number;
  log?: Logger;
  /** Called after each job, e.g. to tell open pages that a thumbnail is ready. */
  onSettled?: (job: ThumbJob, outcome: ThumbOutcome) => void;
  /** Replaces sharp (tests). */
  render?: Renderer;
  /** Makes a smaller size from the largest's JPEG (default sharp, as the renderer does). */
  shrink?: (largest: Buffer, size: number, quality: number) => Promise<Buffer>;
  now?: () => Date;
}

interface Entry {
  job: ThumbJob;
  lane: 'request' | 'background';
  running: boolean;
  waiters: Array<(o: ThumbOutcome) => void>;
}

export interface ThumbQueueStats {
  queued: number;
  running: number;
  paused: boolean;
  done: number;
  failed: number;
  errors: number;
}

export class ThumbnailQueue {
  readonly sizes: readonly number[];
  private readonly entries = new Map<string, Entry>();
  private readonly lanes = { request: [] as string[], background: [] as string[] };
  private running = 0;
  private paused = false;
  private closed = false;
  private idleWaiters: Array<() => void> = [];
  private counts = { done: 0, failed: 0, errors: 0 };
  private readonly render: Renderer;
  private readonly concurrency: number;

  constructor(private readonly options: ThumbnailQueueOptions) {
    this.sizes = [...new Set(options.sizes ?? DEFAULT_THUMB_SIZES)].sort((a, b) => a - b);
    if (this.sizes.length === 0 || this.sizes.some((s) => !Number.isInteger(s) || s <= 0)) throw new RangeError('thumbnail sizes must be positive integers');
    this.concurrency = Math.max(1, options.concurrency ?? 1);
    this.render = options.render ?? renderThumbnails;
  }

  /** Removes temporary files a crash left in the cache. Call once before use. */
  async start(): Promise<void> {
    const removed = await removeTempFiles(this.options.cacheDir);
    if (removed > 0) this.options.log?.info({ removed }, 'thumbnails: removed temporary files left by a crash');
  }

  /** Stops taking jobs, forgets the queued ones, waits for the running ones. */
  async stop(): Promise<void> {
    this.closed = true;
    for (const [key, e] of this.entries) {
      if (e.running) continue;
      this.entries.delete(key);
      for (const w of e.waiters) w({ status: 'error', reason: 'thumbnail queue stopped' });
    }
    this.lanes.request.length = 0;
    this.lanes.background.length = 0;
    await this.idle();
  }

  /** The cache folder (thumbnail sheets live beside the thumbnails: thumb-sheets.ts). */
  get cacheDir(): string {
    return this.options.cacheDir;
  }

  thumbnailPath(key: string, size: number): string {
    return thumbnailPath(this.options.cacheDir, key, size);
  }

  /** Queues a job in the background lane (no-op when it is already queued or running). */
  enqueue(job: ThumbJob): void {
    if (this.closed || !isThumbKey(job.key) || this.entries.has(job.key)) return;
    this.entries.set(job.key, { job, lane: 'background', running: false, waiters: [] });
    this.lanes.background.push(job.key);
    this.pump();
  }

  /** Makes the thumbnails of one file ahead of the background work; resolves when settled. */
  request(job: ThumbJob): Promise<ThumbOutcome> {
    if (!isThumbKey(job.key)) return Promise.resolve({ status: 'error', reason: 'not a thumbnail key' });
    if (this.closed) return Promise.resolve({ status: 'error', reason: 'thumbnail queue stopped' });
    return new Promise((resolve) => {
      let e = this.entries.get(job.key);
      if (!e) {
        e = { job, lane: 'request', running: false, waiters: [] };
        this.entries.set(job.key, e);
        this.lanes.request.push(job.key);
      } else if (!e.running && e.lane === 'background') {
        e.lane = 'request'; // its stale place in the background lane is skipped when reached
        this.lanes.request.push(job.key);
      }
      e.waiters.push(resolve);
      this.pump();
    });
  }

  /**
   * For the HTTP layer: the thumbnail file if it exists, else a request that may take up to
   * `waitMs` (then "pending": answer 503 + Retry-After, or a placeholder).
   */
  async serve(job: ThumbJob, size: number, options: { waitMs?: number } = {}): Promise<ServeResult> {
    if (!isThumbKey(job.key)) return { status: 'error', reason: 'not a thumbnail key' };
    if (!this.sizes.includes(size)) return { status: 'error', reason: `no thumbnails of size ${size}` };
    const path = this.thumbnailPath(job.key, size);
    if (await isReady(path)) return { status: 'ready', path };
    const waitMs = options.waitMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const outcome = await Promise.race([
      this.request(job),
      new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs))),
    ]);
    clearTimeout(timer);
    if (outcome === null) return { status: 'pending' };
    if (outcome.status !== 'ready') return outcome;
    // Sizes above the source's own are still written (not enlarged), so the file exists.
    return (await isReady(path)) ? { status: 'ready', path } : { status: 'error', reason: 'thumbnail vanished' };
  }

  /** What is on disk for a key now, without queueing anything. */
  async lookup(key: string, size: number): Promise<{ status: 'ready'; path: string } | { status: 'failed'; reason: string } | { status: 'missing' }> {
    if (!isThumbKey(key) || !this.sizes.includes(size)) return { status: 'missing' };
    const path = this.thumbnailPath(key, size);
    if (await isReady(path)) return { status: 'ready', path };
    const f = await readFailure(this.options.cacheDir, key);
    return f && f.generator === THUMB_GENERATOR ? { status: 'failed', reason: f.reason } : { status: 'missing' };
  }

  /** Starts nothing new until resume(); resolves when the jobs already running have finished. */
  pause(): Promise<void> {
    this.paused = true;
    return this.idle();
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  get isPaused(): boolean {
    return this.paused;
  }

  stats(): ThumbQueueStats {
    let queued = 0;
    for (const e of this.entries.values()) if (!e.running) queued++;
    return { queued, running: this.running, paused: this.paused, ...this.counts };
  }

  /** Resolves when nothing is running (queued jobs may remain while paused). */
  idle(): Promise<void> {
    if (this.running === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Resolves when nothing is queued or running (tests, benchmarks, shutdown). Never resolves while paused with work queued. */
  async drained(): Promise<void> {
    while (this.entries.size > 0) {
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  private nextKey(): string | undefined {
    for (const lane of ['request', 'background'] as const) {
      const keys = this.lanes[lane];
      while (keys.length > 0) {
        const key = keys.shift()!;
        const e = this.entries.get(key);
        if (e && !e.running && e.lane === lane) return key;
      }
    }
    return undefined;
  }

  private pump(): void {
    while (!this.paused && !this.closed && this.running < this.concurrency) {
      const key = this.nextKey();
      if (key === undefined) break;
      const e = this.entries.get(key)!;
      e.running = true;
      this.running++;
      void this.run(e.job).then((outcome) => {
        this.entries.delete(key);
        this.running--;
        if (outcome.status === 'ready') this.counts.done++;
        else if (outcome.status === 'failed') this.counts.failed++;
        else if (outcome.status === 'error') this.counts.errors++;
        for (const w of e.waiters) w(outcome);
        try {
          this.options.onSettled?.(e.job, outcome);
        } catch (err) {
          this.options.log?.warn({ err }, 'thumbnails: onSettled threw');
        }
        if (this.running === 0 || this.entries.size === 0) {
          const waiters = this.idleWaiters;
          this.idleWaiters = [];
          for (const w of waiters) w();
        }
        this.pump();
      });
    }
  }

  /** One job. Never rejects. */
  private async run(job: ThumbJob): Promise<ThumbOutcome> {
    const { cacheDir } = this.options;
    const kind = thumbSourceFor(job.name ?? basename(job.source));
    if (!kind) return { status: 'unsupported', reason: 'no thumbnails for this kind of file' };
    try {
      const ready = await Promise.all(this.sizes.map((s) => isReady(this.thumbnailPath(job.key, s))));
      if (ready.every(Boolean)) return { status: 'ready' };
      // Only smaller sizes missing (a size added since this library's thumbnails were made):
      // made from the cached largest, as the renderer makes them, without reading the source.
      if (ready[ready.length - 1]) {
        const largest = await readFile(this.thumbnailPath(job.key, this.sizes[this.sizes.length - 1]!)).catch(() => null);
        const shrink = this.options.shrink ?? smallerThumbnail;
        const made = largest && largest.length > 0
          ? await Promise.all(this.sizes.map((size, i) => (ready[i] ? null : shrink(largest, size, this.options.quality ?? 80)))).catch(() => null)
          : null; // an unreadable largest: render everything from the source below
        if (made) {
          for (const [i, size] of this.sizes.entries()) {
            const bytes = made[i];
            if (bytes) await writeFileAtomic(this.thumbnailPath(job.key, size), bytes);
          }
          return { status: 'ready' };
        }
      }
      let source;
      try {
        source = await stat(job.source);
      } catch (err) {
        return { status: 'error', reason: `source unreadable: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}` };
      }
      if (!source.isFile()) return { status: 'error', reason: 'source is not a file' };
      const previous = await readFailure(cacheDir, job.key);
      if (previous && failureStands(previous, source)) return { status: 'failed', reason: previous.reason };
      let rendered: Rendered;
      try {
        rendered = await this.render(job.source, kind, { sizes: this.sizes, quality: this.options.quality ?? 80 });
      } catch (err) {
        const reason = (err as Error).message;
        if (!(err instanceof ThumbnailUnsupportedError)) return { status: 'error', reason };
        await writeFailure(cacheDir, job.key, {
          reason, at: (this.options.now?.() ?? new Date()).toISOString(), sourceSize: source.size, sourceMtimeMs: source.mtimeMs, generator: THUMB_GENERATOR,
        });
        this.options.log?.info({ key: job.key, source: job.source, reason }, 'thumbnails: cannot make one for this file');
        return { status: 'failed', reason };
      }
      for (const size of this.sizes) {
        const bytes = rendered.jpegs.get(size);
        if (!bytes) throw new Error(`renderer gave no ${size} px thumbnail`);
        await writeFileAtomic(this.thumbnailPath(job.key, size), bytes);
      }
      if (previous) await clearFailure(cacheDir, job.key);
      return { status: 'ready' };
    } catch (err) {
      // Cache disk full, permissions, a renderer bug: report, do not record (it is not the file's fault).
      this.options.log?.warn({ err, key: job.key }, 'thumbnails: job failed');
      return { status: 'error', reason: (err as Error).message };
    }
  }
}
