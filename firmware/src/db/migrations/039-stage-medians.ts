import type { Migration } from '../migrate.js';

/**
 * The orders report's medians per stage (R1) without sorting: with the rows of one stage in
 * the order of the value, the median is one step into the index (ORDER BY … LIMIT … OFFSET),
 * instead of a window function that sorted a year's 133,000 moves and 60,000 orders
 * (382 ms for a year on a quiet machine; the target is 200 ms).
 * - moves out of a stage, by the seconds spent in it (and when, to filter the range);
 * - orders in a stage now, by when they entered it (and when made, to filter the range).
 */
export const stageMedians: Migration = {
  version: 39,
  name: 'stage-medians',
  up(db) {
    db.exec(`
      CREATE INDEX order_stage_moves_spent ON order_stage_moves(from_stage_id, seconds, at);
      CREATE INDEX orders_stage_waiting ON orders(stage_id, stage_since, created_at);
    `);
  },
};
