// The customer stage machine (MISSION C2), pure: no I/O, the clock and time zone come in as
// arguments. A customer is in exactly one of five stages; staff move them one step forward or
// back (seed 000 item 7), and order state changes move them where the two correspond
// (ORDER_STATE_STAGE). Each move starts the stage now ("added") and proposes a due time.
import { ORDER_STATE_STAGE, STAGES, type DueStatus, type OrderState, type Stage } from '../api-types.js';
import { addDays, anniversaryIn, atLocalTime, compareDates, localDate, parseIsoDate, sameDate, type LocalDate } from '../util/local-time.js';

export type Direction = 'next' | 'back';

/**
 * What an order did: was made, changed its fixed state, or entered a workflow stage that names
 * a lifecycle stage (O2, workflow/workflow-machine.ts).
 */
export type OrderEvent = { kind: 'created' } | { kind: 'state'; to: OrderState } | { kind: 'lifecycle'; to: Stage };

/** The stage after `s`, or null for history (the last). */
export function nextStage(s: Stage): Stage | null {
  return STAGES[STAGES.indexOf(s) + 1] ?? null;
}

/** The stage before `s`, or null for lead (the first). */
export function previousStage(s: Stage): Stage | null {
  const i = STAGES.indexOf(s);
  return i > 0 ? STAGES[i - 1]! : null;
}

export function stageAfterMove(s: Stage, direction: Direction): Stage | null {
  return direction === 'next' ? nextStage(s) : previousStage(s);
}

/**
 * Days from entering a stage to its usual due date, at DEFAULT_DUE_HOUR local. A lead is called
 * back within a few days; a shoot is usually booked a week or so out; selection about a week
 * after the shoot; pickup about a month after selection (retouching, album printing).
 */
export const DEFAULT_DUE_DAYS = { lead: 3, ordered: 7, shot: 7, selected: 30 } as const satisfies Partial<Record<Stage, number>>;
/** The hour a default due time falls on: the studio is open and staff are at the desk. */
export const DEFAULT_DUE_HOUR = 10;

export interface DueContext {
  now: Date;
  /** The studio's IANA time zone. */
  timeZone: string;
  /** The customer's wedding date, YYYY-MM-DD (history is due at it or its next anniversary). */
  weddingDate: string | null;
  /** The shoot time of the order that caused the move, UTC ISO, when one is known. */
  shootAt?: string | null;
}

/**
 * The due time the move dialog proposes for entering `stage` now. History is due on the
 * wedding day when it is still ahead, else on the next anniversary (a Feb 29 wedding is
 * remembered on Feb 28 in other years); with no wedding date, history has no due time.
 */
export function defaultDue(stage: Stage, ctx: DueContext): string | null {
  if (stage === 'ordered' && ctx.shootAt) return new Date(ctx.shootAt).toISOString();
  const today = localDate(ctx.now, ctx.timeZone);
  if (stage === 'history') {
    const wedding = ctx.weddingDate ? parseIsoDate(ctx.weddingDate) : null;
    if (!wedding) return null;
    const day = nextOccurrence(wedding, today);
    return atLocalTime(day, DEFAULT_DUE_HOUR, 0, ctx.timeZone).toISOString();
  }
  return atLocalTime(addDays(today, DEFAULT_DUE_DAYS[stage]), DEFAULT_DUE_HOUR, 0, ctx.timeZone).toISOString();
}

/** `date` itself when it is today or later, else its anniversary this year or next. */
export function nextOccurrence(date: LocalDate, today: LocalDate): LocalDate {
  if (compareDates(date, today) >= 0) return date;
  for (const year of [today.year, today.year + 1]) {
    const day = anniversaryIn(date, year);
    if (compareDates(day, today) >= 0) return day;
  }
  /* c8 ignore next -- next year's anniversary is always after today */
  return anniversaryIn(date, today.year + 1);
}

export interface StagePosition {
  stage: Stage;
  /** UTC ISO */
  addedAt: string;
  dueAt: string | null;
}

export type MoveResult = { ok: true; position: StagePosition } | { ok: false; error: string };

/**
 * A staff move one step forward or back: added = now; the due time is the one given (null =
 * none) or, when undefined, the default for the new stage.
 */
export function planMove(from: Stage, direction: Direction, dueAt: string | null | undefined, ctx: DueContext): MoveResult {
  const to = stageAfterMove(from, direction);
  if (!to) {
    return { ok: false, error: direction === 'next' ? `${from} is the last stage; there is no next one` : `${from} is the first stage; there is no earlier one` };
  }
  const due = dueAt === undefined ? defaultDue(to, ctx) : dueAt === null ? null : new Date(dueAt).toISOString();
  return { ok: true, position: { stage: to, addedAt: ctx.now.toISOString(), dueAt: due } };
}

/** The stage an order in `state` stands for, or null when the state moves no one. */
export function stageForOrderState(state: OrderState): Stage | null {
  return (ORDER_STATE_STAGE as Partial<Record<OrderState, Stage>>)[state] ?? null;
}

/**
 * Where an order event puts the customer, or null to leave them. A new order makes a lead or a
 * returning (history) customer "ordered"; a customer already between order and pickup stays
 * (their other order is still under way). A state change puts the customer in the stage it
 * stands for — including back, when staff undo a step on the order.
 */
export function stageForOrderEvent(current: Stage, event: OrderEvent): Stage | null {
  if (event.kind === 'created') return current === 'lead' || current === 'history' ? 'ordered' : null;
  const target = event.kind === 'lifecycle' ? event.to : stageForOrderState(event.to);
  return target && target !== current ? target : null;
}

/**
 * Overdue once the due time has passed; "today" when it falls later on the studio's current
 * day; "later" beyond; "none" without a due time.
 */
export function dueStatus(dueAt: string | null, now: Date, timeZone: string): DueStatus {
  if (!dueAt) return 'none';
  const due = new Date(dueAt);
  if (due.getTime() <= now.getTime()) return 'overdue';
  return sameDate(localDate(due, timeZone), localDate(now, timeZone)) ? 'today' : 'later';
}

/** Board order: due time ascending with no due time last, then added time, then id. */
export function compareCards(a: { id: number; stageAddedAt: string; stageDueAt: string | null }, b: typeof a): number {
  if (a.stageDueAt !== b.stageDueAt) {
    if (a.stageDueAt === null) return 1;
    if (b.stageDueAt === null) return -1;
    const d = Date.parse(a.stageDueAt) - Date.parse(b.stageDueAt);
    if (d !== 0) return d;
  }
  return Date.parse(a.stageAddedAt) - Date.parse(b.stageAddedAt) || a.id - b.id;
}
