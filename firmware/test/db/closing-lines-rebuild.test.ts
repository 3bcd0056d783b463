// The cash book migration rebuilds the closing's lines (a cash book column in what is
// expected): the closings made before it keep every line, with a cash book of 0, and stay
// frozen.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

describe('the closing lines through the cash book migration', () => {
  it('keeps every line, frozen', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-close-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === 'cash-book')));
      db.prepare(`INSERT INTO day_closings (day, from_at, to_at, currency, reason, closed_at, closed_by, closed_by_name)
        VALUES ('2026-12-01', '2026-11-30T16:00:00.000Z', '2026-12-01T16:00:00.000Z', 'CNY', 'short', '2026-12-01T17:00:00.000Z', 1, 'Boss')`).run();
      const add = db.prepare('INSERT INTO day_closing_lines (closing_id, method, payments_minor, topups_minor, expected_minor, counted_minor, difference_minor) VALUES (1, ?, ?, ?, ?, ?, ?)');
      add.run('cash', 1000, 500, 1500, 1400, -100);
      add.run('wechat', 700, 0, 700, 700, 0);
      const before = db.prepare('SELECT * FROM day_closing_lines ORDER BY method').all();

      migrate(db, migrations);
      const after = db.prepare('SELECT * FROM day_closing_lines ORDER BY method').all() as Record<string, unknown>[];
      expect(after.map(({ cash_book_minor, ...rest }) => (expect(cash_book_minor).toBe(0), rest))).toEqual(before);
      expect(() => db.prepare('UPDATE day_closing_lines SET counted_minor = 0').run()).toThrow(/never changed/);
      expect(() => db.prepare('DELETE FROM day_closing_lines').run()).toThrow(/never changed/);
      expect(() => db.prepare("INSERT INTO day_closing_lines (closing_id, method, payments_minor, topups_minor, cash_book_minor, expected_minor, counted_minor, difference_minor) VALUES (1, 'bank', 0, 0, 5, 0, 0, 0)").run()).toThrow(/CHECK/);
      // A cash book line in the closed day is refused.
      db.prepare(`INSERT INTO money_categories (kind, name, created_at, updated_at) VALUES ('expense', 'Rent', 'x', 'x')`).run();
      expect(() => db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, at, created_at) VALUES ('expense', 1, -5, 'CNY', 'cash', '2026-12-01T03:00:00.000Z', 'x')`).run()).toThrow(/day is closed/);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
