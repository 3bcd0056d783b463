// The stage board (C2) over the customers table: the board with its counts and flags, staff
// moves one step forward or back, corrections of the times, and the moves that follow orders.
// The rules are stage-machine.ts's; this file reads and writes rows and records the audit.
import { STAGES, type StageBoard, type StageBoardQuery, type StageCard, type StageColumn, type StageMovePreview, type StageTimesPatch, type Stage, type UserRef, type Phone, type OrderState } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { Clock } from '../util/clock.js';
import { addDays, atLocalTime, localDate } from '../util/local-time.js';
import { defaultDue, dueStatus, planMove, stageAfterMove, stageForOrderEvent, type Direction, type OrderEvent } from './stage-machine.js';

interface Row {
  id: number;
  customer_no: string;
  name: string;
  stage: Stage;
  stage_added_at: string;
  stage_due_at: string | null;
  wedding_date: string | null;
  business_type: StageCard['businessType'];
  tags: string;
}

export const BOARD_LIMIT_DEFAULT = 200;

/** A customer moved from one stage to another (a staff move or one following an order). */
export interface StageChange {
  customerId: number;
  from: Stage;
  to: Stage;
  addedAt: string;
  dueAt: string | null;
  /** Towards history (lead → ordered → shot → selected → history). */
  forward: boolean;
}

const utc = (iso: string | null): string | null => (iso === null ? null : new Date(iso).toISOString());

export class StageService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    /** The studio's IANA zone, read per call (settings may change it). */
    private readonly timeZone: () => string,
    /** Phones per customer id, in the studio's display form (CustomerService owns them). */
    private readonly phonesOf: (ids: number[]) => Map<number, Phone[]>,
    /** After a customer changed stage (committed): the automatic "stage changed" SMS follows it. */
    private readonly onStageChanged: (change: StageChange) => void = () => {},
  ) {
    this.sql = statementCache(db);
  }

  /** Every stage with its counts and its first `limit` customers by due time. */
  board(q: StageBoardQuery): StageBoard {
    const timeZone = this.timeZone();
    const now = this.clock();
    const nowIso = now.toISOString();
    const endOfToday = atLocalTime(addDays(localDate(now, timeZone), 1), 0, 0, timeZone).toISOString();
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.tag) {
      where.push('EXISTS (SELECT 1 FROM json_each(c.tags) WHERE value = ?)');
      args.push(q.tag);
    }
    if (q.businessType) {
      where.push('c.business_type = ?');
      args.push(q.businessType);
    }
    if (q.staff) {
      where.push(`EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.staff = ? AND o.state <> 'cancelled')`);
      args.push(q.staff);
    }
    const filter = where.length ? `AND ${where.join(' AND ')}` : '';
    const limit = q.limit ?? BOARD_LIMIT_DEFAULT;
    // julianday() reads any stored ISO form (with Z or an offset) as the instant it names.
    const counts = new Map(
      (
        this.sql(
          `SELECT c.stage, COUNT(*) AS n,
             SUM(julianday(c.stage_due_at) <= julianday(?)) AS overdue,
             SUM(julianday(c.stage_due_at) > julianday(?) AND julianday(c.stage_due_at) < julianday(?)) AS today
           FROM customers c WHERE 1 ${filter} GROUP BY c.stage`,
        ).all(nowIso, nowIso, endOfToday, ...args) as { stage: Stage; n: number; overdue: number | null; today: number | null }[]
      ).map((r) => [r.stage, r]),
    );
    const page = this.sql(
      `SELECT c.id, c.customer_no, c.name, c.stage, c.stage_added_at, c.stage_due_at, c.wedding_date, c.business_type, c.tags
       FROM customers c WHERE c.stage = ? ${filter}
       ORDER BY c.stage_due_at IS NULL, julianday(c.stage_due_at), julianday(c.stage_added_at), c.id LIMIT ?`,
    );
    const columns: StageColumn[] = STAGES.map((stage) => {
      const rows = page.all(stage, ...args, limit) as Row[];
      const c = counts.get(stage);
      return { stage, count: c?.n ?? 0, overdue: c?.overdue ?? 0, dueToday: c?.today ?? 0, items: this.cards(rows, now, timeZone) };
    });
    return { timeZone, columns };
  }

  /** What the move dialog proposes: the stage it leads to and its default due time. */
  preview(id: number, direction: Direction): StageMovePreview {
    const r = this.row(id);
    const to = stageAfterMove(r.stage, direction);
    return { from: r.stage, to, defaultDueAt: to ? defaultDue(to, this.dueContext(r)) : null };
  }

  /** A staff move one step; `dueAt` undefined = the default. Past either end: 409 no_such_stage. */
  move(actor: UserRef, id: number, direction: Direction, dueAt: string | null | undefined): void {
    const change = this.db.transaction((): Omit<StageChange, 'forward'> => {
      const r = this.row(id);
      const plan = planMove(r.stage, direction, dueAt, this.dueContext(r));
      if (!plan.ok) throw new ConflictError(`customer ${r.customer_no}: ${plan.error}`, 'no_such_stage');
      this.write(actor, r, plan.position.stage, plan.position.addedAt, plan.position.dueAt, `moved ${direction}`);
      return { customerId: id, from: r.stage, to: plan.position.stage, addedAt: plan.position.addedAt, dueAt: plan.position.dueAt };
    })();
    this.events.publish('customer.updated', { id });
    this.changed(change);
  }

  /** Corrects the current stage's added and/or due time. */
  setTimes(actor: UserRef, id: number, patch: StageTimesPatch): void {
    this.db.transaction(() => {
      const r = this.row(id);
      const added = patch.addedAt === undefined ? r.stage_added_at : utc(patch.addedAt)!;
      const due = patch.dueAt === undefined ? r.stage_due_at : utc(patch.dueAt);
      this.write(actor, r, r.stage, added, due, 'times corrected');
    })();
    this.events.publish('customer.updated', { id });
  }

  /**
   * An order was made or changed state: the customer follows where the two correspond
   * (stage-machine.ts stageForOrderEvent). The due time of "ordered" is the order's shoot time.
   */
  followOrder(actor: UserRef, customerId: number, event: OrderEvent, shootAt: string | null): void {
    const change = this.db.transaction((): Omit<StageChange, 'forward'> | null => {
      const r = this.row(customerId);
      const to = stageForOrderEvent(r.stage, event);
      if (!to) return null;
      const ctx = { ...this.dueContext(r), shootAt };
      const addedAt = ctx.now.toISOString();
      const dueAt = defaultDue(to, ctx);
      this.write(actor, r, to, addedAt, dueAt, event.kind === 'created' ? 'new order' : event.kind === 'lifecycle' ? `order stage, customer ${event.to}` : `order ${event.to}`);
      return { customerId, from: r.stage, to, addedAt, dueAt };
    })();
    if (change) {
      this.events.publish('customer.updated', { id: customerId });
      this.changed(change);
    }
  }

  /** Tells the listener, which must not undo a committed move by throwing. */
  private changed(c: Omit<StageChange, 'forward'>): void {
    if (c.from === c.to) return;
    try {
      this.onStageChanged({ ...c, forward: STAGES.indexOf(c.to) > STAGES.indexOf(c.from) });
    } catch {
      // The listener logs its own failures; a stage move stands whatever it says.
    }
  }

  private write(actor: UserRef, r: Row, stage: Stage, addedAt: string, dueAt: string | null, why: string): void {
    const now = this.clock().toISOString();
    this.sql('UPDATE customers SET stage = ?, stage_added_at = ?, stage_due_at = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
      stage,
      addedAt,
      dueAt,
      now,
      actor.id,
      r.id,
    );
    this.audit.record(actor, {
      action: 'stage',
      entity: 'customer',
      entityId: r.id,
      summary: `customer ${r.customer_no} ${r.name}: ${r.stage === stage ? stage : `${r.stage} → ${stage}`} (${why})`,
      detail: { from: { stage: r.stage, addedAt: r.stage_added_at, dueAt: r.stage_due_at }, to: { stage, addedAt, dueAt } },
    });
  }

  private row(id: number): Row {
    const r = this.sql(
      'SELECT id, customer_no, name, stage, stage_added_at, stage_due_at, wedding_date, business_type, tags FROM customers WHERE id = ?',
    ).get(id) as Row | undefined;
    if (!r) throw new NotFoundError(`customer ${id}`);
    return r;
  }

  private dueContext(r: Row) {
    return { now: this.clock(), timeZone: this.timeZone(), weddingDate: r.wedding_date };
  }

  private cards(rows: Row[], now: Date, timeZone: string): StageCard[] {
    if (!rows.length) return [];
    const ids = rows.map((r) => r.id);
    const phones = this.phonesOf(ids);
    const staff = new Map<number, string[]>();
    for (const s of this.sql(
      `SELECT DISTINCT customer_id, staff FROM orders WHERE customer_id IN (${ids.map(() => '?').join(',')}) AND state <> 'cancelled' AND staff <> '' ORDER BY staff`,
    ).all(...ids) as { customer_id: number; staff: string }[]) {
      staff.set(s.customer_id, [...(staff.get(s.customer_id) ?? []), s.staff]);
    }
    return rows.map((r) => ({
      id: r.id,
      customerNo: r.customer_no,
      name: r.name,
      phones: phones.get(r.id) ?? [],
      businessType: r.business_type,
      tags: JSON.parse(r.tags) as string[],
      staff: staff.get(r.id) ?? [],
      stageAddedAt: utc(r.stage_added_at)!,
      stageDueAt: utc(r.stage_due_at),
      dueStatus: dueStatus(r.stage_due_at, now, timeZone),
    }));
  }
}
