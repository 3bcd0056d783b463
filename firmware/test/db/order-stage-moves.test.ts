// The order-stage-moves migration: the workflow's stage moves are backfilled from the audit
// lines of action "stage" on orders (the seconds between entering the stage left and the move),
// and the table is append-only; the orders report's reads are index ranges.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { orderStageMoves } from '../../src/db/migrations/037-order-stage-moves.js';

describe('order_stage_moves', () => {
  it('is backfilled from the audit log and refuses changes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-moves-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations.filter((m) => m.version < orderStageMoves.version));
      const now = '2026-11-22T08:00:00.000Z';
      db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(now, now, now);
      db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES ('A', 1, 't', 'shot', ?, 100000, 'CNY', ?, ?)`).run(now, now, now);
      const audit = db.prepare(`INSERT INTO audit_log (at, user_name, action, entity, entity_id, summary, detail) VALUES (?, 'Boss', ?, ?, ?, 's', ?)`);
      const detail = (from: number | null, since: string | null, to: number) => JSON.stringify({ from: { stageId: from, state: 'booked', since }, to: { stageId: to, state: 'shot', since: now } });
      audit.run('2026-11-20T06:00:00.000Z', 'stage', 'order', 1, detail(null, null, 1));
      audit.run('2026-11-22T08:00:00.000Z', 'stage', 'order', 1, detail(1, '2026-11-20T06:00:00.000Z', 2));
      audit.run(now, 'stage', 'customer', 1, detail(1, '2026-11-20T06:00:00.000Z', 2));
      audit.run(now, 'update', 'order', 1, null);
      audit.run(now, 'stage', 'order', 99, detail(1, '2026-11-20T06:00:00.000Z', 2));

      migrate(db, migrations);
      expect(db.prepare('SELECT order_id, from_stage_id, to_stage_id, since, at, seconds FROM order_stage_moves ORDER BY id').all()).toEqual([
        { order_id: 1, from_stage_id: null, to_stage_id: 1, since: null, at: '2026-11-20T06:00:00.000Z', seconds: null },
        // Two days and two hours.
        { order_id: 1, from_stage_id: 1, to_stage_id: 2, since: '2026-11-20T06:00:00.000Z', at: now, seconds: 180_000 },
      ]);
      expect(() => db.prepare('UPDATE order_stage_moves SET seconds = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM order_stage_moves').run()).toThrow(/append-only/);
      const plan = (q: string) => (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all({ from: now, to: now }) as { detail: string }[]).map((r) => r.detail).join();
      expect(plan('SELECT from_stage_id, seconds FROM order_stage_moves WHERE at >= @from AND at < @to AND from_stage_id IS NOT NULL')).toContain('COVERING INDEX order_stage_moves_at');
      expect(plan('SELECT state, COUNT(*) FROM orders WHERE created_at >= @from AND created_at < @to GROUP BY state')).toContain('COVERING INDEX orders_created_stage');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
