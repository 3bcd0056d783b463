import type { Migration } from '../migrate.js';

/**
 * Group SMS (S3) and their send records (S5), issue 15.
 *
 * A segment is a saved filter over customers (JSON, validated by campaigns/segment-filter.ts);
 * the SQL comes from one pure builder (campaigns/segment-sql.ts), never from the text.
 *
 * A campaign keeps a copy of the filter and the text it was started with. Its recipients are
 * written in chunks, each chunk one transaction with the cursor (the last customer id looked
 * at), so a restart mid-build goes on where it stopped and writes nobody twice (PRIMARY KEY
 * campaign + customer). Each recipient's text is rendered once, when it is written. The runner
 * then hands recipients to the outbox a few at a time (so replies and care SMS are never stuck
 * behind thousands of campaign messages), each with the idempotency key
 * `campaign:<campaign>:<customer>` in the same transaction that marks the recipient queued.
 *
 * Indexes for the segment filters: stage, source, area, business type, birthday month, orders
 * by customer and time; contact records, member cards and the ledgers already have theirs.
 */
export const campaigns: Migration = {
  version: 26,
  name: 'campaigns',
  up(db) {
    db.exec(`
      CREATE TABLE segments (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        filter TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL
      ) STRICT;

      CREATE TABLE campaigns (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        segment_id INTEGER REFERENCES segments(id) ON DELETE SET NULL,
        -- The filter as it was when the campaign started (JSON).
        filter TEXT NOT NULL,
        template_id INTEGER REFERENCES sms_templates(id) ON DELETE SET NULL,
        body TEXT NOT NULL,
        language TEXT NOT NULL CHECK (language IN ('zh-CN', 'vi', 'en')),
        state TEXT NOT NULL CHECK (state IN ('building', 'running', 'paused', 'done', 'cancelled')),
        -- Not before this moment (UTC ISO): now, or the scheduled time.
        send_at TEXT NOT NULL,
        -- Building: the last customer id looked at; built = 1 when every customer was.
        build_cursor INTEGER NOT NULL DEFAULT 0,
        built INTEGER NOT NULL DEFAULT 0 CHECK (built IN (0, 1)),
        created_at TEXT NOT NULL,
        created_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        updated_at TEXT NOT NULL,
        updated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
        finished_at TEXT
      ) STRICT;
      CREATE INDEX campaigns_state ON campaigns(state, send_at);

      CREATE TABLE campaign_recipients (
        campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
        -- No foreign key: the record stays when a customer is erased.
        customer_id INTEGER NOT NULL,
        to_number TEXT,
        body TEXT,
        parts INTEGER NOT NULL DEFAULT 0,
        -- pending: waits for its turn; queued: in the outbox (outbox_id); excluded: never sent
        -- (reason: opted_out, no_phone, invalid_phone); cancelled: the campaign was cancelled first.
        state TEXT NOT NULL CHECK (state IN ('pending', 'queued', 'excluded', 'cancelled')),
        reason TEXT CHECK (reason IS NULL OR reason IN ('opted_out', 'no_phone', 'invalid_phone')),
        outbox_id INTEGER REFERENCES sms_outbox(id) ON DELETE SET NULL,
        PRIMARY KEY (campaign_id, customer_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX campaign_recipients_state ON campaign_recipients(campaign_id, state, customer_id);
      CREATE INDEX campaign_recipients_outbox ON campaign_recipients(outbox_id) WHERE outbox_id IS NOT NULL;

      ALTER TABLE sms_outbox ADD COLUMN campaign_id INTEGER REFERENCES campaigns(id) ON DELETE SET NULL;
      CREATE INDEX sms_outbox_campaign ON sms_outbox(campaign_id, state) WHERE campaign_id IS NOT NULL;
      -- The runner's "how many campaign messages wait in the outbox now".
      CREATE INDEX sms_outbox_campaign_waiting ON sms_outbox(state) WHERE campaign_id IS NOT NULL;

      CREATE INDEX customers_stage ON customers(stage);
      CREATE INDEX customers_source ON customers(source);
      CREATE INDEX customers_area ON customers(area);
      CREATE INDEX customers_business_type ON customers(business_type);
      CREATE INDEX customers_birth_month ON customers(substr(birthday, 6, 2));
      CREATE INDEX orders_customer_created ON orders(customer_id, created_at);
      CREATE INDEX contact_records_visits ON contact_records(customer_id, channel, at);
    `);
  },
};
