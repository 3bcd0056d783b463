import type { Migration } from '../migrate.js';

/**
 * Reminders at 200,000 customers (bench/reminders-bench.ts): the month view counts per day,
 * kind and state straight from an index (no table reads), and today's list reads only open
 * one-time reminders from today on, repeating ones and snoozed ones — not the one-time
 * reminders of past days, which pile up open once their day has gone.
 */
export const reminderIndexes: Migration = {
  version: 19,
  name: 'reminder-indexes',
  up(db) {
    db.exec(`
      DROP INDEX reminders_date;
      CREATE INDEX reminders_day ON reminders(occurrence_date, kind, state);
      CREATE INDEX reminders_open ON reminders(state, repeat_daily, occurrence_date, due_at);
    `);
  },
};
