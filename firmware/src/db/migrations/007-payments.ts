import type { Migration } from '../migrate.js';

/**
 * Payments (F1): an append-only ledger. The triggers make it so whatever the code does: a
 * line is never changed or deleted; a payment taken by mistake is undone by a reversal line
 * (the negative amount, pointing at the payment; UNIQUE, so at most once). What an order has
 * been paid is the sum of its lines. Orders are never deleted, so lines never lose theirs.
 *
 * Who took the money is kept as in the audit log (an id without a foreign key, and the name):
 * ON DELETE SET NULL would be an UPDATE, which the no-update trigger refuses, so a user who
 * ever took a payment could never be deleted. User ids are AUTOINCREMENT, never reused.
 * The insert triggers keep a reversal honest: it undoes exactly one payment of the same order,
 * for its whole amount, and every line is in its order's currency.
 */
export const payments: Migration = {
  version: 7,
  name: 'payments',
  up(db) {
    db.exec(`
      CREATE TABLE payments (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'reversal')),
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'wechat', 'alipay', 'bank', 'other')),
        reverses INTEGER UNIQUE REFERENCES payments(id) ON DELETE RESTRICT,
        note TEXT NOT NULL DEFAULT '',
        -- When the money changed hands, UTC ISO.
        at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((kind = 'payment' AND amount_minor > 0 AND reverses IS NULL)
            OR (kind = 'reversal' AND amount_minor < 0 AND reverses IS NOT NULL))
      ) STRICT;
      CREATE INDEX payments_order ON payments(order_id, id);
      CREATE INDEX payments_at ON payments(at);

      CREATE TRIGGER payments_no_update BEFORE UPDATE ON payments
        BEGIN SELECT RAISE(ABORT, 'payments are append-only: add a reversal instead'); END;
      CREATE TRIGGER payments_no_delete BEFORE DELETE ON payments
        BEGIN SELECT RAISE(ABORT, 'payments are append-only: add a reversal instead'); END;

      CREATE TRIGGER payments_currency BEFORE INSERT ON payments
        WHEN NEW.currency IS NOT (SELECT currency FROM orders WHERE id = NEW.order_id)
        BEGIN SELECT RAISE(ABORT, 'a payment is in its order''s currency'); END;
      CREATE TRIGGER payments_reversal BEFORE INSERT ON payments
        WHEN NEW.kind = 'reversal' AND NOT EXISTS (
          SELECT 1 FROM payments p WHERE p.id = NEW.reverses AND p.kind = 'payment'
            AND p.order_id = NEW.order_id AND p.amount_minor = -NEW.amount_minor)
        BEGIN SELECT RAISE(ABORT, 'a reversal undoes exactly one payment of its order, for its whole amount'); END;
    `);
  },
};
