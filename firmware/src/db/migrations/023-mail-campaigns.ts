import type { Migration } from '../migrate.js';

/**
 * Group e-mail (S6). A campaign keeps its subject, text and audience, and what was skipped; its
 * recipients are written with it, in one transaction, each with its text already personalised
 * and an idempotency key (campaign and customer), and one address gets one e-mail per campaign.
 * The sender takes the oldest queued recipient (partial index), marks it "sending" before it
 * asks the server, and after a restart turns a "sending" left over into "unknown", never resent.
 * request_key makes a repeated create (a double click, a retried request) the same campaign.
 */
export const mailCampaigns: Migration = {
  version: 23,
  name: 'mail-campaigns',
  up(db) {
    db.exec(`
      CREATE TABLE mail_campaigns (
        id INTEGER PRIMARY KEY,
        request_key TEXT UNIQUE,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('zh-CN', 'vi', 'en')),
        audience TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('sending', 'done', 'cancelled')),
        chosen INTEGER NOT NULL,
        skipped_no_email INTEGER NOT NULL,
        skipped_opted_out INTEGER NOT NULL,
        skipped_duplicate INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        finished_at TEXT
      ) STRICT;

      CREATE TABLE mail_recipients (
        id INTEGER PRIMARY KEY,
        campaign_id INTEGER NOT NULL REFERENCES mail_campaigns(id) ON DELETE CASCADE,
        customer_id INTEGER REFERENCES customers(id) ON DELETE SET NULL,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        idempotency_key TEXT NOT NULL UNIQUE,
        subject TEXT NOT NULL,
        body TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'unknown', 'cancelled')),
        reason TEXT,
        detail TEXT NOT NULL DEFAULT '',
        attempts INTEGER NOT NULL DEFAULT 0,
        sent_at TEXT,
        UNIQUE (campaign_id, email)
      ) STRICT;
      CREATE INDEX mail_recipients_queue ON mail_recipients(id) WHERE state IN ('queued', 'sending');
      CREATE INDEX mail_recipients_campaign ON mail_recipients(campaign_id, state);
    `);
  },
};
