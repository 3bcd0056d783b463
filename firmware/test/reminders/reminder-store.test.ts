// The store's today list in SQL must say what the pure onTodayList says, for any mix of states,
// due times, dates, repeat and snoozes around a day's edges; and reconcile is idempotent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { onTodayList, studioDay, type Occurrence } from '../../src/reminders/reminder-rules.js';
import { ReminderStore } from '../../src/reminders/reminder-store.js';

function store() {
  const db = openDatabase(':memory:');
  migrate(db, migrations);
  db.prepare(`INSERT INTO customers (id, customer_no, name, stage_added_at, created_at, updated_at) VALUES (1, 'C1', 'Lan', '', '', '')`).run();
  return { db, store: new ReminderStore(db) };
}

const HOUR = 3600_000;
const BASE = Date.parse('2026-06-10T00:00:00Z');

describe('the today list in SQL agrees with onTodayList', () => {
  it('property', () => {
    const row = fc.record({
      dueH: fc.integer({ min: -72, max: 72 }),
      dateD: fc.integer({ min: -4, max: 4 }),
      repeat: fc.boolean(),
      state: fc.constantFrom('open', 'done', 'snoozed'),
      snoozeH: fc.integer({ min: -24, max: 24 }),
    });
    const { db, store: s } = store();
    fc.assert(
      fc.property(fc.array(row, { maxLength: 12 }), fc.integer({ min: 0, max: 47 }), fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York'), (rows, nowH, zone) => {
        db.prepare('DELETE FROM reminders').run();
        const now = new Date(BASE + nowH * HOUR);
        const insert = db.prepare(
          `INSERT INTO reminders (kind, subject_type, subject_id, customer_id, occurrence_date, due_at, repeat_daily, state, snoozed_until, created_at, updated_at)
           VALUES ('birthday', 'customer', ?, 1, ?, ?, ?, ?, ?, '', '')`,
        );
        const expected: number[] = [];
        rows.forEach((r, i) => {
          const dueAt = new Date(BASE + r.dueH * HOUR).toISOString();
          const occurrenceDate = new Date(BASE + r.dateD * 24 * HOUR).toISOString().slice(0, 10);
          const snoozedUntil = r.state === 'snoozed' ? new Date(now.getTime() + r.snoozeH * HOUR).toISOString() : null;
          const id = Number(insert.run(i + 1, occurrenceDate, dueAt, r.repeat ? 1 : 0, r.state, snoozedUntil).lastInsertRowid);
          if (r.state !== 'done' && onTodayList({ dueAt, occurrenceDate, repeatDaily: r.repeat, snoozedUntil }, now, zone)) expected.push(id);
        });
        const got = s.today(now.toISOString(), studioDay(now, zone), 100);
        expect(got.items.map((r) => r.id).sort((a, b) => a - b)).toEqual(expected);
        expect(got.count).toBe(expected.length);
      }),
      { numRuns: 200 },
    );
  });
});

describe('reconcile', () => {
  const occ = (over: Partial<Occurrence> = {}): Occurrence => ({
    kind: 'birthday', subjectType: 'customer', subjectId: 1, customerId: 1, occurrenceDate: '2026-06-20', dueAt: '2026-06-20T01:00:00.000Z', repeatDaily: false, sms: false, ...over,
  });
  const now = '2026-06-10T00:00:00.000Z';

  it('adds once; a second time adds nothing; a moved hour moves an open row not yet due; a row no longer planned goes', () => {
    const { db, store: s } = store();
    expect(s.reconcile([occ()], now, '2026-06-10')).toEqual({ planned: 1, added: 1, removed: 0 });
    expect(s.reconcile([occ()], now, '2026-06-10')).toEqual({ planned: 1, added: 0, removed: 0 });
    expect(s.reconcile([occ({ dueAt: '2026-06-20T07:00:00.000Z' })], now, '2026-06-10')).toEqual({ planned: 1, added: 1, removed: 0 });
    expect(db.prepare('SELECT due_at FROM reminders').pluck().all()).toEqual(['2026-06-20T07:00:00.000Z']);
    expect(s.reconcile([], now, '2026-06-10')).toEqual({ planned: 0, added: 0, removed: 1 });
    expect(db.prepare('SELECT COUNT(*) FROM reminders').pluck().get()).toBe(0);
  });

  it('a row already due, done or snoozed is left as staff saw it', () => {
    const { db, store: s } = store();
    s.reconcile([occ(), occ({ occurrenceDate: '2026-06-09', dueAt: '2026-06-09T01:00:00.000Z' })], '2026-06-01T00:00:00.000Z', '2026-06-01');
    db.prepare(`UPDATE reminders SET state = 'done' WHERE occurrence_date = '2026-06-20'`).run();
    expect(s.reconcile([occ({ dueAt: '2026-06-20T09:00:00.000Z' })], now, '2026-06-10')).toEqual({ planned: 1, added: 0, removed: 0 });
    expect(db.prepare('SELECT occurrence_date, due_at, state FROM reminders ORDER BY occurrence_date').all()).toEqual([
      { occurrence_date: '2026-06-09', due_at: '2026-06-09T01:00:00.000Z', state: 'open' },
      { occurrence_date: '2026-06-20', due_at: '2026-06-20T01:00:00.000Z', state: 'done' },
    ]);
  });
});
