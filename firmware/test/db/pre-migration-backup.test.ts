// The database is copied before a migration changes it (issue 17 item 7), and only then.
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate, schemaVersion } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { backupBeforeMigration, PRE_MIGRATION_FOLDER } from '../../src/db/pre-migration-backup.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-premig-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const older = migrations.slice(0, -1);
const newest = migrations.at(-1)!.version;
const previous = older.at(-1)!.version;

function boxAt(list: typeof migrations) {
  const dir = mkdtempSync(join(scratch, 'box-'));
  const db = openDatabase(join(dir, 'studio-box.db'));
  migrate(db, list);
  db.prepare(`INSERT INTO settings (key, value, updated_at) VALUES ('marker', 'kept', '2026-12-02T00:00:00.000Z')`).run();
  return { dir, db };
}

describe('backupBeforeMigration', () => {
  it('copies a database that the migrations would change, as it was, and the migration then runs', () => {
    const { dir, db } = boxAt(older);
    const copy = backupBeforeMigration(db, migrations, dir, new Date('2026-12-02T10:00:00Z'))!;
    expect(copy).toContain(join(dir, PRE_MIGRATION_FOLDER));
    expect(migrate(db, migrations)).toBe(newest);
    db.close();
    const saved = new Database(copy, { readonly: true });
    expect(schemaVersion(saved)).toBe(previous);
    expect(saved.prepare(`SELECT value FROM settings WHERE key = 'marker'`).get()).toEqual({ value: 'kept' });
    expect(saved.pragma('integrity_check', { simple: true })).toBe('ok');
    saved.close();
  });

  it('copies nothing for a fresh database or one already current', () => {
    const fresh = mkdtempSync(join(scratch, 'fresh-'));
    const db0 = openDatabase(join(fresh, 'studio-box.db'));
    expect(backupBeforeMigration(db0, migrations, fresh, new Date())).toBeNull();
    migrate(db0, migrations);
    expect(backupBeforeMigration(db0, migrations, fresh, new Date())).toBeNull();
    db0.close();
    expect(existsSync(join(fresh, PRE_MIGRATION_FOLDER))).toBe(false);
  });

  it('keeps the newest three copies', () => {
    const { dir, db } = boxAt(older);
    const made = [1, 2, 3, 4, 5].map((h) => backupBeforeMigration(db, migrations, dir, new Date(Date.UTC(2026, 11, 2, h)))!);
    db.close();
    expect(readdirSync(join(dir, PRE_MIGRATION_FOLDER)).sort()).toEqual(made.slice(2).map((f) => f.split('/').at(-1)));
  });
});
