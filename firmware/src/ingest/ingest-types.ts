// What the ingest engine tells the rest of the box (service API, events, CLI).
import type { IngestCounts, IngestJobState, IngestProgressInfo } from '../api-types.js';
import type { Subfolder } from './copy/library-layout.js';
import type { ReadBackMethod } from './copy/read-back.js';

// The job states are the contract's: the screens show the engine's own.
export { INGEST_JOB_STATES, type IngestJobState } from '../api-types.js';

export type IngestFileState = 'pending' | 'copied' | 'verified' | 'mismatch' | 'missing';

/**
 * Machine codes of a job's error. interrupted: card_removed, stopped (daemon shut down),
 * crashed (found running at start-up). failed: disk_full, disk_error, verify_failed,
 * source_error (some files unreadable while the card stayed in), internal (a bug or the
 * database failing; the log has the details).
 */
export type IngestErrorCode = 'card_removed' | 'stopped' | 'crashed' | 'disk_full' | 'disk_error' | 'verify_failed' | 'not_verified' | 'source_error' | 'internal';

export interface IngestJob extends IngestCounts {
  id: number;
  customerId: number;
  orderLabel: string | null;
  /** "<customer no> <name>/<order folder>", the same under both disk roots. */
  folder: string;
  subfolder: Subfolder;
  sourceRoot: string;
  /** The disk roots this job wrote to (absolute). */
  libraryRoot: string;
  backupRoot: string;
  cardId: string | null;
  cardLabel: string | null;
  state: IngestJobState;
  errorCode: IngestErrorCode | null;
  error: string | null;
  createdAt: string;
  createdBy: number | null;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
}

export interface IngestedFile {
  id: number;
  jobId: number;
  customerId: number;
  subfolder: Subfolder;
  /** The file name on the disks (the card's name, with " (2)" etc. on a clash). */
  name: string;
  size: number;
  /** XXH3-128, hex. */
  hash: string;
  /** Relative to each disk's root. */
  libraryPath: string;
  backupPath: string;
  state: IngestFileState;
  verifyMethod: ReadBackMethod | null;
  verifiedAt: string | null;
  error: string | null;
  createdAt: string;
}

export interface IngestProblem {
  id: number;
  jobId: number;
  sourcePath: string | null;
  fileId: number | null;
  code: string;
  message: string;
  at: string;
}

/** The engine's progress is the contract's (firmware/src/api/ingest.ts), field for field. */
export type IngestProgress = IngestProgressInfo;

export interface StartJobInput {
  /** The card's root (its mount point) or any folder. */
  sourceRoot: string;
  customerId: number;
  orderLabel?: string | null;
  cardId?: string | null;
  cardLabel?: string | null;
  /** Default originals; edits go back into first-edits, refined or design. */
  subfolder?: Subfolder;
  userId?: number | null;
}
