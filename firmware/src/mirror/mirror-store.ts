// The mirror's tables (014-mirror.ts): which stored files still have to go to the share, and
// what the worker last saw. The queue is derived from ingest_files (see the migration).
import type { Db } from '../db/connection.js';
import type { ShareProblem } from '../api/mirror.js';
import { isoNow, type Clock } from '../util/clock.js';

export interface MirrorCandidate {
  id: number;
  libraryPath: string;
  libraryRoot: string;
  size: number;
  hash: string;
  /** 'recheck' after "Mirror everything again"; null for a file never mirrored to this share. */
  prior: 'failed' | 'recheck' | 'mirrored' | null;
}

export interface MirrorCounts {
  queueFiles: number;
  queueBytes: number;
  mirroredFiles: number;
  failedFiles: number;
}

export interface MirrorLast {
  lastSuccessAt: string | null;
  lastError: { at: string; problem: ShareProblem; message: string } | null;
}

// A file still to do for the share (@share): not mirrored there with these bytes.
const TODO = `f.state IN ('copied', 'verified') AND j.library_root IN (SELECT value FROM json_each(@roots))
  AND (m.file_id IS NULL OR m.share <> @share OR m.hash <> f.hash OR m.state <> 'mirrored')`;

export class MirrorStore {
  constructor(
    readonly db: Db,
    private readonly clock: Clock,
  ) {}

  /** Up to `limit` files after id `after` still to mirror; a failed one only once its retry time has come. */
  candidates(share: string, roots: string[], after: number, limit: number): MirrorCandidate[] {
    const rows = this.db
      .prepare(
        `SELECT f.id, f.library_path, j.library_root, f.size, f.hash, CASE WHEN m.share = @share AND m.hash = f.hash THEN m.state END AS prior
         FROM ingest_files f JOIN ingest_jobs j ON j.id = f.job_id LEFT JOIN mirror_files m ON m.file_id = f.id
         WHERE ${TODO} AND f.id > @after
           AND NOT COALESCE(m.state = 'failed' AND m.share = @share AND m.hash = f.hash AND m.next_try_at > @now, 0)
         ORDER BY f.id LIMIT @limit`,
      )
      .all({ share, roots: JSON.stringify(roots), after, now: isoNow(this.clock), limit }) as { id: number; library_path: string; library_root: string; size: number; hash: string; prior: MirrorCandidate['prior'] }[];
    return rows.map((r) => ({ id: r.id, libraryPath: r.library_path, libraryRoot: r.library_root, size: r.size, hash: r.hash, prior: r.prior }));
  }

  counts(share: string | null, roots: string[]): MirrorCounts {
    if (!share) return { queueFiles: 0, queueBytes: 0, mirroredFiles: 0, failedFiles: 0 };
    const q = this.db
      .prepare(
        `SELECT COUNT(*) AS n, COALESCE(SUM(f.size), 0) AS bytes, COALESCE(SUM(m.state = 'failed' AND m.share = @share AND m.hash = f.hash), 0) AS failed
         FROM ingest_files f JOIN ingest_jobs j ON j.id = f.job_id LEFT JOIN mirror_files m ON m.file_id = f.id WHERE ${TODO}`,
      )
      .get({ share, roots: JSON.stringify(roots) }) as { n: number; bytes: number; failed: number };
    const done = this.db.prepare(`SELECT COUNT(*) AS n FROM mirror_files WHERE share = ? AND state = 'mirrored'`).get(share) as { n: number };
    return { queueFiles: q.n, queueBytes: q.bytes, mirroredFiles: done.n, failedFiles: q.failed };
  }

  markMirrored(f: MirrorCandidate, share: string, remotePath: string, checked: 'size' | 'content'): void {
    const now = isoNow(this.clock);
    this.db
      .prepare(
        `INSERT INTO mirror_files (file_id, share, remote_path, hash, size, state, checked, attempts, next_try_at, error, mirrored_at, updated_at)
         VALUES (?, ?, ?, ?, ?, 'mirrored', ?, 0, NULL, NULL, ?, ?)
         ON CONFLICT (file_id) DO UPDATE SET share = excluded.share, remote_path = excluded.remote_path, hash = excluded.hash, size = excluded.size,
           state = 'mirrored', checked = excluded.checked, attempts = 0, next_try_at = NULL, error = NULL, mirrored_at = excluded.mirrored_at, updated_at = excluded.updated_at`,
      )
      .run(f.id, share, remotePath, f.hash, f.size, checked, now, now);
    this.db.prepare('UPDATE mirror_state SET last_success_at = ? WHERE id = 1').run(now);
  }

  /** This file alone failed: tried again at `nextTryAt`, the others go on. */
  markFailed(f: MirrorCandidate, share: string, remotePath: string, error: string, nextTryAt: Date): void {
    const now = isoNow(this.clock);
    this.db
      .prepare(
        `INSERT INTO mirror_files (file_id, share, remote_path, hash, size, state, attempts, next_try_at, error, updated_at)
         VALUES (?, ?, ?, ?, ?, 'failed', 1, ?, ?, ?)
         ON CONFLICT (file_id) DO UPDATE SET share = excluded.share, remote_path = excluded.remote_path, hash = excluded.hash, size = excluded.size,
           state = 'failed', attempts = CASE WHEN mirror_files.state = 'failed' THEN mirror_files.attempts + 1 ELSE 1 END,
           next_try_at = excluded.next_try_at, error = excluded.error, updated_at = excluded.updated_at`,
      )
      .run(f.id, share, remotePath, f.hash, f.size, nextTryAt.toISOString(), error, now);
  }

  attemptsOf(fileId: number): number {
    return (this.db.prepare(`SELECT attempts FROM mirror_files WHERE file_id = ? AND state = 'failed'`).get(fileId) as { attempts: number } | undefined)?.attempts ?? 0;
  }

  /** "Mirror everything again": every mirrored file is checked on the share once more. */
  recheckAll(): number {
    return this.db.prepare(`UPDATE mirror_files SET state = 'recheck', next_try_at = NULL, updated_at = ? WHERE state IN ('mirrored', 'failed')`).run(isoNow(this.clock)).changes;
  }

  setError(problem: ShareProblem, message: string): void {
    this.db.prepare('UPDATE mirror_state SET last_error_at = ?, last_error_problem = ?, last_error = ? WHERE id = 1').run(isoNow(this.clock), problem, message);
  }

  clearError(): void {
    this.db.prepare('UPDATE mirror_state SET last_error_at = NULL, last_error_problem = NULL, last_error = NULL WHERE id = 1').run();
  }

  last(): MirrorLast {
    const r = this.db.prepare('SELECT * FROM mirror_state WHERE id = 1').get() as { last_success_at: string | null; last_error_at: string | null; last_error_problem: ShareProblem | null; last_error: string | null };
    return {
      lastSuccessAt: r.last_success_at,
      lastError: r.last_error_at ? { at: r.last_error_at, problem: r.last_error_problem ?? 'other', message: r.last_error ?? '' } : null,
    };
  }

  /** The share's copy of a stored file, if it was mirrored there with these bytes. */
  mirroredCopy(fileId: number, share: string, hash: string): { remotePath: string; size: number } | null {
    const r = this.db.prepare(`SELECT remote_path, size FROM mirror_files WHERE file_id = ? AND share = ? AND hash = ? AND state IN ('mirrored', 'recheck')`).get(fileId, share, hash) as
      | { remote_path: string; size: number }
      | undefined;
    return r ? { remotePath: r.remote_path, size: r.size } : null;
  }

  markContentChecked(fileId: number): void {
    this.db.prepare(`UPDATE mirror_files SET checked = 'content' WHERE file_id = ? AND state = 'mirrored'`).run(fileId);
  }
}
