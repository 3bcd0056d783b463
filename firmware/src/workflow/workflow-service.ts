// The configurable order workflow (O2): the stage list an admin keeps, the board of open orders
// by stage, and the one-action move. The rules are workflow-machine.ts's; this file is the
// store. An order's stage columns (orders.stage_id, stage_since, stage_due_at, assignee_id)
// are this module's; the order's fixed state follows its stage's phase in the same transaction,
// and the order service tells this one (in its own transactions) when an order is made or its
// state is changed on the order page, so the two never disagree.
import { z } from 'zod';
import {
  ORDER_LIFECYCLES, PHASES, POSTS,
  type OrderLifecycle, type OrderState, type Phase, type Post, type UserRef, type WorkflowBoard, type WorkflowCard, type WorkflowColumn, type WorkflowStage,
} from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { Clock } from '../util/clock.js';
import { lineText } from '../util/text-schemas.js';
import { compareCards, defaultDueAt, dueStatusAt, firstStage, lifecycleAfterMove, stageForState, stageListProblems, whyNotMove, type StageRule } from './workflow-machine.js';

const stageInputSchema = z
  .object({
    id: z.number().int().positive().optional(),
    name: lineText(60),
    post: z.enum(POSTS),
    defaultUserId: z.number().int().positive().nullable(),
    lifecycle: z.enum(ORDER_LIFECYCLES).nullable(),
    phase: z.enum(PHASES),
    dueDays: z.number().int().min(0).max(365).nullable(),
  })
  .strict();

/** PUT /api/workflow/stages. */
export const stagesSchema = z.object({ stages: z.array(stageInputSchema).min(1).max(30) }).strict();

/** POST /api/workflow/orders/:id/move. */
export const moveSchema = z
  .object({
    stageId: z.number().int().positive(),
    dueAt: z.iso.datetime({ offset: true }).nullable().optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
  })
  .strict();

/** GET /api/workflow/board. */
export const boardQuerySchema = z.object({ post: z.enum(POSTS).optional(), person: z.coerce.number().int().positive().optional() }).strict();

/** The most cards a column sends; its count says how many there are. */
const COLUMN_LIMIT = 200;

interface StageRow {
  id: number;
  position: number;
  key: string | null;
  name: string;
  post: Post;
  default_user_id: number | null;
  default_user_name: string | null;
  lifecycle: OrderLifecycle | null;
  phase: Phase;
  due_days: number | null;
  orders: number;
}

interface CardRow {
  id: number;
  order_no: string;
  title: string;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  stage_id: number;
  stage_since: string;
  stage_due_at: string | null;
  assignee_id: number | null;
  assignee_name: string | null;
}

interface OrderStageRow {
  id: number;
  order_no: string;
  customer_id: number;
  state: OrderState;
  service_at: string | null;
  stage_id: number | null;
  stage_since: string | null;
  stage_due_at: string | null;
  assignee_id: number | null;
}

/** Told after a committed move whose stage names a lifecycle stage (main.ts moves the customer). */
export type LifecycleFollower = (actor: UserRef, customerId: number, to: OrderLifecycle, serviceAt: string | null) => void;

export class WorkflowService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
    private readonly followLifecycle: LifecycleFollower = () => {},
  ) {
    this.sql = statementCache(db);
  }

  stages(): WorkflowStage[] {
    return this.stageRows().map(toStage);
  }

  /** Replaces the stage list (settings:edit). A stage with orders cannot be removed: 409 stage_in_use. */
  saveStages(actor: UserRef, raw: unknown): WorkflowStage[] {
    const { stages: list } = checked(stagesSchema, raw);
    const after = this.db
      .transaction(() => {
        const before = this.stageRows();
        const byId = new Map(before.map((s) => [s.id, s]));
        const problems: { path: string; message: string }[] = [];
        const ids = new Set<number>();
        list.forEach((s, i) => {
          if (s.id !== undefined) {
            if (!byId.has(s.id)) problems.push({ path: `stages.${i}.id`, message: `there is no stage ${s.id}` });
            else if (ids.has(s.id)) problems.push({ path: `stages.${i}.id`, message: `stage ${s.id} is listed twice` });
            ids.add(s.id);
          }
          if (s.defaultUserId !== null && !this.sql('SELECT 1 FROM users WHERE id = ? AND disabled = 0').get(s.defaultUserId)) {
            problems.push({ path: `stages.${i}.defaultUserId`, message: `there is no active user ${s.defaultUserId}` });
          }
        });
        problems.push(...stageListProblems(list.map((s) => ({ name: s.name, key: s.id !== undefined ? byId.get(s.id)?.key : null, phase: s.phase }))));
        if (problems.length) throw new ValidationError(problems);
        const removed = before.filter((s) => !ids.has(s.id));
        const used = removed.filter((s) => s.orders > 0);
        if (used.length) {
          throw new ConflictError(`a stage with orders cannot be removed: move its orders first (${used.map((s) => s.name || s.key).join(', ')})`, 'stage_in_use');
        }
        const now = this.clock().toISOString();
        for (const s of removed) this.sql('DELETE FROM workflow_stages WHERE id = ?').run(s.id);
        // Out of the way first: positions are UNIQUE.
        this.sql('UPDATE workflow_stages SET position = -position').run();
        list.forEach((s, i) => {
          const args = [i + 1, s.name, s.post, s.defaultUserId, s.lifecycle, s.phase, s.dueDays, now, actor.id];
          if (s.id !== undefined) {
            this.sql('UPDATE workflow_stages SET position = ?, name = ?, post = ?, default_user_id = ?, lifecycle = ?, phase = ?, due_days = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(
              ...args,
              s.id,
            );
          } else {
            this.sql('INSERT INTO workflow_stages (position, name, post, default_user_id, lifecycle, phase, due_days, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(...args);
          }
        });
        const after = this.stageRows();
        this.audit.record(actor, {
          action: 'update',
          entity: 'workflow',
          summary: `workflow stages changed: ${after.map((s) => s.name || s.key).join(' → ')}`,
          detail: { before: before.map(toStage), after: after.map(toStage) },
        });
        return after;
      })
      .immediate();
    this.events.publish('workflow.changed', { stages: true });
    return after.map(toStage);
  }

  /** Every open order by stage, filtered by the stage's post and the order's person. */
  board(filter: { post?: Post; person?: number }): WorkflowBoard {
    const stages = this.stageRows();
    const now = this.clock();
    const timeZone = this.timeZone();
    const rows = this.sql(
      `SELECT o.id, o.order_no, o.title, o.customer_id, c.customer_no, c.name AS customer_name, o.stage_id, o.stage_since, o.stage_due_at,
          o.assignee_id, u.display_name AS assignee_name
       FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN users u ON u.id = o.assignee_id
       WHERE o.state NOT IN ('cancelled', 'delivered') AND o.stage_id IS NOT NULL`,
    ).all() as CardRow[];
    const byStage = new Map<number, WorkflowCard[]>();
    for (const r of rows) {
      if (filter.person !== undefined && r.assignee_id !== filter.person) continue;
      const card: WorkflowCard = {
        orderId: r.id,
        orderNo: r.order_no,
        title: r.title,
        customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
        stageId: r.stage_id,
        since: r.stage_since,
        dueAt: r.stage_due_at,
        dueStatus: dueStatusAt(r.stage_due_at, now, timeZone),
        assignee: userRef(r.assignee_id, r.assignee_name),
      };
      const list = byStage.get(r.stage_id) ?? [];
      list.push(card);
      byStage.set(r.stage_id, list);
    }
    const columns: WorkflowColumn[] = stages
      .filter((s) => filter.post === undefined || s.post === filter.post)
      .map((s) => {
        const cards = (byStage.get(s.id) ?? []).sort(compareCards);
        return { stage: toStage(s), count: cards.length, overdue: cards.filter((c) => c.dueStatus === 'overdue').length, items: cards.slice(0, COLUMN_LIMIT) };
      });
    const people = (this.sql('SELECT id, display_name AS name FROM users WHERE disabled = 0 ORDER BY display_name, id').all() as UserRef[]).map((u) => ({ id: u.id, name: u.name }));
    return { timeZone, columns, people };
  }

  /**
   * Moves an order to a stage: one action, audited; the order's state follows the stage's
   * phase, the customer the stage's lifecycle stage. Refused moves are 409 bad_stage_move.
   */
  move(actor: UserRef, orderId: number, raw: unknown): WorkflowCard {
    const input = checked(moveSchema, raw);
    const { order, lifecycle } = this.db
      .transaction(() => {
        const order = this.orderRow(orderId);
        const stages = this.stageRows();
        const rules = stages.map(toRule);
        const reason = whyNotMove(rules, order.stage_id, input.stageId, order.state);
        if (reason) throw new ConflictError(`order ${order.order_no} cannot move: ${reason}`, 'bad_stage_move');
        const to = stages.find((s) => s.id === input.stageId)!;
        const from = stages.find((s) => s.id === order.stage_id) ?? null;
        if (input.assigneeId != null && !this.sql('SELECT 1 FROM users WHERE id = ? AND disabled = 0').get(input.assigneeId)) {
          throw new ValidationError([{ path: 'assigneeId', message: `there is no active user ${input.assigneeId}` }]);
        }
        const now = this.clock();
        const iso = now.toISOString();
        const dueAt = input.dueAt === undefined ? defaultDueAt(toRule(to), { now, timeZone: this.timeZone(), serviceAt: order.service_at }) : input.dueAt === null ? null : new Date(input.dueAt).toISOString();
        const assigneeId = input.assigneeId === undefined ? to.default_user_id : input.assigneeId;
        const stateChanged = to.phase !== order.state;
        this.sql(
          `UPDATE orders SET stage_id = ?, stage_since = ?, stage_due_at = ?, assignee_id = ?, updated_at = ?, updated_by = ?,
             state = ?, state_changed_at = CASE WHEN state = ? THEN state_changed_at ELSE ? END WHERE id = ?`,
        ).run(to.id, iso, dueAt, assigneeId, iso, actor.id, to.phase, to.phase, iso, orderId);
        this.recordMove(orderId, order.stage_id, to.id, order.stage_since, iso);
        this.audit.record(actor, {
          action: 'stage',
          entity: 'order',
          entityId: orderId,
          summary: `order ${order.order_no}: ${from ? from.name || from.key : 'no stage'} → ${to.name || to.key}${stateChanged ? ` (${order.state} → ${to.phase})` : ''}`,
          detail: {
            from: { stageId: order.stage_id, state: order.state, dueAt: order.stage_due_at, assigneeId: order.assignee_id, since: order.stage_since },
            to: { stageId: to.id, state: to.phase, dueAt, assigneeId, since: iso },
          },
        });
        return { order, lifecycle: lifecycleAfterMove(rules, order.stage_id, to.id) };
      })
      .immediate();
    this.events.publish('workflow.changed', { orderId });
    this.events.publish('order.changed', { id: orderId, customerId: order.customer_id });
    if (lifecycle) this.followLifecycle(actor, order.customer_id, lifecycle, order.service_at);
    return this.card(orderId);
  }

  /** Inside the order service's transaction: a new order enters the first stage. */
  orderCreated(orderId: number, nowIso: string): void {
    const first = firstStage(this.stageRows().map(toRule));
    if (!first) return;
    const o = this.orderRow(orderId);
    const dueAt = defaultDueAt(first, { now: new Date(nowIso), timeZone: this.timeZone(), serviceAt: o.service_at });
    this.sql('UPDATE orders SET stage_id = ?, stage_since = ?, stage_due_at = ?, assignee_id = ? WHERE id = ?').run(first.id, nowIso, dueAt, first.defaultUserId, orderId);
  }

  /**
   * Inside the order service's transaction: the order's state was changed on the order page; its
   * stage follows, audited as a stage move like the board's (the orders report reads how long
   * the order spent in the stage it left from these lines).
   */
  orderStateChanged(orderId: number, from: OrderState, to: OrderState, nowIso: string, actor: UserRef): void {
    const o = this.orderRow(orderId);
    const stages = this.stageRows();
    const stage = stageForState(stages.map(toRule), o.stage_id, from, to);
    if (!stage || stage.id === o.stage_id) return;
    const dueAt = defaultDueAt(stage, { now: new Date(nowIso), timeZone: this.timeZone(), serviceAt: o.service_at });
    this.sql('UPDATE orders SET stage_id = ?, stage_since = ?, stage_due_at = ?, assignee_id = ? WHERE id = ?').run(stage.id, nowIso, dueAt, stage.defaultUserId, orderId);
    this.recordMove(orderId, o.stage_id, stage.id, o.stage_since, nowIso);
    const name = (id: number | null) => {
      const s = stages.find((x) => x.id === id);
      return s ? s.name || s.key : 'no stage';
    };
    this.audit.record(actor, {
      action: 'stage',
      entity: 'order',
      entityId: orderId,
      summary: `order ${o.order_no}: ${name(o.stage_id)} → ${name(stage.id)} (state ${from} → ${to} on the order)`,
      detail: {
        from: { stageId: o.stage_id, state: from, dueAt: o.stage_due_at, assigneeId: o.assignee_id, since: o.stage_since },
        to: { stageId: stage.id, state: to, dueAt, assigneeId: stage.defaultUserId, since: nowIso },
      },
    });
  }

  /** The move's row in order_stage_moves (migration 037: the orders report's stage durations), in the move's transaction. */
  private recordMove(orderId: number, fromStageId: number | null, toStageId: number, since: string | null, at: string): void {
    const seconds = fromStageId !== null && since !== null ? Math.max(0, Math.round((Date.parse(at) - Date.parse(since)) / 1000)) : null;
    this.sql('INSERT INTO order_stage_moves (order_id, from_stage_id, to_stage_id, since, at, seconds) VALUES (?, ?, ?, ?, ?, ?)').run(orderId, fromStageId, toStageId, since, at, seconds);
  }

  private card(orderId: number): WorkflowCard {
    const o = this.orderRow(orderId);
    const r = this.sql(
      `SELECT o.id, o.order_no, o.title, o.customer_id, c.customer_no, c.name AS customer_name, o.stage_id, o.stage_since, o.stage_due_at,
          o.assignee_id, u.display_name AS assignee_name
       FROM orders o JOIN customers c ON c.id = o.customer_id LEFT JOIN users u ON u.id = o.assignee_id WHERE o.id = ?`,
    ).get(o.id) as CardRow;
    return {
      orderId: r.id,
      orderNo: r.order_no,
      title: r.title,
      customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
      stageId: r.stage_id,
      since: r.stage_since,
      dueAt: r.stage_due_at,
      dueStatus: dueStatusAt(r.stage_due_at, this.clock(), this.timeZone()),
      assignee: userRef(r.assignee_id, r.assignee_name),
    };
  }

  private orderRow(id: number): OrderStageRow {
    const o = this.sql('SELECT id, order_no, customer_id, state, service_at, stage_id, stage_since, stage_due_at, assignee_id FROM orders WHERE id = ?').get(id) as
      | OrderStageRow
      | undefined;
    if (!o) throw new NotFoundError(`order ${id}`);
    return o;
  }

  private stageRows(): StageRow[] {
    return this.sql(
      `SELECT s.id, s.position, s.key, s.name, s.post, s.default_user_id, u.display_name AS default_user_name, s.lifecycle, s.phase, s.due_days,
          (SELECT COUNT(*) FROM orders o WHERE o.stage_id = s.id) AS orders
       FROM workflow_stages s LEFT JOIN users u ON u.id = s.default_user_id ORDER BY s.position`,
    ).all() as StageRow[];
  }
}

function toRule(s: StageRow): StageRule {
  return { id: s.id, post: s.post, phase: s.phase, lifecycle: s.lifecycle, dueDays: s.due_days, defaultUserId: s.default_user_id };
}

function toStage(s: StageRow): WorkflowStage {
  return {
    id: s.id,
    key: s.key,
    name: s.name,
    post: s.post,
    defaultUser: userRef(s.default_user_id, s.default_user_name),
    lifecycle: s.lifecycle,
    phase: s.phase,
    dueDays: s.due_days,
    orders: s.orders,
  };
}

function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
}
