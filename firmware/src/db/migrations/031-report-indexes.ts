import type { Migration } from '../migrate.js';

/**
 * Indexes the reports (R1, docs/reports.md) read a range through: customers and orders by
 * when they were made, points lines by when, and the workflow's stage moves (audit lines of
 * action "stage" on orders: how long each order waited in the stage it left) by when.
 */
export const reportIndexes: Migration = {
  version: 31,
  name: 'report-indexes',
  up(db) {
    db.exec(`
      CREATE INDEX customers_created ON customers(created_at);
      CREATE INDEX orders_created ON orders(created_at);
      CREATE INDEX points_entries_at ON points_entries(at);
      CREATE INDEX audit_log_order_stage ON audit_log(at) WHERE entity = 'order' AND action = 'stage';
    `);
  },
};
