// The configurable order workflow (O2): the contract between daemon and UI. See docs/workflow.md.
import type { UserRef } from './core.js';
import type { CustomerRef } from './calls.js';
import type { Stage } from './customers.js';
import type { OrderState } from './orders.js';

/** The posts (jobs) in a studio that do a stage's work. */
export const POSTS = ['front_desk', 'photographer', 'makeup', 'retoucher', 'designer'] as const;
export type Post = (typeof POSTS)[number];

/**
 * The phase of the fixed order states (ORDER_STATES) a workflow stage counts as: the till,
 * the caller's card and the reminders still read the order's state, which follows its stage.
 */
export const PHASES = ['booked', 'shot', 'selected', 'in_production', 'ready', 'delivered'] as const satisfies readonly OrderState[];
export type Phase = (typeof PHASES)[number];

/** The customer lifecycle stages an order stage may put its customer in (a lead has no order). */
export const ORDER_LIFECYCLES = ['ordered', 'shot', 'selected', 'history'] as const satisfies readonly Stage[];
export type OrderLifecycle = (typeof ORDER_LIFECYCLES)[number];

/** The stages a box starts with; their names are translated in the UI until an admin renames one. */
export const DEFAULT_STAGE_KEYS = ['booked', 'shot', 'selected', 'sample_viewed', 'retouching', 'ready', 'picked_up'] as const;

export interface WorkflowStage {
  id: number;
  /** One of DEFAULT_STAGE_KEYS for a stage the box came with, else null. */
  key: string | null;
  /** The admin's name; '' = the translated default name of `key`. */
  name: string;
  post: Post;
  /** Who an order entering the stage is given to, or null. */
  defaultUser: UserRef | null;
  /** The customer's lifecycle stage an order entering this stage puts them in; null leaves it. */
  lifecycle: OrderLifecycle | null;
  phase: Phase;
  /** Days from entering the stage to its default due date (18:00 studio time); null = no due date. */
  dueDays: number | null;
  /** How many orders (any state) are in the stage: such a stage cannot be removed. */
  orders: number;
}

/** One stage in PUT /api/workflow/stages: `id` for an existing stage, none for a new one. */
export interface WorkflowStageInput {
  id?: number;
  name: string;
  post: Post;
  defaultUserId: number | null;
  lifecycle: OrderLifecycle | null;
  phase: Phase;
  dueDays: number | null;
}

/** PUT /api/workflow/stages: the whole list, in order. */
export interface WorkflowStagesInput {
  stages: WorkflowStageInput[];
}

export type WorkflowDueStatus = 'overdue' | 'today' | 'later' | 'none';

export interface WorkflowCard {
  orderId: number;
  orderNo: string;
  title: string;
  customer: CustomerRef;
  stageId: number;
  /** When the order entered its stage, UTC ISO. */
  since: string;
  /** UTC ISO or null. */
  dueAt: string | null;
  dueStatus: WorkflowDueStatus;
  assignee: UserRef | null;
}

export interface WorkflowColumn {
  stage: WorkflowStage;
  /** Open orders in the stage after the filters; `items` may hold fewer (the first 200). */
  count: number;
  overdue: number;
  items: WorkflowCard[];
}

/** GET /api/workflow/board?post=&person=: every open order (not cancelled, not picked up) by stage. */
export interface WorkflowBoard {
  timeZone: string;
  columns: WorkflowColumn[];
  /** Everyone who may be given an order (active users), for the person filter and the move form. */
  people: UserRef[];
}

/** POST /api/workflow/orders/:id/move. dueAt omitted = the stage's default; assigneeId omitted = the stage's default person. */
export interface WorkflowMoveInput {
  stageId: number;
  dueAt?: string | null;
  assigneeId?: number | null;
}

/** POST /api/lookup (public, no login): a customer asks after their order. Nothing in the URL. */
export interface OrderLookupInput {
  orderNo: string;
  /** The last 4 digits of a phone number of the order's customer. */
  phoneLast4: string;
}

/** Only the order's stage and its next date: no name, no money, no phone. */
export interface OrderLookupAnswer {
  /** 'open' on its way, 'done' picked up, 'cancelled'. */
  status: 'open' | 'done' | 'cancelled';
  /** The stage the box came with (translated by the UI), else null with `stageName`. */
  stageKey: string | null;
  stageName: string;
  /** The stage's due time, UTC ISO, or null. */
  nextAt: string | null;
}
