import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/connection.js';
import { migrate, MigrationError, schemaVersion, type Migration } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

const tables = (db: ReturnType<typeof openDatabase>) =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((r) => r.name);

describe('migrations', () => {
  it('apply in order at start, once, in WAL mode', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-db-'));
    const file = join(dir, 'box.db');
    const db = openDatabase(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect(tables(db)).toEqual(expect.arrayContaining(['customers', 'customer_phones', 'users', 'groups', 'sessions', 'audit_log', 'schema_version']));
    // Again: nothing to do, nothing changes.
    expect(migrate(db, migrations)).toBe(migrations.length);
    expect((db.prepare('SELECT COUNT(*) AS n FROM schema_version').get() as { n: number }).n).toBe(migrations.length);
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a migration that fails leaves the database as it was', () => {
    const db = openDatabase(':memory:');
    const good: Migration = { version: 1, name: 'one', up: (d) => d.exec('CREATE TABLE a (x INTEGER); INSERT INTO a VALUES (1);') };
    const bad: Migration = {
      version: 2,
      name: 'two',
      up: (d) => d.exec('CREATE TABLE b (y INTEGER); UPDATE a SET x = 2; INSERT INTO nowhere VALUES (1);'),
    };
    migrate(db, [good]);
    expect(() => migrate(db, [good, bad])).toThrow(MigrationError);
    expect(() => migrate(db, [good, bad])).toThrow(/migration 2 \(two\) failed: no such table: nowhere/);
    expect(schemaVersion(db)).toBe(1);
    expect(tables(db)).not.toContain('b');
    expect(db.prepare('SELECT x FROM a').get()).toEqual({ x: 1 });
  });

  it('refuses a database newer than the software, and a misnumbered list', () => {
    const db = openDatabase(':memory:');
    const one: Migration = { version: 1, name: 'one', up: () => {} };
    const two: Migration = { version: 2, name: 'two', up: () => {} };
    migrate(db, [one, two]);
    expect(() => migrate(db, [one])).toThrow(/newer than this software/);
    expect(() => migrate(openDatabase(':memory:'), [two])).toThrow(/out of order/);
  });
});
