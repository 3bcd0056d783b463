// The `calls` table (migration 004): the call log, the "to call back" list, and the rows a
// crash left open. Only the call service writes calls; people only mark them called back.
import type { CountryCode } from 'libphonenumber-js';
import type { CallerAbsence, CallLine, CallOutcome, CallPage, CallRecord, MissedCaller, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { displayPhone } from '../crm/phone.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError } from '../errors.js';
import { isoNow, type Clock } from '../util/clock.js';

interface CallRow {
  id: number;
  line: CallLine;
  number: string | null;
  e164: string | null;
  absence: CallerAbsence | null;
  caller_name: string | null;
  customer_id: number | null;
  customer_no: string | null;
  customer_name: string | null;
  state: CallRecord['state'];
  outcome: CallOutcome | null;
  started_at: string;
  answered_at: string | null;
  ended_at: string | null;
  called_back_at: string | null;
  called_back_by: number | null;
  called_back_name: string | null;
}

export interface NewCall {
  id: number;
  line: CallLine;
  number: string | null;
  e164: string | null;
  absence: CallerAbsence | null;
  callerName: string | null;
  customerId: number | null;
  startedAt: string;
}

export interface CallListQuery {
  limit: number;
  before?: number | undefined;
  customerId?: number | undefined;
  outcome?: CallOutcome | undefined;
}

const SELECT = `SELECT k.*, c.customer_no, c.name AS customer_name, u.display_name AS called_back_name
  FROM calls k
  LEFT JOIN customers c ON c.id = k.customer_id
  LEFT JOIN users u ON u.id = k.called_back_by`;

export class CallStore {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    /** The studio's country, to show numbers as people there write them. */
    private readonly country: () => CountryCode,
  ) {
    this.sql = statementCache(db);
  }

  /** The id the next call gets (the service hands ids out before the row is written). */
  nextId(): number {
    const row = this.sql('SELECT MAX(id) AS id FROM calls').get() as { id: number | null };
    return (row.id ?? 0) + 1;
  }

  insert(c: NewCall): void {
    this.sql(
      `INSERT INTO calls (id, line, number, e164, absence, caller_name, customer_id, state, started_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, 'ringing', ?)`,
    ).run(c.id, c.line, c.number, c.e164, c.absence, c.callerName, c.customerId, c.startedAt);
  }

  updateCaller(id: number, c: Pick<NewCall, 'number' | 'e164' | 'absence' | 'callerName' | 'customerId'>): void {
    this.sql('UPDATE calls SET number = ?, e164 = ?, absence = ?, caller_name = ?, customer_id = ? WHERE id = ?').run(
      c.number,
      c.e164,
      c.absence,
      c.callerName,
      c.customerId,
      id,
    );
  }

  answered(id: number, at: string): void {
    this.sql(`UPDATE calls SET state = 'answered', answered_at = ? WHERE id = ? AND state = 'ringing'`).run(at, id);
  }

  ended(id: number, outcome: CallOutcome, at: string): void {
    this.sql(`UPDATE calls SET state = 'ended', outcome = ?, ended_at = ? WHERE id = ? AND state != 'ended'`).run(outcome, at, id);
  }

  /**
   * Calls the last run left ringing or answered (power cut, crash): nobody knows how they
   * ended. Closed as `unknown`, at the time we find them. Returns how many.
   */
  closeLeftOpen(): number {
    return this.sql(`UPDATE calls SET state = 'ended', outcome = 'unknown', ended_at = ? WHERE state != 'ended'`).run(isoNow(this.clock)).changes;
  }

  get(id: number): CallRecord {
    const row = this.sql(`${SELECT} WHERE k.id = ?`).get(id) as CallRow | undefined;
    if (!row) throw new NotFoundError(`call ${id}`);
    return this.toRecord(row);
  }

  /** Newest first, by id. */
  list(q: CallListQuery): CallPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const filter = (clause: string, value: string | number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    filter('k.id < ?', q.before);
    filter('k.customer_id = ?', q.customerId);
    filter('k.outcome = ?', q.outcome);
    const rows = this.sql(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY k.id DESC LIMIT ?`).all(
      ...args,
      q.limit + 1,
    ) as CallRow[];
    const more = rows.length > q.limit;
    const items = rows.slice(0, q.limit).map((r) => this.toRecord(r));
    return { items, nextBefore: more ? (items.at(-1)?.id ?? null) : null };
  }

  /** Known customers with missed calls not yet returned, the most recent call first. */
  missed(limit: number): MissedCaller[] {
    const groups = this.sql(
      `SELECT customer_id, MAX(id) AS last_id, COUNT(*) AS n FROM calls
       WHERE outcome = 'missed' AND customer_id IS NOT NULL AND called_back_at IS NULL
       GROUP BY customer_id ORDER BY last_id DESC LIMIT ?`,
    ).all(limit) as { customer_id: number; last_id: number; n: number }[];
    return groups.map((g) => {
      const call = this.get(g.last_id);
      return { customer: call.customer!, call, count: g.n };
    });
  }

  /**
   * Staff called the customer back: this call and every earlier missed call of the same
   * customer not yet returned are done (one call back answers them all). Returns the ids cleared.
   */
  markCalledBack(id: number, actor: UserRef): { call: CallRecord; cleared: number[] } {
    return this.db.transaction(() => {
      const call = this.get(id);
      const at = isoNow(this.clock);
      const ids = new Set<number>();
      if (call.calledBackAt === null) ids.add(id);
      if (call.customer) {
        const earlier = this.sql(`SELECT id FROM calls WHERE customer_id = ? AND id <= ? AND outcome = 'missed' AND called_back_at IS NULL`);
        for (const r of earlier.all(call.customer.id, id) as { id: number }[]) ids.add(r.id);
      }
      const cleared = [...ids].sort((a, b) => a - b);
      const mark = this.sql('UPDATE calls SET called_back_at = ?, called_back_by = ? WHERE id = ?');
      for (const c of cleared) mark.run(at, actor.id, c);
      if (cleared.length) {
        this.audit.record(actor, {
          action: 'update',
          entity: 'call',
          entityId: id,
          summary: `call ${id}${call.customer ? ` from ${call.customer.customerNo} ${call.customer.name}` : ''} called back`,
          detail: { cleared },
        });
      }
      return { call: this.get(id), cleared };
    })();
  }

  private toRecord(r: CallRow): CallRecord {
    return {
      id: r.id,
      line: r.line,
      number: r.number,
      e164: r.e164,
      display: r.e164 ? displayPhone(r.e164, this.country()) : r.number,
      absence: r.absence,
      callerName: r.caller_name,
      customer: r.customer_id !== null && r.customer_no !== null ? { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name ?? '' } : null,
      state: r.state,
      outcome: r.outcome,
      startedAt: r.started_at,
      answeredAt: r.answered_at,
      endedAt: r.ended_at,
      calledBackAt: r.called_back_at,
      calledBackBy: r.called_back_by !== null ? { id: r.called_back_by, name: r.called_back_name ?? '' } : null,
    };
  }
}
