import type { Migration } from '../migrate.js';

/**
 * SMS (H1, S4, S5): a durable outbox and an inbox, Gammu-SMSD style.
 *
 * Outbox: one row per message, one row per part. A part is marked `sending` (and committed,
 * synchronous=FULL) BEFORE its AT+CMGS goes out, and `sent` with the modem's message reference
 * after. A part found in `sending` at start-up may or may not have gone out: it becomes
 * `unknown` and waits for a person; it is never re-sent by itself.
 *
 * Inbox: a received PDU is inserted (keyed by the hash of its PDU, so reading it again after a
 * crash inserts nothing) before it is deleted from the SIM. A long message is one inbox row
 * whose parts arrive one by one; it is shown when complete, or after `show_after` marked
 * incomplete.
 */
export const sms: Migration = {
  version: 2,
  name: 'sms',
  up(db) {
    db.exec(`
      CREATE TABLE sms_inbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        from_number TEXT NOT NULL,
        -- The sender as E.164 when it is a phone number (alphanumeric senders: null).
        from_e164 TEXT,
        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        body TEXT NOT NULL,
        -- The centre's time stamp of the first part (UTC); null when unreadable.
        sent_at TEXT,
        received_at TEXT NOT NULL,
        -- Long messages: sender|ref|total|bits, null for a single-part message.
        concat_key TEXT,
        parts_total INTEGER NOT NULL,
        parts_received INTEGER NOT NULL,
        complete INTEGER NOT NULL CHECK (complete IN (0, 1)),
        -- When an incomplete message is shown anyway (marked incomplete).
        show_after TEXT NOT NULL,
        -- The "new message" event went out (on completion, or when show_after passed).
        announced INTEGER NOT NULL DEFAULT 0 CHECK (announced IN (0, 1)),
        -- A PDU that could not be decoded is kept, raw, with the reason.
        decode_error TEXT,
        read_at TEXT,
        read_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;
      CREATE INDEX sms_inbox_received ON sms_inbox(received_at);
      CREATE INDEX sms_inbox_customer ON sms_inbox(customer_id, received_at);
      CREATE INDEX sms_inbox_unread ON sms_inbox(read_at) WHERE read_at IS NULL;
      CREATE INDEX sms_inbox_pending ON sms_inbox(concat_key) WHERE complete = 0;

      CREATE TABLE sms_inbox_parts (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        inbox_id INTEGER NOT NULL REFERENCES sms_inbox(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        -- SHA-256 of the PDU as read: the same message read twice is stored once.
        pdu_hash TEXT NOT NULL UNIQUE,
        pdu TEXT NOT NULL,
        text TEXT NOT NULL,
        received_at TEXT NOT NULL,
        UNIQUE (inbox_id, seq)
      ) STRICT;

      CREATE TABLE sms_outbox (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        in_reply_to INTEGER REFERENCES sms_inbox(id) ON DELETE SET NULL,
        to_number TEXT NOT NULL,
        body TEXT NOT NULL,
        encoding TEXT NOT NULL CHECK (encoding IN ('gsm7', 'ucs2')),
        parts_total INTEGER NOT NULL,
        -- 8-bit concatenation reference of a long message, from sms_counters.
        concat_ref INTEGER,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'delivered', 'failed', 'unknown', 'cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        -- The modem's words, e.g. "+CMS ERROR: 38", and the number when there is one.
        error TEXT,
        error_code INTEGER,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        sent_at TEXT,
        delivered_at TEXT
      ) STRICT;
      CREATE INDEX sms_outbox_due ON sms_outbox(next_attempt_at) WHERE state = 'queued';
      CREATE INDEX sms_outbox_customer ON sms_outbox(customer_id, created_at);
      CREATE INDEX sms_outbox_created ON sms_outbox(created_at);

      CREATE TABLE sms_outbox_parts (
        outbox_id INTEGER NOT NULL REFERENCES sms_outbox(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('pending', 'sending', 'sent', 'delivered', 'failed', 'unknown')),
        -- TP-MR from "+CMGS: <mr>": what a status report names.
        mr INTEGER,
        sent_at TEXT,
        report_at TEXT,
        report_status INTEGER,
        report_text TEXT,
        PRIMARY KEY (outbox_id, seq)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX sms_outbox_parts_mr ON sms_outbox_parts(mr, sent_at) WHERE mr IS NOT NULL;
      CREATE INDEX sms_outbox_parts_sent ON sms_outbox_parts(sent_at) WHERE sent_at IS NOT NULL;

      -- Counters that must survive restarts (the concatenation reference).
      CREATE TABLE sms_counters (
        name TEXT PRIMARY KEY,
        value INTEGER NOT NULL
      ) STRICT;
    `);
  },
};
