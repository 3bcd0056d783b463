// The bills migration rebuilds the payments ledger (two more methods, the bill a line was taken
// with): a box with payments and reversals keeps every line, id and sum, and the ledger stays
// append-only with its reversal rule, now also for the new methods.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describe('the payments ledger through the bills migration', () => {
  it('keeps every line and its rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-pay-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === 'bills')));
      const now = '2026-11-22T08:00:00.000Z';
      db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(now, now, now);
      db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at)
        VALUES ('20261122-001', 1, 'Wedding', 'booked', ?, 100000, 'CNY', ?, ?)`).run(now, now, now);
      const add = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, note, at, created_at, created_by, created_by_name)
        VALUES (1, ?, ?, 'CNY', ?, ?, '', ?, ?, 1, 'Boss')`);
      add.run('payment', 30000, 'cash', null, now, now);
      add.run('payment', 20000, 'wechat', null, now, now);
      add.run('reversal', -20000, 'wechat', 2, now, now);
      const before = db.prepare('SELECT * FROM payments ORDER BY id').all();

      migrate(db, migrations);
      const after = db.prepare('SELECT * FROM payments ORDER BY id').all() as Record<string, unknown>[];
      expect(after.map(({ bill_id, ...rest }) => (expect(bill_id).toBeNull(), rest))).toEqual(before);
      expect(db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'payments'").get()).toMatchObject({ n: expect.any(Number) });

      // Still append-only; a reversal still undoes exactly one payment, once; new methods accepted.
      expect(() => db.prepare('UPDATE payments SET amount_minor = 1 WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM payments WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => add.run('reversal', -20000, 'wechat', 2, now, now)).toThrow(/UNIQUE/);
      expect(() => add.run('reversal', -29999, 'cash', 1, now, now)).toThrow(/exactly one payment/);
      add.run('payment', 500, 'stored_value', null, now, now);
      add.run('payment', 100, 'points', null, now, now);
      expect(() => add.run('payment', 100, 'bitcoin', null, now, now)).toThrow(/CHECK/);
      expect(db.prepare('SELECT SUM(amount_minor) AS s FROM payments').get()).toEqual({ s: 30600 });
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
