import type { Migration } from '../migrate.js';

/**
 * Bills (F1). A bill prices an order from the price list: its lines (package, extra photos,
 * products), the discounts given (per line and on the whole bill) and who gave them, within
 * their discount limit at the time. A bill is written once and never changed (triggers); it
 * sets its order's total, and the payments taken with it are lines of the payments ledger
 * pointing at it. The bill, its lines, the order's new total and the payment lines are one
 * transaction (till/bill-service.ts).
 *
 * The payments ledger is rebuilt (SQLite cannot change a CHECK in place) to take two more
 * methods, stored value and points (M2, M3), and the bill a line was taken with. Its rows,
 * ids, indexes and append-only triggers are kept as they were.
 */
export const bills: Migration = {
  version: 15,
  name: 'bills',
  up(db) {
    db.exec(`
      CREATE TABLE bills (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL UNIQUE REFERENCES orders(id) ON DELETE RESTRICT,
        gross_minor INTEGER NOT NULL CHECK (gross_minor >= 0),
        discount_minor INTEGER NOT NULL CHECK (discount_minor BETWEEN 0 AND gross_minor),
        bill_discount_minor INTEGER NOT NULL CHECK (bill_discount_minor BETWEEN 0 AND discount_minor),
        total_minor INTEGER NOT NULL CHECK (total_minor = gross_minor - discount_minor),
        currency TEXT NOT NULL,
        -- The discount limit of who made the bill, when they made it (percent of the gross).
        discount_limit_pct INTEGER NOT NULL CHECK (discount_limit_pct BETWEEN 0 AND 100),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT
      ) STRICT;

      CREATE TABLE bill_lines (
        id INTEGER PRIMARY KEY,
        bill_id INTEGER NOT NULL REFERENCES bills(id) ON DELETE RESTRICT,
        position INTEGER NOT NULL,
        price_item_id INTEGER NOT NULL REFERENCES price_items(id) ON DELETE RESTRICT,
        -- The item as sold (the price list may change later).
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        unit_price_minor INTEGER NOT NULL CHECK (unit_price_minor >= 0),
        qty INTEGER NOT NULL CHECK (qty > 0),
        extra_photos INTEGER NOT NULL CHECK (extra_photos >= 0),
        extra_photo_minor INTEGER NOT NULL CHECK (extra_photo_minor >= 0),
        gross_minor INTEGER NOT NULL CHECK (gross_minor = unit_price_minor * qty + extra_photos * extra_photo_minor),
        line_discount_minor INTEGER NOT NULL CHECK (line_discount_minor BETWEEN 0 AND gross_minor),
        bill_discount_minor INTEGER NOT NULL CHECK (bill_discount_minor >= 0),
        net_minor INTEGER NOT NULL CHECK (net_minor >= 0 AND net_minor = gross_minor - line_discount_minor - bill_discount_minor),
        UNIQUE (bill_id, position)
      ) STRICT;

      CREATE TRIGGER bills_no_update BEFORE UPDATE ON bills BEGIN SELECT RAISE(ABORT, 'a bill is never changed'); END;
      CREATE TRIGGER bills_no_delete BEFORE DELETE ON bills BEGIN SELECT RAISE(ABORT, 'a bill is never deleted'); END;
      CREATE TRIGGER bill_lines_no_update BEFORE UPDATE ON bill_lines BEGIN SELECT RAISE(ABORT, 'a bill is never changed'); END;
      CREATE TRIGGER bill_lines_no_delete BEFORE DELETE ON bill_lines BEGIN SELECT RAISE(ABORT, 'a bill is never deleted'); END;

      CREATE TABLE payments_new (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        kind TEXT NOT NULL CHECK (kind IN ('payment', 'reversal')),
        amount_minor INTEGER NOT NULL,
        currency TEXT NOT NULL,
        method TEXT NOT NULL CHECK (method IN ('cash', 'card', 'wechat', 'alipay', 'bank', 'other', 'stored_value', 'points')),
        reverses INTEGER UNIQUE REFERENCES payments_new(id) ON DELETE RESTRICT,
        bill_id INTEGER REFERENCES bills(id) ON DELETE RESTRICT,
        note TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER,
        created_by_name TEXT,
        CHECK ((kind = 'payment' AND amount_minor > 0 AND reverses IS NULL)
            OR (kind = 'reversal' AND amount_minor < 0 AND reverses IS NOT NULL))
      ) STRICT;
      INSERT INTO payments_new (id, order_id, kind, amount_minor, currency, method, reverses, bill_id, note, at, created_at, created_by, created_by_name)
        SELECT id, order_id, kind, amount_minor, currency, method, reverses, NULL, note, at, created_at, created_by, created_by_name FROM payments ORDER BY id;
      DROP TRIGGER payments_no_update;
      DROP TRIGGER payments_no_delete;
      DROP TRIGGER payments_currency;
      DROP TRIGGER payments_reversal;
      -- Emptied before the drop, reversals first: a reversal's RESTRICT reference to its payment
      -- is checked at once (foreign keys cannot be switched off inside the migration's
      -- transaction), and the drop would otherwise delete a payment before its reversal.
      DELETE FROM payments WHERE kind = 'reversal';
      DELETE FROM payments;
      DROP TABLE payments;
      ALTER TABLE payments_new RENAME TO payments;
      CREATE INDEX payments_order ON payments(order_id, id);
      CREATE INDEX payments_at ON payments(at);
      CREATE INDEX payments_bill ON payments(bill_id);

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
            AND p.order_id = NEW.order_id AND p.amount_minor = -NEW.amount_minor AND p.method = NEW.method)
        BEGIN SELECT RAISE(ABORT, 'a reversal undoes exactly one payment of its order, for its whole amount'); END;
      CREATE TRIGGER payments_bill_order BEFORE INSERT ON payments
        WHEN NEW.bill_id IS NOT NULL AND NEW.order_id IS NOT (SELECT order_id FROM bills WHERE id = NEW.bill_id)
        BEGIN SELECT RAISE(ABORT, 'a payment taken with a bill is on the bill''s order'); END;
    `);
  },
};
