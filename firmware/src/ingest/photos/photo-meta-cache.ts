// Capture time and camera of stored photos, for the customer's photo grid.
//
// The copy engine records name, size and content hash, not EXIF, so EXIF is read lazily here
// (readPhotoMeta: a few kilobytes at the start of the file, never the whole file) and kept:
// in memory, and on disk beside the thumbnails, keyed like them by the content hash
// (`<cacheDir>/<k0k1>/<key>.meta.json`). Content never changes under a key, so an entry
// never goes stale, except that EXIF times without an offset are read in the studio's time
// zone: an entry read in another zone is read again.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../log.js';
import { classifyName, hasExif } from '../card/classify.js';
import { readPhotoMeta, type PhotoMeta } from './photo-meta.js';
import { isThumbKey, writeFileAtomic } from './thumbnail-cache.js';
import { mapLimit } from '../../util/map-limit.js';

export interface PhotoFacts {
  /** UTC ISO; null when the file has no usable capture time. */
  capturedAt: string | null;
  /** "Canon EOS R6"; null when unknown. */
  camera: string | null;
  width: number | null;
  height: number | null;
}

interface Entry extends PhotoFacts {
  v: 1;
  timeZone: string;
}

const NO_FACTS: PhotoFacts = { capturedAt: null, camera: null, width: null, height: null };
const MEMORY_MAX = 20_000;

/** "Canon" + "Canon EOS R6" → "Canon EOS R6"; "NIKON CORPORATION" + "NIKON Z 6" → "NIKON Z 6". */
export function cameraName(make: string | null, model: string | null): string | null {
  const mk = make?.trim() || null;
  const md = model?.trim() || null;
  if (!md) return mk;
  if (!mk) return md;
  const first = mk.split(/\s+/)[0]!.toLowerCase();
  return md.toLowerCase().startsWith(first) ? md : `${mk} ${md}`;
}

export function factsOf(m: PhotoMeta): PhotoFacts {
  return { capturedAt: m.capturedAt, camera: cameraName(m.make, m.model), width: m.width, height: m.height };
}

export class PhotoMetaCache {
  private readonly memory = new Map<string, Entry>();
  private readonly inFlight = new Map<string, Promise<PhotoFacts>>();

  constructor(
    private readonly opts: {
      cacheDir: string;
      timeZone: () => string;
      log?: Logger;
      /** Replaces readPhotoMeta (tests). */
      read?: (path: string, timeZone: string) => Promise<PhotoMeta>;
    },
  ) {}

  private file(key: string): string {
    return join(this.opts.cacheDir, key.slice(0, 2), `${key}.meta.json`);
  }

  /** Whether EXIF is looked for in a file of this name at all (photos and RAW, not videos). */
  static applies(name: string): boolean {
    return hasExif(classifyName(name));
  }

  /** What is known without reading the photo: memory, then the cache file. Null when not cached. */
  async cached(key: string): Promise<PhotoFacts | null> {
    const tz = this.opts.timeZone();
    const hit = this.memory.get(key);
    if (hit && hit.timeZone === tz) return strip(hit);
    if (!isThumbKey(key)) return null;
    try {
      const e = JSON.parse(await readFile(this.file(key), 'utf8')) as Partial<Entry>;
      if (e.v !== 1 || e.timeZone !== tz) return null;
      const entry: Entry = { v: 1, timeZone: tz, capturedAt: e.capturedAt ?? null, camera: e.camera ?? null, width: e.width ?? null, height: e.height ?? null };
      this.remember(key, entry);
      return strip(entry);
    } catch {
      return null;
    }
  }

  /** The facts of the stored file `path` (content hash `key`), reading its EXIF once. Never throws. */
  async get(key: string, path: string, name: string): Promise<PhotoFacts> {
    if (!PhotoMetaCache.applies(name)) return NO_FACTS;
    const known = await this.cached(key);
    if (known) return known;
    const running = this.inFlight.get(key);
    if (running) return running;
    const p = this.readAndStore(key, path).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }

  private async readAndStore(key: string, path: string): Promise<PhotoFacts> {
    const tz = this.opts.timeZone();
    const meta = await (this.opts.read ?? ((p, timeZone) => readPhotoMeta(p, { timeZone })))(path, tz);
    const facts = factsOf(meta);
    // A file that could not be read at all (disk away) is not remembered: it is tried again.
    if (meta.reason?.startsWith('cannot read')) return facts;
    const entry: Entry = { v: 1, timeZone: tz, ...facts };
    this.remember(key, entry);
    if (isThumbKey(key)) {
      await writeFileAtomic(this.file(key), Buffer.from(JSON.stringify(entry))).catch((err: unknown) =>
        this.opts.log?.warn({ err, key }, 'photo facts: cannot write the cache file'),
      );
    }
    return facts;
  }

  private remember(key: string, e: Entry): void {
    if (this.memory.size >= MEMORY_MAX) this.memory.delete(this.memory.keys().next().value as string);
    this.memory.set(key, e);
  }
}

function strip(e: Entry): PhotoFacts {
  return { capturedAt: e.capturedAt, camera: e.camera, width: e.width, height: e.height };
}

