// The studio's price list (A3, F1): packages, services and products with their price, what a
// package includes and the price of each extra photo. Items are retired, never deleted (bills
// name what they sold); a retired item is not sold on a new bill. Every change is audited.
import { z } from 'zod';
import { PRICE_KINDS, type PriceItem, type PriceItemInput, type PriceItemPatch, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, type MetaRow } from '../db/record-meta.js';
import { patchSets } from '../db/patch-sets.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import { check } from '../membership/membership-schemas.js';
import { MAX_TOTAL_MINOR } from '../orders/order-service.js';
import { isoNow, type Clock } from '../util/clock.js';
import { nameText } from '../util/text-schemas.js';

const money = z.number().int().min(0).max(MAX_TOTAL_MINOR);
const fields = {
  kind: z.enum(PRICE_KINDS),
  name: nameText(120),
  priceMinor: money,
  includes: z.string().trim().max(500),
  photosIncluded: z.number().int().min(0).max(100_000).nullable(),
  extraPhotoMinor: money.nullable(),
};

export const priceItemCreateSchema = z
  .object({ ...fields, includes: fields.includes.optional(), photosIncluded: fields.photosIncluded.optional(), extraPhotoMinor: fields.extraPhotoMinor.optional() })
  .strict();

export const priceItemPatchSchema = z
  .object({ ...fields, active: z.boolean() })
  .partial()
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change', when: (ctx) => ctx.issues.length === 0 });

interface ItemRow extends MetaRow {
  id: number;
  kind: PriceItem['kind'];
  name: string;
  price_minor: number;
  currency: string;
  includes: string;
  photos_included: number | null;
  extra_photo_minor: number | null;
  active: number;
}

const SELECT = `SELECT p.id, p.kind, p.name, p.price_minor, p.currency, p.includes, p.photos_included, p.extra_photo_minor, p.active,
    ${metaColumns('p')} FROM price_items p ${metaJoins('p')}`;

const COLUMNS = {
  kind: 'kind',
  name: 'name',
  priceMinor: 'price_minor',
  includes: 'includes',
  photosIncluded: 'photos_included',
  extraPhotoMinor: 'extra_photo_minor',
  active: 'active',
} as const satisfies Record<keyof PriceItemPatch, string>;

export class PriceListService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    /** The studio's currency now (a new item is priced in it). */
    private readonly currency: () => string,
  ) {
    this.sql = statementCache(db);
  }

  /** Active items first, then by kind and name. `activeOnly` for the bill's picker. */
  list(activeOnly = false): PriceItem[] {
    const where = activeOnly ? 'WHERE p.active = 1' : '';
    return (this.sql(`${SELECT} ${where} ORDER BY p.active DESC, p.kind, p.name COLLATE NOCASE, p.id`).all() as ItemRow[]).map(toItem);
  }

  get(id: number): PriceItem {
    const r = this.sql(`${SELECT} WHERE p.id = ?`).get(id) as ItemRow | undefined;
    if (!r) throw new NotFoundError(`price item ${id}`);
    return toItem(r);
  }

  create(actor: UserRef, raw: PriceItemInput): PriceItem {
    const input = check(priceItemCreateSchema, raw);
    const id = this.write(() => {
      const now = isoNow(this.clock);
      const currency = this.currency();
      const res = this.sql(
        `INSERT INTO price_items (kind, name, price_minor, currency, includes, photos_included, extra_photo_minor, active, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?)`,
      ).run(input.kind, input.name, input.priceMinor, currency, input.includes ?? '', input.photosIncluded ?? null, input.extraPhotoMinor ?? null, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, {
        action: 'create',
        entity: 'price_item',
        entityId: id,
        summary: `price item ${input.name} (${input.kind}, ${formatMinor(input.priceMinor, currency)}) added`,
        detail: { ...input, currency },
      });
      return id;
    });
    this.events.publish('priceList.changed', { id });
    return this.get(id);
  }

  /** Changes an item; `active: false` retires it (and `true` sells it again). */
  patch(actor: UserRef, id: number, raw: PriceItemPatch): PriceItem {
    const input = check(priceItemPatchSchema, raw);
    this.write(() => {
      const before = this.get(id);
      const { sets, args, was } = patchSets(COLUMNS, input, before);
      this.sql(`UPDATE price_items SET ${sets.join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`).run(...args, isoNow(this.clock), actor.id, id);
      const what = input.active === false ? 'retired' : input.active === true ? 'sold again' : 'changed';
      this.audit.record(actor, { action: 'update', entity: 'price_item', entityId: id, summary: `price item ${before.name} ${what}`, detail: { changes: input, before: was } });
    });
    this.events.publish('priceList.changed', { id });
    return this.get(id);
  }

  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError('another price item has this name', 'duplicate_name');
      throw err;
    }
  }
}

function toItem(r: ItemRow): PriceItem {
  return {
    id: r.id,
    kind: r.kind,
    name: r.name,
    priceMinor: r.price_minor,
    currency: r.currency,
    includes: r.includes,
    photosIncluded: r.photos_included,
    extraPhotoMinor: r.extra_photo_minor,
    active: r.active === 1,
    ...meta(r),
  };
}
