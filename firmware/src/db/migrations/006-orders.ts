import type { Migration } from '../migrate.js';

/**
 * Orders (O1). An order is never deleted (its payments and the studio's books hang on it): it
 * is cancelled. So a customer with orders cannot be deleted either (RESTRICT; the customer
 * service says so first). Order numbers are the studio's local date and a number of the day,
 * counted in order_numbers so that two orders made in the same second get different numbers.
 * The workflow states are checked here too (ORDER_STATES in api-types.ts).
 */
export const orders: Migration = {
  version: 6,
  name: 'orders',
  up(db) {
    db.exec(`
      CREATE TABLE order_numbers (
        -- The studio's local date, YYYYMMDD.
        day TEXT PRIMARY KEY,
        last INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE orders (
        id INTEGER PRIMARY KEY,
        order_no TEXT NOT NULL UNIQUE,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE RESTRICT,
        title TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('booked', 'shot', 'selected', 'in_production', 'ready', 'delivered', 'cancelled')),
        state_changed_at TEXT NOT NULL,
        -- Minor unit of currency (ISO 4217), fixed when the order is made.
        total_minor INTEGER NOT NULL CHECK (total_minor >= 0),
        currency TEXT NOT NULL,
        -- Service time (the shoot), UTC ISO.
        service_at TEXT,
        staff TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX orders_customer ON orders(customer_id, id);
      CREATE INDEX orders_state ON orders(state, service_at);
    `);
  },
};
