// Points at the till (M2): earning by the studio's rules (points-rules.ts) on bills and
// top-ups, previewing what a bill will earn before it is saved, and paying a bill with points
// at the redeem rate (the payments ledger's tender for method points). Lines go into the
// card's append-only points ledger (migration 008), linked to their bill or payment.
import type { OrderWithMoney as Order, PointsPreview, UserRef } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Tender } from '../finance/payment-service.js';
import type { Clock } from '../util/clock.js';
import { wallClock } from '../util/local-time.js';
import { pointsFor, type PointsEvent } from './points-rules.js';
import { pointsToPay, type TillSettings } from './till-settings.js';

interface CardFacts {
  id: number;
  card_no: string;
  customer_id: number;
  type_id: number;
  state: string;
  birthday: string | null;
}

const CARD = `SELECT c.id, c.card_no, c.customer_id, c.type_id, c.state, cu.birthday FROM member_cards c JOIN customers cu ON cu.id = c.customer_id`;

export class PointsEarning {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: () => TillSettings,
    private readonly timeZone: () => string,
  ) {
    this.sql = statementCache(db);
  }

  /** The card a customer's bills earn on: their main active card (newest), else any active one. */
  cardOfCustomer(customerId: number): CardFacts | null {
    return (
      (this.sql(`${CARD} WHERE c.customer_id = ? AND c.state = 'active' ORDER BY c.main_card_id IS NULL DESC, c.issued_at DESC, c.id DESC LIMIT 1`).get(customerId) as
        | CardFacts
        | undefined) ?? null
    );
  }

  /** What an amount would earn on this card now, by the rules in their order. */
  preview(card: CardFacts, event: PointsEvent, amountMinor: number): PointsPreview {
    const now = this.clock();
    const w = wallClock(now, this.timeZone());
    const date = `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')}`;
    const weekday = new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
    const r = pointsFor(this.settings().pointsRules, { event, amountMinor, local: { date, weekday, hour: w.hour }, birthday: card.birthday, cardTypeId: card.type_id });
    return { cardId: card.id, cardNo: card.card_no, points: r.points, steps: r.steps };
  }

  /** Earns on a card inside the caller's transaction; nothing when the rules give 0. */
  earn(actor: UserRef, x: { cardId: number; event: PointsEvent; amountMinor: number; reason: string; billId: number | null }): PointsPreview | null {
    const card = this.sql(`${CARD} WHERE c.id = ?`).get(x.cardId) as CardFacts | undefined;
    if (!card || card.state !== 'active') return null;
    const p = this.preview(card, x.event, x.amountMinor);
    if (p.points > 0) {
      const why = p.steps.map((s) => s.name).join(', ');
      this.sql(
        `INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by, created_by_name, payment_id, bill_id)
         VALUES (?, ?, 'earn', ?, NULL, ?, ?, ?, NULL, ?)`,
      ).run(card.id, p.points, `${x.reason} (${why})`.slice(0, 200), this.clock().toISOString(), actor.id, actor.name, x.billId);
    }
    return p;
  }

  /** The payments ledger's tender for method points: the card pays with points at the redeem rate. */
  tender(cardOf: (order: Order, cardId: number) => { card_no: string }): Tender {
    return {
      take: (actor, order, paymentId, amountMinor, cardId) => {
        const card = cardOf(order, cardId);
        const need = pointsToPay(this.settings().redeem, amountMinor);
        const have = (this.sql('SELECT COALESCE(SUM(delta), 0) AS b FROM points_entries WHERE card_id = ?').get(cardId) as { b: number }).b;
        if (need > have) throw new ConflictError(`card ${card.card_no} has ${have} points; paying this takes ${need}`, 'insufficient_points');
        this.sql(
          `INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by, created_by_name, payment_id, bill_id)
           VALUES (?, ?, 'deduct', ?, NULL, ?, ?, ?, ?, NULL)`,
        ).run(cardId, -need, `paid order ${order.orderNo}`, this.clock().toISOString(), actor.id, actor.name, paymentId);
      },
      undo: (actor, paymentId, reversalId) => {
        const e = this.sql("SELECT id, card_id, delta FROM points_entries WHERE payment_id = ? AND kind = 'deduct'").get(paymentId) as
          | { id: number; card_id: number; delta: number }
          | undefined;
        if (!e) return;
        this.sql(
          `INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by, created_by_name, payment_id, bill_id)
           VALUES (?, ?, 'reversal', ?, ?, ?, ?, ?, NULL, NULL)`,
        ).run(e.card_id, -e.delta, `payment reversed (line ${reversalId})`, e.id, this.clock().toISOString(), actor.id, actor.name);
      },
    };
  }

  /** A card by id, 404 when unknown (for the preview route). */
  card(id: number): CardFacts {
    const c = this.sql(`${CARD} WHERE c.id = ?`).get(id) as CardFacts | undefined;
    if (!c) throw new NotFoundError(`member card ${id}`);
    return c;
  }
}
