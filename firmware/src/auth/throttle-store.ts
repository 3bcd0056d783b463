import type { Db } from '../db/connection.js';
import type { ThrottleEntry, ThrottleKey, ThrottleStore } from './login-throttle.js';

interface Row {
  failures: number;
  locked_until: number;
  last_failure: number;
}

/**
 * Failed-login counts in the database: `studio-box reset-password`, another process, clears
 * a user name's lock by deleting its rows. Attempts being checked are not stored (they end
 * with the process that checks them).
 */
export class SqliteThrottleStore implements ThrottleStore {
  constructor(private readonly db: Db) {}

  get(k: ThrottleKey): ThrottleEntry | undefined {
    const r = this.db
      .prepare('SELECT failures, locked_until, last_failure FROM login_failures WHERE scope = ? AND username = ? AND address = ?')
      .get(k.scope, k.username, k.address) as Row | undefined;
    return r && { failures: r.failures, lockedUntil: r.locked_until, lastFailure: r.last_failure };
  }

  save(changes: [ThrottleKey, ThrottleEntry | null][]): void {
    const put = this.db.prepare(
      `INSERT INTO login_failures (scope, username, address, failures, locked_until, last_failure) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (scope, username, address) DO UPDATE SET failures = excluded.failures, locked_until = excluded.locked_until, last_failure = excluded.last_failure`,
    );
    const del = this.db.prepare('DELETE FROM login_failures WHERE scope = ? AND username = ? AND address = ?');
    this.db.transaction(() => {
      for (const [k, e] of changes) {
        if (e) put.run(k.scope, k.username, k.address, e.failures, e.lockedUntil, e.lastFailure);
        else del.run(k.scope, k.username, k.address);
      }
    })();
  }

  clearUser(username: string): void {
    this.db.prepare("DELETE FROM login_failures WHERE username = ? AND scope <> 'address'").run(username);
  }

  prune(before: number, now: number): void {
    this.db.prepare('DELETE FROM login_failures WHERE last_failure < ? AND locked_until <= ?').run(before, now);
  }
}
