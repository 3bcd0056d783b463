// Feedback and complaints (C3): a customer's satisfaction, 1 to 5 with a comment, about an
// order or a visit; a complaint stays open until its resolution is written. Lists come with
// their figures (count, average, how many of each score, open complaints) over the whole filter.
import { z } from 'zod';
import { FEEDBACK_KINDS, FEEDBACK_STATES, type Feedback, type FeedbackList, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, type MetaRow } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';

export const feedbackBodySchema = z
  .object({
    kind: z.enum(FEEDBACK_KINDS),
    score: z.number().int('a whole number from 1 to 5').min(1, 'from 1 to 5').max(5, 'from 1 to 5'),
    comment: z.string().trim().max(2000).default(''),
    orderId: z.number().int().positive().nullable().optional(),
    visitPlanId: z.number().int().positive().nullable().optional(),
    at: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((b) => b.kind !== 'complaint' || b.comment !== '', { path: ['comment'], message: 'a complaint needs its words' });

export const feedbackPatchSchema = z
  .object({ state: z.enum(FEEDBACK_STATES), resolution: z.string().trim().max(2000).optional() })
  .strict()
  .refine((p) => p.state !== 'resolved' || (p.resolution ?? '') !== '', { path: ['resolution'], message: 'required to resolve' });

export const feedbackListQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  kind: z.enum(FEEDBACK_KINDS).optional(),
  state: z.enum(FEEDBACK_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

type Body = z.output<typeof feedbackBodySchema>;
type Patch = z.output<typeof feedbackPatchSchema>;
type ListQuery = z.output<typeof feedbackListQuery>;

interface Row extends MetaRow {
  id: number;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  order_id: number | null;
  order_no: string | null;
  visit_plan_id: number | null;
  kind: Feedback['kind'];
  score: number;
  comment: string;
  state: Feedback['state'];
  resolution: string;
  at: string;
}

const SELECT = `SELECT f.*, c.customer_no, c.name AS customer_name, o.order_no, cu.display_name AS created_by_name, uu.display_name AS updated_by_name
  FROM feedback f JOIN customers c ON c.id = f.customer_id LEFT JOIN orders o ON o.id = f.order_id
  LEFT JOIN users cu ON cu.id = f.created_by LEFT JOIN users uu ON uu.id = f.updated_by`;

export class FeedbackService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /** The order and the visit plan must be this customer's (400 naming the field otherwise). */
  add(actor: UserRef, customerId: number, input: Body): Feedback {
    const id = this.db.transaction(() => {
      const c = this.sql('SELECT customer_no, name FROM customers WHERE id = ?').get(customerId) as { customer_no: string; name: string } | undefined;
      if (!c) throw new NotFoundError(`customer ${customerId}`);
      const problems = [];
      if (input.orderId != null && !this.sql('SELECT 1 FROM orders WHERE id = ? AND customer_id = ?').get(input.orderId, customerId)) problems.push({ path: 'orderId', message: "not one of this customer's orders" });
      if (input.visitPlanId != null && !this.sql('SELECT 1 FROM visit_plans WHERE id = ? AND customer_id = ?').get(input.visitPlanId, customerId)) problems.push({ path: 'visitPlanId', message: "not one of this customer's visit plans" });
      if (problems.length) throw new ValidationError(problems);
      const now = isoNow(this.clock);
      const at = input.at ? new Date(input.at).toISOString() : now;
      const state = input.kind === 'complaint' ? 'open' : 'resolved';
      const res = this.sql(
        `INSERT INTO feedback (customer_id, order_id, visit_plan_id, kind, score, comment, state, at, created_at, created_by, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(customerId, input.orderId ?? null, input.visitPlanId ?? null, input.kind, input.score, input.comment, state, at, now, actor.id, now, actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, { action: 'create', entity: 'feedback', entityId: id, summary: `${input.kind} (${input.score}/5) from ${c.customer_no} ${c.name}`, detail: { customerId, ...input } });
      return id;
    })();
    this.events.publish('feedback.changed', { id, customerId });
    return this.get(id);
  }

  /** Resolve (with the resolution) or reopen. */
  update(actor: UserRef, id: number, patch: Patch): Feedback {
    const before = this.get(id);
    this.db.transaction(() => {
      this.sql('UPDATE feedback SET state = ?, resolution = coalesce(?, resolution), updated_at = ?, updated_by = ? WHERE id = ?').run(patch.state, patch.resolution ?? null, isoNow(this.clock), actor.id, id);
      this.audit.record(actor, {
        action: patch.state === 'resolved' ? 'resolve' : 'reopen',
        entity: 'feedback',
        entityId: id,
        summary: `${before.kind} from ${before.customerNo} ${before.customerName} ${patch.state === 'resolved' ? 'resolved' : 'reopened'}`,
        detail: { changes: patch, before: { state: before.state, resolution: before.resolution } },
      });
    })();
    this.events.publish('feedback.changed', { id, customerId: before.customerId });
    return this.get(id);
  }

  get(id: number): Feedback {
    const r = this.sql(`${SELECT} WHERE f.id = ?`).get(id) as Row | undefined;
    if (!r) throw new NotFoundError(`feedback ${id}`);
    return toFeedback(r);
  }

  forCustomer(customerId: number): FeedbackList {
    if (!this.sql('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new NotFoundError(`customer ${customerId}`);
    return this.list('f.customer_id = ?', [customerId], 200);
  }

  /** Everyone's feedback in a period (UTC instants), newest first, with the figures. */
  search(q: ListQuery): FeedbackList {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.from) where.push('f.at >= ?'), args.push(new Date(q.from).toISOString());
    if (q.to) where.push('f.at < ?'), args.push(new Date(q.to).toISOString());
    if (q.kind) where.push('f.kind = ?'), args.push(q.kind);
    if (q.state) where.push('f.state = ?'), args.push(q.state);
    return this.list(where.join(' AND ') || '1', args, q.limit);
  }

  private list(where: string, args: (string | number)[], limit: number): FeedbackList {
    const rows = this.sql(`${SELECT} WHERE ${where} ORDER BY f.at DESC, f.id DESC LIMIT ?`).all(...args, limit) as Row[];
    const figures = this.sql(
      `SELECT count(*) AS n, avg(score) AS mean, sum(score = 1) AS s1, sum(score = 2) AS s2, sum(score = 3) AS s3, sum(score = 4) AS s4, sum(score = 5) AS s5,
         sum(kind = 'complaint' AND state = 'open') AS open FROM feedback f WHERE ${where}`,
    ).get(...args) as { n: number; mean: number | null; s1: number | null; s2: number | null; s3: number | null; s4: number | null; s5: number | null; open: number | null };
    return {
      items: rows.map(toFeedback),
      count: figures.n,
      average: figures.mean === null ? null : Math.round(figures.mean * 100) / 100,
      byScore: [figures.s1 ?? 0, figures.s2 ?? 0, figures.s3 ?? 0, figures.s4 ?? 0, figures.s5 ?? 0],
      openComplaints: figures.open ?? 0,
    };
  }
}

function toFeedback(r: Row): Feedback {
  return {
    id: r.id,
    customerId: r.customer_id,
    customerNo: r.customer_no,
    customerName: r.customer_name,
    orderId: r.order_id,
    orderNo: r.order_no,
    visitPlanId: r.visit_plan_id,
    kind: r.kind,
    score: r.score,
    comment: r.comment,
    state: r.state,
    resolution: r.resolution,
    at: r.at,
    ...meta(r),
  };
}
