import type { Migration } from '../migrate.js';

/**
 * Calls (H2): the call log. One row per incoming call on either line, written when the call
 * is first shown and updated when it is answered and when it ends. Ids are given by the call
 * service (it announces the call to the screens before the row is on disk, see
 * calls/call-service.ts), so no AUTOINCREMENT.
 *
 * "To call back" is the missed calls of known customers not yet called back: a partial index
 * keeps that list cheap however long the log grows. Calls whose outcome is `unknown` (analog
 * line: the handset may have answered) are in the log but not in that list.
 */
export const calls: Migration = {
  version: 4,
  name: 'calls',
  up(db) {
    db.exec(`
      CREATE TABLE calls (
        id INTEGER PRIMARY KEY,
        line TEXT NOT NULL CHECK (line IN ('gsm', 'analog')),
        -- As the line delivered it; null when withheld or not delivered.
        number TEXT,
        -- The E.164 form when the number is a valid one.
        e164 TEXT,
        absence TEXT CHECK (absence IN ('private', 'unavailable', 'unknown')),
        caller_name TEXT,
        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        state TEXT NOT NULL CHECK (state IN ('ringing', 'answered', 'ended')),
        outcome TEXT CHECK (outcome IN ('answered', 'missed', 'unknown')),
        started_at TEXT NOT NULL,
        answered_at TEXT,
        ended_at TEXT,
        called_back_at TEXT,
        called_back_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        CHECK ((number IS NULL) = (absence IS NOT NULL)),
        CHECK ((state = 'ended') = (outcome IS NOT NULL))
      ) STRICT;
      CREATE INDEX calls_started ON calls(started_at);
      CREATE INDEX calls_customer ON calls(customer_id, started_at);
      CREATE INDEX calls_to_call_back ON calls(customer_id, id)
        WHERE outcome = 'missed' AND customer_id IS NOT NULL AND called_back_at IS NULL;
      CREATE INDEX calls_open ON calls(state) WHERE state != 'ended';
    `);
  },
};
