// The order-paid migration: what each order has been paid is backfilled from the payments
// ledger, and kept by the trigger on every later line (payments and reversals); a refused
// line (the ledger's own triggers) changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describe('orders.paid_minor', () => {
  it('is backfilled from the ledger and follows every line after', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-paid-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === 'order-paid')));
      const now = '2026-11-22T08:00:00.000Z';
      db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(now, now, now);
      const order = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES (?, 1, 't', 'booked', ?, 100000, 'CNY', ?, ?)`);
      for (const no of ['A', 'B', 'C']) order.run(no, now, now, now);
      const add = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, at, created_at) VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?)`);
      add.run(1, 'payment', 30000, 'cash', null, now, now);
      add.run(1, 'payment', 20000, 'wechat', null, now, now);
      add.run(1, 'reversal', -20000, 'wechat', 2, now, now);
      add.run(2, 'payment', 100000, 'card', null, now, now);

      migrate(db, migrations);
      const paid = () => (db.prepare('SELECT paid_minor FROM orders ORDER BY id').all() as { paid_minor: number }[]).map((r) => r.paid_minor);
      expect(paid()).toEqual([30000, 100000, 0]);
      add.run(3, 'payment', 5000, 'cash', null, now, now);
      add.run(1, 'reversal', -30000, 'cash', 1, now, now);
      expect(paid()).toEqual([0, 100000, 5000]);
      // A refused line (a second reversal of the same payment) leaves the column as it was.
      expect(() => add.run(1, 'reversal', -30000, 'cash', 1, now, now)).toThrow();
      expect(paid()).toEqual([0, 100000, 5000]);
      const owing = db.prepare(`EXPLAIN QUERY PLAN SELECT id FROM orders o WHERE o.state <> 'cancelled' AND o.total_minor > o.paid_minor ORDER BY created_at, id LIMIT 5`).all() as { detail: string }[];
      expect(owing.map((r) => r.detail).join()).toContain('orders_owing');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
