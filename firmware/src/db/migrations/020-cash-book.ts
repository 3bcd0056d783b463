import type { Migration } from '../migrate.js';

/**
 * The cash book (F2): income and expenses that are not bills, such as rent, salaries,
 * materials, or a sale of old props.
 *
 * Categories are the studio's own (income or expense). A category is retired, never deleted:
 * old lines name it. Each line is append-only and signed: income positive, an expense
 * negative. A mistake is undone by a reversal line, which has the opposite amount, the same
 * category and method, and can happen at most once per line. A line dated inside a closed day
 * is refused, as for payments (migration 018).
 *
 * The closing's lines are rebuilt (SQLite cannot widen a CHECK in place) with the cash book
 * per method: what the drawer should hold is payments + top-ups + cash book. Closings made
 * before this had no cash book, so theirs is 0. The append-only triggers are kept.
 */
export const cashBook: Migration = {
  version: 20,
  name: 'cash-book',
  up(db) {
    db.exec(`
      CREATE TABLE money_categories (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('income', 'expense')),
        name TEXT NOT NULL COLLATE NOCASE,
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        UNIQUE (kind, name)
      ) STRICT;
      CREATE TRIGGER money_categories_no_delete BEFORE DELETE ON money_categories
        BEGIN SELECT RAISE(ABORT, 'a category is retired, never deleted'); END;
      CREATE TRIGGER money_categories_kind_fixed BEFORE UPDATE OF kind ON money_categories WHEN NEW.kind IS NOT OLD.kind
        BEGIN SELECT RAISE(ABORT, 'a category stays income or expense'); END;

      CREATE TABLE cash_entries (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('income', 'expense', 'reversal')),
        category_id INTEGER NOT NULL REFERENCES money_categories(id) ON DELETE RESTRICT,
        -- Signed, minor unit: income > 0, expense < 0, a reversal the opposite of its line.
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'wechat', 'alipay', 'bank', 'other')),
        reverses INTEGER UNIQUE REFERENCES cash_entries(id) ON DELETE RESTRICT,
        note TEXT NOT NULL DEFAULT '',
        -- When the money changed hands, UTC ISO.
        at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((kind = 'income' AND amount_minor > 0 AND reverses IS NULL)
            OR (kind = 'expense' AND amount_minor < 0 AND reverses IS NULL)
            OR (kind = 'reversal' AND amount_minor <> 0 AND reverses IS NOT NULL))
      ) STRICT;
      CREATE INDEX cash_entries_at ON cash_entries(at);
      CREATE INDEX cash_entries_category ON cash_entries(category_id, id);

      CREATE TRIGGER cash_entries_no_update BEFORE UPDATE ON cash_entries
        BEGIN SELECT RAISE(ABORT, 'the cash book is append-only: add a reversal instead'); END;
      CREATE TRIGGER cash_entries_no_delete BEFORE DELETE ON cash_entries
        BEGIN SELECT RAISE(ABORT, 'the cash book is append-only: add a reversal instead'); END;
      CREATE TRIGGER cash_entries_category_kind BEFORE INSERT ON cash_entries
        WHEN NEW.kind <> 'reversal' AND NOT EXISTS (SELECT 1 FROM money_categories c WHERE c.id = NEW.category_id AND c.kind = NEW.kind AND c.active = 1)
        BEGIN SELECT RAISE(ABORT, 'a line is in an active category of its own kind'); END;
      CREATE TRIGGER cash_entries_reversal BEFORE INSERT ON cash_entries
        WHEN NEW.kind = 'reversal' AND NOT EXISTS (
          SELECT 1 FROM cash_entries o WHERE o.id = NEW.reverses AND o.kind <> 'reversal'
            AND o.amount_minor = -NEW.amount_minor AND o.category_id = NEW.category_id AND o.method = NEW.method AND o.currency = NEW.currency)
        BEGIN SELECT RAISE(ABORT, 'a reversal undoes exactly one line, for its whole amount'); END;
      CREATE TRIGGER cash_entries_day_closed BEFORE INSERT ON cash_entries
        WHEN EXISTS (SELECT 1 FROM day_closings WHERE NEW.at >= from_at AND NEW.at < to_at)
        BEGIN SELECT RAISE(ABORT, 'that day is closed: correct it with a new line on an open day'); END;

      CREATE TABLE day_closing_lines_new (
        closing_id INTEGER NOT NULL REFERENCES day_closings(id) ON DELETE RESTRICT,
        method TEXT NOT NULL,
        payments_minor INTEGER NOT NULL,
        topups_minor INTEGER NOT NULL,
        cash_book_minor INTEGER NOT NULL DEFAULT 0,
        expected_minor INTEGER NOT NULL CHECK (expected_minor = payments_minor + topups_minor + cash_book_minor),
        counted_minor INTEGER NOT NULL,
        difference_minor INTEGER NOT NULL CHECK (difference_minor = counted_minor - expected_minor),
        PRIMARY KEY (closing_id, method)
      ) STRICT;
      INSERT INTO day_closing_lines_new (closing_id, method, payments_minor, topups_minor, cash_book_minor, expected_minor, counted_minor, difference_minor)
        SELECT closing_id, method, payments_minor, topups_minor, 0, expected_minor, counted_minor, difference_minor FROM day_closing_lines ORDER BY closing_id, method;
      DROP TRIGGER day_closing_lines_no_update;
      DROP TRIGGER day_closing_lines_no_delete;
      DROP TABLE day_closing_lines;
      ALTER TABLE day_closing_lines_new RENAME TO day_closing_lines;
      CREATE TRIGGER day_closing_lines_no_update BEFORE UPDATE ON day_closing_lines BEGIN SELECT RAISE(ABORT, 'a closed day is never changed'); END;
      CREATE TRIGGER day_closing_lines_no_delete BEFORE DELETE ON day_closing_lines BEGIN SELECT RAISE(ABORT, 'a closed day is never changed'); END;
    `);
  },
};
