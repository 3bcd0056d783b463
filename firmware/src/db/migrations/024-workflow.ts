import type { Migration } from '../migrate.js';

/**
 * The configurable order workflow (O2, docs/workflow.md). Stages are the admin's; each counts
 * as one of the fixed order states (its phase, which the orders CHECK of migration 006 still
 * holds) and may put the customer in a lifecycle stage. Existing orders move to the stage of
 * their state without loss: the state, its time and every other column stay as they were; the
 * stage starts when the state did, a booked order is due at its shoot, others `due_days` after
 * the state began; cancelled orders have no stage (they get one when reopened).
 */
export const workflow: Migration = {
  version: 24,
  name: 'workflow',
  up(db) {
    db.exec(`
      CREATE TABLE workflow_stages (
        id INTEGER PRIMARY KEY,
        position INTEGER NOT NULL UNIQUE,
        -- The stage the box came with (translated by the UI while name is ''), else NULL.
        key TEXT UNIQUE,
        name TEXT NOT NULL DEFAULT '',
        post TEXT NOT NULL CHECK (post IN ('front_desk', 'photographer', 'makeup', 'retoucher', 'designer')),
        default_user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
        lifecycle TEXT CHECK (lifecycle IN ('ordered', 'shot', 'selected', 'history')),
        phase TEXT NOT NULL CHECK (phase IN ('booked', 'shot', 'selected', 'in_production', 'ready', 'delivered')),
        due_days INTEGER CHECK (due_days BETWEEN 0 AND 365),
        updated_at TEXT,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      INSERT INTO workflow_stages (position, key, post, lifecycle, phase, due_days) VALUES
        (1, 'booked', 'front_desk', 'ordered', 'booked', 7),
        (2, 'shot', 'photographer', 'shot', 'shot', 7),
        (3, 'selected', 'front_desk', 'selected', 'selected', 14),
        (4, 'sample_viewed', 'front_desk', NULL, 'selected', 3),
        (5, 'retouching', 'retoucher', NULL, 'in_production', 14),
        (6, 'ready', 'designer', NULL, 'ready', 7),
        (7, 'picked_up', 'front_desk', 'history', 'delivered', NULL);

      ALTER TABLE orders ADD COLUMN stage_id INTEGER REFERENCES workflow_stages(id) ON DELETE RESTRICT;
      ALTER TABLE orders ADD COLUMN stage_since TEXT;
      ALTER TABLE orders ADD COLUMN stage_due_at TEXT;
      ALTER TABLE orders ADD COLUMN assignee_id INTEGER REFERENCES users(id) ON DELETE SET NULL;

      UPDATE orders SET
        stage_id = (SELECT s.id FROM workflow_stages s WHERE s.key =
          CASE orders.state WHEN 'in_production' THEN 'retouching' WHEN 'delivered' THEN 'picked_up' ELSE orders.state END),
        stage_since = state_changed_at;
      UPDATE orders SET stage_due_at = CASE
          WHEN state = 'booked' AND service_at IS NOT NULL THEN service_at
          ELSE (SELECT strftime('%Y-%m-%dT%H:%M:%fZ', orders.state_changed_at, '+' || s.due_days || ' days')
                FROM workflow_stages s WHERE s.id = orders.stage_id AND s.due_days IS NOT NULL)
        END
        WHERE stage_id IS NOT NULL;

      CREATE INDEX orders_stage ON orders(stage_id, stage_due_at);
      CREATE INDEX orders_assignee ON orders(assignee_id) WHERE assignee_id IS NOT NULL;
    `);
  },
};
