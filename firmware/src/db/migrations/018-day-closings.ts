import type { Migration } from '../migrate.js';

/**
 * Closing the day (F2). A closing fixes one studio-local day (its UTC range [from_at, to_at)):
 * per money method what the ledgers say came in (payments less reversals, and stored value
 * top-ups, which are money in the till though not income), what was counted, the difference,
 * and the reason for any difference; signed by who closed it. A closing is never changed or
 * deleted, and once a day is closed the database refuses any payment or stored value line
 * dated inside it: a mistake is corrected by a new line (a reversal) on a later, open day.
 */
export const dayClosings: Migration = {
  version: 18,
  name: 'day-closings',
  up(db) {
    db.exec(`
      CREATE TABLE day_closings (
        id INTEGER PRIMARY KEY,
        day TEXT NOT NULL UNIQUE,
        from_at TEXT NOT NULL,
        to_at TEXT NOT NULL CHECK (to_at > from_at),
        currency TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        closed_at TEXT NOT NULL,
        closed_by INTEGER,
        closed_by_name TEXT
      ) STRICT;

      CREATE TABLE day_closing_lines (
        closing_id INTEGER NOT NULL REFERENCES day_closings(id) ON DELETE RESTRICT,
        method TEXT NOT NULL,
        payments_minor INTEGER NOT NULL,
        topups_minor INTEGER NOT NULL,
        expected_minor INTEGER NOT NULL CHECK (expected_minor = payments_minor + topups_minor),
        counted_minor INTEGER NOT NULL,
        difference_minor INTEGER NOT NULL CHECK (difference_minor = counted_minor - expected_minor),
        PRIMARY KEY (closing_id, method)
      ) STRICT;

      CREATE TRIGGER day_closings_no_update BEFORE UPDATE ON day_closings BEGIN SELECT RAISE(ABORT, 'a closed day is never changed'); END;
      CREATE TRIGGER day_closings_no_delete BEFORE DELETE ON day_closings BEGIN SELECT RAISE(ABORT, 'a closed day is never reopened'); END;
      CREATE TRIGGER day_closing_lines_no_update BEFORE UPDATE ON day_closing_lines BEGIN SELECT RAISE(ABORT, 'a closed day is never changed'); END;
      CREATE TRIGGER day_closing_lines_no_delete BEFORE DELETE ON day_closing_lines BEGIN SELECT RAISE(ABORT, 'a closed day is never changed'); END;

      CREATE TRIGGER payments_day_closed BEFORE INSERT ON payments
        WHEN EXISTS (SELECT 1 FROM day_closings WHERE NEW.at >= from_at AND NEW.at < to_at)
        BEGIN SELECT RAISE(ABORT, 'that day is closed: correct it with a new line on an open day'); END;
      CREATE TRIGGER stored_value_day_closed BEFORE INSERT ON stored_value_entries
        WHEN EXISTS (SELECT 1 FROM day_closings WHERE NEW.at >= from_at AND NEW.at < to_at)
        BEGIN SELECT RAISE(ABORT, 'that day is closed: correct it with a new line on an open day'); END;
    `);
  },
};
