// The scrub of both disks (issue 12 item 4): runs, findings, the "no good copy" alarm.
import type { UserRef } from './core.js';

export type ScrubTrigger = 'schedule' | 'admin' | 'cli';
export type ScrubRunState = 'requested' | 'running' | 'paused' | 'done' | 'failed' | 'cancelled';
/** admin: until an admin resumes; window: a scheduled run outside its night hours; disk: a disk went away. */
export type ScrubPauseReason = 'admin' | 'window' | 'disk';
export type ScrubFindingKind = 'mismatch' | 'missing' | 'unreadable' | 'both_bad';
export type ScrubOutcome = 'repaired' | 'repair_failed' | 'unrepairable';

export interface ScrubRun {
  id: number;
  trigger: ScrubTrigger;
  /** Only this customer's files; null: the whole library. */
  customerId: number | null;
  state: ScrubRunState;
  pauseReason: ScrubPauseReason | null;
  filesTotal: number;
  filesChecked: number;
  bytesChecked: number;
  filesRepaired: number;
  /** Files with a bad copy on at least one disk (repaired or not). */
  filesBad: number;
  /** Files with no good copy on either disk. */
  filesLost: number;
  error: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface ScrubFinding {
  id: number;
  runId: number;
  fileId: number | null;
  customer: { id: number; customerNo: string; name: string } | null;
  disk: 'library' | 'backup' | 'both';
  /** Relative to the disk's root. */
  path: string;
  kind: ScrubFindingKind;
  outcome: ScrubOutcome;
  detail: string;
  at: string;
  acknowledgedAt: string | null;
  acknowledgedBy: UserRef | null;
}

/** GET /api/scrub */
export interface ScrubStatus {
  /** The open run (requested, running or paused), if any. */
  current: ScrubRun | null;
  /** The last finished run. */
  last: ScrubRun | null;
  /** Files with no good copy left, not yet acknowledged by an admin: the alarm. */
  alarms: ScrubFinding[];
  /** Recent findings of any outcome, newest first. */
  recent: ScrubFinding[];
  /** When the schedule starts the next run (UTC ISO); null when the schedule is off. */
  nextScheduledAt: string | null;
  /** How a copy can be fetched when both disks' are bad; null: there is none yet (H4 mirror). */
  thirdCopy: string | null;
}

/** POST /api/scrub/runs */
export interface ScrubStartInput {
  customerId?: number | null;
}

/** The event `scrub.alarm` (to every screen): how many files have no good copy. */
export interface ScrubAlarmEvent {
  open: number;
}
