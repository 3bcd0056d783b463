import type { Migration } from '../migrate.js';

/**
 * Per-day running totals of the ledgers a statement reads (F2, issue 18), so a month or a year
 * sums days instead of every ledger line (till bench: a month statement read up to the year's
 * 150,000 payment lines for its opening balances).
 *
 * One row per UTC day (`substr(at, 1, 10)`: every ledger time is a UTC ISO string), currency
 * and key: payments per method; stored value top-ups (and their reversals, under the top-up's
 * method) per method; the cash book per category and method; bills per user who made them.
 * `in_minor` sums the positive lines, `out_minor` the negative ones (≤ 0); a bill row sums its
 * gross and discount. UTC days, not the studio's: the studio's zone is a setting and may
 * change, so a period's edges (its local midnights) are read from the ledgers line by line and
 * only the whole UTC days between them from here (firmware/src/till/statements.ts).
 *
 * The ledgers are append-only (bills are written once), so an AFTER INSERT trigger on each
 * keeps its totals inside the transaction that writes the line. The table is derived: the
 * backfill below rebuilds it from the ledgers (`rebuildLedgerDays`), and
 * firmware/test/till/ledger-days.test.ts checks it equals the raw sums after random trade.
 *
 * Deposits held at a period's end need each order's state then, not now: an order delivered
 * (or cancelled) and later reopened was finished in between. `order_finished_spans` keeps each
 * such span [from_at, to_at), written by a trigger when an order leaves a finished state
 * (append-only); an order finished now was finished since its state_changed_at. Spans before
 * this migration are unknown (none). Partial indexes find the orders that may hold deposits
 * (not finished, or finished at or after a time) and a covering index what an order was paid
 * after a time, so no order's ledger is summed line by line.
 */
export const LEDGER_DAYS_BACKFILL = `
  INSERT INTO ledger_days (source, currency, day, method, lines, in_minor, out_minor)
    SELECT 'payment', currency, substr(at, 1, 10), method, COUNT(*), SUM(max(amount_minor, 0)), SUM(min(amount_minor, 0))
    FROM payments GROUP BY currency, substr(at, 1, 10), method;
  INSERT INTO ledger_days (source, currency, day, method, lines, in_minor, out_minor)
    SELECT 'topup', s.currency, substr(s.at, 1, 10), COALESCE(s.method, o.method), COUNT(*), SUM(max(s.amount_minor, 0)), SUM(min(s.amount_minor, 0))
    FROM stored_value_entries s LEFT JOIN stored_value_entries o ON o.id = s.reverses
    WHERE s.kind = 'topup' OR (s.kind = 'reversal' AND o.kind = 'topup')
    GROUP BY s.currency, substr(s.at, 1, 10), COALESCE(s.method, o.method);
  INSERT INTO ledger_days (source, currency, day, method, category_id, lines, in_minor, out_minor)
    SELECT 'cash_book', currency, substr(at, 1, 10), method, category_id, COUNT(*), SUM(max(amount_minor, 0)), SUM(min(amount_minor, 0))
    FROM cash_entries GROUP BY currency, substr(at, 1, 10), method, category_id;
  INSERT INTO ledger_days (source, currency, day, user_id, user_name, lines, gross_minor, discount_minor)
    SELECT 'bill', currency, substr(created_at, 1, 10), COALESCE(created_by, 0), COALESCE(created_by_name, ''), COUNT(*), SUM(gross_minor), SUM(discount_minor)
    FROM bills GROUP BY currency, substr(created_at, 1, 10), COALESCE(created_by, 0), COALESCE(created_by_name, '');
`;

const ADD = `ON CONFLICT (source, currency, day, method, category_id, user_id, user_name) DO UPDATE SET lines = lines + 1,
  in_minor = in_minor + excluded.in_minor, out_minor = out_minor + excluded.out_minor,
  gross_minor = gross_minor + excluded.gross_minor, discount_minor = discount_minor + excluded.discount_minor`;

export const ledgerDays: Migration = {
  version: 29,
  name: 'ledger-days',
  up(db) {
    db.exec(`
      CREATE TABLE ledger_days (
        source TEXT NOT NULL CHECK (source IN ('payment', 'topup', 'cash_book', 'bill')),
        currency TEXT NOT NULL,
        day TEXT NOT NULL,
        method TEXT NOT NULL DEFAULT '',
        category_id INTEGER NOT NULL DEFAULT 0,
        user_id INTEGER NOT NULL DEFAULT 0,
        user_name TEXT NOT NULL DEFAULT '',
        lines INTEGER NOT NULL,
        in_minor INTEGER NOT NULL DEFAULT 0 CHECK (in_minor >= 0),
        out_minor INTEGER NOT NULL DEFAULT 0 CHECK (out_minor <= 0),
        gross_minor INTEGER NOT NULL DEFAULT 0,
        discount_minor INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (source, currency, day, method, category_id, user_id, user_name)
      ) STRICT, WITHOUT ROWID;
      ${LEDGER_DAYS_BACKFILL}
      CREATE TABLE order_finished_spans (
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        from_at TEXT NOT NULL,
        to_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX order_finished_spans_at ON order_finished_spans(to_at, from_at);
      CREATE TRIGGER order_finished_spans_no_update BEFORE UPDATE ON order_finished_spans
        BEGIN SELECT RAISE(ABORT, 'order_finished_spans is append-only'); END;
      CREATE TRIGGER order_finished_spans_no_delete BEFORE DELETE ON order_finished_spans
        BEGIN SELECT RAISE(ABORT, 'order_finished_spans is append-only'); END;
      CREATE TRIGGER orders_finished_span AFTER UPDATE OF state ON orders
        WHEN OLD.state IN ('delivered', 'cancelled') AND NEW.state IS NOT OLD.state
        BEGIN INSERT INTO order_finished_spans (order_id, from_at, to_at) VALUES (OLD.id, OLD.state_changed_at, NEW.state_changed_at); END;
      CREATE INDEX orders_unfinished ON orders(currency, paid_minor) WHERE state NOT IN ('delivered', 'cancelled');
      CREATE INDEX orders_finished ON orders(currency, state_changed_at, paid_minor) WHERE state IN ('delivered', 'cancelled');
      CREATE INDEX payments_order_at ON payments(order_id, at, amount_minor);

      CREATE TRIGGER payments_ledger_day AFTER INSERT ON payments BEGIN
        INSERT INTO ledger_days (source, currency, day, method, lines, in_minor, out_minor)
          VALUES ('payment', NEW.currency, substr(NEW.at, 1, 10), NEW.method, 1, max(NEW.amount_minor, 0), min(NEW.amount_minor, 0)) ${ADD};
      END;
      CREATE TRIGGER stored_value_ledger_day AFTER INSERT ON stored_value_entries
        WHEN NEW.kind = 'topup' OR (NEW.kind = 'reversal' AND (SELECT kind FROM stored_value_entries WHERE id = NEW.reverses) = 'topup')
      BEGIN
        INSERT INTO ledger_days (source, currency, day, method, lines, in_minor, out_minor)
          VALUES ('topup', NEW.currency, substr(NEW.at, 1, 10), COALESCE(NEW.method, (SELECT method FROM stored_value_entries WHERE id = NEW.reverses)), 1,
                  max(NEW.amount_minor, 0), min(NEW.amount_minor, 0)) ${ADD};
      END;
      CREATE TRIGGER cash_entries_ledger_day AFTER INSERT ON cash_entries BEGIN
        INSERT INTO ledger_days (source, currency, day, method, category_id, lines, in_minor, out_minor)
          VALUES ('cash_book', NEW.currency, substr(NEW.at, 1, 10), NEW.method, NEW.category_id, 1, max(NEW.amount_minor, 0), min(NEW.amount_minor, 0)) ${ADD};
      END;
      CREATE TRIGGER bills_ledger_day AFTER INSERT ON bills BEGIN
        INSERT INTO ledger_days (source, currency, day, user_id, user_name, lines, gross_minor, discount_minor)
          VALUES ('bill', NEW.currency, substr(NEW.created_at, 1, 10), COALESCE(NEW.created_by, 0), COALESCE(NEW.created_by_name, ''), 1, NEW.gross_minor, NEW.discount_minor) ${ADD};
      END;
    `);
  },
};
