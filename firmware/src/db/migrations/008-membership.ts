import type { Migration } from '../migrate.js';

/**
 * Membership (M1): card types, cards and each card's points ledger. A card is closed, never
 * deleted, and a customer holding cards cannot be deleted (RESTRICT). An attached card hangs
 * on a main card. The points ledger is append-only like the payments (triggers): points are
 * taken back with a reversal line, and a card's balance is the sum of its lines.
 */
export const membership: Migration = {
  version: 8,
  name: 'membership',
  up(db) {
    db.exec(`
      CREATE TABLE member_card_types (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE member_cards (
        id INTEGER PRIMARY KEY,
        card_no TEXT NOT NULL UNIQUE COLLATE NOCASE,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        type_id INTEGER NOT NULL REFERENCES member_card_types(id) ON DELETE RESTRICT,
        main_card_id INTEGER REFERENCES member_cards(id) ON DELETE RESTRICT,
        state TEXT NOT NULL CHECK (state IN ('active', 'closed')),
        issued_at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX member_cards_customer ON member_cards(customer_id, state);
      CREATE INDEX member_cards_main ON member_cards(main_card_id);

      CREATE TABLE points_entries (
        id INTEGER PRIMARY KEY,
        card_id INTEGER NOT NULL REFERENCES member_cards(id) ON DELETE RESTRICT,
        delta INTEGER NOT NULL CHECK (delta <> 0),
        kind TEXT NOT NULL CHECK (kind IN ('earn', 'deduct', 'reversal')),
        reason TEXT NOT NULL,
        reverses INTEGER UNIQUE REFERENCES points_entries(id) ON DELETE RESTRICT,
        at TEXT NOT NULL,
        -- Who, as in the audit log (an id without a foreign key, and the name): ON DELETE SET
        -- NULL would be an UPDATE, which the ledger refuses, so its users could never go.
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((kind = 'earn' AND delta > 0 AND reverses IS NULL)
            OR (kind = 'deduct' AND delta < 0 AND reverses IS NULL)
            OR (kind = 'reversal' AND reverses IS NOT NULL))
      ) STRICT;
      CREATE INDEX points_entries_card ON points_entries(card_id, id);

      -- A wrong line cannot be deleted, so the database refuses the wrong ones whatever the
      -- code does: a reversal takes back one earn or deduct of its own card, exactly; a
      -- closed card's ledger is frozen; no line takes a balance below zero.
      CREATE TRIGGER points_reversal_matches BEFORE INSERT ON points_entries
        WHEN NEW.kind = 'reversal' AND NOT EXISTS (
          SELECT 1 FROM points_entries o
          WHERE o.id = NEW.reverses AND o.card_id = NEW.card_id AND o.kind <> 'reversal' AND o.delta = -NEW.delta)
        BEGIN SELECT RAISE(ABORT, 'a reversal takes back one earn or deduct line of its own card, with the opposite delta'); END;
      CREATE TRIGGER points_card_active BEFORE INSERT ON points_entries
        WHEN (SELECT state FROM member_cards WHERE id = NEW.card_id) IS NOT 'active'
        BEGIN SELECT RAISE(ABORT, 'the points of a closed card cannot change'); END;
      CREATE TRIGGER points_never_negative BEFORE INSERT ON points_entries
        WHEN NEW.delta < 0 AND (SELECT COALESCE(SUM(delta), 0) FROM points_entries WHERE card_id = NEW.card_id) + NEW.delta < 0
        BEGIN SELECT RAISE(ABORT, 'a points balance cannot go below zero'); END;

      CREATE TRIGGER points_no_update BEFORE UPDATE ON points_entries
        BEGIN SELECT RAISE(ABORT, 'points are append-only: add a reversal instead'); END;
      CREATE TRIGGER points_no_delete BEFORE DELETE ON points_entries
        BEGIN SELECT RAISE(ABORT, 'points are append-only: add a reversal instead'); END;
    `);
  },
};
