// The scrub's tables (009-scrub.ts) and the few ingest_files updates a scrub makes. Every
// update of an ingest_files row is conditional on the state and hash the scrub read, so a row
// the ingest engine changed meanwhile (a re-ingest repairing it) is left alone.
import type { ScrubFinding, ScrubFindingKind, ScrubOutcome, ScrubPauseReason, ScrubRun, ScrubRunState, ScrubTrigger } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { HASH_ALGORITHM } from '../ingest/copy/content-hash.js';
import { isProof, type ReadBackMethod } from '../ingest/copy/read-back.js';
import { isoNow, type Clock } from '../util/clock.js';

/** The disk roots whose files a scrub checks: jobs record the roots they wrote to. */
export interface ScrubRoots {
  library: string;
  /** The backup disk's root, and the holding folder on the library disk (backup-holding.ts) whose files count too. */
  backups: string[];
}

export interface ScrubFile {
  id: number;
  customerId: number;
  size: number;
  hash: string;
  state: 'copied' | 'verified' | 'missing' | 'mismatch';
  libraryPath: string;
  backupPath: string;
  libraryRoot: string;
  backupRoot: string;
}

interface RunRow {
  id: number;
  trigger: ScrubTrigger;
  customer_id: number | null;
  state: ScrubRunState;
  pause_reason: ScrubPauseReason | null;
  position: number;
  files_total: number;
  files_checked: number;
  bytes_checked: number;
  files_repaired: number;
  files_bad: number;
  files_lost: number;
  error: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  updated_at: string;
}

export interface RunProgress {
  position: number;
  filesChecked: number;
  bytesChecked: number;
  filesRepaired: number;
  filesBad: number;
  filesLost: number;
}

const toRun = (r: RunRow): ScrubRun => ({
  id: r.id,
  trigger: r.trigger,
  customerId: r.customer_id,
  state: r.state,
  pauseReason: r.pause_reason,
  filesTotal: r.files_total,
  filesChecked: r.files_checked,
  bytesChecked: r.bytes_checked,
  filesRepaired: r.files_repaired,
  filesBad: r.files_bad,
  filesLost: r.files_lost,
  error: r.error,
  createdAt: r.created_at,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
  updatedAt: r.updated_at,
});

const FINDING_SELECT = `
  SELECT s.*, c.customer_no, c.name AS customer_name, u.display_name AS ack_name
  FROM scrub_findings s
  LEFT JOIN customers c ON c.id = s.customer_id
  LEFT JOIN users u ON u.id = s.acknowledged_by`;

interface FindingRow {
  id: number;
  run_id: number;
  file_id: number | null;
  customer_id: number | null;
  disk: 'library' | 'backup' | 'both';
  path: string;
  kind: ScrubFindingKind;
  outcome: ScrubOutcome;
  detail: string;
  at: string;
  acknowledged_at: string | null;
  acknowledged_by: number | null;
  customer_no: string | null;
  customer_name: string | null;
  ack_name: string | null;
}

const toFinding = (r: FindingRow): ScrubFinding => ({
  id: r.id,
  runId: r.run_id,
  fileId: r.file_id,
  customer: r.customer_id !== null && r.customer_no !== null ? { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name ?? '' } : null,
  disk: r.disk,
  path: r.path,
  kind: r.kind,
  outcome: r.outcome,
  detail: r.detail,
  at: r.at,
  acknowledgedAt: r.acknowledged_at,
  acknowledgedBy: r.acknowledged_by !== null ? { id: r.acknowledged_by, name: r.ack_name ?? '' } : null,
});

export class ScrubStore {
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {}

  private now(): string {
    return isoNow(this.clock);
  }

  private fileFilter(roots: ScrubRoots, customerId: number | null): { where: string; args: (string | number)[] } {
    const where = [`f.state IN ('copied', 'verified', 'missing', 'mismatch')`, 'f.hash_alg = ?', 'j.library_root = ?', `j.backup_root IN (${roots.backups.map(() => '?').join(', ')})`];
    const args: (string | number)[] = [HASH_ALGORITHM, roots.library, ...roots.backups];
    if (customerId !== null) (where.push('f.customer_id = ?'), args.push(customerId));
    return { where: where.join(' AND '), args };
  }

  countFiles(roots: ScrubRoots, customerId: number | null): number {
    const { where, args } = this.fileFilter(roots, customerId);
    return (this.db.prepare(`SELECT COUNT(*) AS n FROM ingest_files f JOIN ingest_jobs j ON j.id = f.job_id WHERE ${where}`).get(...args) as { n: number }).n;
  }

  /** The next stored files after `position` (ids ascending). */
  filesAfter(roots: ScrubRoots, customerId: number | null, position: number, limit: number): ScrubFile[] {
    const { where, args } = this.fileFilter(roots, customerId);
    return this.db
      .prepare(
        `SELECT f.id, f.customer_id AS customerId, f.size, f.hash, f.state, f.library_path AS libraryPath, f.backup_path AS backupPath,
                j.library_root AS libraryRoot, j.backup_root AS backupRoot
         FROM ingest_files f JOIN ingest_jobs j ON j.id = f.job_id
         WHERE ${where} AND f.id > ? ORDER BY f.id LIMIT ?`,
      )
      .all(...args, position, limit) as ScrubFile[];
  }

  /**
   * Both copies checked out. `method` is the weaker of the two read-backs: only one that provably
   * came from the disk (O_DIRECT on a kernel filesystem, or after the file's cache was dropped)
   * makes a file 'verified' (as at ingest: docs/README.md); through FUSE a missing or mismatch
   * file becomes 'copied' and a copied one stays so. A verified file is not written at all.
   */
  markGood(f: ScrubFile, method: ReadBackMethod): void {
    const provable = isProof(method);
    if (f.state === 'verified' || (!provable && f.state === 'copied')) return;
    const now = this.now();
    if (provable) {
      this.db
        .prepare(`UPDATE ingest_files SET state = 'verified', verify_method = ?, verified_at = ?, error = NULL, updated_at = ? WHERE id = ? AND state = ? AND hash = ?`)
        .run(method, now, now, f.id, f.state, f.hash);
    } else {
      this.db.prepare(`UPDATE ingest_files SET state = 'copied', error = NULL, updated_at = ? WHERE id = ? AND state = ? AND hash = ?`).run(now, f.id, f.state, f.hash);
    }
  }

  /** One copy could not be put right: the file has one good copy ('missing', the error names the disk). */
  markOneCopy(f: ScrubFile, error: string): void {
    this.db.prepare(`UPDATE ingest_files SET state = 'missing', error = ?, updated_at = ? WHERE id = ? AND state = ? AND hash = ?`).run(error, this.now(), f.id, f.state, f.hash);
  }

  /** No good copy: 'mismatch', so the next ingest of the card (if it still exists) writes both again. */
  markNoGoodCopy(f: ScrubFile, error: string): void {
    this.db.prepare(`UPDATE ingest_files SET state = 'mismatch', error = ?, updated_at = ? WHERE id = ? AND state = ? AND hash = ?`).run(error, this.now(), f.id, f.state, f.hash);
  }

  /** Whether the row still is what the scrub read (the engine did not change it meanwhile). */
  unchanged(f: ScrubFile): boolean {
    return !!this.db.prepare('SELECT 1 FROM ingest_files WHERE id = ? AND state = ? AND hash = ? AND library_path = ? AND backup_path = ?').get(f.id, f.state, f.hash, f.libraryPath, f.backupPath);
  }

  // --- runs ---

  createRun(trigger: ScrubTrigger, customerId: number | null, userId: number | null, state: 'requested' | 'running'): ScrubRun {
    const now = this.now();
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO scrub_runs (trigger, customer_id, state, requested_by, created_at, started_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)`)
      .run(trigger, customerId, state, userId, now, state === 'running' ? now : null, now);
    return this.run(Number(lastInsertRowid))!;
  }

  run(id: number): ScrubRun | undefined {
    const r = this.db.prepare('SELECT * FROM scrub_runs WHERE id = ?').get(id) as RunRow | undefined;
    return r && toRun(r);
  }

  position(id: number): number {
    return (this.db.prepare('SELECT position FROM scrub_runs WHERE id = ?').get(id) as { position: number }).position;
  }

  /** The one open run (requested, running or paused), oldest first. */
  openRun(): ScrubRun | undefined {
    const r = this.db.prepare(`SELECT * FROM scrub_runs WHERE state IN ('requested', 'running', 'paused') ORDER BY id LIMIT 1`).get() as RunRow | undefined;
    return r && toRun(r);
  }

  lastFinished(): ScrubRun | undefined {
    const r = this.db.prepare(`SELECT * FROM scrub_runs WHERE state IN ('done', 'failed', 'cancelled') ORDER BY id DESC LIMIT 1`).get() as RunRow | undefined;
    return r && toRun(r);
  }

  runs(limit: number): ScrubRun[] {
    return (this.db.prepare('SELECT * FROM scrub_runs ORDER BY id DESC LIMIT ?').all(limit) as RunRow[]).map(toRun);
  }

  setState(id: number, state: ScrubRunState, extra: { pauseReason?: ScrubPauseReason | null; error?: string | null } = {}): void {
    const now = this.now();
    const finished = state === 'done' || state === 'failed' || state === 'cancelled';
    this.db
      .prepare(
        `UPDATE scrub_runs SET state = ?, pause_reason = ?, error = COALESCE(?, error),
           started_at = CASE WHEN ? = 'running' THEN COALESCE(started_at, ?) ELSE started_at END,
           finished_at = CASE WHEN ? THEN ? ELSE finished_at END, updated_at = ? WHERE id = ?`,
      )
      .run(state, state === 'paused' ? (extra.pauseReason ?? 'admin') : null, extra.error ?? null, state, now, finished ? 1 : 0, now, now, id);
  }

  setTotal(id: number, total: number): void {
    this.db.prepare('UPDATE scrub_runs SET files_total = ?, updated_at = ? WHERE id = ?').run(total, this.now(), id);
  }

  saveProgress(id: number, p: RunProgress): void {
    this.db
      .prepare(
        `UPDATE scrub_runs SET position = ?, files_checked = ?, bytes_checked = ?, files_repaired = ?, files_bad = ?, files_lost = ?, updated_at = ? WHERE id = ?`,
      )
      .run(p.position, p.filesChecked, p.bytesChecked, p.filesRepaired, p.filesBad, p.filesLost, this.now(), id);
  }

  progress(id: number): RunProgress {
    const r = this.db.prepare('SELECT * FROM scrub_runs WHERE id = ?').get(id) as RunRow;
    return { position: r.position, filesChecked: r.files_checked, bytesChecked: r.bytes_checked, filesRepaired: r.files_repaired, filesBad: r.files_bad, filesLost: r.files_lost };
  }

  // --- findings ---

  addFinding(f: { runId: number; file: ScrubFile; disk: 'library' | 'backup' | 'both'; kind: ScrubFindingKind; outcome: ScrubOutcome; detail: string }): ScrubFinding {
    const path = f.disk === 'backup' ? f.file.backupPath : f.file.libraryPath;
    const { lastInsertRowid } = this.db
      .prepare(`INSERT INTO scrub_findings (run_id, file_id, customer_id, disk, path, kind, outcome, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
      .run(f.runId, f.file.id, f.file.customerId, f.disk, path, f.kind, f.outcome, f.detail, this.now());
    return this.finding(Number(lastInsertRowid))!;
  }

  finding(id: number): ScrubFinding | undefined {
    const r = this.db.prepare(`${FINDING_SELECT} WHERE s.id = ?`).get(id) as FindingRow | undefined;
    return r && toFinding(r);
  }

  findings(opts: { runId?: number; limit: number }): ScrubFinding[] {
    const rows = (opts.runId !== undefined
      ? this.db.prepare(`${FINDING_SELECT} WHERE s.run_id = ? ORDER BY s.id DESC LIMIT ?`).all(opts.runId, opts.limit)
      : this.db.prepare(`${FINDING_SELECT} ORDER BY s.id DESC LIMIT ?`).all(opts.limit)) as FindingRow[];
    return rows.map(toFinding);
  }

  /** Unacknowledged "no good copy" findings, one per file (the newest). */
  alarms(): ScrubFinding[] {
    const rows = this.db
      .prepare(
        `${FINDING_SELECT} WHERE s.id IN (
           SELECT MAX(id) FROM scrub_findings WHERE outcome = 'unrepairable' AND acknowledged_at IS NULL GROUP BY COALESCE(file_id, -id)
         ) ORDER BY s.id`,
      )
      .all() as FindingRow[];
    return rows.map(toFinding);
  }

  /** Acknowledges a "no good copy" finding and the earlier ones of the same file. False when there is no such open alarm. */
  acknowledge(id: number, userId: number | null): boolean {
    const f = this.finding(id);
    if (!f || f.outcome !== 'unrepairable' || f.acknowledgedAt) return false;
    const now = this.now();
    if (f.fileId !== null) {
      this.db.prepare(`UPDATE scrub_findings SET acknowledged_at = ?, acknowledged_by = ? WHERE file_id = ? AND outcome = 'unrepairable' AND acknowledged_at IS NULL`).run(now, userId, f.fileId);
    } else {
      this.db.prepare(`UPDATE scrub_findings SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ?`).run(now, userId, id);
    }
    return true;
  }
}
