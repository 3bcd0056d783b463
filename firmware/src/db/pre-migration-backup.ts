// The database is copied before any migration (issue 17 item 7): a new version that migrates
// and then misbehaves can be undone by hand even when it was not installed by install.sh (which
// keeps its own copy for its rollback). The copy is a consistent snapshot (VACUUM INTO), made
// while nothing else has the database open yet, into <dataDir>/pre-migration/, newest 3 kept.
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './connection.js';
import type { Migration } from './migrate.js';

export const PRE_MIGRATION_FOLDER = 'pre-migration';
const KEEP = 3;

/** Copies the database when `migrations` would change it; the copy's path, or null (fresh or current database). */
export function backupBeforeMigration(db: Db, migrations: readonly Migration[], dataDir: string, now: Date): string | null {
  const hasTable = db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'`).get();
  if (!hasTable) return null;
  const current = (db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null }).v ?? 0;
  const newest = migrations.at(-1)?.version ?? 0;
  if (current === 0 || current >= newest) return null;
  const dir = join(dataDir, PRE_MIGRATION_FOLDER);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `studio-box-v${String(current).padStart(3, '0')}-${now.toISOString().replace(/[:.]/g, '-')}.db`);
  db.prepare('VACUUM INTO ?').run(file);
  const fd = openSync(file, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  // Names sort by time within a version; by version first, so the newest copies are the last.
  const copies = readdirSync(dir).filter((f) => /^studio-box-v\d+-.+\.db$/.test(f)).sort();
  for (const old of copies.slice(0, Math.max(0, copies.length - KEEP))) rmSync(join(dir, old), { force: true });
  return file;
}
