import type { Migration } from '../migrate.js';

/**
 * SMS that the box sends by itself (S1, S2, C4 reminders, quiet hours, opt-out; issue 14).
 *
 * Outbox rows say where they came from (`origin`) and what for (`purpose`: a reminder kind or an
 * automatic message's name), so the send records can be grouped. A message the box queues by
 * itself carries an idempotency key (rule, subject, occurrence) under a UNIQUE index, written in
 * the same transaction as the row: a run repeated after a crash or a restart queues nothing twice.
 * Manual sends have no key (null: the index ignores them).
 *
 * Templates: the studio's own texts per purpose and language; the shipped defaults live in code
 * (care/default-templates.ts) and are used when the studio has none.
 *
 * Opt-out: a customer who replied TD / 退订 / STOP / HUY (or whom staff marked) gets no marketing
 * or reminder SMS; one row per opted-out customer, removed when staff reverse it.
 */
export const careSms: Migration = {
  version: 12,
  name: 'care sms',
  up(db) {
    db.exec(`
      CREATE TABLE sms_templates (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        name TEXT NOT NULL,
        purpose TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('zh-CN', 'vi', 'en')),
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX sms_templates_purpose ON sms_templates(purpose, language);

      ALTER TABLE sms_outbox ADD COLUMN origin TEXT NOT NULL DEFAULT 'manual'
        CHECK (origin IN ('manual', 'template', 'automatic', 'reminder', 'campaign'));
      ALTER TABLE sms_outbox ADD COLUMN purpose TEXT;
      ALTER TABLE sms_outbox ADD COLUMN template_id INTEGER REFERENCES sms_templates(id) ON DELETE SET NULL;
      ALTER TABLE sms_outbox ADD COLUMN idempotency_key TEXT;
      CREATE UNIQUE INDEX sms_outbox_idempotency ON sms_outbox(idempotency_key) WHERE idempotency_key IS NOT NULL;
      CREATE INDEX sms_outbox_purpose ON sms_outbox(origin, purpose, created_at);

      CREATE TABLE sms_opt_outs (
        customer_id INTEGER PRIMARY KEY REFERENCES customers(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        -- 'sms': the customer replied a stop word (inbox_id names the reply); 'staff': marked by hand.
        via TEXT NOT NULL CHECK (via IN ('sms', 'staff')),
        inbox_id INTEGER REFERENCES sms_inbox(id) ON DELETE SET NULL,
        by_user INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
    `);
  },
};
