// Stored value on member cards (M3): top-ups with the studio's bonus, spending through the
// payments ledger (method stored_value), reversals, and a card's statement. The ledger is
// append-only (the stored-value migration's triggers); a balance is the sum of its card's lines and can
// never go below zero, whatever the code does. Stored value is a liability: a top-up is money
// in the till but never income; it becomes income when it pays a bill.
import type {
  OrderWithMoney as Order, PointsPreview, StoredValueEntry, StoredValueStatement, TopUpInput, TopUpResult, TransferCards, TransferInput, TransferResult, UserRef,
} from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import type { Tender } from '../finance/payment-service.js';
import { check } from '../membership/membership-schemas.js';
import type { Clock } from '../util/clock.js';
import type { PointsEarning } from './points-earning.js';
import { transferRefusal, type TransferCard } from './stored-value-transfers.js';
import { topUpSchema, transferSchema } from './till-schemas.js';
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
  transfer_of: number | null;
  other_card_id: number | null;
  other_card_no: string | null;
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

// A transfer line's other card: the in line names its out line (transfer_of), the out line is
// named by its in line (UNIQUE index on transfer_of).
const LEDGER = `SELECT e.*, r.id AS reversed_by, o.order_no, COALESCE(u.display_name, e.created_by_name) AS created_by_name,
    oc.id AS other_card_id, oc.card_no AS other_card_no
  FROM (SELECT s.*, SUM(s.amount_minor) OVER (ORDER BY s.id ROWS UNBOUNDED PRECEDING) AS balance FROM stored_value_entries s WHERE s.card_id = ?) e
  LEFT JOIN stored_value_entries r ON r.reverses = e.id
  LEFT JOIN payments p ON p.id = e.payment_id LEFT JOIN orders o ON o.id = p.order_id
  LEFT JOIN users u ON u.id = e.created_by
  LEFT JOIN stored_value_entries ti ON e.kind = 'transfer_out' AND ti.transfer_of = e.id
  LEFT JOIN stored_value_entries tf ON tf.id = e.transfer_of
  LEFT JOIN member_cards oc ON oc.id = COALESCE(ti.card_id, tf.card_id)
  ORDER BY e.id DESC LIMIT ?`;

const INSERT = `INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, topup_id, payment_id, reverses, note, at, created_by, created_by_name, transfer_of)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A card with what a transfer needs: its main card and whether that main card's type shares. */
const TRANSFER_CARD = `SELECT c.id, c.card_no AS cardNo, c.state, c.main_card_id AS mainCardId, c.customer_id AS customerId, mt.shares_stored_value AS shares
  FROM member_cards c JOIN member_cards m ON m.id = COALESCE(c.main_card_id, c.id) JOIN member_card_types mt ON mt.id = m.type_id WHERE c.id = ?`;

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
      if (e.kind === 'transfer_out' || e.kind === 'transfer_in') return this.reverseTransfer(actor, e, reason);
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

  /**
   * Moves stored value from a card to its main card or one of its attached cards: a
   * transfer_out line here and a transfer_in line there, one transaction, audited. Refused
   * (409) when the cards are not main and attached of each other (cards_not_linked), the main
   * card's type does not share stored value (sharing_not_allowed), a card is closed
   * (card_closed) or this card holds less (insufficient_balance).
   */
  transfer(actor: UserRef, fromId: number, raw: TransferInput): TransferResult {
    const input = check(transferSchema, raw);
    if (input.toCardId === fromId) throw new ValidationError([{ path: 'toCardId', message: 'must be another card than the one giving' }]);
    const { ids, customers } = this.write(() => {
      const from = this.transferCard(fromId);
      const to = this.transferCard(input.toCardId);
      const refusal = transferRefusal(from, to);
      if (refusal) throw new ConflictError(refusal.message, refusal.code);
      const currency = this.currency();
      const held = this.balanceOf(fromId);
      if (held < input.amountMinor) {
        throw new ConflictError(`card ${from.cardNo} holds ${formatMinor(held, currency)}, less than ${formatMinor(input.amountMinor, currency)}`, 'insufficient_balance');
      }
      const now = this.clock().toISOString();
      const outId = this.insert(fromId, 'transfer_out', -input.amountMinor, currency, null, null, null, null, input.note, now, actor);
      const inId = this.insert(to.id, 'transfer_in', input.amountMinor, currency, null, null, null, null, input.note, now, actor, outId);
      this.audit.record(actor, {
        action: 'create',
        entity: 'stored_value',
        entityId: outId,
        summary: `${formatMinor(input.amountMinor, currency)} stored value moved from card ${from.cardNo} to card ${to.cardNo}` + (input.note ? ` (${input.note})` : ''),
        detail: { fromCardId: fromId, toCardId: to.id, amountMinor: input.amountMinor, currency, outId, inId, note: input.note },
      });
      return { ids: [outId, inId] as const, customers: [...new Set([from.customerId, to.customerId])] };
    });
    for (const customerId of customers) this.events.publish('membership.changed', { customerId, cardId: fromId });
    const from = this.statement(fromId);
    const to = this.statement(input.toCardId);
    return { out: from.entries.find((e) => e.id === ids[0])!, in: to.entries.find((e) => e.id === ids[1])!, from, to };
  }

  /** The active cards this card may move stored value to and from, and whether its main card's type shares. */
  transferCards(cardId: number): TransferCards {
    const c = this.transferCard(cardId);
    // An attached card deals with its main card only; a main card with each of its attached cards.
    const rows = this.sql(
      `SELECT c.id, c.card_no, c.main_card_id, cu.id AS customer_id, cu.customer_no, cu.name,
         (SELECT COALESCE(SUM(s.amount_minor), 0) FROM stored_value_entries s WHERE s.card_id = c.id) AS balance
       FROM member_cards c JOIN customers cu ON cu.id = c.customer_id
       WHERE c.state = 'active' AND c.id <> ? AND (c.id = ? OR c.main_card_id = ?) ORDER BY c.main_card_id IS NOT NULL, c.id`,
    ).all(cardId, c.mainCardId ?? -1, c.mainCardId === null ? c.id : -1) as {
      id: number; card_no: string; main_card_id: number | null; customer_id: number; customer_no: string; name: string; balance: number;
    }[];
    return {
      sharing: c.mainShares,
      cards: rows.map((r) => ({
        id: r.id,
        cardNo: r.card_no,
        customer: { id: r.customer_id, customerNo: r.customer_no, name: r.name },
        isMain: r.main_card_id === null,
        balanceMinor: r.balance,
      })),
    };
  }

  // Both lines of a transfer are reversed together: value goes back to the card that gave it.
  // Refused (insufficient_balance) when the receiving card has spent it meanwhile.
  private reverseTransfer(actor: UserRef, e: EntryRow, reason: string): { cardId: number; customerId: number } {
    type Half = { id: number; card_id: number; amount_minor: number; currency: string };
    const row = (sql: string, id: number) => this.sql(sql).get(id) as Half;
    const out = e.kind === 'transfer_out' ? (e as Half) : row('SELECT id, card_id, amount_minor, currency FROM stored_value_entries WHERE id = ?', e.transfer_of!);
    const into = row('SELECT id, card_id, amount_minor, currency FROM stored_value_entries WHERE transfer_of = ?', out.id);
    if (this.sql('SELECT 1 FROM stored_value_entries WHERE reverses IN (?, ?)').get(out.id, into.id)) throw new ConflictError(`the transfer of line ${e.id} was already reversed`, 'already_reversed');
    const from = this.card(out.card_id);
    const to = this.card(into.card_id);
    const now = this.clock().toISOString();
    this.insert(out.card_id, 'reversal', -out.amount_minor, out.currency, null, null, null, out.id, reason, now, actor);
    this.insert(into.card_id, 'reversal', -into.amount_minor, into.currency, null, null, null, into.id, reason, now, actor);
    this.audit.record(actor, {
      action: 'reverse',
      entity: 'stored_value',
      entityId: out.id,
      summary: `transfer of ${formatMinor(into.amount_minor, into.currency)} from card ${from.card_no} to card ${to.card_no} reversed: ${reason}`,
      detail: { fromCardId: out.card_id, toCardId: into.card_id, outId: out.id, inId: into.id, amountMinor: into.amount_minor, reason },
    });
    this.events.publish('membership.changed', { customerId: to.customer_id, cardId: to.id });
    const self = this.card(e.card_id);
    return { cardId: self.id, customerId: self.customer_id };
  }

  private transferCard(id: number): TransferCard & { customerId: number } {
    const r = this.sql(TRANSFER_CARD).get(id) as (Omit<TransferCard, 'mainShares'> & { customerId: number; shares: number }) | undefined;
    if (!r) throw new NotFoundError(`member card ${id}`);
    const { shares, ...rest } = r;
    return { ...rest, mainShares: shares === 1 };
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
    paymentId: number | null, reverses: number | null, note: string, at: string, actor: UserRef, transferOf: number | null = null,
  ): number {
    return Number(this.sql(INSERT).run(cardId, kind, amount, currency, method, topupId, paymentId, reverses, note, at, actor.id, actor.name, transferOf).lastInsertRowid);
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
    otherCard: r.other_card_id === null ? null : { id: r.other_card_id, cardNo: r.other_card_no ?? '' },
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    note: r.note,
    balanceMinor: r.balance,
    at: r.at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}
