import type { Migration } from '../migrate.js';

/**
 * The GSM module's restarts by itself (issue 13.3: on a Pi, its supply sagging in a transmit
 * burst), so that "the modem restarted 3 times today" and the fault LED outlive a restart of
 * the daemon. `n` numbers them since the box began counting: the newest row's `n` is the total,
 * so rows older than 30 days can go (modem/restart-log.ts) while the newest always stays.
 */
export const modemRestarts: Migration = {
  version: 16,
  name: 'modem restarts',
  up(db) {
    db.exec(`
      CREATE TABLE modem_restarts (
        n INTEGER PRIMARY KEY CHECK (n >= 1),
        at TEXT NOT NULL,
        sign TEXT NOT NULL
      ) STRICT;
    `);
  },
};
