import type { Migration } from '../migrate.js';

/**
 * The workflow's stage moves as an append-only table (R1, the orders report: where orders
 * wait). Each move of an order from one stage to another (the board's, or a state changed on
 * the order page) is one row, written by the workflow service in the move's transaction: the
 * stage left (NULL: the order had none), the stage entered, when the order had entered the
 * stage it left, when it moved, and the seconds in between. Reading those from the audit log's
 * JSON took seconds for a year; the covering index makes it one index range.
 *
 * Backfilled from the audit lines of action "stage" on orders (whose detail holds the same).
 * Stage ids have no foreign key: a stage removed later (it must be empty) keeps its history.
 * Also: orders by when made with their state and stage (the report's counts, covering), and
 * payments by time with currency, amount and who took them (income per day, staff takings).
 */
export const orderStageMoves: Migration = {
  version: 37,
  name: 'order-stage-moves',
  up(db) {
    db.exec(`
      CREATE TABLE order_stage_moves (
        id INTEGER PRIMARY KEY,
        order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE RESTRICT,
        from_stage_id INTEGER,
        to_stage_id INTEGER NOT NULL,
        -- When the order entered from_stage_id, UTC ISO (NULL without one).
        since TEXT,
        at TEXT NOT NULL,
        seconds INTEGER CHECK (seconds IS NULL OR seconds >= 0)
      ) STRICT;
      CREATE TRIGGER order_stage_moves_no_update BEFORE UPDATE ON order_stage_moves
        BEGIN SELECT RAISE(ABORT, 'stage moves are append-only'); END;
      CREATE TRIGGER order_stage_moves_no_delete BEFORE DELETE ON order_stage_moves
        BEGIN SELECT RAISE(ABORT, 'stage moves are append-only'); END;

      INSERT INTO order_stage_moves (order_id, from_stage_id, to_stage_id, since, at, seconds)
        SELECT a.entity_id, a.detail ->> '$.from.stageId', a.detail ->> '$.to.stageId', a.detail ->> '$.from.since', a.at,
          CASE WHEN a.detail ->> '$.from.since' IS NULL THEN NULL
               ELSE MAX(0, CAST(round((julianday(a.at) - julianday(a.detail ->> '$.from.since')) * 86400) AS INTEGER)) END
        FROM audit_log a
        WHERE a.entity = 'order' AND a.action = 'stage' AND a.detail ->> '$.to.stageId' IS NOT NULL
          AND a.entity_id IN (SELECT id FROM orders)
        ORDER BY a.id;

      CREATE INDEX order_stage_moves_at ON order_stage_moves(at, from_stage_id, seconds);
      CREATE INDEX order_stage_moves_order ON order_stage_moves(order_id, id);
      CREATE INDEX orders_created_stage ON orders(created_at, state, stage_id, stage_since);
      CREATE INDEX payments_at_cover ON payments(at, currency, amount_minor, created_by);
    `);
  },
};
