// Membership (M1): card types, member cards (main and attached) and each card's points ledger.
//
// The ledger is append-only (migration 008's triggers): points are taken back with a reversal
// line, never by changing one, and a card's balance is the sum of its lines. Every check of a
// balance happens in the same IMMEDIATE transaction as the line it allows, so two desks
// deducting at once cannot both spend the same points. Each write lands with its audit line;
// `membership.changed { customerId, cardId }` follows the commit (a caller's card refreshes).
import type { CallerCard, MemberCard, MemberCardInput, MemberCardType, PointsEntry, PointsInput, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, type MetaRow, userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';
import { BOX_CARD_PREFIX, nextFreeBoxCardNo, parseCardNo } from './card-number.js';
import {
  cardIssueSchema,
  cardTypeCreateSchema,
  cardTypePatchSchema,
  check,
  pointsSchema,
  reverseSchema,
  type CardTypeCreateInput,
  type CardTypePatchInput,
} from './membership-schemas.js';

interface TypeRow {
  id: number;
  name: string;
  note: string;
  shares_stored_value: number;
  created_at: string;
  active_cards: number;
}

interface CardRow extends MetaRow {
  id: number;
  card_no: string;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  type_id: number;
  type_name: string;
  main_card_id: number | null;
  main_card_no: string | null;
  state: MemberCard['state'];
  issued_at: string;
  points: number;
}

interface EntryRow {
  id: number;
  card_id: number;
  delta: number;
  kind: PointsEntry['kind'];
  reason: string;
  reverses: number | null;
  reversed_by: number | null;
  balance: number;
  at: string;
  created_by: number | null;
  created_by_name: string | null;
}

const TYPE_SELECT = `SELECT t.id, t.name, t.note, t.shares_stored_value, t.created_at,
    (SELECT COUNT(*) FROM member_cards c WHERE c.type_id = t.id AND c.state = 'active') AS active_cards
  FROM member_card_types t`;

const CARD_SELECT = `SELECT c.id, c.card_no, c.customer_id, cu.customer_no, cu.name AS customer_name,
    c.type_id, t.name AS type_name, c.main_card_id, m.card_no AS main_card_no, c.state, c.issued_at, ${metaColumns('c')},
    (SELECT COALESCE(SUM(p.delta), 0) FROM points_entries p WHERE p.card_id = c.id) AS points
  FROM member_cards c
  JOIN customers cu ON cu.id = c.customer_id
  JOIN member_card_types t ON t.id = c.type_id
  LEFT JOIN member_cards m ON m.id = c.main_card_id
  ${metaJoins('c')}`;

// One line with the balance after it: the sum of its card's lines up to it (index card_id, id).
const ENTRY_SELECT = `SELECT e.id, e.card_id, e.delta, e.kind, e.reason, e.reverses, r.id AS reversed_by, e.at, e.created_by,
    COALESCE(u.display_name, e.created_by_name) AS created_by_name,
    (SELECT SUM(b.delta) FROM points_entries b WHERE b.card_id = e.card_id AND b.id <= e.id) AS balance
  FROM points_entries e
  LEFT JOIN points_entries r ON r.reverses = e.id
  LEFT JOIN users u ON u.id = e.created_by`;

// A card's newest lines: the running balance once over the card's lines, then the page.
const LEDGER_SELECT = `SELECT e.id, e.card_id, e.delta, e.kind, e.reason, e.reverses, r.id AS reversed_by, e.at, e.created_by,
    COALESCE(u.display_name, e.created_by_name) AS created_by_name, e.balance
  FROM (SELECT p.*, SUM(p.delta) OVER (ORDER BY p.id ROWS UNBOUNDED PRECEDING) AS balance
        FROM points_entries p WHERE p.card_id = ?) e
  LEFT JOIN points_entries r ON r.reverses = e.id
  LEFT JOIN users u ON u.id = e.created_by
  ORDER BY e.id DESC LIMIT ?`;

/** The caller's card: the customer's active cards by member_cards_customer, their points by points_entries_card. */
export const CALLER_CARD_SQL = `SELECT c.card_no, t.name AS type_name,
    (SELECT COALESCE(SUM(p.delta), 0) FROM points_entries p WHERE p.card_id = c.id) AS points
  FROM member_cards c JOIN member_card_types t ON t.id = c.type_id
  WHERE c.customer_id = ? AND c.state = 'active'
  ORDER BY c.main_card_id IS NULL DESC, c.issued_at DESC, c.id DESC LIMIT 1`;

// Cards in the form of the box's own numbers (M + 6 or more digits): the counter's start.
const BOX_FORM = `card_no GLOB '${BOX_CARD_PREFIX}[0-9][0-9][0-9][0-9][0-9][0-9]*' AND substr(card_no, 2) NOT GLOB '*[^0-9]*'`;

/** Names of card types compared as people read them: "vip", "VIP" and "Vip" are one name, "vàng" and "VÀNG" too. */
const foldName = (s: string): string => s.normalize('NFC').toLowerCase();

export class MembershipService {
  private readonly sql;
  /** Lines another module undoes with more than points (a gift's stock): each says why not here, or null. */
  private readonly reverseGuards: ((entryId: number) => ConflictError | null)[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /** A module whose points lines must be undone through it registers here (the till's gifts). */
  addReverseGuard(guard: (entryId: number) => ConflictError | null): void {
    this.reverseGuards.push(guard);
  }

  // ---- card types (the studio's settings) ----

  /** Every card type, by name, with how many of its cards are active. */
  listTypes(): MemberCardType[] {
    return (this.sql(`${TYPE_SELECT} ORDER BY t.name COLLATE NOCASE, t.id`).all() as TypeRow[]).map(toType);
  }

  /** A new card type. A name already used (in any case): 409 duplicate_name. */
  createType(actor: UserRef, raw: CardTypeCreateInput): MemberCardType {
    const input = check(cardTypeCreateSchema, raw);
    const id = this.write(() => {
      this.assertNameFree(input.name, null);
      const now = isoNow(this.clock);
      const res = this.sql(
        `INSERT INTO member_card_types (name, note, shares_stored_value, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.name, input.note ?? '', input.sharesStoredValue ? 1 : 0, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, { action: 'create', entity: 'member_card_type', entityId: id, summary: `member card type ${input.name} created`, detail: input });
      return id;
    }, 'duplicate_name');
    this.events.publish('membership.typeChanged', { id });
    return this.getType(id);
  }

  /** Renames a type or changes its note; its cards show the new name. */
  updateType(actor: UserRef, id: number, raw: CardTypePatchInput): MemberCardType {
    const patch = check(cardTypePatchSchema, raw);
    this.write(() => {
      const before = this.getType(id);
      if (patch.name !== undefined) this.assertNameFree(patch.name, id);
      this.sql(`UPDATE member_card_types SET name = ?, note = ?, shares_stored_value = ?, updated_at = ?, updated_by = ? WHERE id = ?`).run(
        patch.name ?? before.name,
        patch.note ?? before.note,
        (patch.sharesStoredValue ?? before.sharesStoredValue) ? 1 : 0,
        isoNow(this.clock),
        actor.id,
        id,
      );
      this.audit.record(actor, {
        action: 'update',
        entity: 'member_card_type',
        entityId: id,
        summary: `member card type ${before.name} changed`,
        detail: { changes: patch, before: { name: before.name, note: before.note, sharesStoredValue: before.sharesStoredValue } },
      });
    }, 'duplicate_name');
    this.events.publish('membership.typeChanged', { id });
    return this.getType(id);
  }

  private getType(id: number): MemberCardType {
    const r = this.sql(`${TYPE_SELECT} WHERE t.id = ?`).get(id) as TypeRow | undefined;
    if (!r) throw new NotFoundError(`member card type ${id}`);
    return toType(r);
  }

  // SQLite's NOCASE folds only A–Z; the studio's names are Chinese and Vietnamese too. Types
  // are a handful, so they are compared here, in the transaction that writes.
  private assertNameFree(name: string, self: number | null): void {
    const folded = foldName(name);
    for (const t of this.sql('SELECT id, name FROM member_card_types').all() as { id: number; name: string }[]) {
      if (t.id !== self && foldName(t.name) === folded) throw new ConflictError(`there is already a card type named ${t.name}`, 'duplicate_name');
    }
  }

  // ---- cards ----

  /**
   * Issues a card to a customer. No card number: the box gives the next free M-number.
   * Unknown customer: 404; unknown type: 400 (typeId); number taken: 409 duplicate_card_no;
   * an attached card's main card must exist, be active and be a main card: 409 bad_main_card.
   */
  issue(actor: UserRef, customerId: number, raw: MemberCardInput): MemberCard {
    const input = check(cardIssueSchema, raw);
    const id = this.write(() => {
      const customer = this.sql('SELECT customer_no, name FROM customers WHERE id = ?').get(customerId) as { customer_no: string; name: string } | undefined;
      if (!customer) throw new NotFoundError(`customer ${customerId}`);
      const type = this.sql('SELECT name FROM member_card_types WHERE id = ?').get(input.typeId) as { name: string } | undefined;
      if (!type) throw new ValidationError([{ path: 'typeId', message: 'no such card type' }]);
      const mainCardId = input.mainCardId ?? null;
      if (mainCardId !== null) this.assertMainCard(mainCardId);
      let cardNo = input.cardNo;
      if (cardNo === undefined) {
        cardNo = this.nextBoxNumber();
      } else if (this.numberTaken(cardNo)) {
        throw new ConflictError(`card number ${cardNo} is already taken`, 'duplicate_card_no');
      }
      const now = isoNow(this.clock);
      const res = this.sql(
        `INSERT INTO member_cards (card_no, customer_id, type_id, main_card_id, state, issued_at, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
      ).run(cardNo, customerId, input.typeId, mainCardId, now, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, {
        action: 'create',
        entity: 'member_card',
        entityId: id,
        summary: `${mainCardId === null ? '' : 'attached '}member card ${cardNo} (${type.name}) issued to customer ${customer.customer_no} ${customer.name}`,
        detail: { customerId, cardNo, typeId: input.typeId, mainCardId, numberGiven: input.cardNo !== undefined },
      });
      return id;
    }, 'duplicate_card_no');
    this.events.publish('membership.changed', { customerId, cardId: id });
    return this.get(id);
  }

  get(id: number): MemberCard {
    const r = this.sql(`${CARD_SELECT} WHERE c.id = ?`).get(id) as CardRow | undefined;
    if (!r) throw new NotFoundError(`member card ${id}`);
    return toCard(r);
  }

  /** A card by its number as typed or scanned (spaces, case and full-width forms do not matter). */
  byCardNo(raw: string): MemberCard {
    const parsed = parseCardNo(raw);
    if (!parsed.ok) throw new ValidationError([{ path: 'cardNo', message: parsed.message }]);
    const r = this.sql(`${CARD_SELECT} WHERE c.card_no = ?`).get(parsed.cardNo) as CardRow | undefined;
    if (!r) throw new NotFoundError(`member card ${parsed.cardNo}`);
    return toCard(r);
  }

  /** A customer's cards: active ones first, then newest first. Unknown customer: 404. */
  listForCustomer(customerId: number): MemberCard[] {
    if (!this.sql('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new NotFoundError(`customer ${customerId}`);
    const rows = this.sql(`${CARD_SELECT} WHERE c.customer_id = ? ORDER BY c.state = 'active' DESC, c.issued_at DESC, c.id DESC`).all(customerId) as CardRow[];
    return rows.map(toCard);
  }

  /**
   * Closes a card for good; its ledger stays as it was. A main card still carrying active
   * attached cards: 409 has_attached_cards (close those first); already closed: 409 card_closed.
   */
  close(actor: UserRef, id: number): MemberCard {
    const card = this.write(() => {
      const card = this.get(id);
      if (card.state === 'closed') throw new ConflictError(`card ${card.cardNo} is already closed`, 'card_closed');
      const attached = this.sql(`SELECT card_no FROM member_cards WHERE main_card_id = ? AND state = 'active' ORDER BY id`).all(id) as { card_no: string }[];
      if (attached.length > 0) {
        throw new ConflictError(`card ${card.cardNo} still has active attached cards (${attached.map((a) => a.card_no).join(', ')}); close them first`, 'has_attached_cards');
      }
      this.sql(`UPDATE member_cards SET state = 'closed', updated_at = ?, updated_by = ? WHERE id = ?`).run(isoNow(this.clock), actor.id, id);
      this.audit.record(actor, {
        action: 'close',
        entity: 'member_card',
        entityId: id,
        summary: `member card ${card.cardNo} of customer ${card.customer.customerNo} ${card.customer.name} closed`,
        detail: { cardNo: card.cardNo, customerId: card.customer.id, pointsLeft: card.points },
      });
      return card;
    });
    this.events.publish('membership.changed', { customerId: card.customer.id, cardId: id });
    return this.get(id);
  }

  /** Whether the customer holds or held any card (then the customer cannot be deleted). */
  hasCards(customerId: number): boolean {
    return this.sql('SELECT 1 FROM member_cards WHERE customer_id = ? LIMIT 1').get(customerId) !== undefined;
  }

  /**
   * The card shown on the caller's popup: the active one, a main card before an attached one,
   * the newest first. Runs on every incoming call, so one query on member_cards_customer.
   */
  cardForCaller(customerId: number): CallerCard['membership'] {
    const r = this.sql(CALLER_CARD_SQL).get(customerId) as { card_no: string; type_name: string; points: number } | undefined;
    return r ? { cardNo: r.card_no, cardType: r.type_name, points: r.points } : null;
  }

  // A main card is one that is itself not attached: attached cards hang one level deep.
  private assertMainCard(mainCardId: number): void {
    const m = this.sql('SELECT card_no, state, main_card_id FROM member_cards WHERE id = ?').get(mainCardId) as
      | { card_no: string; state: MemberCard['state']; main_card_id: number | null }
      | undefined;
    if (!m) throw new ConflictError(`main card ${mainCardId} does not exist`, 'bad_main_card');
    if (m.state !== 'active') throw new ConflictError(`main card ${m.card_no} is closed`, 'bad_main_card');
    if (m.main_card_id !== null) throw new ConflictError(`card ${m.card_no} is itself an attached card; attach to its main card instead`, 'bad_main_card');
  }

  private numberTaken(cardNo: string): boolean {
    return this.sql('SELECT 1 FROM member_cards WHERE card_no = ?').get(cardNo) !== undefined;
  }

  // Counting the cards in box form makes the numbers run M000001, M000002… even when some
  // cards carry pre-printed numbers; a typed number in box form is skipped (card-number.ts).
  private nextBoxNumber(): string {
    const { n } = this.sql(`SELECT COUNT(*) AS n FROM member_cards WHERE ${BOX_FORM}`).get() as { n: number };
    return nextFreeBoxCardNo(n + 1, (no) => this.numberTaken(no));
  }

  // ---- points ----

  /**
   * Earns (delta > 0) or deducts (delta < 0) points with a reason. A closed card: 409
   * card_closed; a deduction past the balance: 409 insufficient_points.
   */
  addPoints(actor: UserRef, cardId: number, raw: PointsInput): PointsEntry {
    const input = check(pointsSchema, raw);
    const { entryId, customerId } = this.write(() => {
      const card = this.openCard(cardId);
      const balance = this.balance(cardId);
      if (balance + input.delta < 0) {
        throw new ConflictError(`card ${card.cardNo} has ${balance} points; ${-input.delta} cannot be deducted`, 'insufficient_points');
      }
      const kind = input.delta > 0 ? 'earn' : 'deduct';
      const entryId = this.insertEntry(actor, cardId, input.delta, kind, input.reason, null);
      this.audit.record(actor, {
        action: kind,
        entity: 'points',
        entityId: entryId,
        summary: `${Math.abs(input.delta)} points ${kind === 'earn' ? 'added to' : 'deducted from'} card ${card.cardNo} (${input.reason})`,
        detail: { cardId, cardNo: card.cardNo, delta: input.delta, reason: input.reason, balanceBefore: balance, balanceAfter: balance + input.delta },
      });
      return { entryId, customerId: card.customer.id };
    });
    this.events.publish('membership.changed', { customerId, cardId });
    return this.entry(entryId);
  }

  /**
   * Takes back an earn or a deduction with a reversal line of the opposite delta, once. A
   * reversal is not reversed (add a new line instead): 409 not_reversible; a line reversed
   * before: 409 already_reversed; points already spent: 409 insufficient_points.
   */
  reversePoints(actor: UserRef, entryId: number, reason: string): PointsEntry {
    const input = check(reverseSchema, { reason });
    const { reversalId, cardId, customerId } = this.write(() => {
      const e = this.entry(entryId);
      if (e.kind === 'reversal') throw new ConflictError(`points line ${entryId} is itself a reversal and cannot be reversed`, 'not_reversible');
      if (e.reversedBy !== null) throw new ConflictError(`points line ${entryId} was already reversed by line ${e.reversedBy}`, 'already_reversed');
      for (const guard of this.reverseGuards) {
        const refused = guard(entryId);
        if (refused) throw refused;
      }
      const card = this.openCard(e.cardId);
      const balance = this.balance(e.cardId);
      if (balance - e.delta < 0) {
        throw new ConflictError(
          `card ${card.cardNo} has ${balance} points; taking back the ${e.delta} earned would leave ${balance - e.delta}`,
          'insufficient_points',
        );
      }
      const reversalId = this.insertEntry(actor, e.cardId, -e.delta, 'reversal', input.reason, e.id);
      this.audit.record(actor, {
        action: 'reverse',
        entity: 'points',
        entityId: reversalId,
        summary: `points line ${e.id} (${e.delta > 0 ? '+' : ''}${e.delta}) on card ${card.cardNo} reversed (${input.reason})`,
        detail: { cardId: e.cardId, cardNo: card.cardNo, reverses: e.id, delta: -e.delta, reason: input.reason, balanceBefore: balance, balanceAfter: balance - e.delta },
      });
      return { reversalId, cardId: e.cardId, customerId: card.customer.id };
    });
    this.events.publish('membership.changed', { customerId, cardId });
    return this.entry(reversalId);
  }

  /** A card's points lines, newest first, each with the balance after it. Unknown card: 404. */
  ledger(cardId: number, limit: number): PointsEntry[] {
    if (!this.sql('SELECT 1 FROM member_cards WHERE id = ?').get(cardId)) throw new NotFoundError(`member card ${cardId}`);
    return (this.sql(LEDGER_SELECT).all(cardId, limit) as EntryRow[]).map(toEntry);
  }

  /** One points line. Unknown: 404. */
  entry(id: number): PointsEntry {
    const r = this.sql(`${ENTRY_SELECT} WHERE e.id = ?`).get(id) as EntryRow | undefined;
    if (!r) throw new NotFoundError(`points line ${id}`);
    return toEntry(r);
  }

  /** The card's balance: the sum of its lines. */
  balance(cardId: number): number {
    return (this.sql('SELECT COALESCE(SUM(delta), 0) AS n FROM points_entries WHERE card_id = ?').get(cardId) as { n: number }).n;
  }

  private openCard(cardId: number): MemberCard {
    const card = this.get(cardId);
    if (card.state === 'closed') throw new ConflictError(`card ${card.cardNo} is closed; its points cannot change`, 'card_closed');
    return card;
  }

  private insertEntry(actor: UserRef, cardId: number, delta: number, kind: PointsEntry['kind'], reason: string, reverses: number | null): number {
    const res = this.sql(`INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by, created_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`).run(
      cardId,
      delta,
      kind,
      reason,
      reverses,
      isoNow(this.clock),
      actor.id,
      actor.name,
    );
    return Number(res.lastInsertRowid);
  }

  /**
   * Runs a write in one IMMEDIATE transaction: the write lock is taken before the first read,
   * so what was checked is still true when the line is written. A UNIQUE violation the checks
   * did not foresee (another process) still answers as the conflict it is.
   */
  private write<T>(fn: () => T, uniqueCode?: string): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      const e = err as { code?: string; message?: string };
      if (uniqueCode && e.code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError(e.message ?? 'already exists', uniqueCode);
      throw err;
    }
  }
}

function toType(r: TypeRow): MemberCardType {
  return { id: r.id, name: r.name, note: r.note, activeCards: r.active_cards, sharesStoredValue: r.shares_stored_value === 1, createdAt: r.created_at };
}

function toCard(r: CardRow): MemberCard {
  const m = meta(r);
  return {
    id: r.id,
    cardNo: r.card_no,
    customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
    type: { id: r.type_id, name: r.type_name },
    mainCard: r.main_card_id === null ? null : { id: r.main_card_id, cardNo: r.main_card_no ?? '' },
    state: r.state,
    points: r.points,
    issuedAt: r.issued_at,
    createdBy: m.createdBy,
    updatedAt: m.updatedAt,
  };
}

function toEntry(r: EntryRow): PointsEntry {
  return {
    id: r.id,
    cardId: r.card_id,
    delta: r.delta,
    kind: r.kind,
    reason: r.reason,
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    balance: r.balance,
    at: r.at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}
