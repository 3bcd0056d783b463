// The reminders table: the dates the rules read (customers, orders), the planned occurrences
// written idempotently, and the reads of the today list and the calendar. No clock of its own:
// "now" comes in.
import type { Reminder, ReminderDay, ReminderKind, ReminderState } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import type { CustomerDates, Occurrence, OrderDates } from './reminder-rules.js';

interface ReminderRow {
  id: number;
  kind: ReminderKind;
  subject_type: 'customer' | 'order';
  subject_id: number;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  phone: string | null;
  order_no: string | null;
  occurrence_date: string;
  due_at: string;
  repeat_daily: number;
  state: ReminderState;
  snoozed_until: string | null;
  done_at: string | null;
  done_by: number | null;
  done_by_name: string | null;
}

const SELECT = `SELECT r.id, r.kind, r.subject_type, r.subject_id, r.customer_id, c.customer_no, c.name AS customer_name,
    (SELECT e164 FROM customer_phones p WHERE p.customer_id = r.customer_id ORDER BY position LIMIT 1) AS phone,
    CASE WHEN r.subject_type = 'order' THEN (SELECT order_no FROM orders o WHERE o.id = r.subject_id) END AS order_no,
    r.occurrence_date, r.due_at, r.repeat_daily, r.state, r.snoozed_until, r.done_at, r.done_by, u.display_name AS done_by_name
  FROM reminders r JOIN customers c ON c.id = r.customer_id LEFT JOIN users u ON u.id = r.done_by`;

/**
 * The ids on today's list — the SQL twin of reminder-rules.ts onTodayList, which the store test
 * holds it to. Three index ranges (reminders_open, reminders_due): one-time reminders from today
 * on, repeating ones, snoozed ones whose snooze has ended. Parameters: today, end of today (twice), now.
 */
const TODAY_IDS = `SELECT id FROM reminders WHERE state = 'open' AND repeat_daily = 0 AND occurrence_date >= ? AND due_at < ?
  UNION ALL SELECT id FROM reminders WHERE state = 'open' AND repeat_daily = 1 AND due_at < ?
  UNION ALL SELECT id FROM reminders WHERE state = 'snoozed' AND snoozed_until <= ?`;

export interface ReconcileResult {
  planned: number;
  /** New rows, and open rows not yet due whose due time moved (a rule's hour changed). */
  added: number;
  /** Open rows not yet due that the rules no longer give (a date changed, a kind turned off). */
  removed: number;
}

export class ReminderStore {
  private readonly sql;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  /** Customers with any date a rule reads, one at a time (200,000 need not sit in memory at once). */
  *customerDates(): Generator<CustomerDates> {
    const rows = this.sql(
      `SELECT id, birthday, birthday_lunar, baby_birth_date, wedding_date, stage, stage_due_at FROM customers
       WHERE birthday IS NOT NULL OR baby_birth_date IS NOT NULL OR wedding_date IS NOT NULL OR stage_due_at IS NOT NULL`,
    ).raw().iterate() as IterableIterator<[number, string | null, number, string | null, string | null, CustomerDates['stage'], string | null]>;
    for (const r of rows) yield { id: r[0], birthday: r[1], birthdayLunar: r[2] === 1, babyBirthDate: r[3], weddingDate: r[4], stage: r[5], stageDueAt: r[6] };
  }

  /**
   * Orders with a date a rule reads: booked with a shoot, a sample viewing still ahead of
   * delivery, or delivered recently enough for the after-sales visit (`deliveredSince`, UTC ISO).
   */
  orderDates(deliveredSince: string): OrderDates[] {
    const rows = this.sql(
      `SELECT id, customer_id, state, service_at, sample_at, state_changed_at FROM orders
       WHERE (state = 'booked' AND service_at IS NOT NULL)
          OR (sample_at IS NOT NULL AND state NOT IN ('delivered', 'cancelled'))
          OR (state = 'delivered' AND state_changed_at >= ?)`,
    ).raw().all(deliveredSince) as [number, number, OrderDates['state'], string | null, string | null, string][];
    return rows.map((r) => ({ id: r[0], customerId: r[1], state: r[2], serviceAt: r[3], sampleAt: r[4], stateChangedAt: r[5] }));
  }

  /**
   * Writes the planned occurrences: a new one is added; an open one not yet due follows its
   * rule's new time; one already due, done or snoozed is left as staff saw it. Open rows not yet
   * due that the rules no longer give are removed. The rows from `today` on are read once and
   * compared in memory, so an hourly run that finds everything in place writes nothing. One
   * transaction: a crash leaves the old state.
   */
  reconcile(planned: Occurrence[], now: string, today: string): ReconcileResult {
    const insert = this.sql(
      `INSERT INTO reminders (kind, subject_type, subject_id, customer_id, occurrence_date, due_at, repeat_daily, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (kind, subject_id, occurrence_date) DO NOTHING`,
    );
    const move = this.sql('UPDATE reminders SET due_at = ?, repeat_daily = ?, updated_at = ? WHERE id = ?');
    const del = this.sql('DELETE FROM reminders WHERE id = ?');
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT id, kind, subject_id, occurrence_date, state, due_at, repeat_daily FROM reminders WHERE occurrence_date >= ?`)
        .raw()
        .all(today) as [number, string, number, string, ReminderState, string, number][];
      const existing = new Map<string, { id: number; open: boolean; dueAt: string; repeat: number; planned: boolean }>();
      for (const r of rows) existing.set(`${r[1]} ${r[2]} ${r[3]}`, { id: r[0], open: r[4] === 'open' && r[5] > now, dueAt: r[5], repeat: r[6], planned: false });
      let added = 0;
      for (const o of planned) {
        const key = `${o.kind} ${o.subjectId} ${o.occurrenceDate}`;
        const row = existing.get(key);
        const repeat = o.repeatDaily ? 1 : 0;
        if (!row) added += insert.run(o.kind, o.subjectType, o.subjectId, o.customerId, o.occurrenceDate, o.dueAt, repeat, now, now).changes;
        else {
          row.planned = true;
          if (row.open && (row.dueAt !== o.dueAt || row.repeat !== repeat)) added += move.run(o.dueAt, repeat, now, row.id).changes;
        }
      }
      let removed = 0;
      for (const row of existing.values()) if (row.open && !row.planned) removed += del.run(row.id).changes;
      return { planned: planned.length, added, removed };
    })();
  }

  recordRun(startedAt: string, finishedAt: string, r: ReconcileResult): void {
    this.sql('INSERT INTO reminder_runs (started_at, finished_at, planned, added, removed) VALUES (?, ?, ?, ?, ?)').run(startedAt, finishedAt, r.planned, r.added, r.removed);
    // The last few hundred are enough to see that runs happen.
    this.sql('DELETE FROM reminder_runs WHERE id <= (SELECT MAX(id) FROM reminder_runs) - 500').run();
  }

  lastRunAt(): string | null {
    const r = this.sql('SELECT MAX(started_at) AS at FROM reminder_runs').get() as { at: string | null };
    return r.at;
  }

  get(id: number): Reminder | null {
    const r = this.sql(`${SELECT} WHERE r.id = ?`).get(id) as ReminderRow | undefined;
    return r ? toReminder(r) : null;
  }

  /** Today's list, by due time (day = the studio's today and the instant it ends). */
  today(now: string, day: { today: string; endsAt: string }, limit: number): { count: number; items: Reminder[] } {
    const args = [day.today, day.endsAt, day.endsAt, now];
    // The first `limit` ids by due time, then their names and phones: not for every row on the list.
    const rows = this.sql(
      `WITH t AS (SELECT id, due_at FROM reminders WHERE id IN (${TODAY_IDS}) ORDER BY due_at, id LIMIT ?)
       ${SELECT} JOIN t ON t.id = r.id ORDER BY t.due_at, t.id`,
    ).all(...args, limit) as ReminderRow[];
    return { count: this.todayCount(now, day), items: rows.map(toReminder) };
  }

  /** How many are on today's list (the badge). */
  todayCount(now: string, day: { today: string; endsAt: string }): number {
    return (this.sql(`SELECT COUNT(*) AS n FROM (${TODAY_IDS})`).get(day.today, day.endsAt, day.endsAt, now) as { n: number }).n;
  }

  /** Reminders whose date falls in [from, to], by date then due time; `limit + 1` read to tell "more". */
  range(from: string, to: string, limit: number): { items: Reminder[]; more: boolean } {
    const rows = this.sql(`${SELECT} WHERE r.occurrence_date BETWEEN ? AND ? ORDER BY r.occurrence_date, r.due_at, r.id LIMIT ?`).all(from, to, limit + 1) as ReminderRow[];
    return { items: rows.slice(0, limit).map(toReminder), more: rows.length > limit };
  }

  /** Counts per day and kind for the month view. */
  days(from: string, to: string): ReminderDay[] {
    const rows = this.sql(
      `SELECT occurrence_date, kind, COUNT(*), SUM(state <> 'done') FROM reminders WHERE occurrence_date BETWEEN ? AND ? GROUP BY occurrence_date, kind ORDER BY occurrence_date`,
    ).raw().all(from, to) as [string, ReminderKind, number, number][];
    const out: ReminderDay[] = [];
    for (const [date, kind, n, open] of rows) {
      let d = out.at(-1);
      if (d?.date !== date) out.push((d = { date, total: 0, open: 0, byKind: {} }));
      d.total += n;
      d.open += open;
      d.byKind[kind] = n;
    }
    return out;
  }

  setState(id: number, state: ReminderState, userId: number, now: string, snoozedUntil: string | null): void {
    this.sql(
      `UPDATE reminders SET state = ?, snoozed_until = ?, done_at = ?, done_by = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
    ).run(state, snoozedUntil, state === 'done' ? now : null, state === 'done' ? userId : null, now, userId, id);
  }

  /** Due reminders of these kinds whose date is today or later and whose SMS is not queued yet. */
  smsDue(kinds: ReminderKind[], now: string, today: string): { id: number; kind: ReminderKind; subjectId: number; customerId: number; occurrenceDate: string }[] {
    if (!kinds.length) return [];
    const rows = this.sql(
      `SELECT id, kind, subject_id, customer_id, occurrence_date FROM reminders
       WHERE kind IN (${kinds.map(() => '?').join(',')}) AND sms_queued_at IS NULL AND due_at <= ? AND occurrence_date >= ? ORDER BY due_at, id`,
    ).raw().all(...kinds, now, today) as [number, ReminderKind, number, number, string][];
    return rows.map((r) => ({ id: r[0], kind: r[1], subjectId: r[2], customerId: r[3], occurrenceDate: r[4] }));
  }

  markSmsQueued(id: number, now: string): void {
    this.sql('UPDATE reminders SET sms_queued_at = ? WHERE id = ?').run(now, id);
  }
}

function toReminder(r: ReminderRow): Reminder {
  return {
    id: r.id,
    kind: r.kind,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name, phone: r.phone },
    orderNo: r.order_no,
    occurrenceDate: r.occurrence_date,
    dueAt: r.due_at,
    repeatDaily: r.repeat_daily === 1,
    state: r.state,
    snoozedUntil: r.snoozed_until,
    doneAt: r.done_at,
    doneBy: r.done_by !== null && r.done_by_name !== null ? { id: r.done_by, name: r.done_by_name } : null,
  };
}
