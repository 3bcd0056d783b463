// Photo selection sessions (O4, issue 19 item 4). A session is opened by staff for an order on
// one of the customer's order folders; the customer marks the folder's originals keep / maybe /
// no and writes retouch wishes; finishing copies the kept originals into the order folder's
// `selected/` (selected-folder.ts) with the production sheet and the Lightroom filter. Every mark
// is a row written at once, so a reloaded tablet finds the session as it was.
import { dirname, join, relative } from 'node:path';
import { z } from 'zod';
import {
  SELECTION_MARKS,
  type CustomerPhotos, type PhotoItem, type SelectionFinished, type SelectionPackage, type SelectionPhoto, type SelectionSession, type SelectionStart, type SelectionState, type UserRef,
} from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { PhotoLibrary } from '../ingest/photo-library.js';
import type { OrderService } from '../orders/order-service.js';
import type { PriceListService } from '../till/price-list-service.js';
import { isoNow, type Clock } from '../util/clock.js';
import { LIGHTROOM_FILE, PRODUCTION_SHEET_FILE, productionSheet } from './production-sheet.js';
import { copyChosen, writeTextFile, type ChosenFile } from './selected-folder.js';
import { lightroomFilter, tally, whyNotFinish } from './selection-rules.js';

const MAX_MINOR = 1e13;

/** POST /api/orders/:id/selection. */
export const openSchema = z
  .object({
    folder: z.string().trim().min(1).max(300).optional(),
    priceItemId: z.number().int().positive().optional(),
    photosIncluded: z.number().int().min(0).max(100_000).nullable().optional(),
    extraPhotoMinor: z.number().int().min(0).max(MAX_MINOR).nullable().optional(),
  })
  .strict();

/** PUT /api/selections/:id/photos/:fileId. */
export const markSchema = z
  .object({
    mark: z.enum(SELECTION_MARKS).nullable().optional(),
    note: z.string().trim().max(2000, 'longer than 2000 characters').optional(),
  })
  .strict()
  .refine((v) => v.mark !== undefined || v.note !== undefined, { message: 'send mark or note', path: ['mark'] });

export const SELECTED_FOLDER = 'selected';

interface SessionRow {
  id: number;
  order_id: number;
  customer_id: number;
  folder: string;
  state: SelectionState;
  package_name: string | null;
  photos_included: number | null;
  extra_photo_minor: number | null;
  currency: string;
  selected_dir: string | null;
  lightroom: string | null;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
  finished_at: string | null;
  finished_by: number | null;
  finished_by_name: string | null;
}

interface MarkRow {
  file_id: number;
  mark: SelectionPhoto['mark'];
  note: string;
}

export interface SelectionServiceOptions {
  db: Db;
  audit: AuditLog;
  events: EventHub;
  clock: Clock;
  photos: PhotoLibrary;
  orders: OrderService;
  priceList: PriceListService;
  /** The library disk's root (absolute), to name `selected/` relative to it. */
  libraryRoot: string;
  studio: () => { name: string; timeZone: string };
}

export class SelectionService {
  /** Serialises finishes: two taps on "finish" must not copy twice at once. */
  private finishing = new Set<number>();

  constructor(private readonly o: SelectionServiceOptions) {}

  /** The customer's order folders with their originals. */
  private folders(listing: CustomerPhotos): Map<string, PhotoItem[]> {
    return new Map(listing.folders.map((f) => [f.order, f.kinds.originals]));
  }

  private billPackage(orderId: number): SelectionPackage | null {
    const r = this.o.db
      .prepare(
        `SELECT bl.name, pi.photos_included, bl.extra_photo_minor, b.currency FROM bills b
         JOIN bill_lines bl ON bl.bill_id = b.id JOIN price_items pi ON pi.id = bl.price_item_id
         WHERE b.order_id = ? AND bl.kind = 'package' ORDER BY bl.position LIMIT 1`,
      )
      .get(orderId) as { name: string; photos_included: number | null; extra_photo_minor: number; currency: string } | undefined;
    return r ? { name: r.name, photosIncluded: r.photos_included, extraPhotoMinor: r.photos_included === null ? null : r.extra_photo_minor, currency: r.currency } : null;
  }

  private row(id: number): SessionRow {
    const r = this.o.db
      .prepare(
        `SELECT s.*, cu.display_name AS created_by_name, fu.display_name AS finished_by_name FROM selection_sessions s
         LEFT JOIN users cu ON cu.id = s.created_by LEFT JOIN users fu ON fu.id = s.finished_by WHERE s.id = ?`,
      )
      .get(id) as SessionRow | undefined;
    if (!r) throw new NotFoundError('selection session');
    return r;
  }

  private latestOf(orderId: number): SessionRow | null {
    const r = this.o.db.prepare(`SELECT id FROM selection_sessions WHERE order_id = ? ORDER BY state = 'open' DESC, id DESC LIMIT 1`).get(orderId) as { id: number } | undefined;
    return r ? this.row(r.id) : null;
  }

  /** What the tablet needs before a session: the open one if any, the folders, the package. */
  async start(orderId: number): Promise<SelectionStart> {
    const order = this.o.orders.get(orderId); // 404
    const listing = await this.o.photos.list(order.customer.id);
    const folders = this.folders(listing);
    const list = [...folders].filter(([, items]) => items.length > 0).map(([folder, items]) => ({ folder, originals: items.length }));
    const latest = this.latestOf(orderId);
    return {
      orderId,
      orderNo: order.orderNo,
      session: latest ? { id: latest.id, state: latest.state } : null,
      // In full, from the same listing: the tablet shows it without a second round trip.
      latestSession: latest ? this.build(latest, listing) : null,
      folders: list,
      suggestedFolder: list.find((f) => f.folder === order.orderNo)?.folder ?? list[0]?.folder ?? null,
      package: this.billPackage(orderId),
    };
  }

  /** Opens a session for the order, or answers the open one (created: false). */
  async open(actor: UserRef, orderId: number, input: z.output<typeof openSchema>): Promise<{ session: SelectionSession; created: boolean }> {
    const order = this.o.orders.get(orderId);
    const open = this.o.db.prepare(`SELECT id FROM selection_sessions WHERE order_id = ? AND state = 'open'`).get(orderId) as { id: number } | undefined;
    if (open) return { session: await this.get(open.id), created: false };
    if (order.state === 'cancelled') throw new ConflictError('the order is cancelled', 'order_cancelled');
    const start = await this.start(orderId);
    const folder = input.folder ?? start.suggestedFolder;
    if (!folder) throw new ConflictError('this customer has no photos yet: ingest the shoot first', 'no_photos');
    if (!start.folders.some((f) => f.folder === folder)) {
      throw new ValidationError([{ path: 'folder', message: `not one of the customer's folders with photos (${start.folders.map((f) => f.folder).join(', ')})` }]);
    }
    let pkg: SelectionPackage = start.package ?? { name: null, photosIncluded: null, extraPhotoMinor: null, currency: order.currency };
    if (input.priceItemId !== undefined) {
      let item;
      try {
        item = this.o.priceList.get(input.priceItemId);
      } catch {
        throw new ValidationError([{ path: 'priceItemId', message: 'no such price item' }]);
      }
      if (item.kind !== 'package') throw new ValidationError([{ path: 'priceItemId', message: 'not a package' }]);
      pkg = { name: item.name, photosIncluded: item.photosIncluded, extraPhotoMinor: item.extraPhotoMinor, currency: item.currency };
    }
    if (input.photosIncluded !== undefined) pkg = { ...pkg, photosIncluded: input.photosIncluded };
    if (input.extraPhotoMinor !== undefined) pkg = { ...pkg, extraPhotoMinor: input.extraPhotoMinor };
    const now = isoNow(this.o.clock);
    const id = this.o.db.transaction(() => {
      const r = this.o.db
        .prepare(
          `INSERT INTO selection_sessions (order_id, customer_id, folder, state, package_name, photos_included, extra_photo_minor, currency, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, 'open', ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(orderId, order.customer.id, folder, pkg.name, pkg.photosIncluded, pkg.extraPhotoMinor, pkg.currency, now, actor.id, now, actor.id);
      const sid = Number(r.lastInsertRowid);
      this.o.audit.record(actor, { action: 'create', entity: 'selection', entityId: sid, summary: `selection of order ${order.orderNo} opened on "${folder}"`, detail: { orderId, folder, package: pkg } });
      return sid;
    })();
    this.o.events.publish('photos.selection', { sessionId: id, orderId });
    return { session: await this.get(id), created: true };
  }

  /** The session with every photo of its folder and the marks. */
  async get(id: number): Promise<SelectionSession> {
    const r = this.row(id);
    return this.build(r, await this.o.photos.list(r.customer_id));
  }

  private build(r: SessionRow, listing: CustomerPhotos): SelectionSession {
    const id = r.id;
    const order = this.o.orders.get(r.order_id);
    const items = listing.folders.find((f) => f.order === r.folder)?.kinds.originals ?? [];
    const marks = new Map((this.o.db.prepare(`SELECT file_id, mark, note FROM selection_marks WHERE session_id = ?`).all(id) as MarkRow[]).map((m) => [m.file_id, m]));
    const photos: SelectionPhoto[] = items.map((p) => ({
      fileId: p.id,
      name: p.name,
      key: p.key,
      thumbnail: p.thumbnail,
      width: p.width,
      height: p.height,
      mark: marks.get(p.id)?.mark ?? null,
      note: marks.get(p.id)?.note ?? '',
    }));
    const pkg: SelectionPackage = { name: r.package_name, photosIncluded: r.photos_included, extraPhotoMinor: r.extra_photo_minor, currency: r.currency };
    return {
      id,
      orderId: r.order_id,
      orderNo: order.orderNo,
      orderTitle: order.title,
      customer: order.customer,
      folder: r.folder,
      state: r.state,
      package: pkg,
      tally: tally(photos.map((p) => p.mark), pkg),
      photos,
      thumbSizes: listing.thumbSizes,
      selectedDir: r.selected_dir,
      lightroom: r.lightroom,
      createdAt: r.created_at,
      createdBy: userRef(r.created_by, r.created_by_name),
      finishedAt: r.finished_at,
      finishedBy: userRef(r.finished_by, r.finished_by_name),
    };
  }

  private openRow(id: number): SessionRow {
    const r = this.row(id);
    if (r.state !== 'open') throw new ConflictError('this selection is finished', 'selection_finished');
    return r;
  }

  /** The originals of a session's folder, straight from the database (no EXIF, no thumbnails): cheap enough for every tap. */
  private originalsIn(r: SessionRow): { id: number; name: string }[] {
    const rows = this.o.db
      .prepare(`SELECT id, library_path FROM ingest_files WHERE customer_id = ? AND subfolder = 'originals' AND state <> 'pending'`)
      .all(r.customer_id) as { id: number; library_path: string }[];
    const out: { id: number; name: string }[] = [];
    for (const f of rows) {
      const parts = f.library_path.split('/');
      if (parts.slice(1, -2).join('/') === r.folder) out.push({ id: f.id, name: parts[parts.length - 1]! });
    }
    return out;
  }

  /** Sets a photo's mark and/or retouch wish. Answers the photo's mark and the new tally. */
  mark(actor: UserRef, id: number, fileId: number, input: z.output<typeof markSchema>): { fileId: number; mark: SelectionPhoto['mark']; note: string; tally: SelectionSession['tally'] } {
    const r = this.openRow(id);
    const originals = this.originalsIn(r);
    const item = originals.find((p) => p.id === fileId);
    if (!item) throw new NotFoundError('photo in this selection');
    const now = isoNow(this.o.clock);
    this.o.db.transaction(() => {
      this.openRow(id); // finished meanwhile?
      const before = this.o.db.prepare(`SELECT mark, note FROM selection_marks WHERE session_id = ? AND file_id = ?`).get(id, fileId) as MarkRow | undefined;
      const mark = input.mark !== undefined ? input.mark : (before?.mark ?? null);
      const note = input.note !== undefined ? input.note : (before?.note ?? '');
      this.o.db
        .prepare(
          `INSERT INTO selection_marks (session_id, file_id, mark, note, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (session_id, file_id) DO UPDATE SET mark = excluded.mark, note = excluded.note, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(id, fileId, mark, note, now, actor.id);
      this.o.db.prepare(`UPDATE selection_sessions SET updated_at = ?, updated_by = ? WHERE id = ?`).run(now, actor.id, id);
      if ((before?.mark ?? null) !== mark || (before?.note ?? '') !== note) {
        this.o.audit.record(actor, {
          action: 'update', entity: 'selection', entityId: id, summary: `${item.name}: ${mark ?? 'unmarked'}${note ? ' (retouch wish)' : ''}`,
          detail: { fileId, mark: { from: before?.mark ?? null, to: mark }, note: { from: before?.note ?? '', to: note } },
        });
      }
    })();
    const marks = new Map((this.o.db.prepare(`SELECT file_id, mark, note FROM selection_marks WHERE session_id = ?`).all(id) as MarkRow[]).map((m) => [m.file_id, m]));
    const pkg = { photosIncluded: r.photos_included, extraPhotoMinor: r.extra_photo_minor };
    const mine = marks.get(fileId)!;
    return { fileId, mark: mine.mark, note: mine.note, tally: tally(originals.map((p) => marks.get(p.id)?.mark ?? null), pkg) };
  }

  /** Finishes: copies the kept originals into selected/, writes the sheet and the filter, closes the session. */
  async finish(actor: UserRef, id: number): Promise<SelectionFinished> {
    if (this.finishing.has(id)) throw new ConflictError('this selection is being finished', 'selection_finishing');
    this.finishing.add(id);
    try {
      this.openRow(id);
      const s = await this.get(id);
      const why = whyNotFinish(s.tally);
      if (why) throw new ConflictError(why.message, why.code);
      const kept = s.photos.filter((p) => p.mark === 'keep');
      const chosen: ChosenFile[] = [];
      let orderDir: string | null = null;
      for (const p of kept) {
        const f = this.o.photos.fileById(p.fileId);
        if (!f) throw new ConflictError(`${p.name} is no longer in the library`, 'photo_gone');
        const paths = this.o.photos.pathsOf(f);
        orderDir ??= dirname(dirname(paths.library));
        chosen.push({ source: paths.library, name: p.name, size: f.size, hash: f.hash });
      }
      const dir = join(orderDir!, SELECTED_FOLDER);
      const result = await copyChosen(chosen, dir);
      const lightroom = lightroomFilter(kept.map((p) => p.name));
      const now = isoNow(this.o.clock);
      const selectedDir = relative(this.o.libraryRoot, dir).split('\\').join('/');
      const finished: SelectionSession = { ...s, state: 'finished', selectedDir, lightroom, finishedAt: now, finishedBy: { id: actor.id, name: actor.name } };
      const studio = this.o.studio();
      await writeTextFile(dir, LIGHTROOM_FILE, `${lightroom}\n`);
      await writeTextFile(dir, PRODUCTION_SHEET_FILE, productionSheet(finished, studio.name, studio.timeZone));
      this.o.db.transaction(() => {
        this.o.db
          .prepare(`UPDATE selection_sessions SET state = 'finished', selected_dir = ?, lightroom = ?, finished_at = ?, finished_by = ?, updated_at = ?, updated_by = ? WHERE id = ? AND state = 'open'`)
          .run(selectedDir, lightroom, now, actor.id, now, actor.id, id);
        this.o.audit.record(actor, {
          action: 'update', entity: 'selection', entityId: id,
          summary: `selection of order ${s.orderNo} finished: ${s.tally.keep} kept, ${s.tally.extra} extra; copied to ${selectedDir}`,
          detail: { kept: s.tally.keep, extra: s.tally.extra, extraMinor: s.tally.extraMinor, copied: result.copied, alreadyThere: result.alreadyThere },
        });
      })();
      this.o.events.publish('photos.selection', { sessionId: id, orderId: s.orderId });
      return { session: await this.get(id), ...result };
    } finally {
      this.finishing.delete(id);
    }
  }

  /** The production sheet as HTML (finished sessions). */
  async sheet(id: number): Promise<string> {
    const s = await this.get(id);
    if (s.state !== 'finished') throw new ConflictError('the production sheet is made when the selection is finished', 'selection_open');
    const studio = this.o.studio();
    return productionSheet(s, studio.name, studio.timeZone);
  }

  /** The original of a photo of the session (for zooming in), as a path on a disk. */
  original(id: number, fileId: number): { path: string; name: string; hash: string } {
    const item = this.originalsIn(this.row(id)).find((p) => p.id === fileId);
    if (!item) throw new NotFoundError('photo in this selection');
    const f = this.o.photos.fileById(fileId);
    if (!f) throw new NotFoundError('photo');
    return { path: this.o.photos.pathsOf(f).library, name: item.name, hash: f.hash };
  }
}
