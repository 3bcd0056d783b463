// The cash book (F2): the studio's income and expense categories (retired, never deleted) and
// the income and expenses that are not bills (rent, salaries, materials), by category and
// method, with a note and who wrote it. A line is never changed: a mistake is undone by a
// reversal line. A line dated inside a closed day is refused (by the box first, then by the
// database's trigger, migration 020).
import { z } from 'zod';
import { MONEY_CATEGORY_KINDS, MONEY_METHODS, type CashEntry, type CashEntryInput, type MoneyCategory, type MoneyCategoryInput, type MoneyCategoryPatch, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, userRef, type MetaRow } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import { check } from '../membership/membership-schemas.js';
import { MAX_TOTAL_MINOR } from '../orders/order-service.js';
import { isoNow, type Clock } from '../util/clock.js';
import { nameText } from '../util/text-schemas.js';

export const categoryCreateSchema = z.object({ kind: z.enum(MONEY_CATEGORY_KINDS), name: nameText(80) }).strict();
export const categoryPatchSchema = z
  .object({ name: nameText(80), active: z.boolean() })
  .partial()
  .strict()
  .refine((p) => p.name !== undefined || p.active !== undefined, { message: 'nothing to change', when: (ctx) => ctx.issues.length === 0 });

export const cashEntrySchema = z
  .object({
    categoryId: z.number().int().positive(),
    amountMinor: z.number().int().positive().max(MAX_TOTAL_MINOR),
    method: z.enum(MONEY_METHODS),
    note: z.string().trim().max(500).default(''),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();

interface CategoryRow extends MetaRow {
  id: number;
  kind: MoneyCategory['kind'];
  name: string;
  active: number;
}

interface EntryRow {
  id: number;
  kind: CashEntry['kind'];
  category_id: number;
  category_name: string;
  category_kind: MoneyCategory['kind'];
  amount_minor: number;
  currency: string;
  method: CashEntry['method'];
  reverses: number | null;
  reversed_by: number | null;
  note: string;
  at: string;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
}

const CATEGORY = `SELECT c.id, c.kind, c.name, c.active, ${metaColumns('c')} FROM money_categories c ${metaJoins('c')}`;
const ENTRY = `SELECT e.*, c.name AS category_name, c.kind AS category_kind, r.id AS reversed_by, COALESCE(u.display_name, e.created_by_name) AS created_by_name
  FROM cash_entries e JOIN money_categories c ON c.id = e.category_id
  LEFT JOIN cash_entries r ON r.reverses = e.id LEFT JOIN users u ON u.id = e.created_by`;
const INSERT = `INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, reverses, note, at, created_at, created_by, created_by_name)
  VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

/** A little slack for a screen's clock a few seconds ahead of the box's. */
const AHEAD_MS = 60_000;

export class CashBook {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly currency: () => string,
    /** Whether the instant is inside a closed day. */
    private readonly isClosedAt: (at: string) => boolean,
  ) {
    this.sql = statementCache(db);
  }

  /** Active first, then income before expenses, by name. */
  categories(): MoneyCategory[] {
    return (this.sql(`${CATEGORY} ORDER BY c.active DESC, c.kind DESC, c.name COLLATE NOCASE, c.id`).all() as CategoryRow[]).map(toCategory);
  }

  category(id: number): MoneyCategory {
    const r = this.sql(`${CATEGORY} WHERE c.id = ?`).get(id) as CategoryRow | undefined;
    if (!r) throw new NotFoundError(`category ${id}`);
    return toCategory(r);
  }

  addCategory(actor: UserRef, raw: MoneyCategoryInput): MoneyCategory {
    const input = check(categoryCreateSchema, raw);
    const id = this.write(() => {
      const now = isoNow(this.clock);
      const id = Number(
        this.sql('INSERT INTO money_categories (kind, name, active, created_at, created_by, updated_at, updated_by) VALUES (?, ?, 1, ?, ?, ?, ?)').run(input.kind, input.name, now, actor.id, now, actor.id)
          .lastInsertRowid,
      );
      this.audit.record(actor, { action: 'create', entity: 'money_category', entityId: id, summary: `${input.kind} category ${input.name} added`, detail: input });
      return id;
    });
    this.events.publish('books.changed', { categoryId: id });
    return this.category(id);
  }

  /** Renames a category, or retires it (`active: false`; its lines keep it) or brings it back. */
  patchCategory(actor: UserRef, id: number, raw: MoneyCategoryPatch): MoneyCategory {
    const input = check(categoryPatchSchema, raw);
    this.write(() => {
      const before = this.category(id);
      const name = input.name ?? before.name;
      const active = input.active ?? before.active;
      this.sql('UPDATE money_categories SET name = ?, active = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(name, Number(active), isoNow(this.clock), actor.id, id);
      const what = input.active === false ? 'retired' : input.active === true && !before.active ? 'used again' : 'changed';
      this.audit.record(actor, { action: 'update', entity: 'money_category', entityId: id, summary: `${before.kind} category ${before.name} ${what}`, detail: { changes: input, before: { name: before.name, active: before.active } } });
    });
    this.events.publish('books.changed', { categoryId: id });
    return this.category(id);
  }

  /** The lines dated in [from, to), oldest first. */
  entries(from: string, to: string): CashEntry[] {
    return (this.sql(`${ENTRY} WHERE e.at >= ? AND e.at < ? ORDER BY e.at, e.id`).all(from, to) as EntryRow[]).map(toEntry);
  }

  entry(id: number): CashEntry {
    const r = this.sql(`${ENTRY} WHERE e.id = ?`).get(id) as EntryRow | undefined;
    if (!r) throw new NotFoundError(`cash book line ${id}`);
    return toEntry(r);
  }

  /** Income or an expense, by the category's kind; in an active category, on an open day, not ahead of now. */
  record(actor: UserRef, raw: CashEntryInput): CashEntry {
    const input = check(cashEntrySchema, raw);
    const now = this.clock();
    const at = input.at ? new Date(input.at) : now;
    if (at.getTime() > now.getTime() + AHEAD_MS) throw new ValidationError([{ path: 'at', message: 'not a time to come' }]);
    const id = this.write(() => {
      const c = this.sql('SELECT id, kind, name, active FROM money_categories WHERE id = ?').get(input.categoryId) as { id: number; kind: MoneyCategory['kind']; name: string; active: number } | undefined;
      if (!c) throw new ValidationError([{ path: 'categoryId', message: 'no such category' }]);
      if (!c.active) throw new ConflictError(`category ${c.name} is retired`, 'category_retired');
      this.guardDay(at.toISOString());
      const currency = this.currency();
      const amount = c.kind === 'income' ? input.amountMinor : -input.amountMinor;
      const id = this.insert(c.kind, c.id, amount, currency, input.method, null, input.note, at.toISOString(), actor);
      this.audit.record(actor, {
        action: 'create',
        entity: 'cash_entry',
        entityId: id,
        summary: `${c.kind} of ${formatMinor(input.amountMinor, currency)} (${c.name}, ${input.method})${input.note ? `: ${input.note}` : ''}`,
        detail: { ...input, at: at.toISOString(), kind: c.kind, amountMinor: amount, currency },
      });
      return id;
    });
    this.events.publish('books.changed', { entryId: id });
    return this.entry(id);
  }

  /** Undoes a line by a reversal dated now (today must be open); a reversal is not reversed, a line at most once. */
  reverse(actor: UserRef, id: number, reason: string): CashEntry {
    const rid = this.write(() => {
      const e = this.entry(id);
      if (e.kind === 'reversal') throw new ConflictError(`line ${id} is a reversal; a reversal is not reversed`, 'not_reversible');
      if (e.reversedBy !== null) throw new ConflictError(`line ${id} was already reversed`, 'already_reversed');
      const now = isoNow(this.clock);
      this.guardDay(now);
      const rid = this.insert('reversal', e.categoryId, -e.amountMinor, e.currency, e.method, e.id, reason, now, actor);
      this.audit.record(actor, {
        action: 'reverse',
        entity: 'cash_entry',
        entityId: id,
        summary: `${e.kind} of ${formatMinor(Math.abs(e.amountMinor), e.currency)} (${e.categoryName}) reversed: ${reason}`,
        detail: { id, amountMinor: e.amountMinor, reason },
      });
      return rid;
    });
    this.events.publish('books.changed', { entryId: rid });
    return this.entry(rid);
  }

  private guardDay(at: string): void {
    if (this.isClosedAt(at)) throw new ConflictError(`the day of ${at} is closed: correct it with a new line on an open day`, 'day_closed');
  }

  private insert(kind: CashEntry['kind'], categoryId: number, amount: number, currency: string, method: string, reverses: number | null, note: string, at: string, actor: UserRef): number {
    return Number(this.sql(INSERT).run(kind, categoryId, amount, currency, method, reverses, note, at, isoNow(this.clock), actor.id, actor.name).lastInsertRowid);
  }

  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (err) {
      if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new ConflictError('there is already a category of that kind with this name', 'duplicate_name');
      if (/day is closed/.test((err as Error).message ?? '')) throw new ConflictError('that day is closed: correct it with a new line on an open day', 'day_closed');
      throw err;
    }
  }
}

function toCategory(r: CategoryRow): MoneyCategory {
  return { id: r.id, kind: r.kind, name: r.name, active: r.active === 1, ...meta(r) };
}

function toEntry(r: EntryRow): CashEntry {
  return {
    id: r.id,
    kind: r.kind,
    categoryId: r.category_id,
    categoryName: r.category_name,
    categoryKind: r.category_kind,
    amountMinor: r.amount_minor,
    currency: r.currency,
    method: r.method,
    reverses: r.reverses,
    reversedBy: r.reversed_by,
    note: r.note,
    at: r.at,
    createdAt: r.created_at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}
