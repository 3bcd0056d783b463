// Visit plans (C3): a follow-up planned for a customer — due on a studio day, given to a staff
// member, with its purpose. Each staff member sees their due and overdue plans; doing one writes
// the contact record it became, in the same transaction, and the plan keeps it.
import { z } from 'zod';
import { CONTACT_CHANNELS, type UserRef, type VisitPlan, type VisitPlanCount, type VisitPlanDone, type VisitPlanList } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, type MetaRow, userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';
import { addDays, formatIsoDate, localDate, parseIsoDate } from '../util/local-time.js';
import { lineText } from '../util/text-schemas.js';
import type { ContactService } from './contact-service.js';
import { dateOnly } from './customer-schemas.js';

const purpose = lineText(500).pipe(z.string().min(1, 'required'));

export const visitPlanBodySchema = z.object({ dueDate: dateOnly, staffId: z.number().int().positive(), purpose }).strict();
export const visitPlanPatchSchema = visitPlanBodySchema.partial().strict();
export const visitPlanDoneSchema = z
  .object({ channel: z.enum(CONTACT_CHANNELS), note: z.string().trim().min(1, 'required').max(2000), at: z.iso.datetime({ offset: true }).optional() })
  .strict();
export const visitPlanCancelSchema = z.object({ reason: lineText(500).optional() }).strict();
export const visitPlanListQuery = z.object({
  staffId: z.coerce.number().int().positive().optional(),
  /** Open plans due by today + days (0 = due and overdue only). */
  days: z.coerce.number().int().min(0).max(366).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});

type Body = z.output<typeof visitPlanBodySchema>;
type Patch = z.output<typeof visitPlanPatchSchema>;
type Done = z.output<typeof visitPlanDoneSchema>;

interface Row extends MetaRow {
  id: number;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  due_date: string;
  staff_id: number;
  staff_name: string;
  purpose: string;
  state: VisitPlan['state'];
  closed_at: string | null;
  closed_by: number | null;
  closed_by_name: string | null;
  contact_id: number | null;
  cancel_reason: string;
}

const SELECT = `SELECT p.*, c.customer_no, c.name AS customer_name, s.display_name AS staff_name, x.display_name AS closed_by_name,
    cu.display_name AS created_by_name, uu.display_name AS updated_by_name
  FROM visit_plans p JOIN customers c ON c.id = p.customer_id JOIN users s ON s.id = p.staff_id
  LEFT JOIN users x ON x.id = p.closed_by LEFT JOIN users cu ON cu.id = p.created_by LEFT JOIN users uu ON uu.id = p.updated_by`;

export class VisitPlanService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly contacts: ContactService,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
  ) {
    this.sql = statementCache(db);
  }

  /** The studio's today, YYYY-MM-DD. */
  today(): string {
    return formatIsoDate(localDate(this.clock(), this.timeZone()));
  }

  /** Active users a plan can be given to. */
  staff(): UserRef[] {
    return this.sql('SELECT id, display_name AS name FROM users WHERE disabled = 0 ORDER BY display_name COLLATE NOCASE, id').all() as UserRef[];
  }

  add(actor: UserRef, customerId: number, input: Body): VisitPlan {
    const id = this.db.transaction(() => {
      const customer = this.customer(customerId);
      this.assertStaff(input.staffId);
      const now = isoNow(this.clock);
      const res = this.sql(
        `INSERT INTO visit_plans (customer_id, due_date, staff_id, purpose, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(customerId, input.dueDate, input.staffId, input.purpose, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, {
        action: 'create',
        entity: 'visit_plan',
        entityId: id,
        summary: `visit plan for ${customer.customer_no} ${customer.name} on ${input.dueDate}`,
        detail: { customerId, ...input },
      });
      return id;
    })();
    this.changed(id, customerId);
    return this.get(id);
  }

  update(actor: UserRef, id: number, patch: Patch): VisitPlan {
    const before = this.get(id);
    this.db.transaction(() => {
      const now = this.get(id);
      if (now.state !== 'open') throw new ConflictError(`this visit plan is ${now.state}`, 'visit_plan_closed');
      if (patch.staffId !== undefined) this.assertStaff(patch.staffId);
      this.sql(
        `UPDATE visit_plans SET due_date = coalesce(?, due_date), staff_id = coalesce(?, staff_id), purpose = coalesce(?, purpose), updated_at = ?, updated_by = ? WHERE id = ?`,
      ).run(patch.dueDate ?? null, patch.staffId ?? null, patch.purpose ?? null, isoNow(this.clock), actor.id, id);
      this.audit.record(actor, {
        action: 'update',
        entity: 'visit_plan',
        entityId: id,
        summary: `visit plan for ${now.customerNo} ${now.customerName} changed`,
        detail: { changes: patch, before: { dueDate: before.dueDate, staffId: before.staff.id, purpose: before.purpose } },
      });
    })();
    this.changed(id, before.customerId);
    return this.get(id);
  }

  /** Done: the contact record is written and the plan closed in one transaction. */
  complete(actor: UserRef, id: number, input: Done): VisitPlanDone {
    let contactId = 0;
    let customerId = 0;
    this.db.transaction(() => {
      const plan = this.get(id);
      if (plan.state !== 'open') throw new ConflictError(`this visit plan is ${plan.state}`, 'visit_plan_closed');
      customerId = plan.customerId;
      const now = isoNow(this.clock);
      // Written last but one: nothing after it can fail except the UPDATE, and both roll back together.
      contactId = this.contacts.add(actor, { customerId, channel: input.channel, note: input.note, ...(input.at ? { at: input.at } : {}) }).id;
      this.sql(`UPDATE visit_plans SET state = 'done', closed_at = ?, closed_by = ?, contact_id = ?, updated_at = ?, updated_by = ? WHERE id = ? AND state = 'open'`).run(
        now,
        actor.id,
        contactId,
        now,
        actor.id,
        id,
      );
      this.audit.record(actor, { action: 'complete', entity: 'visit_plan', entityId: id, summary: `visit plan for ${plan.customerNo} ${plan.customerName} done`, detail: { contactId, channel: input.channel } });
    })();
    this.changed(id, customerId);
    return { plan: this.get(id), contact: this.contacts.list(customerId, 50).find((r) => r.id === contactId)! };
  }

  cancel(actor: UserRef, id: number, reason: string): VisitPlan {
    let customerId = 0;
    this.db.transaction(() => {
      const plan = this.get(id);
      if (plan.state !== 'open') throw new ConflictError(`this visit plan is ${plan.state}`, 'visit_plan_closed');
      customerId = plan.customerId;
      const now = isoNow(this.clock);
      this.sql(`UPDATE visit_plans SET state = 'cancelled', closed_at = ?, closed_by = ?, cancel_reason = ?, updated_at = ?, updated_by = ? WHERE id = ?`).run(now, actor.id, reason, now, actor.id, id);
      this.audit.record(actor, { action: 'cancel', entity: 'visit_plan', entityId: id, summary: `visit plan for ${plan.customerNo} ${plan.customerName} cancelled`, detail: { reason } });
    })();
    this.changed(id, customerId);
    return this.get(id);
  }

  get(id: number): VisitPlan {
    const r = this.sql(`${SELECT} WHERE p.id = ?`).get(id) as Row | undefined;
    if (!r) throw new NotFoundError(`visit plan ${id}`);
    return this.toPlan(r, this.today());
  }

  /** A customer's plans: open ones by due date, then the closed ones, newest first. */
  forCustomer(customerId: number): VisitPlan[] {
    this.customer(customerId);
    const today = this.today();
    const rows = this.sql(`${SELECT} WHERE p.customer_id = ? ORDER BY p.state <> 'open', CASE WHEN p.state = 'open' THEN p.due_date END, p.closed_at DESC, p.id DESC LIMIT 200`).all(customerId) as Row[];
    return rows.map((r) => this.toPlan(r, today));
  }

  /** Open plans due by today + days (one staff member's, or everyone's), oldest first. */
  due(query: { staffId?: number | undefined; days: number; limit: number }): VisitPlanList {
    const today = this.today();
    const until = formatIsoDate(addDays(parseIsoDate(today)!, query.days));
    const rows = (query.staffId !== undefined
      ? this.sql(`${SELECT} WHERE p.state = 'open' AND p.staff_id = ? AND p.due_date <= ? ORDER BY p.due_date, p.id LIMIT ?`).all(query.staffId, until, query.limit)
      : this.sql(`${SELECT} WHERE p.state = 'open' AND p.due_date <= ? ORDER BY p.due_date, p.id LIMIT ?`).all(until, query.limit)) as Row[];
    const items = rows.map((r) => this.toPlan(r, today));
    return { today, items, overdue: items.filter((p) => p.overdue).length };
  }

  /** How many of one staff member's open plans are due today or earlier (the top bar's badge). */
  countFor(staffId: number): VisitPlanCount {
    const today = this.today();
    const r = this.sql(`SELECT COUNT(*) AS due, COALESCE(SUM(due_date < ?), 0) AS overdue FROM visit_plans WHERE state = 'open' AND staff_id = ? AND due_date <= ?`).get(today, staffId, today) as {
      due: number;
      overdue: number;
    };
    return { today, due: r.due, overdue: r.overdue };
  }

  /**
   * At the start of each studio day (and at start-up), plans dated today fall due: tells every
   * screen how many each staff member now has (`visit_plan.due`, ids and counts only), so each
   * assignee's badge updates without a reload.
   */
  announceDue(): void {
    const today = this.today();
    const rows = this.sql(
      `SELECT staff_id AS staffId, COUNT(*) AS due, SUM(due_date < ?) AS overdue FROM visit_plans WHERE state = 'open' AND due_date <= ? GROUP BY staff_id ORDER BY staff_id`,
    ).all(today, today) as { staffId: number; due: number; overdue: number }[];
    this.events.publish('visit_plan.due', { today, staff: rows });
  }

  private customer(id: number): { customer_no: string; name: string } {
    const c = this.sql('SELECT customer_no, name FROM customers WHERE id = ?').get(id) as { customer_no: string; name: string } | undefined;
    if (!c) throw new NotFoundError(`customer ${id}`);
    return c;
  }

  private assertStaff(id: number): void {
    if (!this.sql('SELECT 1 FROM users WHERE id = ? AND disabled = 0').get(id)) throw new ValidationError([{ path: 'staffId', message: 'no such active user' }]);
  }

  private changed(id: number, customerId: number): void {
    this.events.publish('visit_plan.changed', { id, customerId });
  }

  private toPlan(r: Row, today: string): VisitPlan {
    return {
      id: r.id,
      customerId: r.customer_id,
      customerNo: r.customer_no,
      customerName: r.customer_name,
      dueDate: r.due_date,
      staff: { id: r.staff_id, name: r.staff_name },
      purpose: r.purpose,
      state: r.state,
      overdue: r.state === 'open' && r.due_date < today,
      closedAt: r.closed_at,
      closedBy: userRef(r.closed_by, r.closed_by_name),
      contactId: r.contact_id,
      cancelReason: r.cancel_reason,
      ...meta(r),
    };
  }
}
