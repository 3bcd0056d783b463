import type { Migration } from '../migrate.js';

// Foundation: settings, users, groups, permissions, sessions, audit log, customers.
// Times are UTC ISO-8601 text. Every record keeps created by/at and last changed by/at.
export const foundation: Migration = {
  version: 1,
  name: 'foundation',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER
      ) STRICT;

      CREATE TABLE users (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        username TEXT NOT NULL UNIQUE COLLATE NOCASE,
        display_name TEXT NOT NULL,
        password_hash TEXT NOT NULL,
        is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
        disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE groups (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE user_groups (
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        PRIMARY KEY (user_id, group_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX user_groups_group ON user_groups(group_id);

      CREATE TABLE group_permissions (
        group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
        feature TEXT NOT NULL,
        action TEXT NOT NULL,
        PRIMARY KEY (group_id, feature, action)
      ) STRICT, WITHOUT ROWID;

      -- The cookie holds a random token; only its SHA-256 is stored.
      CREATE TABLE sessions (
        token_hash TEXT PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        client TEXT NOT NULL DEFAULT ''
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sessions_user ON sessions(user_id);

      -- Append-only. user_name is kept so the log still reads after a user is deleted.
      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        at TEXT NOT NULL,
        user_id INTEGER,
        user_name TEXT,
        action TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id INTEGER,
        summary TEXT NOT NULL,
        detail TEXT
      ) STRICT;
      CREATE INDEX audit_log_entity ON audit_log(entity, id);

      CREATE TABLE customers (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        customer_no TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        gender TEXT CHECK (gender IN ('female', 'male', 'other')),
        birthday TEXT,
        address TEXT NOT NULL DEFAULT '',
        area TEXT NOT NULL DEFAULT '',
        occupation TEXT NOT NULL DEFAULT '',
        source TEXT NOT NULL DEFAULT '',
        business_type TEXT CHECK (business_type IN ('wedding', 'children', 'portrait', 'individual')),
        baby_birth_date TEXT,
        wedding_date TEXT,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        stage TEXT NOT NULL DEFAULT 'lead' CHECK (stage IN ('lead', 'ordered', 'shot', 'selected', 'history')),
        stage_added_at TEXT NOT NULL,
        stage_due_at TEXT,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX customers_updated ON customers(updated_at);

      CREATE TABLE customer_phones (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        customer_id INTEGER NOT NULL REFERENCES customers(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        e164 TEXT NOT NULL,
        label TEXT NOT NULL DEFAULT '',
        UNIQUE (customer_id, e164)
      ) STRICT;
      CREATE INDEX customer_phones_e164 ON customer_phones(e164);

      -- Substring search over folded names and phone digits (trigram index; see crm/search-text.ts).
      -- rowid = customers.id; kept in step by the customer service in the same transaction.
      CREATE VIRTUAL TABLE customer_search USING fts5(text, tokenize = 'trigram');
    `);
  },
};
