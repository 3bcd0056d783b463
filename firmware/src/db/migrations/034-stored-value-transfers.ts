import type { Migration } from '../migrate.js';

/**
 * Stored value moves between a main card and its attached cards (M3, issue 18 item 4) when the
 * main card's type shares stored value (`member_card_types.shares_stored_value`).
 *
 * A transfer is two lines of the stored value ledger written in one transaction: a
 * `transfer_out` (negative) on the card giving and a `transfer_in` (positive, the same amount)
 * on the card receiving, which names the out line (`transfer_of`). Undone like every line, by
 * reversals: one per line (till/stored-value-transfers.ts). A transfer is not money in or out
 * of the till: the day totals (ledger_days) and the day closing count top-ups only.
 *
 * SQLite cannot change a CHECK in place, so the ledger is rebuilt (as the bills migration
 * rebuilt the payments): its rows, ids, indexes and every trigger on it (append-only, reversal
 * rule, closed card, never below zero, closed day, day totals) are kept as they were.
 */
export const storedValueTransfers: Migration = {
  version: 34,
  name: 'stored-value-transfers',
  up(db) {
    db.exec(`
      ALTER TABLE member_card_types ADD COLUMN shares_stored_value INTEGER NOT NULL DEFAULT 0 CHECK (shares_stored_value IN (0, 1));

      CREATE TABLE stored_value_entries_new (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES member_cards(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('topup', 'bonus', 'spend', 'reversal', 'transfer_out', 'transfer_in')),
        amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
        currency TEXT NOT NULL,
        method TEXT CHECK (method IS NULL OR method IN ('cash', 'card', 'wechat', 'alipay', 'bank', 'other')),
        topup_id INTEGER REFERENCES stored_value_entries_new(id) ON DELETE RESTRICT,
        payment_id INTEGER UNIQUE REFERENCES payments(id) ON DELETE RESTRICT,
        reverses INTEGER UNIQUE REFERENCES stored_value_entries_new(id) ON DELETE RESTRICT,
        -- A transfer_in: the transfer_out line on the other card it is the other half of.
        transfer_of INTEGER UNIQUE REFERENCES stored_value_entries_new(id) ON DELETE RESTRICT,
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((kind = 'topup' AND amount_minor > 0 AND method IS NOT NULL AND reverses IS NULL)
            OR (kind = 'bonus' AND amount_minor > 0 AND topup_id IS NOT NULL AND reverses IS NULL)
            OR (kind = 'spend' AND amount_minor < 0 AND payment_id IS NOT NULL AND reverses IS NULL)
            OR (kind = 'reversal' AND reverses IS NOT NULL)
            OR (kind = 'transfer_out' AND amount_minor < 0 AND reverses IS NULL AND method IS NULL)
            OR (kind = 'transfer_in' AND amount_minor > 0 AND reverses IS NULL AND method IS NULL)),
        CHECK ((kind = 'transfer_in') = (transfer_of IS NOT NULL))
      ) STRICT;
      INSERT INTO stored_value_entries_new (id, card_id, kind, amount_minor, currency, method, topup_id, payment_id, reverses, transfer_of, note, at, created_by, created_by_name)
        SELECT id, card_id, kind, amount_minor, currency, method, topup_id, payment_id, reverses, NULL, note, at, created_by, created_by_name
        FROM stored_value_entries ORDER BY id;

      DROP TRIGGER stored_value_reversal_matches;
      DROP TRIGGER stored_value_card_active;
      DROP TRIGGER stored_value_never_negative;
      DROP TRIGGER stored_value_no_update;
      DROP TRIGGER stored_value_no_delete;
      DROP TRIGGER stored_value_day_closed;
      DROP TRIGGER stored_value_ledger_day;
      -- Emptied before the drop, the lines that name others first: a RESTRICT reference is
      -- checked at once (foreign keys cannot be switched off inside the migration's transaction).
      DELETE FROM stored_value_entries WHERE kind = 'reversal';
      DELETE FROM stored_value_entries WHERE kind = 'bonus';
      DELETE FROM stored_value_entries;
      DROP TABLE stored_value_entries;
      ALTER TABLE stored_value_entries_new RENAME TO stored_value_entries;
      CREATE INDEX stored_value_card ON stored_value_entries(card_id, id);
      CREATE INDEX stored_value_at ON stored_value_entries(at);

      CREATE TRIGGER stored_value_reversal_matches BEFORE INSERT ON stored_value_entries
        WHEN NEW.kind = 'reversal' AND NOT EXISTS (
          SELECT 1 FROM stored_value_entries o
          WHERE o.id = NEW.reverses AND o.card_id = NEW.card_id AND o.kind <> 'reversal' AND o.amount_minor = -NEW.amount_minor)
        BEGIN SELECT RAISE(ABORT, 'a reversal takes back one line of its own card, exactly'); END;
      CREATE TRIGGER stored_value_transfer_matches BEFORE INSERT ON stored_value_entries
        WHEN NEW.kind = 'transfer_in' AND NOT EXISTS (
          SELECT 1 FROM stored_value_entries o
          WHERE o.id = NEW.transfer_of AND o.kind = 'transfer_out' AND o.card_id <> NEW.card_id
            AND o.amount_minor = -NEW.amount_minor AND o.currency = NEW.currency)
        BEGIN SELECT RAISE(ABORT, 'a transfer in is the other half of one transfer out from another card, for the same amount'); END;
      CREATE TRIGGER stored_value_card_active BEFORE INSERT ON stored_value_entries
        WHEN (SELECT state FROM member_cards WHERE id = NEW.card_id) IS NOT 'active'
        BEGIN SELECT RAISE(ABORT, 'the stored value of a closed card cannot change'); END;
      CREATE TRIGGER stored_value_never_negative BEFORE INSERT ON stored_value_entries
        WHEN NEW.amount_minor < 0 AND (SELECT COALESCE(SUM(amount_minor), 0) FROM stored_value_entries WHERE card_id = NEW.card_id) + NEW.amount_minor < 0
        BEGIN SELECT RAISE(ABORT, 'a stored value balance cannot go below zero'); END;
      CREATE TRIGGER stored_value_no_update BEFORE UPDATE ON stored_value_entries
        BEGIN SELECT RAISE(ABORT, 'stored value is append-only: add a reversal instead'); END;
      CREATE TRIGGER stored_value_no_delete BEFORE DELETE ON stored_value_entries
        BEGIN SELECT RAISE(ABORT, 'stored value is append-only: add a reversal instead'); END;
      CREATE TRIGGER stored_value_day_closed BEFORE INSERT ON stored_value_entries
        WHEN EXISTS (SELECT 1 FROM day_closings WHERE NEW.at >= from_at AND NEW.at < to_at)
        BEGIN SELECT RAISE(ABORT, 'that day is closed: correct it with a new line on an open day'); END;
      CREATE TRIGGER stored_value_ledger_day AFTER INSERT ON stored_value_entries
        WHEN NEW.kind = 'topup' OR (NEW.kind = 'reversal' AND (SELECT kind FROM stored_value_entries WHERE id = NEW.reverses) = 'topup')
      BEGIN
        INSERT INTO ledger_days (source, currency, day, method, lines, in_minor, out_minor)
          VALUES ('topup', NEW.currency, substr(NEW.at, 1, 10), COALESCE(NEW.method, (SELECT method FROM stored_value_entries WHERE id = NEW.reverses)), 1,
                  max(NEW.amount_minor, 0), min(NEW.amount_minor, 0))
          ON CONFLICT (source, currency, day, method, category_id, user_id, user_name) DO UPDATE SET lines = lines + 1,
            in_minor = in_minor + excluded.in_minor, out_minor = out_minor + excluded.out_minor,
            gross_minor = gross_minor + excluded.gross_minor, discount_minor = discount_minor + excluded.discount_minor;
      END;
    `);
  },
};
