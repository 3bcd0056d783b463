import type { Migration } from '../migrate.js';

/**
 * Card ingest (H3). Paths are relative to each disk's root, "/"-separated; times are UTC ISO.
 *
 * "Never stored twice" is structural:
 *  - ingest_files: one row per stored file. UNIQUE (customer_id, size, hash): the same bytes are
 *    kept once per customer, whatever card or folder they come from. UNIQUE library_path and
 *    backup_path: two rows can never claim one file.
 *  - ingest_sources: every card file seen (card id, path on the card, size, mtime) points to the
 *    stored file it is. Its primary key is that identity per customer, so re-inserting a card
 *    finds each file without reading it.
 *
 * A stored file's state:
 *   pending  - intent, written BEFORE its temporary files are renamed to their final names
 *              (library_tmp/backup_tmp hold the temporary names). Only a crash leaves one
 *              behind; recovery (ingest/copy/recovery.ts) resolves it. prior_state is set when the
 *              pending row is a repair of a mismatch/missing file.
 *   copied   - both final files are in place and fsynced; not yet read back.
 *   (Paths are relative to the roots of the row's job: job_id is the job that wrote the
 *   current copies, a repair included.)
 *   verified - both read back from the disk with the recorded hash.
 *   mismatch - a read-back differed or failed (error says which disk). Never silent: the job
 *              fails; the next ingest of the same card copies the file again over both copies.
 *   missing  - after a crash only one copy could be found (error says which).
 *
 * customers: ON DELETE RESTRICT. A customer with photos cannot disappear leaving files nobody
 * can find; erasing a customer (A2) must deal with the files first.
 */
export const ingest: Migration = {
  version: 3,
  name: 'ingest',
  up(db) {
    db.exec(`
      CREATE TABLE ingest_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        order_label TEXT,
        -- "<customer no> <name>/<order folder>" under each disk root; subfolder inside it.
        folder TEXT NOT NULL,
        subfolder TEXT NOT NULL DEFAULT 'originals' CHECK (subfolder IN ('originals', 'first-edits', 'refined', 'design')),
        source_root TEXT NOT NULL,
        -- The disk roots (absolute) this job wrote to. Two engines may share the database (the
        -- box's, and one whose "backup" is a holding folder on the library disk while the backup
        -- disk is missing); each recovers and reads back only what went to its own roots.
        library_root TEXT NOT NULL,
        backup_root TEXT NOT NULL,
        -- The card's identity (filesystem type + UUID/serial) and label, when known.
        card_id TEXT,
        card_label TEXT,
        state TEXT NOT NULL CHECK (state IN ('queued', 'copying', 'verifying', 'done', 'interrupted', 'failed')),
        -- Media files on the card, and what became of them in this job.
        files_total INTEGER NOT NULL DEFAULT 0,
        bytes_total INTEGER NOT NULL DEFAULT 0,
        files_copied INTEGER NOT NULL DEFAULT 0,
        bytes_copied INTEGER NOT NULL DEFAULT 0,
        files_skipped INTEGER NOT NULL DEFAULT 0,
        bytes_skipped INTEGER NOT NULL DEFAULT 0,
        files_verified INTEGER NOT NULL DEFAULT 0,
        files_failed INTEGER NOT NULL DEFAULT 0,
        -- Machine code (disk_full, disk_error, card_removed, verify_failed, source_error,
        -- interrupted, stopped, ...) and the words for people.
        error_code TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        started_at TEXT,
        finished_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ingest_jobs_customer ON ingest_jobs(customer_id, id);
      CREATE INDEX ingest_jobs_active ON ingest_jobs(state) WHERE state IN ('queued', 'copying', 'verifying');

      CREATE TABLE ingest_files (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        -- The job that stored it.
        job_id INTEGER NOT NULL REFERENCES ingest_jobs(id) ON DELETE RESTRICT,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        subfolder TEXT NOT NULL,
        size INTEGER NOT NULL CHECK (size >= 0),
        hash TEXT NOT NULL,
        hash_alg TEXT NOT NULL,
        library_path TEXT NOT NULL UNIQUE,
        backup_path TEXT NOT NULL UNIQUE,
        library_tmp TEXT,
        backup_tmp TEXT,
        state TEXT NOT NULL CHECK (state IN ('pending', 'copied', 'verified', 'mismatch', 'missing')),
        prior_state TEXT CHECK (prior_state IN ('mismatch', 'missing')),
        -- How the read-back reached the disk: direct (O_DIRECT), direct-fuse, evicted, cached.
        verify_method TEXT,
        verified_at TEXT,
        error TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (customer_id, size, hash)
      ) STRICT;
      CREATE INDEX ingest_files_job ON ingest_files(job_id);
      CREATE INDEX ingest_files_pending ON ingest_files(state) WHERE state = 'pending';

      CREATE TABLE ingest_sources (
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        card_id TEXT NOT NULL,
        source_path TEXT NOT NULL,
        source_size INTEGER NOT NULL,
        source_mtime_ms INTEGER NOT NULL,
        file_id INTEGER NOT NULL REFERENCES ingest_files(id) ON DELETE CASCADE,
        -- The job that saw it first.
        job_id INTEGER NOT NULL REFERENCES ingest_jobs(id) ON DELETE RESTRICT,
        seen_at TEXT NOT NULL,
        PRIMARY KEY (customer_id, card_id, source_path, source_size, source_mtime_ms)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX ingest_sources_file ON ingest_sources(file_id);

      -- Per-file problems of a job (unreadable file, verification mismatch), for the screen.
      CREATE TABLE ingest_problems (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        job_id INTEGER NOT NULL REFERENCES ingest_jobs(id) ON DELETE CASCADE,
        source_path TEXT,
        file_id INTEGER REFERENCES ingest_files(id) ON DELETE SET NULL,
        code TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ingest_problems_job ON ingest_problems(job_id);

      -- Which process may ingest: the daemon, or a \`studio-box ingest\` in a shell, never both
      -- (start-up recovery would delete the other's temporary files). See ingest/ingest-lock.ts.
      CREATE TABLE ingest_owner (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        boot_id TEXT NOT NULL,
        what TEXT NOT NULL,
        since TEXT NOT NULL
      ) STRICT;
    `);
  },
};
