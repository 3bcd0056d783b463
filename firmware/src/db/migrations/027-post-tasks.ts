import type { Migration } from '../migrate.js';

/**
 * Post-production tasks (O4, issue 19 item 5; docs/workflow.md). A task is one piece of work on
 * an order's photos (first edits, refined, design pages) for a person, with a state and a due
 * time. Edited files of that kind stored in the order's folder (card or upload import) close
 * the open tasks of that kind automatically: done_job_id names the ingest job that did it and
 * done_by is NULL then. Tasks are never deleted; a task not needed is cancelled.
 */
export const postTasks: Migration = {
  version: 27,
  name: 'post-tasks',
  up(db) {
    db.exec(`
      CREATE TABLE post_tasks (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('first-edits', 'refined', 'design')),
        assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'in_progress', 'done', 'cancelled')),
        -- UTC ISO, or NULL for no due time.
        due_at TEXT,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        done_at TEXT,
        done_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        -- The ingest job whose edited files closed the task, else NULL.
        done_job_id INTEGER REFERENCES ingest_jobs(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX post_tasks_order ON post_tasks(order_id, kind, state);
      CREATE INDEX post_tasks_assignee ON post_tasks(assignee_id, state, due_at);
      CREATE INDEX post_tasks_open ON post_tasks(state, due_at) WHERE state IN ('open', 'in_progress');
    `);
  },
};
