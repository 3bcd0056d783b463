import type { Db } from './connection.js';

export interface Migration {
  /** 1, 2, 3… in order, never reused. */
  version: number;
  name: string;
  up(db: Db): void;
}

export class MigrationError extends Error {
  constructor(
    readonly migration: Migration,
    cause: unknown,
  ) {
    super(`migration ${migration.version} (${migration.name}) failed: ${(cause as Error).message ?? cause}`);
    this.name = 'MigrationError';
  }
}

/**
 * Applies the migrations newer than the database's schema version, each in its own
 * transaction together with its schema_version row: a migration that fails leaves the
 * database exactly as it was before that migration. Returns the resulting version.
 */
export function migrate(db: Db, migrations: readonly Migration[], now: () => Date = () => new Date()): number {
  checkOrder(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  let current = schemaVersion(db);
  const newest = migrations.at(-1)?.version ?? 0;
  if (current > newest) {
    throw new Error(`database schema version ${current} is newer than this software knows (${newest}); update the software`);
  }
  for (const m of migrations) {
    if (m.version <= current) continue;
    const apply = db.transaction(() => {
      m.up(db);
      db.prepare('INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)').run(
        m.version,
        m.name,
        now().toISOString(),
      );
    });
    try {
      apply();
    } catch (err) {
      throw new MigrationError(m, err);
    }
    current = m.version;
  }
  return current;
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS v FROM schema_version').get() as { v: number | null };
  return row.v ?? 0;
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration list out of order at ${m.name}: expected version ${i + 1}`);
  });
}
