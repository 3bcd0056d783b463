import type { Migration } from '../migrate.js';

/**
 * The scrub (issue 12 item 4): every stored file re-read on both disks against the hash the
 * ingest engine recorded, and what it found.
 *
 * scrub_runs: one row per pass. `position` is the last ingest_files.id fully checked: files are
 * visited in id order, so a run paused, or cut by a restart, goes on after it. State:
 *   requested - asked for (by `studio-box scrub` while the daemon runs, or an admin); the daemon
 *               picks it up.
 *   running   - being read; after a restart the daemon continues it.
 *   paused    - pause_reason: 'admin' (until an admin resumes), 'window' (a scheduled run
 *               outside its night window: continues the next night), 'disk' (a disk went away).
 *   done / failed / cancelled.
 * scrub_findings: one row per file and disk that was not right, with what was done:
 *   kind     mismatch (other bytes), missing, unreadable (read error), both_bad (no good copy)
 *   outcome  repaired (new copy from the other disk, read back with the recorded hash),
 *            repair_failed (the other copy is good but writing/reading the new one failed),
 *            unrepairable (both bad: an alarm until an admin acknowledges it).
 */
export const scrub: Migration = {
  version: 9,
  name: 'scrub',
  up(db) {
    db.exec(`
      CREATE TABLE scrub_runs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'admin', 'cli')),
        -- NULL: the whole library.
        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('requested', 'running', 'paused', 'done', 'failed', 'cancelled')),
        pause_reason TEXT CHECK (pause_reason IN ('admin', 'window', 'disk')),
        position INTEGER NOT NULL DEFAULT 0,
        files_total INTEGER NOT NULL DEFAULT 0,
        files_checked INTEGER NOT NULL DEFAULT 0,
        bytes_checked INTEGER NOT NULL DEFAULT 0,
        files_repaired INTEGER NOT NULL DEFAULT 0,
        files_bad INTEGER NOT NULL DEFAULT 0,
        files_lost INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        requested_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        created_at TEXT NOT NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX scrub_runs_open ON scrub_runs(state) WHERE state IN ('requested', 'running', 'paused');

      CREATE TABLE scrub_findings (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        run_id INTEGER NOT NULL REFERENCES scrub_runs(id) ON DELETE CASCADE,
        file_id INTEGER REFERENCES ingest_files(id) ON DELETE SET NULL,
        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        disk TEXT NOT NULL CHECK (disk IN ('library', 'backup', 'both')),
        path TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('mismatch', 'missing', 'unreadable', 'both_bad')),
        outcome TEXT NOT NULL CHECK (outcome IN ('repaired', 'repair_failed', 'unrepairable')),
        detail TEXT NOT NULL,
        at TEXT NOT NULL,
        acknowledged_at TEXT,
        acknowledged_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX scrub_findings_run ON scrub_findings(run_id);
      CREATE INDEX scrub_findings_alarm ON scrub_findings(outcome) WHERE outcome = 'unrepairable' AND acknowledged_at IS NULL;
    `);
  },
};
