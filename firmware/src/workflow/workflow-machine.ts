// The configurable order workflow (O2) as pure rules, no I/O: which stage lists an admin may
// save, which moves staff may make on the board, which stage an order in a given fixed state
// stands in, the default due time and the overdue flag in the studio's time zone.
import { PHASES, type OrderLifecycle, type OrderState, type Phase, type Post, type WorkflowDueStatus } from '../api-types.js';
import { addDays, atLocalTime, localDate, sameDate } from '../util/local-time.js';

/** What the machine needs of a stage. */
export interface StageRule {
  id: number;
  post: Post;
  phase: Phase;
  lifecycle: OrderLifecycle | null;
  dueDays: number | null;
  defaultUserId: number | null;
}

/** The local hour a default due time falls on: the end of the studio's working day. */
export const DUE_HOUR = 18;
export const MAX_STAGES = 30;

const phaseIndex = (p: Phase | OrderState): number => (PHASES as readonly string[]).indexOf(p);

/**
 * What is wrong with a stage list an admin wants to save, as field problems (empty = fine).
 * Every phase must have a stage (the order's fixed state always has somewhere to stand), the
 * phases must not go back along the list (moving forward on the board never moves the order's
 * state back), and names given must differ.
 */
export function stageListProblems(list: { name: string; key?: string | null; phase: Phase }[]): { path: string; message: string }[] {
  const problems: { path: string; message: string }[] = [];
  if (list.length === 0) return [{ path: 'stages', message: 'at least one stage is needed' }];
  if (list.length > MAX_STAGES) problems.push({ path: 'stages', message: `at most ${MAX_STAGES} stages` });
  const seen = new Map<string, number>();
  list.forEach((s, i) => {
    const name = s.name.trim().toLowerCase();
    if (!name && !s.key) problems.push({ path: `stages.${i}.name`, message: 'a new stage needs a name' });
    if (name) {
      const first = seen.get(name);
      if (first !== undefined) problems.push({ path: `stages.${i}.name`, message: `the same name as stage ${first + 1}` });
      else seen.set(name, i);
    }
    if (i > 0 && phaseIndex(s.phase) < phaseIndex(list[i - 1]!.phase)) {
      problems.push({ path: `stages.${i}.phase`, message: `"${s.phase}" comes before "${list[i - 1]!.phase}" of the stage above: phases must follow the order's progress` });
    }
  });
  const missing = PHASES.filter((p) => !list.some((s) => s.phase === p));
  if (missing.length) problems.push({ path: 'stages', message: `every phase needs a stage; none counts as ${missing.join(', ')}` });
  return problems;
}

/**
 * Why an order may not move from stage `fromId` to `toId` on the board, or null when it may.
 * Forward any number of stages (a walk-in is shot and selected at once), back one stage to
 * undo a wrong click; a cancelled order is reopened first. An order without a stage (cancelled
 * before the workflow existed) goes anywhere once reopened.
 */
export function whyNotMove(stages: readonly StageRule[], fromId: number | null, toId: number, state: OrderState): string | null {
  if (state === 'cancelled') return 'the order is cancelled; reopen it first';
  const to = stages.findIndex((s) => s.id === toId);
  if (to < 0) return `there is no stage ${toId}`;
  if (fromId === null) return null;
  const from = stages.findIndex((s) => s.id === fromId);
  if (from < 0) return null;
  if (from === to) return 'the order is already in this stage';
  if (to > from || to === from - 1) return null;
  return 'an order goes back only one stage at a time';
}

/**
 * The stage an order stands in after its fixed state changed to `state` (the order page's
 * buttons): its own stage when that counts as the state, else the first stage of the state
 * going forward, the last going back (undoing a step lands on the stage just before).
 * Null for a cancelled order (it keeps its stage) or a list without that phase.
 */
export function stageForState(stages: readonly StageRule[], currentId: number | null, from: OrderState, state: OrderState): StageRule | null {
  if (state === 'cancelled') return null;
  const current = stages.find((s) => s.id === currentId);
  if (current && current.phase === state) return current;
  const matching = stages.filter((s) => s.phase === state);
  if (!matching.length) return null;
  const back = from !== 'cancelled' && phaseIndex(state) < phaseIndex(from);
  return back ? matching[matching.length - 1]! : matching[0]!;
}

/** The stage a new order starts in: the first. */
export function firstStage(stages: readonly StageRule[]): StageRule | null {
  return stages[0] ?? null;
}

export interface DueInput {
  now: Date;
  timeZone: string;
  /** The order's shoot time, UTC ISO: a booked order is due at its shoot when that is ahead. */
  serviceAt: string | null;
}

/**
 * The default due time of an order entering `stage`: the shoot time for a booked-phase stage
 * when the shoot is still ahead; else `dueDays` studio days from today at 18:00 studio time;
 * none when the stage has no due days.
 */
export function defaultDueAt(stage: Pick<StageRule, 'phase' | 'dueDays'>, d: DueInput): string | null {
  if (stage.phase === 'booked' && d.serviceAt && Date.parse(d.serviceAt) > d.now.getTime()) return new Date(d.serviceAt).toISOString();
  if (stage.dueDays === null) return null;
  return atLocalTime(addDays(localDate(d.now, d.timeZone), stage.dueDays), DUE_HOUR, 0, d.timeZone).toISOString();
}

/** Overdue once the due time has passed; "today" when it falls later on the studio's current day. */
export function dueStatusAt(dueAt: string | null, now: Date, timeZone: string): WorkflowDueStatus {
  if (!dueAt) return 'none';
  const due = new Date(dueAt);
  if (due.getTime() <= now.getTime()) return 'overdue';
  return sameDate(localDate(due, timeZone), localDate(now, timeZone)) ? 'today' : 'later';
}

/**
 * The customer lifecycle stage an order in stage `id` stands for: the stage's own, else the
 * nearest earlier stage's (an order in "sample viewed" has been selected), else null.
 */
export function lifecycleOf(stages: readonly StageRule[], id: number | null): OrderLifecycle | null {
  const i = stages.findIndex((s) => s.id === id);
  for (let j = i; j >= 0; j--) if (stages[j]!.lifecycle) return stages[j]!.lifecycle;
  return null;
}

/**
 * Where a move from stage `fromId` to `toId` puts the customer, or null to leave them: only
 * when the lifecycle stage the order stands for changes (a move within "selected" leaves a
 * customer whom another order has moved on where they are). Skipping a stage still counts:
 * shot → sample viewed makes the customer "selected".
 */
export function lifecycleAfterMove(stages: readonly StageRule[], fromId: number | null, toId: number): OrderLifecycle | null {
  const to = lifecycleOf(stages, toId);
  return to !== null && to !== lifecycleOf(stages, fromId) ? to : null;
}

/** Board order: due time ascending with none last, then since, then order id. */
export function compareCards(a: { orderId: number; since: string; dueAt: string | null }, b: typeof a): number {
  if (a.dueAt !== b.dueAt) {
    if (a.dueAt === null) return 1;
    if (b.dueAt === null) return -1;
    const d = Date.parse(a.dueAt) - Date.parse(b.dueAt);
    if (d !== 0) return d;
  }
  return Date.parse(a.since) - Date.parse(b.since) || a.orderId - b.orderId;
}

/** Whether an order in this state is open (on the board). */
export const isOpen = (state: OrderState): boolean => state !== 'cancelled' && state !== 'delivered';
