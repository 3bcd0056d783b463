// SQL of the ingest tables (migration 003). Each method that changes a file's state changes the
// job's counters in the same transaction, so the counters shown for an interrupted job are
// exactly what is on the disks.
import type { Db } from '../../db/connection.js';
import { statementCache } from '../../db/statements.js';
import { NotFoundError } from '../../errors.js';
import { isoNow, type Clock } from '../../util/clock.js';
import { HASH_ALGORITHM } from './content-hash.js';
import type { Subfolder } from './library-layout.js';
import type { ReadBackMethod } from './read-back.js';
import type { IngestedFile, IngestErrorCode, IngestFileState, IngestJob, IngestJobState, IngestProblem } from '../ingest-types.js';

interface JobRow {
  id: number;
  customer_id: number;
  order_label: string | null;
  folder: string;
  subfolder: Subfolder;
  source_root: string;
  library_root: string;
  backup_root: string;
  card_id: string | null;
  card_label: string | null;
  state: IngestJobState;
  files_total: number;
  bytes_total: number;
  files_copied: number;
  bytes_copied: number;
  files_skipped: number;
  bytes_skipped: number;
  files_verified: number;
  files_failed: number;
  error_code: IngestErrorCode | null;
  error: string | null;
  created_at: string;
  created_by: number | null;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface FileRow {
  id: number;
  job_id: number;
  customer_id: number;
  subfolder: Subfolder;
  size: number;
  hash: string;
  library_path: string;
  backup_path: string;
  library_tmp: string | null;
  backup_tmp: string | null;
  state: IngestFileState;
  prior_state: 'mismatch' | 'missing' | null;
  verify_method: ReadBackMethod | null;
  verified_at: string | null;
  error: string | null;
  created_at: string;
  /** The roots of the row's job: where library_path and backup_path are. */
  job_library_root: string;
  job_backup_root: string;
}

/** A card file's identity: the same card, path, size and time stamp is the same file. */
export interface SourceIdentity {
  cardId: string | null;
  relPath: string;
  size: number;
  mtimeMs: number;
}

export interface JobCounts {
  filesCopied?: number;
  bytesCopied?: number;
  filesSkipped?: number;
  bytesSkipped?: number;
  filesVerified?: number;
  filesFailed?: number;
}

/** Every file query goes through this: the row and its job's roots. */
const FILE_SELECT = 'SELECT f.*, j.library_root AS job_library_root, j.backup_root AS job_backup_root FROM ingest_files f JOIN ingest_jobs j ON j.id = f.job_id';

export interface Roots {
  library: string;
  backup: string;
}

export const ACTIVE_STATES: readonly IngestJobState[] = ['queued', 'copying', 'verifying'];

const toJob = (r: JobRow): IngestJob => ({
  id: r.id,
  customerId: r.customer_id,
  orderLabel: r.order_label,
  folder: r.folder,
  subfolder: r.subfolder,
  sourceRoot: r.source_root,
  libraryRoot: r.library_root,
  backupRoot: r.backup_root,
  cardId: r.card_id,
  cardLabel: r.card_label,
  state: r.state,
  filesTotal: r.files_total,
  bytesTotal: r.bytes_total,
  filesCopied: r.files_copied,
  bytesCopied: r.bytes_copied,
  filesSkipped: r.files_skipped,
  bytesSkipped: r.bytes_skipped,
  filesVerified: r.files_verified,
  filesFailed: r.files_failed,
  errorCode: r.error_code,
  error: r.error,
  createdAt: r.created_at,
  createdBy: r.created_by,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
});

export const toIngestedFile = (r: FileRow): IngestedFile => ({
  id: r.id,
  jobId: r.job_id,
  customerId: r.customer_id,
  subfolder: r.subfolder,
  name: r.library_path.slice(r.library_path.lastIndexOf('/') + 1),
  size: r.size,
  hash: r.hash,
  libraryPath: r.library_path,
  backupPath: r.backup_path,
  state: r.state,
  verifyMethod: r.verify_method,
  verifiedAt: r.verified_at,
  error: r.error,
  createdAt: r.created_at,
});

export class IngestStore {
  private readonly sql;

  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  private now(): string {
    return isoNow(this.clock);
  }

  customer(id: number): { id: number; customerNo: string; name: string } {
    const r = this.sql('SELECT id, customer_no, name FROM customers WHERE id = ?').get(id) as { id: number; customer_no: string; name: string } | undefined;
    if (!r) throw new NotFoundError(`customer ${id}`);
    return { id: r.id, customerNo: r.customer_no, name: r.name };
  }

  customerIdByNumber(customerNo: string): number | null {
    const r = this.sql('SELECT id FROM customers WHERE customer_no = ? COLLATE NOCASE').get(customerNo) as { id: number } | undefined;
    return r?.id ?? null;
  }

  /**
   * The customer's folder name as first made: kept when the customer is renamed later, so one
   * customer's photos stay in one folder. Null before their first ingest.
   */
  customerFolder(customerId: number): string | null {
    const r = this.sql('SELECT folder FROM ingest_jobs WHERE customer_id = ? ORDER BY id LIMIT 1').get(customerId) as { folder: string } | undefined;
    return r ? r.folder.slice(0, r.folder.indexOf('/')) : null;
  }

  createJob(j: {
    roots: Roots;
    customerId: number;
    orderLabel: string | null;
    folder: string;
    subfolder: Subfolder;
    sourceRoot: string;
    cardId: string | null;
    cardLabel: string | null;
    userId: number | null;
  }): IngestJob {
    const now = this.now();
    const { lastInsertRowid } = this.sql(
      `INSERT INTO ingest_jobs (customer_id, order_label, folder, subfolder, source_root, library_root, backup_root, card_id, card_label, state, created_at, created_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'queued', ?, ?, ?)`,
    ).run(j.customerId, j.orderLabel, j.folder, j.subfolder, j.sourceRoot, j.roots.library, j.roots.backup, j.cardId, j.cardLabel, now, j.userId, now);
    return this.job(Number(lastInsertRowid));
  }

  job(id: number): IngestJob {
    const r = this.sql('SELECT * FROM ingest_jobs WHERE id = ?').get(id) as JobRow | undefined;
    if (!r) throw new NotFoundError(`ingest job ${id}`);
    return toJob(r);
  }

  jobs(opts: { limit: number; customerId?: number | undefined }): IngestJob[] {
    const rows = (
      opts.customerId === undefined
        ? this.sql('SELECT * FROM ingest_jobs ORDER BY id DESC LIMIT ?').all(opts.limit)
        : this.sql('SELECT * FROM ingest_jobs WHERE customer_id = ? ORDER BY id DESC LIMIT ?').all(opts.customerId, opts.limit)
    ) as JobRow[];
    return rows.map(toJob);
  }

  /** Jobs that were running, of the engine writing to these roots. */
  activeJobs(roots: Roots): IngestJob[] {
    return (
      this.sql(`SELECT * FROM ingest_jobs WHERE state IN ('queued', 'copying', 'verifying') AND library_root = ? AND backup_root = ? ORDER BY id`).all(roots.library, roots.backup) as JobRow[]
    ).map(toJob);
  }

  setState(id: number, state: IngestJobState, extra: { errorCode?: IngestErrorCode | null; error?: string | null } = {}): void {
    const now = this.now();
    const final = state === 'done' || state === 'failed' || state === 'interrupted';
    this.sql(
      `UPDATE ingest_jobs SET state = ?, updated_at = ?,
         started_at = CASE WHEN ? = 'copying' THEN COALESCE(started_at, ?) ELSE started_at END,
         finished_at = CASE WHEN ? THEN ? ELSE NULL END,
         error_code = CASE WHEN ? THEN ? ELSE error_code END,
         error = CASE WHEN ? THEN ? ELSE error END
       WHERE id = ?`,
    ).run(state, now, state, now, final ? 1 : 0, now, 'errorCode' in extra ? 1 : 0, extra.errorCode ?? null, 'error' in extra ? 1 : 0, extra.error ?? null, id);
  }

  setTotals(id: number, filesTotal: number, bytesTotal: number): void {
    this.sql('UPDATE ingest_jobs SET files_total = ?, bytes_total = ?, updated_at = ? WHERE id = ?').run(filesTotal, bytesTotal, this.now(), id);
  }

  addCounts(jobId: number, c: JobCounts): void {
    this.sql(
      `UPDATE ingest_jobs SET files_copied = files_copied + ?, bytes_copied = bytes_copied + ?,
         files_skipped = files_skipped + ?, bytes_skipped = bytes_skipped + ?,
         files_verified = files_verified + ?, files_failed = files_failed + ?, updated_at = ?
       WHERE id = ?`,
    ).run(c.filesCopied ?? 0, c.bytesCopied ?? 0, c.filesSkipped ?? 0, c.bytesSkipped ?? 0, c.filesVerified ?? 0, c.filesFailed ?? 0, this.now(), jobId);
  }

  addProblem(jobId: number, p: { sourcePath?: string | null; fileId?: number | null; code: string; message: string }): void {
    this.sql('INSERT INTO ingest_problems (job_id, source_path, file_id, code, message, at) VALUES (?, ?, ?, ?, ?, ?)').run(
      jobId,
      p.sourcePath ?? null,
      p.fileId ?? null,
      p.code,
      p.message,
      this.now(),
    );
  }

  problems(jobId: number): IngestProblem[] {
    const rows = this.sql('SELECT * FROM ingest_problems WHERE job_id = ? ORDER BY id').all(jobId) as {
      id: number;
      job_id: number;
      source_path: string | null;
      file_id: number | null;
      code: string;
      message: string;
      at: string;
    }[];
    return rows.map((r) => ({ id: r.id, jobId: r.job_id, sourcePath: r.source_path, fileId: r.file_id, code: r.code, message: r.message, at: r.at }));
  }

  /** The stored file a card file was found to be, if it was seen before for this customer. */
  fileBySource(customerId: number, s: SourceIdentity): FileRow | undefined {
    return this.sql(
      `${FILE_SELECT} JOIN ingest_sources s ON s.file_id = f.id
       WHERE s.customer_id = ? AND s.card_id = ? AND s.source_path = ? AND s.source_size = ? AND s.source_mtime_ms = ?`,
    ).get(customerId, s.cardId ?? '', s.relPath, s.size, s.mtimeMs) as FileRow | undefined;
  }

  fileByContent(customerId: number, size: number, hash: string): FileRow | undefined {
    return this.sql(`${FILE_SELECT} WHERE f.customer_id = ? AND f.size = ? AND f.hash = ?`).get(customerId, size, hash) as FileRow | undefined;
  }

  file(id: number): FileRow | undefined {
    return this.sql(`${FILE_SELECT} WHERE f.id = ?`).get(id) as FileRow | undefined;
  }

  /** Whether a stored file already has this path on either disk (case-insensitive for ASCII, like the disks). */
  pathTaken(relPath: string): boolean {
    return !!this.sql('SELECT 1 FROM ingest_files WHERE library_path = ? COLLATE NOCASE OR backup_path = ? COLLATE NOCASE').get(relPath, relPath);
  }

  files(customerId: number): FileRow[] {
    return this.sql(`${FILE_SELECT} WHERE f.customer_id = ? ORDER BY f.library_path`).all(customerId) as FileRow[];
  }

  /** Stored on both disks (of these roots) but never read back. */
  unverifiedFiles(roots: Roots): FileRow[] {
    return this.sql(`${FILE_SELECT} WHERE f.state = 'copied' AND j.library_root = ? AND j.backup_root = ? ORDER BY f.id`).all(roots.library, roots.backup) as FileRow[];
  }

  /** Intents a crash left, of the engine writing to these roots. */
  pendingFiles(roots: Roots): FileRow[] {
    return this.sql(`${FILE_SELECT} WHERE f.state = 'pending' AND j.library_root = ? AND j.backup_root = ? ORDER BY f.id`).all(roots.library, roots.backup) as FileRow[];
  }

  private linkSource(customerId: number, s: SourceIdentity, fileId: number, jobId: number): void {
    this.sql(
      `INSERT INTO ingest_sources (customer_id, card_id, source_path, source_size, source_mtime_ms, file_id, job_id, seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT DO UPDATE SET file_id = excluded.file_id`,
    ).run(customerId, s.cardId ?? '', s.relPath, s.size, s.mtimeMs, fileId, jobId, this.now());
  }

  /**
   * Step 2 of file-commit.ts: the intent, committed before any rename. Returns the file id.
   * Throws SQLITE_CONSTRAINT_UNIQUE when the content or a path is already taken.
   */
  insertPending(p: {
    jobId: number;
    customerId: number;
    subfolder: Subfolder;
    size: number;
    hash: string;
    libraryPath: string;
    backupPath: string;
    libraryTmp: string;
    backupTmp: string;
    source: SourceIdentity;
  }): number {
    return this.db.transaction(() => {
      const now = this.now();
      const { lastInsertRowid } = this.sql(
        `INSERT INTO ingest_files (job_id, customer_id, subfolder, size, hash, hash_alg, library_path, backup_path, library_tmp, backup_tmp, state, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
      ).run(p.jobId, p.customerId, p.subfolder, p.size, p.hash, HASH_ALGORITHM, p.libraryPath, p.backupPath, p.libraryTmp, p.backupTmp, now, now);
      const id = Number(lastInsertRowid);
      this.linkSource(p.customerId, p.source, id, p.jobId);
      return id;
    })();
  }

  /**
   * A repair of a mismatch/missing file: the same row goes back to pending with new temporary
   * names, and belongs from now on to the job that stores the new copies.
   */
  markRepairPending(fileId: number, p: { jobId: number; libraryTmp: string; backupTmp: string }): void {
    this.sql(
      `UPDATE ingest_files SET prior_state = state, state = 'pending', job_id = ?, library_tmp = ?, backup_tmp = ?, updated_at = ?
       WHERE id = ? AND state IN ('mismatch', 'missing')`,
    ).run(p.jobId, p.libraryTmp, p.backupTmp, this.now(), fileId);
  }

  /** A repair that could not be finished: back to its earlier state. */
  revertRepair(fileId: number): void {
    this.sql(
      `UPDATE ingest_files SET state = COALESCE(prior_state, 'missing'), prior_state = NULL, library_tmp = NULL, backup_tmp = NULL, updated_at = ? WHERE id = ? AND state = 'pending'`,
    ).run(this.now(), fileId);
  }

  /** Step 6 of file-commit.ts: both final names are in place. Counts the file as copied by jobId. */
  markCopied(fileId: number, jobId: number): void {
    this.db.transaction(() => {
      const f = this.file(fileId)!;
      this.sql(`UPDATE ingest_files SET state = 'copied', library_tmp = NULL, backup_tmp = NULL, prior_state = NULL, updated_at = ? WHERE id = ?`).run(this.now(), fileId);
      this.addCounts(jobId, { filesCopied: 1, bytesCopied: f.size });
    })();
  }

  /**
   * Recovery found both copies with the right hash: the file is stored, and verified when the
   * reads were proof (read-back.ts isProof); otherwise 'copied' with `note` saying why not.
   */
  markRecovered(fileId: number, method: ReadBackMethod, note: string | null = null): void {
    const proof = note === null;
    this.db.transaction(() => {
      const f = this.file(fileId)!;
      const now = this.now();
      this.sql(
        `UPDATE ingest_files SET state = ?, library_tmp = NULL, backup_tmp = NULL, prior_state = NULL, verify_method = ?, verified_at = ?, error = ?, updated_at = ? WHERE id = ?`,
      ).run(proof ? 'verified' : 'copied', method, proof ? now : null, note, now, fileId);
      this.addCounts(f.job_id, { filesCopied: 1, bytesCopied: f.size, filesVerified: proof ? 1 : 0 });
    })();
  }

  /** A card file whose content is already stored: remember the identity, count it as skipped. */
  linkDuplicate(customerId: number, s: SourceIdentity, fileId: number, jobId: number): void {
    this.db.transaction(() => {
      this.linkSource(customerId, s, fileId, jobId);
      this.addCounts(jobId, { filesSkipped: 1, bytesSkipped: s.size });
    })();
  }

  /** Both copies read back right, but not provably from the disks: stays 'copied', with why. */
  markUnverified(fileId: number, method: ReadBackMethod, note: string): void {
    this.sql(`UPDATE ingest_files SET verify_method = ?, error = ?, updated_at = ? WHERE id = ? AND state = 'copied'`).run(method, note, this.now(), fileId);
  }

  markVerified(fileId: number, jobId: number, method: ReadBackMethod): void {
    this.db.transaction(() => {
      const now = this.now();
      this.sql(`UPDATE ingest_files SET state = 'verified', verify_method = ?, verified_at = ?, error = NULL, updated_at = ? WHERE id = ?`).run(method, now, now, fileId);
      this.addCounts(jobId, { filesVerified: 1 });
    })();
  }

  /** A read-back differed or failed: an error on the file AND on the job, never silent. */
  markBad(fileId: number, jobId: number | null, state: 'mismatch' | 'missing', error: string, sourcePath: string | null = null): void {
    this.db.transaction(() => {
      this.sql(`UPDATE ingest_files SET state = ?, error = ?, library_tmp = NULL, backup_tmp = NULL, prior_state = NULL, updated_at = ? WHERE id = ?`).run(state, error, this.now(), fileId);
      if (jobId !== null) {
        this.addCounts(jobId, { filesFailed: 1 });
        this.addProblem(jobId, { fileId, sourcePath, code: state === 'mismatch' ? 'verify_failed' : 'missing', message: error });
      }
    })();
  }

  /** A pending row whose bytes never reached a final name: nothing was stored. */
  deleteFile(fileId: number): void {
    this.sql('DELETE FROM ingest_files WHERE id = ?').run(fileId);
  }
}
