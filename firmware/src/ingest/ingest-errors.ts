// Errors of the copy, classified by WHERE they happened rather than by errno: the same EIO
// means "card pulled" on the read side and "disk failing" on the write side.
import { AppError } from '../errors.js';

export type DiskRole = 'library' | 'backup';

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException | undefined)?.code;

/** Reading the card failed (pulled out, FUSE driver gone, bad sector). */
export class SourceError extends Error {
  readonly code: string | undefined;
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'SourceError';
    this.code = codeOf(cause);
  }
}

/** Writing, syncing or renaming on one of the two disks failed. */
export class DestinationError extends Error {
  readonly code: string | undefined;
  constructor(
    readonly role: DiskRole,
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'DestinationError';
    this.code = codeOf(cause);
  }

  /** ENOSPC, or EDQUOT (a quota is "full" too). */
  get isFull(): boolean {
    return this.code === 'ENOSPC' || this.code === 'EDQUOT';
  }
}

/** Another process (the daemon, or a `studio-box ingest` in a shell) is ingesting. */
export class IngestBusyError extends AppError {
  constructor(readonly holder: { pid: number; what: string; since: string }) {
    super(409, 'ingest_busy', `ingest is in use by ${holder.what} (pid ${holder.pid}, since ${holder.since}); stop it first`);
  }
}

/** startJob before start() completed, or after stop(). */
export class IngestNotReadyError extends AppError {
  constructor() {
    super(503, 'ingest_not_ready', 'ingest is not running (starting up, stopped, or another process holds it)');
  }
}
