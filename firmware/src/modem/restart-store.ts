// The module's restarts in the database (migration 16), so the status page and the fault LED
// still know them after the daemon restarts. Times are ISO UTC strings, which order as times.
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import type { RestartRecord, RestartRecords } from './restart-log.js';

export class SqliteRestartRecords implements RestartRecords {
  private readonly sql: ReturnType<typeof statementCache>;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  add(at: string, sign: string, forgetBefore: string): void {
    this.db.transaction(() => {
      this.sql('INSERT INTO modem_restarts (n, at, sign) VALUES ((SELECT COALESCE(MAX(n), 0) + 1 FROM modem_restarts), ?, ?)').run(at, sign);
      this.sql('DELETE FROM modem_restarts WHERE at < ? AND n < (SELECT MAX(n) FROM modem_restarts)').run(forgetBefore);
    })();
  }

  read(since: string): { recent: string[]; last: RestartRecord | null } {
    const recent = (this.sql('SELECT at FROM modem_restarts WHERE at > ? ORDER BY n').all(since) as { at: string }[]).map((r) => r.at);
    const last = (this.sql('SELECT n, at, sign FROM modem_restarts ORDER BY n DESC LIMIT 1').get() as RestartRecord | undefined) ?? null;
    return { recent, last };
  }
}
