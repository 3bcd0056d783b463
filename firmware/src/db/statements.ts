import type { Statement } from 'better-sqlite3';
import type { Db } from './connection.js';

/**
 * Compiling SQL costs more than running a small query; better-sqlite3 does not cache
 * statements, so services keep theirs here, keyed by text. The key space is bounded by the
 * code's own SQL (IN lists vary only in length, up to the page size).
 */
export function statementCache(db: Db): (sql: string) => Statement {
  const cache = new Map<string, Statement>();
  return (sql) => {
    let s = cache.get(sql);
    if (!s) cache.set(sql, (s = db.prepare(sql)));
    return s;
  };
}
