import type { Migration } from '../migrate.js';

/**
 * The mirror of the library to the studio PC's shared folder (H4, issue 16).
 *
 * The queue is not a table of its own: it is every stored file (ingest_files, state copied or
 * verified, of a job that wrote to the library disk) without a 'mirrored' row here for the
 * same bytes (hash) on the same share. So a new file — from a card, an edit import, an upload —
 * is queued by being stored, in the same transaction, and the ingest never waits for the PC;
 * a restart (or kill -9) loses nothing; pointing the mirror at another share queues everything.
 *
 * mirror_files: one row per stored file the mirror has dealt with.
 *   state    mirrored - the share reported the file's size under its final name
 *                       (`checked` = 'size'; 'content' once it was read back and hashed);
 *            failed   - this file alone failed (a name the share refuses, the file unreadable
 *                       here): retried at next_try_at, the others go on;
 *            recheck  - "Mirror everything again": the size on the share is checked and the
 *                       file copied again when it differs.
 *   share    the share it went to ("//PC/Photos/folder").
 * mirror_state: one row, the worker's last success and last error (shown after a restart).
 */
export const mirror: Migration = {
  version: 14,
  name: 'mirror',
  up(db) {
    db.exec(`
      CREATE TABLE mirror_files (
        file_id INTEGER PRIMARY KEY REFERENCES ingest_files(id) ON DELETE CASCADE,
        share TEXT NOT NULL,
        remote_path TEXT NOT NULL,
        hash TEXT NOT NULL,
        size INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('mirrored', 'failed', 'recheck')),
        checked TEXT CHECK (checked IN ('size', 'content')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try_at TEXT,
        error TEXT,
        mirrored_at TEXT,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX mirror_files_state ON mirror_files(state);

      CREATE TABLE mirror_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        last_success_at TEXT,
        last_error_at TEXT,
        last_error_problem TEXT,
        last_error TEXT
      ) STRICT;
      INSERT INTO mirror_state (id) VALUES (1);
    `);
  },
};
