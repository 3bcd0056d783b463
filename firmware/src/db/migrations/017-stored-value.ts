import type { Migration } from '../migrate.js';

/**
 * Stored value on member cards (M3) and the links of points to the till (M2).
 *
 * A card's stored value is a ledger like the payments and the points: append-only (triggers),
 * undone by reversal lines, the balance the sum of its lines, never below zero, frozen once
 * the card is closed. Kinds: a top-up (money in, by a method: it is in the till but it is a
 * liability, not income), its bonus (the studio's gift: "pay 1,000 get 1,100"), a spend (the
 * payments ledger line of method stored_value that it paid), and a reversal.
 *
 * Points lines gain the payment they paid (method points) and the bill they were earned on,
 * so reversing that payment gives the points back, and a bill's points can be found.
 */
export const storedValue: Migration = {
  version: 17,
  name: 'stored-value',
  up(db) {
    db.exec(`
      CREATE TABLE stored_value_entries (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES member_cards(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('topup', 'bonus', 'spend', 'reversal')),
        amount_minor INTEGER NOT NULL CHECK (amount_minor <> 0),
        currency TEXT NOT NULL,
        -- A top-up: how the money came in (a payments method other than stored value and points).
        method TEXT CHECK (method IS NULL OR method IN ('cash', 'card', 'wechat', 'alipay', 'bank', 'other')),
        -- A bonus: the top-up it came with.
        topup_id INTEGER REFERENCES stored_value_entries(id) ON DELETE RESTRICT,
        -- A spend: the payment line it paid.
        payment_id INTEGER UNIQUE REFERENCES payments(id) ON DELETE RESTRICT,
        reverses INTEGER UNIQUE REFERENCES stored_value_entries(id) ON DELETE RESTRICT,
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((kind = 'topup' AND amount_minor > 0 AND method IS NOT NULL AND reverses IS NULL)
            OR (kind = 'bonus' AND amount_minor > 0 AND topup_id IS NOT NULL AND reverses IS NULL)
            OR (kind = 'spend' AND amount_minor < 0 AND payment_id IS NOT NULL AND reverses IS NULL)
            OR (kind = 'reversal' AND reverses IS NOT NULL))
      ) STRICT;
      CREATE INDEX stored_value_card ON stored_value_entries(card_id, id);
      CREATE INDEX stored_value_at ON stored_value_entries(at);

      CREATE TRIGGER stored_value_reversal_matches BEFORE INSERT ON stored_value_entries
        WHEN NEW.kind = 'reversal' AND NOT EXISTS (
          SELECT 1 FROM stored_value_entries o
          WHERE o.id = NEW.reverses AND o.card_id = NEW.card_id AND o.kind <> 'reversal' AND o.amount_minor = -NEW.amount_minor)
        BEGIN SELECT RAISE(ABORT, 'a reversal takes back one line of its own card, exactly'); END;
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

      ALTER TABLE points_entries ADD COLUMN payment_id INTEGER REFERENCES payments(id) ON DELETE RESTRICT;
      ALTER TABLE points_entries ADD COLUMN bill_id INTEGER REFERENCES bills(id) ON DELETE RESTRICT;
      CREATE INDEX points_entries_payment ON points_entries(payment_id);
    `);
  },
};
