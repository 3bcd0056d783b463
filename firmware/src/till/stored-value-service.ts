// Stored value on member cards (M3): top-ups with the studio's bonus, spending through the
// payments ledger (method stored_value), reversals, and a card's statement. The ledger is
// append-only (the stored-value migration's triggers); a balance is the sum of its card's lines and can
// never go below zero, whatever the code does. Stored value is a liability: a top-up is money
// in the till but never income; it becomes income when it pays a bill.
import type { OrderWithMoney as Order, PointsPreview, StoredValueEntry, StoredValueStatement, TopUpInput, TopUpResult, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import type { Tender } from '../finance/payment-service.js';
import { check } from '../membership/membership-schemas.js';
import type { Clock } from '../util/clock.js';
import type { PointsEarning } from './points-earning.js';
import { topUpSchema } from './till-schemas.js';
import { topUpBonus, type TillSettings } from './till-settings.js';

interface EntryRow {
  id: number;
  card_id: number;
  kind: StoredValueEntry['kind'];
  amount_minor: number;
  currency: string;
  method: string | null;
  payment_id: number | null;
  order_no: string | null;
  reverses: number | null;
  reversed_by: number | null;
  note: string;
  balance: number;
  at: string;
  created_by: number | null;
  created_by_name: string | null;
}

interface CardRow {
  id: number;
  card_no: string;
  customer_id: number;
  state: string;
}

const LEDGER = `SELECT e.*, r.id AS reversed_by, o.order_no, COALESCE(u.display_name, e.created_by_name) AS created_by_name
  FROM (SELECT s.*, SUM(s.amount_minor) OVER (ORDER BY s.id ROWS UNBOUNDED PRECEDING) AS balance FROM stored_value_entries s WHERE s.card_id = ?) e
  LEFT JOIN stored_value_entries r ON r.reverses = e.id
  LEFT JOIN payments p ON p.id = e.payment_id LEFT JOIN orders o ON o.id = p.order_id
  LEFT JOIN users u ON u.id = e.created_by
  ORDER BY e.id DESC LIMIT ?`;

const INSERT = `INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, topup_id, payment_id, reverses, note, at, created_by, created_by_name)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

export class StoredValueService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly settings: () => TillSettings,
    private readonly currency: () => string,
    private readonly points: PointsEarning,
  ) {
    this.sql = statementCache(db);
  }

  balanceOf(cardId: number): number {
    return (this.sql('SELECT COALESCE(SUM(amount_minor), 0) AS b FROM stored_value_entries WHERE card_id = ?').get(cardId) as { b: number }).b;
  }

  statement(cardId: number, limit = 200): StoredValueStatement {
    this.card(cardId);
    const entries = (this.sql(LEDGER).all(cardId, limit) as EntryRow[]).map(toEntry);
    return { cardId, balanceMinor: this.balanceOf(cardId), currency: entries[0]?.currency ?? this.currency(), entries };
  }

  /** Money onto a card, with the bonus of the studio's rule and the points of the top-up rules. */
  topUp(actor: UserRef, cardId: number, raw: TopUpInput): TopUpResult {
    const input = check(topUpSchema, raw);
    const { ids, customerId, preview } = this.write(() => {
      const card = this.card(cardId);
      if (card.state !== 'active') throw new ConflictError(`card ${card.card_no} is closed`, 'card_closed');
      const now = this.clock().toISOString();
      const currency = this.currency();
      const topId = this.insert(cardId, 'topup', input.amountMinor, currency, input.method, null, null, null, input.note, now, actor);
      const bonus = topUpBonus(this.settings().topUpBonuses, input.amountMinor);
      const bonusId = bonus > 0 ? this.insert(cardId, 'bonus', bonus, currency, null, topId, null, null, '', now, actor) : null;
      this.audit.record(actor, {
        action: 'create',
        entity: 'stored_value',
        entityId: topId,
        summary: `card ${card.card_no} topped up with ${formatMinor(input.amountMinor, currency)} (${input.method})` + (bonus ? ` + ${formatMinor(bonus, currency)} bonus` : ''),
        detail: { cardId, amountMinor: input.amountMinor, bonusMinor: bonus, method: input.method, currency, note: input.note },
      });
      const preview = this.points.earn(actor, { cardId, event: 'topup', amountMinor: input.amountMinor, reason: `top-up on card ${card.card_no}`, billId: null });
      return { ids: [topId, bonusId] as const, customerId: card.customer_id, preview };
    });
    this.events.publish('membership.changed', { customerId, cardId });
    const statement = this.statement(cardId);
    const find = (id: number | null) => (id === null ? null : (statement.entries.find((e) => e.id === id) ?? null));
    return { topUp: find(ids[0])!, bonus: find(ids[1]), points: preview, statement };
  }

  /**
   * Undoes a top-up (with its bonus): refused if the card has spent it (the balance would go
   * below zero). Spends are undone by reversing their payment; a reversal is never reversed.
   */
  reverse(actor: UserRef, entryId: number, reason: string): StoredValueStatement {
    const { cardId, customerId } = this.write(() => {
      const e = this.sql('SELECT * FROM stored_value_entries WHERE id = ?').get(entryId) as (EntryRow & { topup_id: number | null }) | undefined;
      if (!e) throw new NotFoundError(`stored value line ${entryId}`);
      if (e.kind === 'reversal') throw new ConflictError(`line ${entryId} is a reversal; a reversal is not reversed`, 'not_reversible');
      if (e.kind === 'spend') throw new ConflictError(`line ${entryId} paid an order: reverse that payment instead`, 'reverse_the_payment');
      if (e.kind === 'bonus') throw new ConflictError(`line ${entryId} is a bonus: reverse its top-up`, 'reverse_the_topup');
      if (this.sql('SELECT 1 FROM stored_value_entries WHERE reverses = ?').get(entryId)) throw new ConflictError(`line ${entryId} was already reversed`, 'already_reversed');
      const card = this.card(e.card_id);
      const now = this.clock().toISOString();
      const bonus = this.sql("SELECT id, amount_minor FROM stored_value_entries WHERE topup_id = ? AND kind = 'bonus'").get(entryId) as { id: number; amount_minor: number } | undefined;
      if (bonus) this.insert(e.card_id, 'reversal', -bonus.amount_minor, e.currency, null, null, null, bonus.id, reason, now, actor);
      this.insert(e.card_id, 'reversal', -e.amount_minor, e.currency, null, null, null, e.id, reason, now, actor);
      this.audit.record(actor, {
        action: 'reverse',
        entity: 'stored_value',
        entityId: entryId,
        summary: `top-up of ${formatMinor(e.amount_minor, e.currency)} on card ${card.card_no} reversed: ${reason}`,
        detail: { cardId: e.card_id, entryId, amountMinor: e.amount_minor, bonusMinor: bonus?.amount_minor ?? 0, reason },
      });
      return { cardId: e.card_id, customerId: card.customer_id };
    });
    this.events.publish('membership.changed', { customerId, cardId });
    return this.statement(cardId);
  }

  /** The payments ledger's tender for method stored_value. */
  tender(): Tender {
    return {
      take: (actor, order: Order, paymentId, amountMinor, cardId) => {
        const card = this.cardOf(order, cardId);
        if (this.balanceOf(cardId) < amountMinor) {
          throw new ConflictError(`card ${card.card_no} holds ${formatMinor(this.balanceOf(cardId), order.currency)}, less than ${formatMinor(amountMinor, order.currency)}`, 'insufficient_balance');
        }
        this.insert(cardId, 'spend', -amountMinor, order.currency, null, null, paymentId, null, `order ${order.orderNo}`, this.clock().toISOString(), actor);
      },
      undo: (actor, paymentId, reversalId) => {
        const e = this.sql("SELECT id, card_id, amount_minor, currency FROM stored_value_entries WHERE payment_id = ? AND kind = 'spend'").get(paymentId) as
          | { id: number; card_id: number; amount_minor: number; currency: string }
          | undefined;
        if (!e) return;
        this.insert(e.card_id, 'reversal', -e.amount_minor, e.currency, null, null, null, e.id, `payment reversed (line ${reversalId})`, this.clock().toISOString(), actor);
      },
    };
  }

  /** A card that may pay this order: active, the order's customer's, in its currency. */
  cardOf(order: Order, cardId: number): CardRow {
    const card = this.card(cardId);
    if (card.customer_id !== order.customer.id) throw new ConflictError(`card ${card.card_no} is not ${order.customer.name}'s`, 'card_not_customers');
    if (card.state !== 'active') throw new ConflictError(`card ${card.card_no} is closed`, 'card_closed');
    return card;
  }

  private card(id: number): CardRow {
    const c = this.sql('SELECT id, card_no, customer_id, state FROM member_cards WHERE id = ?').get(id) as CardRow | undefined;
    if (!c) throw new NotFoundError(`member card ${id}`);
    return c;
  }

  private insert(
    cardId: number, kind: StoredValueEntry['kind'], amount: number, currency: string, method: string | null, topupId: number | null,
    paymentId: number | null, reverses: number | null, note: string, at: string, actor: UserRef,
  ): number {
    return Number(this.sql(INSERT).run(cardId, kind, amount, currency, method, topupId, paymentId, reverses, note, at, actor.id, actor.name).lastInsertRowid);
  }

  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      const message = (err as Error).message ?? '';
      if (/below zero/.test(message)) throw new ConflictError('the card does not hold enough stored value for this', 'insufficient_balance');
      if (/day is closed/.test(message)) throw new ConflictError('today is closed: the till takes nothing more until tomorrow', 'day_closed');
      throw err;
    }
  }
}

export type { PointsPreview };

function toEntry(r: EntryRow): StoredValueEntry {
  return {
    id: r.id,
    cardId: r.card_id,
    kind: r.kind,
    amountMinor: r.amount_minor,
    currency: r.currency,
    method: r.method,
    paymentId: r.payment_id,
    orderNo: r.order_no,
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    note: r.note,
    balanceMinor: r.balance,
    at: r.at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}
