import type { Migration } from '../migrate.js';

/**
 * The rest of C3. Referrals: who brought the customer (old-for-new), on the customer, kept
 * (SET NULL) if the referrer is deleted; the partial index answers "whom did they bring" and the
 * count per referrer. Visit plans: a follow-up for a staff member, due on a studio day; the
 * partial index serves each staff member's due and overdue list, the other a customer's plans.
 * Done, a plan keeps the contact record it became. Feedback: satisfaction 1-5 per order or visit,
 * or a complaint with its resolution; the indexes serve a customer's list, the list over a period
 * with its averages, and the open complaints.
 */
export const followups: Migration = {
  version: 22,
  name: 'followups',
  up(db) {
    db.exec(`
      ALTER TABLE customers ADD COLUMN referred_by INTEGER REFERENCES customers(id) ON DELETE SET NULL;
      ALTER TABLE customers ADD COLUMN referred_at TEXT;
      CREATE INDEX customers_referred_by ON customers(referred_by, referred_at) WHERE referred_by IS NOT NULL;

      CREATE TABLE visit_plans (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        -- The studio's day, YYYY-MM-DD.
        due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        staff_id INTEGER NOT NULL REFERENCES users(id),
        purpose TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 500),
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'done', 'cancelled')),
        closed_at TEXT,
        closed_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        contact_id INTEGER REFERENCES contact_records(id) ON DELETE SET NULL,
        cancel_reason TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        CHECK ((state = 'open') = (closed_at IS NULL))
      ) STRICT;
      CREATE INDEX visit_plans_open ON visit_plans(staff_id, due_date) WHERE state = 'open';
      CREATE INDEX visit_plans_open_due ON visit_plans(due_date) WHERE state = 'open';
      CREATE INDEX visit_plans_customer ON visit_plans(customer_id, due_date);

      CREATE TABLE feedback (
        id INTEGER PRIMARY KEY,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        order_id INTEGER REFERENCES orders(id) ON DELETE SET NULL,
        visit_plan_id INTEGER REFERENCES visit_plans(id) ON DELETE SET NULL,
        kind TEXT NOT NULL CHECK (kind IN ('feedback', 'complaint')),
        score INTEGER NOT NULL CHECK (score BETWEEN 1 AND 5),
        comment TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('open', 'resolved')),
        resolution TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX feedback_customer ON feedback(customer_id, at);
      CREATE INDEX feedback_at ON feedback(at);
      CREATE INDEX feedback_open ON feedback(at) WHERE state = 'open';
    `);
  },
};
