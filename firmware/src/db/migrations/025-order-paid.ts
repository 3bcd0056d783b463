import type { Migration } from '../migrate.js';

/**
 * What each order has been paid so far, kept beside it (F1): the sum of its payments ledger
 * lines (payments less reversals), maintained by a trigger on every payments line, so the
 * arrears list reads it instead of summing every order's ledger per request (till bench:
 * ~140-206 ms at a year of trade). Backfilled from the ledger. The ledger stays the truth:
 * `firmware/test/http/till-day-of-trade.test.ts` checks the column equals it after a random
 * day, and `firmware/test/db/order-paid.test.ts` the backfill and the trigger. A partial index
 * holds only the orders that owe, oldest first.
 */
export const orderPaid: Migration = {
  version: 25,
  name: 'order-paid',
  up(db) {
    db.exec(`
      ALTER TABLE orders ADD COLUMN paid_minor INTEGER NOT NULL DEFAULT 0;
      UPDATE orders SET paid_minor = COALESCE((SELECT SUM(p.amount_minor) FROM payments p WHERE p.order_id = orders.id), 0);
      CREATE TRIGGER payments_paid_so_far AFTER INSERT ON payments
        BEGIN UPDATE orders SET paid_minor = paid_minor + NEW.amount_minor WHERE id = NEW.order_id; END;
      CREATE INDEX orders_owing ON orders(created_at, id) WHERE state <> 'cancelled' AND total_minor > paid_minor;
    `);
  },
};
