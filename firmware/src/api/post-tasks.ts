// Post-production tasks (O4, issue 19 item 5): the contract between daemon and UI. See docs/workflow.md.
import type { UserRef } from './core.js';
import type { CustomerRef } from './calls.js';
import type { EditKind } from './ingest.js';
import type { WorkflowDueStatus } from './workflow.js';

export const POST_TASK_STATES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export type PostTaskState = (typeof POST_TASK_STATES)[number];

export interface PostTask {
  id: number;
  orderId: number;
  orderNo: string;
  orderTitle: string;
  customer: CustomerRef;
  /** The folder the finished files go into: first-edits, refined or design. */
  kind: EditKind;
  assignee: UserRef | null;
  state: PostTaskState;
  /** UTC ISO or null. */
  dueAt: string | null;
  /** Of an open or in-progress task in the studio's zone; 'none' once done or cancelled. */
  dueStatus: WorkflowDueStatus;
  note: string;
  createdAt: string;
  updatedAt: string;
  doneAt: string | null;
  /** Who marked it done; null when edited files closed it (doneJobId) or it is not done. */
  doneBy: UserRef | null;
  /** The ingest job (card or upload) whose edited files closed the task. */
  doneJobId: number | null;
}

/** GET /api/post-tasks?assignee=me|<id>&state=active|done|all&orderId=. */
export interface PostTaskList {
  timeZone: string;
  items: PostTask[];
  /** Active users, for the assignee fields. */
  people: UserRef[];
}

/** POST /api/post-tasks. */
export interface PostTaskInput {
  orderId: number;
  kind: EditKind;
  assigneeId?: number | null;
  /** UTC ISO with offset; omitted = the order's stage due time. */
  dueAt?: string | null;
  note?: string;
}

/** PATCH /api/post-tasks/:id: any of these. Without workflow:edit only `state` of one's own task. */
export interface PostTaskPatch {
  state?: PostTaskState;
  assigneeId?: number | null;
  dueAt?: string | null;
  note?: string;
}
