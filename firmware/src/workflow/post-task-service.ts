// Post-production tasks (O4, issue 19 item 5; docs/workflow.md): first edits, refined photos
// and design pages of an order, each for a person with a state and a due time; a list per
// person ("my tasks") and one of everyone's. Edited files of a task's kind stored in its
// order's folder (a retoucher's card or an upload: both are ingest jobs) close the task, told by
// main.ts from the ingest.finished event; which order a folder is, post-task-match.ts decides.
import { z } from 'zod';
import { EDIT_KINDS, POST_TASK_STATES, type EditKind, type PostTask, type PostTaskList, type PostTaskState, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { Clock } from '../util/clock.js';
import { lineText } from '../util/text-schemas.js';
import { ordersClosedBy } from './post-task-match.js';
import { dueStatusAt } from './workflow-machine.js';

const dueAt = z.iso.datetime({ offset: true }).nullable();
const note = lineText(500);

/** POST /api/post-tasks. */
export const postTaskSchema = z
  .object({ orderId: z.number().int().positive(), kind: z.enum(EDIT_KINDS), assigneeId: z.number().int().positive().nullable().optional(), dueAt: dueAt.optional(), note: note.optional() })
  .strict();

/** PATCH /api/post-tasks/:id. */
export const postTaskPatchSchema = z
  .object({ state: z.enum(POST_TASK_STATES).optional(), assigneeId: z.number().int().positive().nullable().optional(), dueAt: dueAt.optional(), note: note.optional() })
  .strict()
  .refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' });

/** GET /api/post-tasks. */
export const postTaskQuerySchema = z
  .object({
    assignee: z.union([z.literal('me'), z.coerce.number().int().positive()]).optional(),
    state: z.enum(['active', 'done', 'all']).default('active'),
    orderId: z.coerce.number().int().positive().optional(),
  })
  .strict();

const LIST_LIMIT = 500;

interface TaskRow {
  id: number;
  order_id: number;
  order_no: string;
  order_title: string;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  kind: EditKind;
  assignee_id: number | null;
  assignee_name: string | null;
  state: PostTaskState;
  due_at: string | null;
  note: string;
  created_at: string;
  updated_at: string;
  done_at: string | null;
  done_by: number | null;
  done_by_name: string | null;
  done_job_id: number | null;
}

const SELECT = `SELECT t.id, t.order_id, o.order_no, o.title AS order_title, o.customer_id, c.customer_no, c.name AS customer_name, t.kind,
    t.assignee_id, a.display_name AS assignee_name, t.state, t.due_at, t.note, t.created_at, t.updated_at, t.done_at, t.done_by,
    d.display_name AS done_by_name, t.done_job_id
  FROM post_tasks t JOIN orders o ON o.id = t.order_id JOIN customers c ON c.id = o.customer_id
  LEFT JOIN users a ON a.id = t.assignee_id LEFT JOIN users d ON d.id = t.done_by`;

const ACTIVE = `('open', 'in_progress')`;

/** What main.ts passes on from an ended ingest job. */
export interface StoredEdits {
  jobId: number;
  customerId: number;
  orderLabel: string | null;
  subfolder: string;
  filesCopied: number;
}

export class PostTaskService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
  ) {
    this.sql = statementCache(db);
  }

  list(me: UserRef, raw: unknown): PostTaskList {
    const q = checked(postTaskQuerySchema, raw);
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (q.assignee !== undefined) {
      where.push('t.assignee_id = ?');
      args.push(q.assignee === 'me' ? me.id : q.assignee);
    }
    if (q.state === 'active') where.push(`t.state IN ${ACTIVE}`);
    if (q.state === 'done') where.push(`t.state NOT IN ${ACTIVE}`);
    if (q.orderId !== undefined) {
      where.push('t.order_id = ?');
      args.push(q.orderId);
    }
    const order = q.state === 'active' ? 't.due_at IS NULL, t.due_at, t.id' : 'COALESCE(t.done_at, t.updated_at) DESC, t.id DESC';
    const rows = this.db.prepare(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY ${order} LIMIT ${LIST_LIMIT}`).all(...args) as TaskRow[];
    const people = this.sql('SELECT id, display_name AS name FROM users WHERE disabled = 0 ORDER BY display_name, id').all() as UserRef[];
    return { timeZone: this.timeZone(), items: rows.map((r) => this.toTask(r)), people: people.map((u) => ({ id: u.id, name: u.name })) };
  }

  get(id: number): PostTask {
    const r = this.sql(`${SELECT} WHERE t.id = ?`).get(id) as TaskRow | undefined;
    if (!r) throw new NotFoundError(`post-production task ${id}`);
    return this.toTask(r);
  }

  create(actor: UserRef, raw: unknown): PostTask {
    const input = checked(postTaskSchema, raw);
    const id = this.db
      .transaction(() => {
        const order = this.sql('SELECT id, order_no, state, stage_due_at FROM orders WHERE id = ?').get(input.orderId) as
          | { id: number; order_no: string; state: string; stage_due_at: string | null }
          | undefined;
        if (!order) throw new ValidationError([{ path: 'orderId', message: `there is no order ${input.orderId}` }]);
        if (order.state === 'cancelled') throw new ValidationError([{ path: 'orderId', message: `order ${order.order_no} is cancelled` }]);
        this.checkUser('assigneeId', input.assigneeId);
        const now = this.clock().toISOString();
        const due = input.dueAt === undefined ? order.stage_due_at : isoOrNull(input.dueAt);
        const id = Number(
          this.sql(
            `INSERT INTO post_tasks (order_id, kind, assignee_id, due_at, note, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          ).run(order.id, input.kind, input.assigneeId ?? null, due, input.note ?? '', now, actor.id, now, actor.id).lastInsertRowid,
        );
        this.audit.record(actor, {
          action: 'create',
          entity: 'post_task',
          entityId: id,
          summary: `post-production task: ${input.kind} of order ${order.order_no}`,
          detail: { orderId: order.id, kind: input.kind, assigneeId: input.assigneeId ?? null, dueAt: due, note: input.note ?? '' },
        });
        return id;
      })
      .immediate();
    const task = this.get(id);
    this.changed(task.orderId);
    return task;
  }

  /** `mayEdit` = workflow:edit; without it only the state of one's own task may change. */
  update(actor: UserRef, mayEdit: boolean, id: number, raw: unknown): PostTask {
    const input = checked(postTaskPatchSchema, raw);
    this.db
      .transaction(() => {
        const before = this.get(id);
        if (!mayEdit) {
          if (before.assignee?.id !== actor.id) throw new ForbiddenError('you need the "edit" right on "workflow" to change a task that is not yours');
          const other = Object.keys(input).find((k) => k !== 'state');
          if (other) throw new ForbiddenError(`you need the "edit" right on "workflow" to change a task's ${other}`);
        }
        this.checkUser('assigneeId', input.assigneeId);
        const now = this.clock().toISOString();
        const state = input.state ?? before.state;
        const finished = state === 'done' && before.state !== 'done';
        const reopened = state !== 'done' && before.state === 'done';
        const after = {
          state,
          assigneeId: input.assigneeId === undefined ? (before.assignee?.id ?? null) : input.assigneeId,
          dueAt: input.dueAt === undefined ? before.dueAt : isoOrNull(input.dueAt),
          note: input.note ?? before.note,
        };
        this.sql(
          `UPDATE post_tasks SET state = ?, assignee_id = ?, due_at = ?, note = ?, updated_at = ?, updated_by = ?,
             done_at = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE done_at END,
             done_by = CASE WHEN ? THEN ? WHEN ? THEN NULL ELSE done_by END,
             done_job_id = CASE WHEN ? OR ? THEN NULL ELSE done_job_id END WHERE id = ?`,
        ).run(after.state, after.assigneeId, after.dueAt, after.note, now, actor.id, +finished, now, +reopened, +finished, actor.id, +reopened, +finished, +reopened, id);
        this.audit.record(actor, {
          action: 'update',
          entity: 'post_task',
          entityId: id,
          summary: `post-production task ${id} (${before.kind} of order ${before.orderNo})${before.state !== state ? `: ${before.state} → ${state}` : ' changed'}`,
          detail: { before: { state: before.state, assigneeId: before.assignee?.id ?? null, dueAt: before.dueAt, note: before.note }, after },
        });
      })
      .immediate();
    const task = this.get(id);
    this.changed(task.orderId);
    return task;
  }

  /**
   * Edited files of a kind were stored for a customer (an ingest job ended): the open tasks of
   * that kind of the order the folder names are done. Audited with no user (the box did it).
   */
  editsStored(e: StoredEdits): PostTask[] {
    if (e.filesCopied <= 0 || !(EDIT_KINDS as readonly string[]).includes(e.subfolder)) return [];
    const closed = this.db
      .transaction(() => {
        const orders = this.sql(
          `SELECT o.id AS orderId, o.order_no AS orderNo,
             EXISTS (SELECT 1 FROM post_tasks t WHERE t.order_id = o.id AND t.kind = ? AND t.state IN ${ACTIVE}) AS hasOpenTask
           FROM orders o WHERE o.customer_id = ?`,
        ).all(e.subfolder, e.customerId) as { orderId: number; orderNo: string; hasOpenTask: number }[];
        const ids = ordersClosedBy(e.orderLabel, orders.map((o) => ({ ...o, hasOpenTask: o.hasOpenTask === 1 })));
        const now = this.clock().toISOString();
        const done: number[] = [];
        for (const orderId of ids) {
          const tasks = this.sql(`SELECT id, state FROM post_tasks WHERE order_id = ? AND kind = ? AND state IN ${ACTIVE}`).all(orderId, e.subfolder) as { id: number; state: PostTaskState }[];
          const orderNo = orders.find((o) => o.orderId === orderId)!.orderNo;
          for (const t of tasks) {
            this.sql(`UPDATE post_tasks SET state = 'done', done_at = ?, done_by = NULL, done_job_id = ?, updated_at = ?, updated_by = NULL WHERE id = ?`).run(now, e.jobId, now, t.id);
            this.audit.record(null, {
              action: 'update',
              entity: 'post_task',
              entityId: t.id,
              summary: `post-production task ${t.id} (${e.subfolder} of order ${orderNo}) done: ${e.filesCopied} edited file(s) stored by ingest job ${e.jobId}`,
              detail: { before: { state: t.state }, after: { state: 'done' }, jobId: e.jobId, folder: e.orderLabel },
            });
            done.push(t.id);
          }
        }
        return done;
      })
      .immediate();
    const tasks = closed.map((id) => this.get(id));
    for (const orderId of new Set(tasks.map((t) => t.orderId))) this.changed(orderId);
    return tasks;
  }

  private changed(orderId: number): void {
    this.events.publish('postTasks.changed', { orderId });
  }

  private checkUser(path: string, id: number | null | undefined): void {
    if (id != null && !this.sql('SELECT 1 FROM users WHERE id = ? AND disabled = 0').get(id)) throw new ValidationError([{ path, message: `there is no active user ${id}` }]);
  }

  private toTask(r: TaskRow): PostTask {
    const active = r.state === 'open' || r.state === 'in_progress';
    return {
      id: r.id,
      orderId: r.order_id,
      orderNo: r.order_no,
      orderTitle: r.order_title,
      customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
      kind: r.kind,
      assignee: userRef(r.assignee_id, r.assignee_name),
      state: r.state,
      dueAt: r.due_at,
      dueStatus: active ? dueStatusAt(r.due_at, this.clock(), this.timeZone()) : 'none',
      note: r.note,
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      doneAt: r.done_at,
      doneBy: userRef(r.done_by, r.done_by_name),
      doneJobId: r.done_job_id,
    };
  }
}

const isoOrNull = (s: string | null): string | null => (s === null ? null : new Date(s).toISOString());

function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
}
