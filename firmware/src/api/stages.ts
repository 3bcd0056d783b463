// The stage board (MISSION C2, seed 000 items 2–7): the contract between daemon and UI.
import type { BusinessType, Phone, Stage } from './customers.js';
import type { OrderState } from './orders.js';

/** What a stage's "added" and "due" times stand for (seed 000): shown as column headings. */
export const STAGE_TIMES = {
  lead: { added: 'first_contact', due: 'follow_up' },
  ordered: { added: 'order_time', due: 'shoot_time' },
  shot: { added: 'shoot_time', due: 'selection_time' },
  selected: { added: 'selection_time', due: 'pickup_time' },
  history: { added: 'pickup_time', due: 'wedding_date' },
} as const satisfies Record<Stage, { added: string; due: string }>;
export type StageTimeMeaning = (typeof STAGE_TIMES)[Stage]['added' | 'due'];

/**
 * Which order states move the customer to which stage. States not listed (in production,
 * ready, cancelled) leave the stage where it is. Shown read-only in settings.
 */
export const ORDER_STATE_STAGE = {
  booked: 'ordered',
  shot: 'shot',
  selected: 'selected',
  delivered: 'history',
} as const satisfies Partial<Record<OrderState, Stage>>;

/** Overdue: the due time has passed. Today: due later today (studio's time zone). */
export const DUE_STATUSES = ['overdue', 'today', 'later', 'none'] as const;
export type DueStatus = (typeof DUE_STATUSES)[number];

export interface StageCard {
  id: number;
  customerNo: string;
  name: string;
  phones: Phone[];
  businessType: BusinessType | null;
  tags: string[];
  /** Staff on the customer's open orders, for the staff filter. */
  staff: string[];
  /** UTC ISO */
  stageAddedAt: string;
  stageDueAt: string | null;
  dueStatus: DueStatus;
}

export interface StageColumn {
  stage: Stage;
  /** How many customers (after the filters) are in the stage; `items` may hold fewer. */
  count: number;
  overdue: number;
  dueToday: number;
  /** Sorted by due time (none last), then added time. */
  items: StageCard[];
}

export interface StageBoard {
  /** The studio's IANA time zone the flags were computed in. */
  timeZone: string;
  columns: StageColumn[];
}

/** GET /api/stages query. */
export interface StageBoardQuery {
  staff?: string;
  tag?: string;
  businessType?: BusinessType;
  /** Most cards per column (default 200). */
  limit?: number;
}

/** POST /api/customers/:id/stage/move body: added = now; due defaults per stage-machine.ts. */
export interface StageMoveInput {
  direction: 'next' | 'back';
  /** UTC ISO with offset; omitted = the default for the new stage; null = no due time. */
  dueAt?: string | null;
}

/** PATCH /api/customers/:id/stage body: correct the times of the current stage. */
export interface StageTimesPatch {
  addedAt?: string;
  dueAt?: string | null;
}

/** GET /api/customers/:id/stage/default-due?direction=… — what the move dialog proposes. */
export interface StageMovePreview {
  from: Stage;
  to: Stage | null;
  /** Null when there is no sensible default (history without a wedding date). */
  defaultDueAt: string | null;
}
