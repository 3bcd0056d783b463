import type { Migration } from '../migrate.js';

/**
 * Points for gifts and for bringing customers (M2, issue 18 item 5).
 *
 * gifts: the studio's gift list, priced in points, with a stock that never goes below zero
 * (CHECK). Retired, never deleted: redemptions name them.
 *
 * gift_redemptions: append-only like the ledgers. A redemption names its points deduct line;
 * its reversal (a row with `reverses`) names the points reversal line and gives the stock back.
 *
 * referral_awards: one row per referred customer, ever (the PRIMARY KEY is the idempotency
 * key): the referrer's points for the customer's first bill paid in full, or the note that
 * there was nothing to award (no card, referral points off), so the award never comes twice.
 */
export const giftsReferrals: Migration = {
  version: 33,
  name: 'gifts-referrals',
  up(db) {
    db.exec(`
      CREATE TABLE gifts (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        points_price INTEGER NOT NULL CHECK (points_price > 0),
        stock INTEGER NOT NULL CHECK (stock >= 0),
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE gift_redemptions (
        id INTEGER PRIMARY KEY,
        gift_id INTEGER NOT NULL REFERENCES gifts(id) ON DELETE RESTRICT,
        card_id INTEGER NOT NULL REFERENCES member_cards(id) ON DELETE RESTRICT,
        qty INTEGER NOT NULL CHECK (qty <> 0),
        points INTEGER NOT NULL,
        points_entry_id INTEGER NOT NULL UNIQUE REFERENCES points_entries(id) ON DELETE RESTRICT,
        reverses INTEGER UNIQUE REFERENCES gift_redemptions(id) ON DELETE RESTRICT,
        reason TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((reverses IS NULL AND qty > 0 AND points > 0) OR (reverses IS NOT NULL AND qty < 0 AND points < 0))
      ) STRICT;
      CREATE INDEX gift_redemptions_card ON gift_redemptions(card_id, id);
      CREATE INDEX gift_redemptions_gift ON gift_redemptions(gift_id, id);
      CREATE TRIGGER gift_redemptions_no_update BEFORE UPDATE ON gift_redemptions
        BEGIN SELECT RAISE(ABORT, 'gift redemptions are append-only: add a reversal instead'); END;
      CREATE TRIGGER gift_redemptions_no_delete BEFORE DELETE ON gift_redemptions
        BEGIN SELECT RAISE(ABORT, 'gift redemptions are append-only: add a reversal instead'); END;

      CREATE TABLE referral_awards (
        referred_customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE RESTRICT,
        referrer_customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        points_entry_id INTEGER UNIQUE REFERENCES points_entries(id) ON DELETE RESTRICT,
        points INTEGER NOT NULL CHECK (points >= 0),
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX referral_awards_referrer ON referral_awards(referrer_customer_id);
      CREATE TRIGGER referral_awards_no_update BEFORE UPDATE ON referral_awards
        BEGIN SELECT RAISE(ABORT, 'referral awards are kept as given'); END;
      CREATE TRIGGER referral_awards_no_delete BEFORE DELETE ON referral_awards
        BEGIN SELECT RAISE(ABORT, 'referral awards are kept as given'); END;
    `);
  },
};
