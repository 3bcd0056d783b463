import type { CountryCode } from 'libphonenumber-js';
import type { Customer, CustomerPage, Stage, CustomerSummary, Phone, PhoneCheck, PhoneMatch, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { meta, metaColumns, metaJoins, type MetaRow } from '../db/record-meta.js';
import { ConflictError, DuplicatePhoneError, NotFoundError, ValidationError, type FieldProblem } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';
import type { CustomerCreateInput, CustomerPatchInput } from './customer-schemas.js';
import type { ImportStaging } from './import/import-staging.js';
import { displayPhone, foreignMobileGuess, normalizePhone } from './phone.js';
import { callerNumberCandidates, type CandidateOptions } from '../callerid/number-candidates.js';
import { parseCardNo } from '../membership/card-number.js';
import { customerNumber, customerSearchText, indexLookup, parseSearchQuery, SEARCH_TEXT_VERSION } from './search-text.js';

interface CustomerRow extends MetaRow {
  id: number;
  customer_no: string;
  name: string;
  gender: Customer['gender'];
  birthday: string | null;
  birthday_lunar: number;
  address: string;
  area: string;
  occupation: string;
  source: string;
  business_type: Customer['businessType'];
  baby_birth_date: string | null;
  wedding_date: string | null;
  notes: string;
  tags: string;
  email: string | null;
  stage: Customer['stage'];
  stage_added_at: string;
  stage_due_at: string | null;
}

interface PhoneRow {
  customer_id: number;
  e164: string;
  label: string;
}

// Columns settable from the API, and their names in the table.
const COLUMNS = {
  name: 'name',
  gender: 'gender',
  birthday: 'birthday',
  birthdayLunar: 'birthday_lunar',
  address: 'address',
  area: 'area',
  occupation: 'occupation',
  source: 'source',
  businessType: 'business_type',
  babyBirthDate: 'baby_birth_date',
  weddingDate: 'wedding_date',
  notes: 'notes',
  tags: 'tags',
  email: 'email',
  stageDueAt: 'stage_due_at',
} as const satisfies Partial<Record<keyof CustomerPatchInput, string>>;

const DISPLAY_CACHE_MAX = 50_000;

/**
 * Says why a customer may not be deleted (they have orders, member cards…), or null. Other
 * modules register one each, so that the refusal names the reason.
 */
export type DeleteGuard = (customerId: number) => ConflictError | null;

/** Customers (C1) with their phones, stage (C2) and search index. */
export class CustomerService {
  private readonly sql;
  private readonly deleteGuards: DeleteGuard[] = [];
  /**
   * Display forms by country and E.164: libphonenumber takes ~20 µs a number, which was two
   * thirds of a search's time (50 customers, ~65 numbers). Emptied when it reaches its cap.
   */
  private readonly displayCache = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    /** The studio's country, for phone numbers; read per call because setup can change it. */
    private readonly country: () => CountryCode,
  ) {
    this.sql = statementCache(db);
  }

  get(id: number): Customer {
    const r = this.sql(`SELECT c.*, ${metaColumns('c')} FROM customers c ${metaJoins('c')} WHERE c.id = ?`)
      .get(id) as CustomerRow | undefined;
    if (!r) throw new NotFoundError(`customer ${id}`);
    return this.toCustomer(r, this.phonesOf([id]).get(id) ?? []);
  }

  create(actor: UserRef, input: CustomerCreateInput): Customer {
    const phones = this.normalizePhones(input.phones ?? []);
    const id = this.db.transaction(() => {
      if (!input.allowDuplicatePhone) this.assertNoDuplicates(phones, null);
      const now = isoNow(this.clock);
      const res = this.sql(
          `INSERT INTO customers (customer_no, name, gender, birthday, birthday_lunar, address, area, occupation, source, business_type,
             baby_birth_date, wedding_date, notes, tags, email, stage, stage_added_at, stage_due_at,
             created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          `new-${now}-${Math.random()}`,
          input.name,
          input.gender ?? null,
          input.birthday ?? null,
          input.birthdayLunar ? 1 : 0,
          input.address ?? '',
          input.area ?? '',
          input.occupation ?? '',
          input.source ?? '',
          input.businessType ?? null,
          input.babyBirthDate ?? null,
          input.weddingDate ?? null,
          input.notes ?? '',
          JSON.stringify(input.tags ?? []),
          input.email ?? null,
          input.stage ?? 'lead',
          now,
          input.stageDueAt ?? null,
          now,
          actor.id,
          now,
          actor.id,
        );
      const id = Number(res.lastInsertRowid);
      const customerNo = customerNumber(id);
      this.sql('UPDATE customers SET customer_no = ? WHERE id = ?').run(customerNo, id);
      this.writePhones(id, phones);
      this.index(id, input.name, phones, input.email ?? null);
      this.audit.record(actor, { action: 'create', entity: 'customer', entityId: id, summary: `customer ${input.name} created`, detail: { ...input, phones } });
      return id;
    })();
    this.events.publish('customer.created', { id });
    return this.get(id);
  }

  /**
   * Customers from a spreadsheet (C1 import), staged while the file was read, saved in one
   * transaction: all or none. A phone that became another customer's since the check stops it
   * (DuplicatePhoneError). One audit line for the file; one customer.created event for the lot.
   */
  saveImport(actor: UserRef, staging: ImportStaging, fileName: string): number[] {
    if (!staging.size) return [];
    const ids = this.db.transaction(() => {
      const taken = staging.takenPhones(20);
      if (taken.length) throw new DuplicatePhoneError(taken.map((r) => ({ e164: r.e164, customerId: r.id, customerNo: r.customer_no, name: r.name })));
      const out = staging.save(actor.id, isoNow(this.clock));
      const first = customerNumber(out[0]!);
      const last = customerNumber(out.at(-1)!);
      this.audit.record(actor, {
        action: 'import',
        entity: 'customer',
        entityId: null,
        summary: `${out.length} customers imported from ${fileName} (${first}–${last})`,
        detail: { fileName, count: out.length, firstId: out[0], lastId: out.at(-1) },
      });
      return out;
    })();
    this.events.publish('customer.created', { id: ids.at(-1), count: ids.length });
    return ids;
  }

  update(actor: UserRef, id: number, patch: CustomerPatchInput): Customer {
    const phones = patch.phones ? this.normalizePhones(patch.phones) : null;
    this.db.transaction(() => {
      const before = this.get(id);
      if (phones && !patch.allowDuplicatePhone) {
        const known = new Set(before.phones.map((p) => p.e164));
        this.assertNoDuplicates(phones.filter((p) => !known.has(p.e164)), id);
      }
      const sets: string[] = [];
      const args: (string | number | null)[] = [];
      for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
        if (patch[key] === undefined) continue;
        sets.push(`${column} = ?`);
        const v = patch[key];
        args.push(key === 'tags' ? JSON.stringify(v) : typeof v === 'boolean' ? Number(v) : (v as string | null));
      }
      if (patch.stage !== undefined && patch.stage !== before.stage) {
        sets.push('stage = ?', 'stage_added_at = ?');
        args.push(patch.stage, isoNow(this.clock));
      }
      sets.push('updated_at = ?', 'updated_by = ?');
      args.push(isoNow(this.clock), actor.id);
      this.sql(`UPDATE customers SET ${sets.join(', ')} WHERE id = ?`).run(...args, id);
      if (phones) this.writePhones(id, phones);
      this.index(id, patch.name ?? before.name, phones ?? before.phones, patch.email !== undefined ? patch.email : before.email);
      this.audit.record(actor, {
        action: 'update',
        entity: 'customer',
        entityId: id,
        summary: `customer ${before.customerNo} ${before.name} changed`,
        detail: { changes: { ...patch, ...(phones ? { phones } : {}) }, before: pickChanged(before, patch) },
      });
    })();
    this.events.publish('customer.updated', { id });
    return this.get(id);
  }

  /** A module whose records must not lose their customer says so here (see DeleteGuard). */
  addDeleteGuard(guard: DeleteGuard): void {
    this.deleteGuards.push(guard);
  }

  delete(actor: UserRef, id: number): void {
    try {
      this.deleteRow(actor, id);
    } catch (err) {
      // The photo tables refuse to lose their customer: the originals on the disks come first.
      // SQLite reports ON DELETE RESTRICT as SQLITE_CONSTRAINT_TRIGGER, a plain reference as _FOREIGNKEY.
      const e = err as { code?: string; message?: string };
      if (e.code?.startsWith('SQLITE_CONSTRAINT') && /FOREIGN KEY/.test(e.message ?? '')) {
        throw new ConflictError('this customer has photos on the disks; they must be dealt with first', 'customer_has_photos');
      }
      throw err;
    }
    this.events.publish('customer.deleted', { id });
  }

  private deleteRow(actor: UserRef, id: number): void {
    this.db.transaction(() => {
      const before = this.get(id);
      for (const guard of this.deleteGuards) {
        const refusal = guard(id);
        if (refusal) throw refusal;
      }
      this.sql('DELETE FROM customer_search WHERE rowid = ?').run(id);
      this.sql('DELETE FROM customers WHERE id = ?').run(id);
      this.audit.record(actor, {
        action: 'delete',
        entity: 'customer',
        entityId: id,
        summary: `customer ${before.customerNo} ${before.name} deleted`,
        detail: { customerNo: before.customerNo, name: before.name },
      });
    })();
  }

  /**
   * Name fragment (folded: case and diacritics ignored) or any part of a phone number,
   * newest customers first (see indexLookup for how each query uses the trigram index); a
   * member card's exact number puts its holder first.
   */
  search(q: string, limit: number, offset = 0, stage?: Stage): CustomerPage {
    const { sql, args } = searchStatement(q, limit + 1, offset, stage);
    let ids = this.ids(sql, ...args);
    // A member card's number, typed or scanned (M1), finds the card's holder, first.
    const holder = offset === 0 ? this.cardHolder(q, stage) : null;
    if (holder !== null) ids = [holder, ...ids.filter((id) => id !== holder)];
    const more = ids.length > limit;
    return { items: this.summaries(ids.slice(0, limit)), more };
  }

  /**
   * Every customer a search finds (the list's order), whole, a slice at a time: for an export.
   * At most `max`; `more` tells whether the search found more.
   */
  *searchAll(q: string, stage: Stage | undefined, max: number): Generator<Customer[], { more: boolean }> {
    const { sql, args } = searchStatement(q, max + 1, 0, stage);
    const ids = this.ids(sql, ...args);
    yield* this.wholeCustomers(ids.slice(0, max));
    return { more: ids.length > max };
  }

  /** The customers with these ids, whole, in this order, a slice of 500 at a time (exports). */
  *wholeCustomers(ids: number[]): Generator<Customer[]> {
    for (let i = 0; i < ids.length; i += 500) {
      const slice = ids.slice(i, i + 500);
      const rows = this.db
        .prepare(`SELECT c.*, ${metaColumns('c')} FROM customers c ${metaJoins('c')} WHERE c.id IN (${slice.map(() => '?').join(',')})`)
        .all(...slice) as CustomerRow[];
      const byId = new Map(rows.map((r) => [r.id, r]));
      const phones = this.phonesOf(slice);
      yield slice.flatMap((id) => {
        const r = byId.get(id);
        return r ? [this.toCustomer(r, phones.get(id) ?? [])] : [];
      });
    }
  }

  /**
   * Rebuilds the search index when the software indexes differently from the database's
   * index (SEARCH_TEXT_VERSION). Called once at start; a no-op when they agree.
   */
  ensureSearchIndex(): number {
    const row = this.sql(`SELECT value FROM settings WHERE key = 'customer_search_version'`).get() as { value: string } | undefined;
    if (row && Number(row.value) === SEARCH_TEXT_VERSION) return 0;
    let count = 0;
    this.db.transaction(() => {
      this.sql('DELETE FROM customer_search').run();
      const phones = this.sql('SELECT e164 FROM customer_phones WHERE customer_id = ? ORDER BY position');
      for (const c of this.sql('SELECT id, name, email FROM customers').all() as { id: number; name: string; email: string | null }[]) {
        this.index(c.id, c.name, phones.all(c.id) as { e164: string }[], c.email);
        count++;
      }
      this.sql(
          `INSERT INTO settings (key, value, updated_at) VALUES ('customer_search_version', ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
        )
        .run(String(SEARCH_TEXT_VERSION), isoNow(this.clock));
    })();
    return count;
  }

  /** The holder of the member card with this exact number (any state), by the card_no index; else null. */
  private cardHolder(q: string, stage?: Stage): number | null {
    const no = parseCardNo(q);
    if (!no.ok) return null;
    const r = this.sql(`SELECT c.customer_id AS id FROM member_cards c JOIN customers cu ON cu.id = c.customer_id WHERE c.card_no = ?${stage ? ' AND cu.stage = ?' : ''}`).get(
      ...(stage ? [no.cardNo, stage] : [no.cardNo]),
    ) as { id: number } | undefined;
    return r?.id ?? null;
  }

  private ids(sql: string, ...args: (string | number)[]): number[] {
    return (this.sql(sql).all(...args) as { id: number }[]).map((r) => r.id);
  }

  /**
   * The customers a number from the network belongs to (an SMS sender, a caller): every E.164
   * form it may stand for (callerid/number-candidates.ts) looked up in the phone index.
   * Most recently updated first; empty for withheld or alphanumeric senders.
   */
  findByNumber(raw: string, options: CandidateOptions = {}): CustomerSummary[] {
    const candidates = callerNumberCandidates(raw, this.country(), options);
    if (candidates.length === 0) return [];
    const rows = this.sql(
      `SELECT DISTINCT p.customer_id AS id FROM customer_phones p JOIN customers c ON c.id = p.customer_id
       WHERE p.e164 IN (${candidates.map(() => '?').join(',')}) ORDER BY c.updated_at DESC LIMIT 10`,
    ).all(...candidates) as { id: number }[];
    return this.summaries(rows.map((r) => r.id));
  }

  /** The customer who has this phone (E.164), or null; the import's duplicate check. */
  phoneOwner(e164: string): { id: number; customerNo: string; name: string } | null {
    const r = this.sql('SELECT c.id, c.customer_no, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id WHERE p.e164 = ? ORDER BY c.id LIMIT 1').get(e164) as
      | { id: number; customer_no: string; name: string }
      | undefined;
    return r ? { id: r.id, customerNo: r.customer_no, name: r.name } : null;
  }

  /** For the form: is this a valid number, and whose is it already? */
  checkPhone(raw: string, excludeId: number | null): PhoneCheck {
    const r = normalizePhone(raw, this.country());
    if (!r.ok) return { phone: null, error: r.error, matches: [], foreign: foreignMobileGuess(raw, this.country()) };
    return { phone: { ...r.phone, label: '' }, error: null, matches: this.matchesFor([r.phone.e164], excludeId) };
  }

  private summaries(ids: number[]): CustomerSummary[] {
    if (!ids.length) return [];
    const rows = this.sql(`SELECT id, customer_no, name, stage, stage_due_at, updated_at FROM customers WHERE id IN (${ids.map(() => '?').join(',')})`)
      .all(...ids) as Pick<CustomerRow, 'id' | 'customer_no' | 'name' | 'stage' | 'stage_due_at' | 'updated_at'>[];
    const byId = new Map(rows.map((r) => [r.id, r]));
    const phones = this.phonesOf(ids);
    return ids.flatMap((id) => {
      const r = byId.get(id);
      return r
        ? [{ id, customerNo: r.customer_no, name: r.name, phones: phones.get(id) ?? [], stage: r.stage, stageDueAt: r.stage_due_at, updatedAt: r.updated_at }]
        : [];
    });
  }

  private normalizePhones(inputs: { number: string; label?: string | undefined }[]): Phone[] {
    const problems: FieldProblem[] = [];
    const out = new Map<string, Phone>();
    inputs.forEach((p, i) => {
      const r = normalizePhone(p.number, this.country());
      if (!r.ok) problems.push({ path: `phones.${i}.number`, message: r.error });
      else if (!out.has(r.phone.e164)) out.set(r.phone.e164, { ...r.phone, label: p.label ?? '' });
    });
    if (problems.length) throw new ValidationError(problems);
    return [...out.values()];
  }

  private assertNoDuplicates(phones: Phone[], selfId: number | null): void {
    const matches = this.matchesFor(
      phones.map((p) => p.e164),
      selfId,
    );
    if (matches.length) throw new DuplicatePhoneError(matches);
  }

  private matchesFor(e164s: string[], excludeId: number | null): PhoneMatch[] {
    if (!e164s.length) return [];
    const rows = this.sql(
        `SELECT p.e164, c.id, c.customer_no, c.name FROM customer_phones p JOIN customers c ON c.id = p.customer_id
         WHERE p.e164 IN (${e164s.map(() => '?').join(',')}) AND c.id IS NOT ? ORDER BY c.id`,
      )
      .all(...e164s, excludeId) as { e164: string; id: number; customer_no: string; name: string }[];
    return rows.map((r) => ({ e164: r.e164, customerId: r.id, customerNo: r.customer_no, name: r.name }));
  }

  private writePhones(customerId: number, phones: Phone[]): void {
    this.sql('DELETE FROM customer_phones WHERE customer_id = ?').run(customerId);
    const add = this.sql('INSERT INTO customer_phones (customer_id, position, e164, label) VALUES (?, ?, ?, ?)');
    phones.forEach((p, i) => add.run(customerId, i, p.e164, p.label));
  }

  private index(id: number, name: string, phones: Pick<Phone, 'e164'>[], email: string | null): void {
    this.sql('DELETE FROM customer_search WHERE rowid = ?').run(id);
    this.sql('INSERT INTO customer_search (rowid, text) VALUES (?, ?)').run(
      id,
      customerSearchText(
        name,
        phones.map((p) => p.e164),
        email,
      ),
    );
  }

  /** Phones per customer, in the studio's display form (also for the stage board). */
  phonesOf(ids: number[]): Map<number, Phone[]> {
    const out = new Map<number, Phone[]>();
    if (!ids.length) return out;
    const country = this.country();
    const rows = this.sql(`SELECT customer_id, e164, label FROM customer_phones WHERE customer_id IN (${ids.map(() => '?').join(',')}) ORDER BY position`)
      .all(...ids) as PhoneRow[];
    for (const r of rows) {
      const list = out.get(r.customer_id) ?? [];
      list.push({ e164: r.e164, display: this.display(r.e164, country), label: r.label });
      out.set(r.customer_id, list);
    }
    return out;
  }

  private display(e164: string, country: CountryCode): string {
    const key = `${country} ${e164}`;
    let shown = this.displayCache.get(key);
    if (shown === undefined) {
      if (this.displayCache.size >= DISPLAY_CACHE_MAX) this.displayCache.clear();
      shown = displayPhone(e164, country);
      this.displayCache.set(key, shown);
    }
    return shown;
  }

  private toCustomer(r: CustomerRow, phones: Phone[]): Customer {
    return {
      id: r.id,
      customerNo: r.customer_no,
      name: r.name,
      phones,
      gender: r.gender,
      birthday: r.birthday,
      birthdayLunar: r.birthday_lunar === 1,
      address: r.address,
      area: r.area,
      occupation: r.occupation,
      source: r.source,
      businessType: r.business_type,
      babyBirthDate: r.baby_birth_date,
      weddingDate: r.wedding_date,
      notes: r.notes,
      tags: JSON.parse(r.tags) as string[],
      email: r.email,
      stage: r.stage,
      stageAddedAt: r.stage_added_at,
      stageDueAt: r.stage_due_at,
      ...meta(r),
    };
  }
}

/**
 * The statement that finds a query's customer ids, newest first (see indexLookup for how each
 * query kind uses the index). Exported so that a test can hold its query plan.
 */
export function searchStatement(q: string, limit: number, offset: number, stage?: Stage): { sql: string; args: (string | number)[] } {
  const query = parseSearchQuery(q);
  // The stage filter (C2) narrows each query by a join; the index lookups stay as they are.
  const inStage = stage ? ' AND c.stage = ?' : '';
  const s: string[] = stage ? [stage] : [];
  if (query.kind === 'none') return { sql: `SELECT id FROM customers c WHERE 1${inStage} ORDER BY updated_at DESC, id DESC LIMIT ? OFFSET ?`, args: [...s, limit, offset] };
  if (query.kind === 'customerNo') return { sql: `SELECT id FROM customers c WHERE customer_no = ?${inStage} LIMIT ? OFFSET ?`, args: [query.customerNo, ...s, limit, offset] };
  const lookup = indexLookup(query);
  const from = stage ? 'customer_search JOIN customers c ON c.id = customer_search.rowid' : 'customer_search';
  return 'match' in lookup
    ? { sql: `SELECT customer_search.rowid AS id FROM ${from} WHERE customer_search MATCH ?${inStage} ORDER BY customer_search.rowid DESC LIMIT ? OFFSET ?`, args: [lookup.match, ...s, limit, offset] }
    : { sql: `SELECT customer_search.rowid AS id FROM ${from} WHERE text LIKE ? ESCAPE '\\'${inStage} ORDER BY customer_search.rowid DESC LIMIT ? OFFSET ?`, args: [lookup.like, ...s, limit, offset] };
}

function pickChanged(before: Customer, patch: CustomerPatchInput): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(patch)) if (key in before) out[key] = before[key as keyof Customer];
  return out;
}
