// The stored-value-transfers migration rebuilds the stored value ledger (two more kinds, the
// transfer_of link): a box with top-ups, bonuses and reversals keeps every line, id and sum,
// its day totals, and every rule of the ledger (append-only, reversals, never below zero).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { storedValueTransfers } from '../../src/db/migrations/034-stored-value-transfers.js';

describe('the stored value ledger through the transfers migration', () => {
  it('keeps every line, its day totals and its rules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-svt-'));
    const db = openDatabase(join(dir, 'box.db'));
    try {
      migrate(db, migrations.filter((m) => m.version < storedValueTransfers.version));
      const now = '2026-11-22T08:00:00.000Z';
      db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(now, now, now);
      db.prepare(`INSERT INTO member_card_types (name, created_at, updated_at) VALUES ('Gold', ?, ?)`).run(now, now);
      db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES ('M000001', 1, 1, 'active', ?, ?, ?)`).run(now, now, now);
      const add = db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, topup_id, reverses, at) VALUES (1, ?, ?, 'CNY', ?, ?, ?, ?)`);
      add.run('topup', 100000, 'cash', null, null, now);
      add.run('bonus', 10000, null, 1, null, now);
      add.run('topup', 5000, 'wechat', null, null, now);
      add.run('reversal', -5000, null, null, 3, now);
      const before = db.prepare('SELECT * FROM stored_value_entries ORDER BY id').all();
      const days = db.prepare('SELECT * FROM ledger_days ORDER BY source, method').all();
      const triggers = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'stored_value_entries' ORDER BY name").pluck().all();
      const kept = triggers();

      migrate(db, migrations);
      const after = db.prepare('SELECT * FROM stored_value_entries ORDER BY id').all() as Record<string, unknown>[];
      expect(after.map(({ transfer_of, ...rest }) => (expect(transfer_of).toBeNull(), rest))).toEqual(before);
      expect(triggers()).toEqual([...kept, 'stored_value_transfer_matches'].sort());
      expect(db.prepare('SELECT shares_stored_value FROM member_card_types').pluck().get()).toBe(0);

      expect(() => db.prepare('UPDATE stored_value_entries SET amount_minor = 1 WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => db.prepare('DELETE FROM stored_value_entries WHERE id = 1').run()).toThrow(/append-only/);
      expect(() => add.run('reversal', -5000, null, null, 3, now)).toThrow(/UNIQUE/);
      expect(() => add.run('reversal', -1, null, null, 1, now)).toThrow(/exactly/);
      expect(() => add.run('reversal', -200000, null, null, 1, now)).toThrow(/exactly|below zero/);
      add.run('topup', 700, 'alipay', null, null, now);
      expect(db.prepare('SELECT * FROM ledger_days ORDER BY source, method').all()).toEqual([
        ...days.slice(0, 1),
        { source: 'topup', currency: 'CNY', day: '2026-11-22', method: 'alipay', category_id: 0, user_id: 0, user_name: '', lines: 1, in_minor: 700, out_minor: 0, gross_minor: 0, discount_minor: 0 },
        ...days.slice(1),
      ].sort((a, b) => String((a as { method: string }).method).localeCompare((b as { method: string }).method)));
      expect(db.prepare('SELECT SUM(amount_minor) FROM stored_value_entries').pluck().get()).toBe(110700);
      expect(db.pragma('foreign_key_check')).toEqual([]);
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
