import type { Migration } from '../migrate.js';

/**
 * Reminders (C4). The dates they read: a lunar flag for the birthday (the date stays the solar
 * day of birth), and an order's sample viewing time (看样). Each occurrence is one row, UNIQUE on
 * kind + subject + occurrence date, so a run that plans it again (after a restart, a missed
 * hour, a crash mid-run) adds nothing. Rows go with their customer. reminder_runs remembers the
 * last run so that a run missed while the box was off happens once at start.
 */
export const reminders: Migration = {
  version: 13,
  name: 'reminders',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN birthday_lunar INTEGER NOT NULL DEFAULT 0 CHECK (birthday_lunar IN (0, 1));
      -- UTC ISO.
      ALTER TABLE orders ADD COLUMN sample_at TEXT;

      CREATE TABLE reminders (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        -- 'customer' or 'order' (given by the kind), and its id.
        subject_type TEXT NOT NULL CHECK (subject_type IN ('customer', 'order')),
        subject_id INTEGER NOT NULL,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        -- The date the reminder is about, YYYY-MM-DD on the studio's calendar.
        occurrence_date TEXT NOT NULL,
        -- When it becomes due, UTC ISO.
        due_at TEXT NOT NULL,
        repeat_daily INTEGER NOT NULL CHECK (repeat_daily IN (0, 1)),
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'snoozed')),
        snoozed_until TEXT,
        done_at TEXT,
        done_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        -- When the customer's SMS for it was queued (kinds with SMS on), UTC ISO.
        sms_queued_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        UNIQUE (kind, subject_id, occurrence_date)
      ) STRICT;
      CREATE INDEX reminders_due ON reminders(state, due_at);
      CREATE INDEX reminders_date ON reminders(occurrence_date);
      CREATE INDEX reminders_customer ON reminders(customer_id);

      CREATE TABLE reminder_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        planned INTEGER NOT NULL,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
