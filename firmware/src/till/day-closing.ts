// Closing the day (F2): the day's takings per money method from the ledgers (payments less
// reversals, plus stored value top-ups less theirs, plus the cash book's income less its
// expenses), the cash and other methods counted, each
// difference recorded with the reason, signed by who closed it. A closed day is final: the
// database refuses payments and stored value lines dated inside it (migration 018), so a
// mistake found later is corrected by a reversal on an open day.
import { z } from 'zod';
import { MONEY_METHODS, type DayTakings, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import { check } from '../membership/membership-schemas.js';
import type { Clock } from '../util/clock.js';
import { addDays, atLocalTime, compareDates, localDate, parseIsoDate, type LocalDate } from '../util/local-time.js';

const money = z.number().int().min(-1e13).max(1e13);
export const dayParam = z.string().refine((s) => parseIsoDate(s) !== null, 'a date, YYYY-MM-DD');
export const closingSchema = z
  .object({
    day: dayParam,
    counted: z.partialRecord(z.enum(MONEY_METHODS), money).default({}),
    reason: z.string().trim().max(500).default(''),
  })
  .strict();

interface ClosingRow {
  id: number;
  day: string;
  from_at: string;
  to_at: string;
  currency: string;
  reason: string;
  closed_at: string;
  closed_by: number | null;
  closed_by_name: string | null;
}

const ymd = (d: LocalDate) => `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;

export class DayClosing {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly studio: () => { currency: string; timeZone: string },
  ) {
    this.sql = statementCache(db);
  }

  /** The day's UTC range [from, to) in the studio's zone. */
  range(day: string): { from: string; to: string } {
    const d = parseIsoDate(day);
    if (!d) throw new ValidationError([{ path: 'day', message: 'a date, YYYY-MM-DD' }]);
    const tz = this.studio().timeZone;
    return { from: atLocalTime(d, 0, 0, tz).toISOString(), to: atLocalTime(addDays(d, 1), 0, 0, tz).toISOString() };
  }

  /** The day's takings per method, with its closing if it is closed. */
  takings(day: string): DayTakings {
    const closing = this.sql('SELECT * FROM day_closings WHERE day = ?').get(day) as ClosingRow | undefined;
    const r = closing ? { from: closing.from_at, to: closing.to_at } : this.range(day);
    const pay = new Map((this.sql('SELECT method, SUM(amount_minor) AS s FROM payments WHERE at >= ? AND at < ? GROUP BY method').all(r.from, r.to) as { method: string; s: number }[]).map((x) => [x.method, x.s]));
    // A top-up reversal has no method of its own: it is the method of the top-up it undoes.
    const top = new Map(
      (this.sql(
        `SELECT COALESCE(s.method, o.method) AS method, SUM(s.amount_minor) AS s FROM stored_value_entries s
         LEFT JOIN stored_value_entries o ON o.id = s.reverses
         WHERE s.at >= ? AND s.at < ? AND (s.kind = 'topup' OR (s.kind = 'reversal' AND o.kind = 'topup')) GROUP BY 1`,
      ).all(r.from, r.to) as { method: string; s: number }[]).map((x) => [x.method, x.s]),
    );
    const book = new Map((this.sql('SELECT method, SUM(amount_minor) AS s FROM cash_entries WHERE at >= ? AND at < ? GROUP BY method').all(r.from, r.to) as { method: string; s: number }[]).map((x) => [x.method, x.s]));
    const counted = closing
      ? new Map((this.sql('SELECT method, counted_minor, difference_minor FROM day_closing_lines WHERE closing_id = ?').all(closing.id) as { method: string; counted_minor: number; difference_minor: number }[]).map((x) => [x.method, x]))
      : null;
    const lines = MONEY_METHODS.map((method) => {
      const paymentsMinor = pay.get(method) ?? 0;
      const topUpsMinor = top.get(method) ?? 0;
      const cashBookMinor = book.get(method) ?? 0;
      const c = counted?.get(method);
      return { method, paymentsMinor, topUpsMinor, cashBookMinor, expectedMinor: paymentsMinor + topUpsMinor + cashBookMinor, countedMinor: c?.counted_minor ?? null, differenceMinor: c?.difference_minor ?? null };
    });
    return {
      day,
      from: r.from,
      to: r.to,
      currency: closing?.currency ?? this.studio().currency,
      lines,
      fromCards: ['stored_value', 'points'].map((method) => ({ method, amountMinor: pay.get(method) ?? 0 })),
      closed: closing ? { at: closing.closed_at, by: userRef(closing.closed_by, closing.closed_by_name), reason: closing.reason } : null,
    };
  }

  /**
   * Closes a day: not a day to come, not twice; a difference between counted and expected
   * needs a reason. The takings are read and the closing written in one IMMEDIATE
   * transaction, so no payment slips in between.
   */
  close(actor: UserRef, raw: unknown): DayTakings {
    const input = check(closingSchema, raw);
    this.db
      .transaction(() => {
        const today = localDate(this.clock(), this.studio().timeZone);
        if (compareDates(parseIsoDate(input.day)!, today) > 0) throw new ConflictError(`${input.day} has not come yet (today is ${ymd(today)})`, 'day_not_over');
        if (this.sql('SELECT 1 FROM day_closings WHERE day = ?').get(input.day)) throw new ConflictError(`${input.day} is already closed`, 'day_closed');
        const t = this.takings(input.day);
        const lines = t.lines.map((l) => {
          const countedMinor = input.counted[l.method as (typeof MONEY_METHODS)[number]] ?? l.expectedMinor;
          return { ...l, countedMinor, differenceMinor: countedMinor - l.expectedMinor };
        });
        const off = lines.filter((l) => l.differenceMinor !== 0);
        if (off.length && !input.reason) throw new ValidationError([{ path: 'reason', message: `say why ${off.map((l) => l.method).join(', ')} differ from what is expected` }]);
        const now = this.clock().toISOString();
        const id = Number(
          this.sql('INSERT INTO day_closings (day, from_at, to_at, currency, reason, closed_at, closed_by, closed_by_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
            input.day, t.from, t.to, t.currency, input.reason, now, actor.id, actor.name,
          ).lastInsertRowid,
        );
        const add = this.sql('INSERT INTO day_closing_lines (closing_id, method, payments_minor, topups_minor, cash_book_minor, expected_minor, counted_minor, difference_minor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
        for (const l of lines) add.run(id, l.method, l.paymentsMinor, l.topUpsMinor, l.cashBookMinor, l.expectedMinor, l.countedMinor, l.differenceMinor);
        const cash = lines.find((l) => l.method === 'cash')!;
        this.audit.record(actor, {
          action: 'close',
          entity: 'day_closing',
          entityId: id,
          summary: `day ${input.day} closed: cash expected ${formatMinor(cash.expectedMinor, t.currency)}, counted ${formatMinor(cash.countedMinor, t.currency)}` +
            (off.length ? `; differences in ${off.map((l) => `${l.method} ${formatMinor(l.differenceMinor, t.currency)}`).join(', ')}: ${input.reason}` : ''),
          detail: { day: input.day, from: t.from, to: t.to, lines, reason: input.reason },
        });
      })
      .immediate();
    this.events.publish('closing.changed', { day: input.day });
    return this.takings(input.day);
  }

  /** Whether the instant falls in a closed day (a payment dated there is refused). */
  isClosedAt(iso: string): boolean {
    return this.sql('SELECT 1 FROM day_closings WHERE ? >= from_at AND ? < to_at').get(iso, iso) !== undefined;
  }

  /** The closed days, newest first. */
  list(limit: number): DayTakings[] {
    return (this.sql('SELECT day FROM day_closings ORDER BY day DESC LIMIT ?').all(limit) as { day: string }[]).map((r) => this.takings(r.day));
  }
}
