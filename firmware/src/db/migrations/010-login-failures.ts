import type { Migration } from '../migrate.js';

/**
 * Failed logins, so that the lock on a user name can be cleared by `studio-box reset-password`
 * (another process than the daemon) and survives a restart. A per-user count never locks out
 * a clean address (auth/login-throttle.ts), so keeping it cannot be turned into a lock-out.
 * Times are ms since the epoch (compared, never shown).
 */
export const loginFailures: Migration = {
  version: 10,
  name: 'login failures',
  up(db) {
    db.exec(`
      CREATE TABLE login_failures (
        scope TEXT NOT NULL CHECK (scope IN ('pair', 'address', 'user')),
        username TEXT NOT NULL,
        address TEXT NOT NULL,
        failures INTEGER NOT NULL CHECK (failures >= 0),
        locked_until INTEGER NOT NULL,
        last_failure INTEGER NOT NULL,
        PRIMARY KEY (scope, username, address)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX login_failures_user ON login_failures(username);
      CREATE INDEX login_failures_last ON login_failures(last_failure);
    `);
  },
};
