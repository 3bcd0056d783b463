// How a copy job is shown: the screens' view of a job (IngestJobInfo) and the words when it
// ends ("N new files copied to library and backup, verified; … safe to remove").
import type { CustomerRef, IngestJobInfo, IngestProgressInfo } from '../api-types.js';
import type { IngestJob, IngestProblem } from './ingest-types.js';

/** The job as the screens see it; the desk adds what only it knows (kind, customer, progress). */
export function toJobInfo(
  job: IngestJob,
  x: { kind: IngestJobInfo['kind']; customer: CustomerRef | null; backupPending: boolean; progress: IngestProgressInfo | null; problems: IngestProblem[] },
): IngestJobInfo {
  return {
    id: job.id,
    kind: x.kind,
    customerId: job.customerId,
    customer: x.customer,
    orderLabel: job.orderLabel,
    folder: job.folder,
    subfolder: job.subfolder,
    cardId: job.cardId,
    cardLabel: job.cardLabel,
    state: job.state,
    filesTotal: job.filesTotal,
    bytesTotal: job.bytesTotal,
    filesCopied: job.filesCopied,
    bytesCopied: job.bytesCopied,
    filesSkipped: job.filesSkipped,
    bytesSkipped: job.bytesSkipped,
    filesVerified: job.filesVerified,
    filesFailed: job.filesFailed,
    errorCode: job.errorCode,
    error: job.error,
    backupPending: x.backupPending,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    startedAt: job.startedAt,
    finishedAt: job.finishedAt,
    progress: x.progress,
    problems: x.problems.slice(0, 50).map((p) => ({ id: p.id, sourcePath: p.sourcePath, code: p.code, message: p.message, at: p.at })),
  };
}

/** "N new files copied to library and backup, verified; M were already there; safe to remove". */
export function endMessage(job: IngestJob, eject: { safe: boolean; error: string | null } | null, backupPending: boolean): string {
  if (job.state !== 'done') return job.error ?? `The copy ended ${job.state}.`;
  const where = backupPending ? 'copied to the library (the backup copy waits on the library disk until the backup disk is back)' : 'copied to library and backup';
  let s = `${job.filesCopied} new files ${where}, verified; ${job.filesSkipped} were already there`;
  if (eject) s += eject.safe ? '; safe to remove' : `; the card could not be unmounted (${eject.error ?? 'unknown'}): wait before removing it`;
  return s;
}
