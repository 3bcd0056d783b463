import type { Db } from '../connection.js';
import type { Migration } from '../migrate.js';

const FINISHED = `('delivered', 'cancelled')`;
const IRREGULAR = (id: string) => `EXISTS (SELECT 1 FROM deposit_irregular WHERE order_id = ${id})`;
/** The order's paid-so-far (the payment just inserted included). */
const PAID = (id: string) => `(SELECT COALESCE(SUM(amount_minor), 0) FROM payments WHERE order_id = ${id})`;
/** Out of time order: a payment dated before the order's last state change or before another of its payments. */
const LATE_PAYMENT = `(NEW.at < (SELECT state_changed_at FROM orders WHERE id = NEW.order_id)
  OR EXISTS (SELECT 1 FROM payments WHERE order_id = NEW.order_id AND at > NEW.at))`;
const LATE_STATE = `EXISTS (SELECT 1 FROM payments WHERE order_id = NEW.id AND at > NEW.state_changed_at)`;
const CROSSES = `((OLD.state IN ${FINISHED}) <> (NEW.state IN ${FINISHED}))`;
/** An order whose events came out of time order: its rows are cancelled (each negated at its own time) and it is read line by line. */
const GO_IRREGULAR = (id: string) => `
  INSERT INTO deposit_irregular (order_id) VALUES (${id});
  INSERT INTO deposit_changes (order_id, currency, at, amount_delta, count_delta)
    SELECT order_id, currency, at, -amount_delta, -count_delta FROM deposit_changes WHERE order_id = ${id} ORDER BY id;`;

/**
 * Deposits held (F2, issue 18): what the orders not finished at a time had been paid by then,
 * and how many held something. Read order by order (migration 029's query) it cost a month
 * statement most of its time at 60,000 orders. Here each order's held amount is a step
 * function of time, kept as append-only change rows (deposit_changes: at, amount and count
 * deltas) written by triggers in the transaction of the payment or state change, with per-UTC-
 * day totals (deposit_days), so the deposits held at T are the days before T's UTC day, the
 * rows of that day before T, and the few irregular orders read the old way.
 *
 * The rows are exact for events that come in time order (the box writes payments and state
 * changes at "now"). A payment dated before the order's last state change or last payment, or a
 * state change dated before one of its payments, makes the order irregular: its rows are
 * cancelled by negated rows at their own times, and from then on its deposits are read line by
 * line (firmware/src/till/statements.ts). Semantics as migration 029's: an event at time e
 * counts for every T > e; finished = delivered or cancelled.
 *
 * Backfill: every existing order's history (payments, order_finished_spans, its current state)
 * replayed in time order (rebuildDepositChanges, also the oracle of the property test).
 */
export const depositChanges: Migration = {
  version: 35,
  name: 'deposit-changes',
  up(db) {
    db.exec(`
      CREATE TABLE deposit_changes (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        currency TEXT NOT NULL,
        at TEXT NOT NULL,
        amount_delta INTEGER NOT NULL,
        count_delta INTEGER NOT NULL CHECK (count_delta BETWEEN -1 AND 1)
      ) STRICT;
      CREATE INDEX deposit_changes_at ON deposit_changes(currency, at, amount_delta, count_delta);
      CREATE INDEX deposit_changes_order ON deposit_changes(order_id);
      CREATE TRIGGER deposit_changes_no_update BEFORE UPDATE ON deposit_changes
        BEGIN SELECT RAISE(ABORT, 'deposit_changes is append-only'); END;
      CREATE TRIGGER deposit_changes_no_delete BEFORE DELETE ON deposit_changes
        BEGIN SELECT RAISE(ABORT, 'deposit_changes is append-only'); END;

      CREATE TABLE deposit_days (
        currency TEXT NOT NULL,
        day TEXT NOT NULL,
        amount_minor INTEGER NOT NULL,
        orders INTEGER NOT NULL,
        PRIMARY KEY (currency, day)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER deposit_changes_day AFTER INSERT ON deposit_changes BEGIN
        INSERT INTO deposit_days (currency, day, amount_minor, orders) VALUES (NEW.currency, substr(NEW.at, 1, 10), NEW.amount_delta, NEW.count_delta)
          ON CONFLICT (currency, day) DO UPDATE SET amount_minor = amount_minor + excluded.amount_minor, orders = orders + excluded.orders;
      END;

      CREATE TABLE deposit_irregular (order_id INTEGER PRIMARY KEY REFERENCES orders(id) ON DELETE RESTRICT) STRICT;
    `);
    rebuildDepositChanges(db);
    db.exec(`
      CREATE TRIGGER deposit_payment_late AFTER INSERT ON payments
        WHEN NOT ${IRREGULAR('NEW.order_id')} AND ${LATE_PAYMENT}
      BEGIN ${GO_IRREGULAR('NEW.order_id')} END;
      CREATE TRIGGER deposit_payment AFTER INSERT ON payments
        WHEN NOT ${IRREGULAR('NEW.order_id')} AND NOT ${LATE_PAYMENT}
          AND (SELECT state FROM orders WHERE id = NEW.order_id) NOT IN ${FINISHED}
      BEGIN
        INSERT INTO deposit_changes (order_id, currency, at, amount_delta, count_delta)
          SELECT NEW.order_id, o.currency, NEW.at, NEW.amount_minor, (p.s <> 0) - (p.s - NEW.amount_minor <> 0)
          FROM orders o, (SELECT ${PAID('NEW.order_id')} AS s) p WHERE o.id = NEW.order_id;
      END;
      CREATE TRIGGER deposit_state_late AFTER UPDATE OF state ON orders
        WHEN ${CROSSES} AND NOT ${IRREGULAR('NEW.id')} AND ${LATE_STATE}
      BEGIN ${GO_IRREGULAR('NEW.id')} END;
      CREATE TRIGGER deposit_state AFTER UPDATE OF state ON orders
        WHEN ${CROSSES} AND NOT ${IRREGULAR('NEW.id')} AND NOT ${LATE_STATE}
      BEGIN
        INSERT INTO deposit_changes (order_id, currency, at, amount_delta, count_delta)
          SELECT NEW.id, NEW.currency, NEW.state_changed_at,
                 CASE WHEN NEW.state IN ${FINISHED} THEN -p.s ELSE p.s END,
                 CASE WHEN NEW.state IN ${FINISHED} THEN -(p.s <> 0) ELSE (p.s <> 0) END
          FROM (SELECT ${PAID('NEW.id')} AS s) p WHERE p.s <> 0;
      END;
    `);
  },
};

/**
 * Writes every order's change rows from its history, replayed in time order: payments, the
 * finished spans, the current state. For the migration's backfill (into empty tables) and, into
 * a fresh database copy, the oracle the property test compares the triggers' rows with.
 */
export function rebuildDepositChanges(db: Db): void {
  const orders = db.prepare(`SELECT id, currency, state, state_changed_at FROM orders WHERE id IN (SELECT order_id FROM payments)`).all() as {
    id: number;
    currency: string;
    state: string;
    state_changed_at: string;
  }[];
  const pays = db.prepare('SELECT at, amount_minor FROM payments WHERE order_id = ?');
  const spans = db.prepare('SELECT from_at, to_at FROM order_finished_spans WHERE order_id = ?');
  const add = db.prepare('INSERT INTO deposit_changes (order_id, currency, at, amount_delta, count_delta) VALUES (?, ?, ?, ?, ?)');
  for (const o of orders) {
    const p = pays.all(o.id) as { at: string; amount_minor: number }[];
    const s = spans.all(o.id) as { from_at: string; to_at: string }[];
    const current = ['delivered', 'cancelled'].includes(o.state) ? o.state_changed_at : null;
    // Finished just after time e: inside a span (from ≤ e < to) or finished now since ≤ e.
    const finishedAfter = (e: string) => s.some((x) => x.from_at <= e && e < x.to_at) || (current !== null && current <= e);
    const times = [...new Set([...p.map((x) => x.at), ...s.flatMap((x) => [x.from_at, x.to_at]), ...(current ? [current] : [])])].sort();
    let held = 0;
    for (const e of times) {
      const paid = p.filter((x) => x.at <= e).reduce((a, x) => a + x.amount_minor, 0);
      const now = finishedAfter(e) ? 0 : paid;
      if (now !== held) add.run(o.id, o.currency, e, now - held, Number(now !== 0) - Number(held !== 0));
      held = now;
    }
  }
}
