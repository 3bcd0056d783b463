// The workflow migration (O2): a box with orders in every old state keeps every order and
// every column as it was, and each order stands in the stage of its state, since the state
// began, due at its shoot (booked) or the stage's days after; cancelled orders have no stage.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ORDER_STATES } from '../../src/api-types.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describe('orders through the workflow migration', () => {
  it('keeps every order and puts each in the stage of its state', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-wf-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === 'workflow')));
      const now = '2026-11-22T08:00:00.000Z';
      db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(now, now, now);
      const add = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, service_at, sample_at, staff, note, created_at, updated_at)
        VALUES (?, 1, ?, ?, ?, ?, 'CNY', ?, ?, 'Lan', 'n', ?, ?)`);
      ORDER_STATES.forEach((state, i) => {
        add.run(`20261122-00${i + 1}`, `order ${state}`, state, `2026-11-0${i + 1}T02:00:00.000Z`, 1000 * (i + 1), '2026-12-05T01:00:00.000Z', null, now, now);
      });
      // A booked order without a shoot time is due 7 days after it was booked.
      add.run('20261122-009', 'no shoot', 'booked', '2026-11-20T02:00:00.000Z', 5, null, '2026-12-01T01:00:00.000Z', now, now);
      const before = db.prepare('SELECT * FROM orders ORDER BY id').all() as Record<string, unknown>[];

      migrate(db, migrations);
      const after = db.prepare('SELECT * FROM orders ORDER BY id').all() as Record<string, unknown>[];
      expect(after).toHaveLength(before.length);
      // Every old column unchanged.
      after.forEach((row, i) => expect(row).toMatchObject(before[i]!));

      const stages = db.prepare('SELECT id, key FROM workflow_stages ORDER BY position').all() as { id: number; key: string }[];
      expect(stages.map((s) => s.key)).toEqual(['booked', 'shot', 'selected', 'sample_viewed', 'retouching', 'ready', 'picked_up']);
      const keyOf = (id: unknown) => stages.find((s) => s.id === id)?.key ?? null;
      const got = after.map((o) => ({ state: o.state, stage: keyOf(o.stage_id), since: o.stage_since, due: o.stage_due_at, assignee: o.assignee_id }));
      expect(got).toEqual([
        { state: 'booked', stage: 'booked', since: '2026-11-01T02:00:00.000Z', due: '2026-12-05T01:00:00.000Z', assignee: null },
        { state: 'shot', stage: 'shot', since: '2026-11-02T02:00:00.000Z', due: '2026-11-09T02:00:00.000Z', assignee: null },
        { state: 'selected', stage: 'selected', since: '2026-11-03T02:00:00.000Z', due: '2026-11-17T02:00:00.000Z', assignee: null },
        { state: 'in_production', stage: 'retouching', since: '2026-11-04T02:00:00.000Z', due: '2026-11-18T02:00:00.000Z', assignee: null },
        { state: 'ready', stage: 'ready', since: '2026-11-05T02:00:00.000Z', due: '2026-11-12T02:00:00.000Z', assignee: null },
        { state: 'delivered', stage: 'picked_up', since: '2026-11-06T02:00:00.000Z', due: null, assignee: null },
        { state: 'cancelled', stage: null, since: '2026-11-07T02:00:00.000Z', due: null, assignee: null },
        { state: 'booked', stage: 'booked', since: '2026-11-20T02:00:00.000Z', due: '2026-11-27T02:00:00.000Z', assignee: null },
      ]);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      // The old CHECK on states still holds, and a stage in use cannot be deleted.
      expect(() => db.prepare(`UPDATE orders SET state = 'lost' WHERE id = 1`).run()).toThrow(/CHECK/);
      expect(() => db.prepare(`DELETE FROM workflow_stages WHERE key = 'shot'`).run()).toThrow(/FOREIGN KEY/);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
