// A customer's stored photos as the customer page shows them, and edited files imported back.
//
// Listing: the engine's file rows grouped by order folder and kind (originals, first edits,
// refined, design), with capture time and camera from EXIF (photo-meta-cache.ts).
//
// Import of edited files (first edits 初修, refined 精修, design pages 设计) from a browser: the
// upload is streamed to a staging folder in the data folder (never the library: the engine
// refuses a source inside a disk), hashed on the way and capped in size; edit-import-plan.ts
// decides its name in the target folder (made safe, " (2)" on a clash, skipped when the same
// bytes are already there); then the copy engine itself stores it (both disks, temporary
// name, fsync, rename, recorded, read back), as a job of one file into that subfolder. So an
// imported edit has exactly the guarantees of a photo from a card.
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CustomerPhotos, EditKind, PhotoFolder, PhotoImportResult, PhotoItem, PhotoKind } from '../api-types.js';
import type { Actor } from '../auth/user-service.js';
import type { Db } from '../db/connection.js';
import { AppError, ValidationError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { baseName, classifyName } from './card/classify.js';
import { createContentHasher } from './copy/content-hash.js';
import { planEditImport, isEditTarget } from './photos/edit-import-plan.js';
import { toIngestedFile, type FileRow } from './copy/ingest-store.js';
import type { IngestService } from './ingest-service.js';
import type { IngestedFile } from './ingest-types.js';
import { customerFolderName, orderFolderName, SUBFOLDERS } from './copy/library-layout.js';
import { PhotoMetaCache, type PhotoFacts } from './photos/photo-meta-cache.js';
import { mapLimit } from '../util/map-limit.js';
import { isMediaFile } from './card/source-scan.js';
import { thumbSourceFor } from './photos/thumbnail-render.js';
import type { ThumbJob } from './thumbnail-queue.js';

export const DEFAULT_IMPORT_MAX_BYTES = 2 * 1024 ** 3;

export class PayloadTooLargeError extends AppError {
  constructor(max: number) {
    super(413, 'too_large', `the file is larger than the ${Math.round(max / 1024 ** 2)} MB an import may be`);
  }
}

export interface PhotoLibraryOptions {
  db: Db;
  ingest: IngestService;
  metas: PhotoMetaCache;
  /** Staging folder for uploads, in the data folder: `<dataDir>/run/imports`. */
  uploadRoot: string;
  thumbSizes: readonly number[];
  timeZone: () => string;
  clock: Clock;
  log: Logger;
  /** What the thumbnail cache knows of a key without making anything (failed: no thumbnail can be made). */
  thumbLookup?: (key: string, size: number) => Promise<{ status: string }>;
  /** Checked before an upload is accepted: the disks must both be there (no override for uploads). */
  disksReady: () => Promise<string | null>;
  maxImportBytes?: number;
}

/** "<customer>/<order>/<kind>/<name>" → its order folder and kind. */
function placeOf(libraryPath: string): { order: string; kind: PhotoKind } | null {
  const parts = libraryPath.split('/');
  if (parts.length < 4) return null;
  const kind = parts[parts.length - 2] as PhotoKind;
  if (!SUBFOLDERS.includes(kind)) return null;
  return { order: parts.slice(1, parts.length - 2).join('/'), kind };
}

export class PhotoLibrary {
  constructor(private readonly o: PhotoLibraryOptions) {}

  /** Removes uploads a crash left in the staging folder. */
  async start(): Promise<void> {
    await rm(this.o.uploadRoot, { recursive: true, force: true });
    await mkdir(this.o.uploadRoot, { recursive: true });
  }

  /** A stored file by content hash (the thumbnail key). */
  fileByHash(key: string): IngestedFile | null {
    const r = this.o.db.prepare(`SELECT * FROM ingest_files WHERE hash = ? AND state <> 'pending' ORDER BY id LIMIT 1`).get(key) as FileRow | undefined;
    return r ? toIngestedFile(r) : null;
  }

  /** A stored file by id. */
  fileById(id: number): IngestedFile | null {
    const r = this.o.db.prepare(`SELECT * FROM ingest_files WHERE id = ? AND state <> 'pending'`).get(id) as FileRow | undefined;
    return r ? toIngestedFile(r) : null;
  }

  /** What the thumbnail queue needs to make a stored file's thumbnails: it on the library disk, else its backup copy. */
  thumbJobOf(file: IngestedFile): ThumbJob {
    const paths = this.pathsOf(file);
    return { key: file.hash, source: existsSync(paths.library) ? paths.library : paths.backup, name: file.name };
  }

  /** Where a stored file is on each disk. */
  pathsOf(f: IngestedFile): { library: string; backup: string } {
    return this.o.ingest.pathsOf(f);
  }

  private async item(f: IngestedFile, facts: PhotoFacts | null): Promise<PhotoItem> {
    let thumbnail = thumbSourceFor(f.name) !== null;
    // A photo no thumbnail could be made of (a RAW without a preview): say so, do not keep asking.
    if (thumbnail && this.o.thumbLookup && this.o.thumbSizes[0]) thumbnail = (await this.o.thumbLookup(f.hash, this.o.thumbSizes[0])).status !== 'failed';
    return {
      id: f.id,
      name: f.name,
      kind: f.subfolder,
      size: f.size,
      key: f.hash,
      state: f.state === 'pending' ? 'copied' : f.state,
      thumbnail,
      capturedAt: facts?.capturedAt ?? null,
      camera: facts?.camera ?? null,
      width: facts?.width ?? null,
      height: facts?.height ?? null,
      storedAt: f.createdAt,
      jobId: f.jobId,
    };
  }

  /** The customer's photos by order folder (newest first) and kind, with EXIF facts. */
  async list(customerId: number): Promise<CustomerPhotos> {
    this.o.ingest.store.customer(customerId); // 404 for an unknown customer
    const files = this.o.ingest.listFiles(customerId);
    const items = await mapLimit(files, 8, async (f) => {
      const facts = PhotoMetaCache.applies(f.name) ? await this.o.metas.get(f.hash, this.o.ingest.pathsOf(f).library, f.name) : null;
      return { f, item: await this.item(f, facts) };
    });
    const folders = new Map<string, { folder: PhotoFolder; newest: string }>();
    for (const x of items) {
      const place = placeOf(x.f.libraryPath);
      if (!place) continue;
      let g = folders.get(place.order);
      if (!g) {
        g = { folder: { order: place.order, kinds: { originals: [], 'first-edits': [], refined: [], design: [] } }, newest: '' };
        folders.set(place.order, g);
      }
      g.folder.kinds[place.kind].push(x.item);
      if (x.f.createdAt > g.newest) g.newest = x.f.createdAt;
    }
    const byTime = (a: PhotoItem, b: PhotoItem) => (a.capturedAt ?? a.storedAt).localeCompare(b.capturedAt ?? b.storedAt) || a.name.localeCompare(b.name);
    for (const g of folders.values()) for (const k of SUBFOLDERS) g.folder.kinds[k].sort(byTime);
    return {
      customerId,
      folders: [...folders.values()].sort((a, b) => b.newest.localeCompare(a.newest) || a.folder.order.localeCompare(b.folder.order)).map((g) => g.folder),
      thumbSizes: [...this.o.thumbSizes],
    };
  }

  /**
   * Imports one edited file sent as the request body into `<customer>/<order>/<kind>/`. Answers
   * when it is stored and verified on both disks (or skipped as already there).
   */
  async importEdited(input: { customerId: number; kind: string; order: string; name: string; body: Readable; contentLength: number | null; actor: Actor }): Promise<PhotoImportResult> {
    const problems: { path: string; message: string }[] = [];
    if (!isEditTarget(input.kind)) problems.push({ path: 'kind', message: 'must be first-edits, refined or design' });
    const order = input.order.trim();
    if (!order) problems.push({ path: 'order', message: 'the order folder to import into is required' });
    const raw = baseName(input.name.trim());
    if (!raw) problems.push({ path: 'name', message: 'the file name is required' });
    else if (classifyName(raw) !== 'system' && !isMediaFile(raw)) {
      problems.push({ path: 'name', message: 'only photos (JPEG, TIFF, PNG, HEIC), RAW files and videos can be imported' });
    }
    if (problems.length) throw new ValidationError(problems);
    const kind = input.kind as EditKind;
    const customer = this.o.ingest.store.customer(input.customerId); // 404
    const max = this.o.maxImportBytes ?? DEFAULT_IMPORT_MAX_BYTES;
    if (input.contentLength !== null && input.contentLength > max) throw new PayloadTooLargeError(max);
    const notReady = await this.o.disksReady();
    if (notReady) throw new AppError(409, 'disks_not_ready', `Cannot import now: ${notReady}.`);

    const dir = join(this.o.uploadRoot, randomUUID());
    await mkdir(dir, { recursive: true });
    try {
      const incoming = join(dir, '.incoming');
      const received = await this.receive(input.body, incoming, max);
      if (received.size === 0) throw new ValidationError([{ path: '(body)', message: 'the file is empty' }]);

      // Where it goes, and under which name: the plan against what the folder holds.
      const folder = `${this.o.ingest.store.customerFolder(customer.id) ?? customerFolderName(customer)}/${orderFolderName(order, this.o.clock(), this.o.timeZone())}`;
      const all = this.o.ingest.listFiles(customer.id);
      const existing = all.filter((f) => f.subfolder === kind && f.libraryPath === `${folder}/${kind}/${f.name}`);
      const plan = planEditImport(kind, [{ name: raw, hash: received.hash }], existing.map((f) => ({ name: f.name, hash: f.hash })));
      const step = plan.files[0]!;
      if (step.action === 'skip') {
        const same = step.sameAs ? existing.find((f) => f.name === step.sameAs) ?? null : null;
        return { action: 'skipped', name: raw, renamed: false, reason: step.reason, file: same ? await this.item(same, null) : null };
      }
      // The same bytes anywhere else of this customer's (an unedited original sent back): the
      // engine keeps one copy per customer, so say where it is instead of storing it again.
      const elsewhere = all.find((f) => f.size === received.size && f.hash === received.hash);
      if (elsewhere) return { action: 'skipped', name: raw, renamed: false, reason: 'already-there', file: await this.item(elsewhere, null) };

      await rename(incoming, join(dir, step.name));
      const queued = await this.o.ingest.startJob({ sourceRoot: dir, customerId: customer.id, orderLabel: order, subfolder: kind, cardLabel: `upload: ${raw}`, userId: input.actor.id });
      const job = await this.o.ingest.waitForJob(queued.id);
      if (job.state !== 'done') throw new AppError(job.errorCode === 'disk_full' ? 507 : 500, 'import_failed', job.error ?? `the import ended ${job.state}`);
      const stored = this.o.ingest.listFiles(customer.id).find((f) => f.jobId === job.id);
      if (!stored) {
        // Stored meanwhile by another upload of the same bytes.
        const same = this.o.ingest.listFiles(customer.id).find((f) => f.hash === received.hash) ?? null;
        return { action: 'skipped', name: raw, renamed: false, reason: 'already-there', file: same ? await this.item(same, null) : null };
      }
      this.o.log.info({ customerId: customer.id, kind, order, name: stored.name, jobId: job.id, by: input.actor.id }, 'edited file imported');
      return { action: 'copied', name: stored.name, renamed: stored.name !== raw, reason: null, file: await this.item(stored, null) };
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Streams the body to `path`, hashing it, stopping at `max` bytes (413). */
  private async receive(body: Readable, path: string, max: number): Promise<{ size: number; hash: string }> {
    const hasher = await createContentHasher();
    let size = 0;
    const out = createWriteStream(path, { flags: 'wx' });
    await pipeline(
      body,
      async function* (source: AsyncIterable<Buffer>) {
        for await (const chunk of source) {
          size += chunk.length;
          if (size > max) throw new PayloadTooLargeError(max);
          hasher.update(chunk);
          yield chunk;
        }
      },
      out,
    );
    return { size, hash: hasher.digest() };
  }
}
