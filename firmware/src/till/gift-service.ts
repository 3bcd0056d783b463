// Gifts for points (M2, seed 004): the studio's gift list with its stock, and redeeming a
// card's points for a gift. A redemption is one IMMEDIATE transaction: the card's points
// deduct line, the stock taken, the redemption row and its audit line land together or not
// at all; the stock's CHECK (stock >= 0) and the points ledger's never-negative trigger hold
// even if a check here were wrong. A redemption is undone by its reversal: the points come
// back (a reversal line in the points ledger) and so does the stock (migration 033).
import { z } from 'zod';
import type { Gift, GiftInput, GiftPatch, GiftRedeemInput, GiftRedemption, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { patchSets } from '../db/patch-sets.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { check } from '../membership/membership-schemas.js';
import { isoNow, type Clock } from '../util/clock.js';
import { nameText } from '../util/text-schemas.js';

export const GIFT_NAME_MAX = 80;
const count = (max: number) => z.number().int().min(0).max(max);

export const giftCreateSchema = z
  .object({ name: nameText(GIFT_NAME_MAX), pointsPrice: count(10_000_000).min(1), stock: count(1_000_000) })
  .strict();
export const giftPatchSchema = giftCreateSchema
  .partial()
  .extend({ active: z.boolean().optional() })
  .strict()
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change: give name, pointsPrice, stock or active' });
export const giftRedeemSchema = z.object({ giftId: z.number().int().positive(), qty: z.number().int().min(1).max(1000).default(1) }).strict();
export const giftReverseSchema = z.object({ reason: z.string().trim().min(1, 'required').max(200) }).strict();

interface GiftRow {
  id: number;
  name: string;
  points_price: number;
  stock: number;
  active: number;
  created_at: string;
  updated_at: string;
}

interface RedemptionRow {
  id: number;
  gift_id: number;
  gift_name: string;
  card_id: number;
  qty: number;
  points: number;
  points_entry_id: number;
  reverses: number | null;
  reversed_by: number | null;
  reason: string;
  at: string;
  created_by: number | null;
  created_by_name: string | null;
}

const REDEMPTION = `SELECT r.*, g.name AS gift_name, x.id AS reversed_by
  FROM gift_redemptions r JOIN gifts g ON g.id = r.gift_id LEFT JOIN gift_redemptions x ON x.reverses = r.id`;

const COLUMNS = { name: 'name', pointsPrice: 'points_price', stock: 'stock', active: 'active' } as const satisfies Record<keyof GiftPatch, string>;

export class GiftService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /** Active gifts first, then by name. */
  list(activeOnly = false): Gift[] {
    const where = activeOnly ? 'WHERE active = 1' : '';
    return (this.sql(`SELECT * FROM gifts ${where} ORDER BY active DESC, name COLLATE NOCASE, id`).all() as GiftRow[]).map(toGift);
  }

  get(id: number): Gift {
    const r = this.sql('SELECT * FROM gifts WHERE id = ?').get(id) as GiftRow | undefined;
    if (!r) throw new NotFoundError(`gift ${id}`);
    return toGift(r);
  }

  /** A new gift. A name already used: 409 duplicate_name. */
  create(actor: UserRef, raw: GiftInput): Gift {
    const input = check(giftCreateSchema, raw);
    const id = this.write(() => {
      const now = isoNow(this.clock);
      const res = this.sql(
        'INSERT INTO gifts (name, points_price, stock, active, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, 1, ?, ?, ?, ?)',
      ).run(input.name, input.pointsPrice, input.stock, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, { action: 'create', entity: 'gift', entityId: id, summary: `gift ${input.name} (${input.pointsPrice} points, ${input.stock} in stock) added`, detail: input });
      return id;
    });
    this.events.publish('gifts.changed', { id });
    return this.get(id);
  }

  /** Changes a gift: a new price, a counted stock, `active: false` retires it. */
  patch(actor: UserRef, id: number, raw: GiftPatch): Gift {
    const input = check(giftPatchSchema, raw);
    this.write(() => {
      const before = this.get(id);
      const { sets, args, was } = patchSets(COLUMNS, input, before);
      this.sql(`UPDATE gifts SET ${sets.join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`).run(...args, isoNow(this.clock), actor.id, id);
      const what = input.active === false ? 'retired' : input.active === true ? 'offered again' : 'changed';
      this.audit.record(actor, { action: 'update', entity: 'gift', entityId: id, summary: `gift ${before.name} ${what}`, detail: { changes: input, before: was } });
    });
    this.events.publish('gifts.changed', { id });
    return this.get(id);
  }

  /**
   * Redeems a card's points for a gift. Unknown card: 404; unknown gift: 400 giftId; closed
   * card: 409 card_closed; retired gift: 409 gift_retired; too few in stock: 409 out_of_stock;
   * too few points: 409 insufficient_points.
   */
  redeem(actor: UserRef, cardId: number, raw: GiftRedeemInput): GiftRedemption {
    const input = check(giftRedeemSchema, raw);
    const { id, customerId } = this.write(() => {
      const card = this.card(cardId);
      const g = this.sql('SELECT * FROM gifts WHERE id = ?').get(input.giftId) as GiftRow | undefined;
      if (!g) throw new ValidationError([{ path: 'giftId', message: `no gift ${input.giftId}` }]);
      if (!g.active) throw new ConflictError(`${g.name} is retired from the gift list`, 'gift_retired');
      if (g.stock < input.qty) throw new ConflictError(`${g.name}: ${g.stock} in stock, ${input.qty} asked for`, 'out_of_stock');
      const points = g.points_price * input.qty;
      const have = this.balance(cardId);
      if (have < points) throw new ConflictError(`card ${card.card_no} has ${have} points; ${input.qty} × ${g.name} takes ${points}`, 'insufficient_points');
      const now = isoNow(this.clock);
      const reason = `gift: ${g.name}${input.qty > 1 ? ` × ${input.qty}` : ''}`;
      const entryId = this.pointsLine(actor, cardId, -points, 'deduct', reason, null, now);
      this.sql('UPDATE gifts SET stock = stock - ? WHERE id = ?').run(input.qty, g.id);
      const id = this.redemptionRow(actor, { giftId: g.id, cardId, qty: input.qty, points, entryId, reverses: null, reason: '', at: now });
      this.audit.record(actor, {
        action: 'create',
        entity: 'gift_redemption',
        entityId: id,
        summary: `${input.qty} × gift ${g.name} for ${points} points from card ${card.card_no}`,
        detail: { cardId, cardNo: card.card_no, giftId: g.id, qty: input.qty, points, stockBefore: g.stock, stockAfter: g.stock - input.qty, pointsBefore: have, pointsAfter: have - points },
      });
      return { id, customerId: card.customer_id };
    });
    this.published(customerId, cardId, input.giftId);
    return this.redemption(id);
  }

  /** Undoes a redemption: the points and the stock come back. Already reversed / a reversal: 409. */
  reverse(actor: UserRef, redemptionId: number, rawReason: string): GiftRedemption {
    const { reason } = check(giftReverseSchema, { reason: rawReason });
    const { id, cardId, giftId, customerId } = this.write(() => {
      const r = this.redemption(redemptionId);
      if (r.reverses !== null) throw new ConflictError(`gift redemption ${redemptionId} is itself a reversal`, 'not_reversible');
      if (r.reversedBy !== null) throw new ConflictError(`gift redemption ${redemptionId} was already reversed (${r.reversedBy})`, 'already_reversed');
      const card = this.card(r.cardId);
      const now = isoNow(this.clock);
      const entryId = this.pointsLine(actor, r.cardId, r.points, 'reversal', `gift returned: ${r.giftName} (${reason})`.slice(0, 200), r.pointsEntryId, now);
      this.sql('UPDATE gifts SET stock = stock + ? WHERE id = ?').run(r.qty, r.giftId);
      const id = this.redemptionRow(actor, { giftId: r.giftId, cardId: r.cardId, qty: -r.qty, points: -r.points, entryId, reverses: r.id, reason, at: now });
      this.audit.record(actor, {
        action: 'reverse',
        entity: 'gift_redemption',
        entityId: id,
        summary: `gift redemption ${r.id} (${r.qty} × ${r.giftName}) on card ${card.card_no} reversed: ${reason}`,
        detail: { reverses: r.id, cardId: r.cardId, giftId: r.giftId, qty: -r.qty, points: r.points, reason },
      });
      return { id, cardId: r.cardId, giftId: r.giftId, customerId: card.customer_id };
    });
    this.published(customerId, cardId, giftId);
    return this.redemption(id);
  }

  /** A card's redemptions and their reversals, newest first. Unknown card: 404. */
  forCard(cardId: number, limit: number): GiftRedemption[] {
    if (!this.sql('SELECT 1 FROM member_cards WHERE id = ?').get(cardId)) throw new NotFoundError(`member card ${cardId}`);
    return (this.sql(`${REDEMPTION} WHERE r.card_id = ? ORDER BY r.id DESC LIMIT ?`).all(cardId, limit) as RedemptionRow[]).map(toRedemption);
  }

  redemption(id: number): GiftRedemption {
    const r = this.sql(`${REDEMPTION} WHERE r.id = ?`).get(id) as RedemptionRow | undefined;
    if (!r) throw new NotFoundError(`gift redemption ${id}`);
    return toRedemption(r);
  }

  /** Whether a points line belongs to a gift redemption (it is undone here, not on its own). */
  isGiftLine(pointsEntryId: number): boolean {
    return this.sql('SELECT 1 FROM gift_redemptions WHERE points_entry_id = ?').get(pointsEntryId) !== undefined;
  }

  private card(cardId: number): { card_no: string; customer_id: number } {
    const c = this.sql('SELECT card_no, customer_id, state FROM member_cards WHERE id = ?').get(cardId) as { card_no: string; customer_id: number; state: string } | undefined;
    if (!c) throw new NotFoundError(`member card ${cardId}`);
    if (c.state !== 'active') throw new ConflictError(`card ${c.card_no} is closed; its points cannot change`, 'card_closed');
    return c;
  }

  private balance(cardId: number): number {
    return (this.sql('SELECT COALESCE(SUM(delta), 0) AS n FROM points_entries WHERE card_id = ?').get(cardId) as { n: number }).n;
  }

  private pointsLine(actor: UserRef, cardId: number, delta: number, kind: 'deduct' | 'reversal', reason: string, reverses: number | null, at: string): number {
    return Number(
      this.sql('INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
        cardId,
        delta,
        kind,
        reason,
        reverses,
        at,
        actor.id,
        actor.name,
      ).lastInsertRowid,
    );
  }

  private redemptionRow(
    actor: UserRef,
    x: { giftId: number; cardId: number; qty: number; points: number; entryId: number; reverses: number | null; reason: string; at: string },
  ): number {
    return Number(
      this.sql(
        `INSERT INTO gift_redemptions (gift_id, card_id, qty, points, points_entry_id, reverses, reason, at, created_by, created_by_name)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(x.giftId, x.cardId, x.qty, x.points, x.entryId, x.reverses, x.reason, x.at, actor.id, actor.name).lastInsertRowid,
    );
  }

  private published(customerId: number, cardId: number, giftId: number): void {
    this.events.publish('membership.changed', { customerId, cardId });
    this.events.publish('gifts.changed', { id: giftId });
  }

  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError('another gift has this name', 'duplicate_name');
      throw err;
    }
  }
}

function toGift(r: GiftRow): Gift {
  return { id: r.id, name: r.name, pointsPrice: r.points_price, stock: r.stock, active: r.active === 1, createdAt: r.created_at, updatedAt: r.updated_at };
}

function toRedemption(r: RedemptionRow): GiftRedemption {
  return {
    id: r.id,
    giftId: r.gift_id,
    giftName: r.gift_name,
    cardId: r.card_id,
    qty: r.qty,
    points: r.points,
    pointsEntryId: r.points_entry_id,
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    reason: r.reason,
    at: r.at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}
