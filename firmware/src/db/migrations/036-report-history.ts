import type { Migration } from '../migrate.js';

/**
 * History the reports (R1, docs/reports.md) cannot read back from the live tables:
 *
 * - `sms_hours`: the outbox's messages per UTC hour (`substr(created_at, 1, 13)`) and origin,
 *   purpose ('' for none) and campaign (0 for none), with their counts by state and parts, so a
 *   year of SMS sums a few thousand rows instead of every message (the SMS report and the send
 *   records). UTC hours, not studio days: the zone is a setting and may change; a studio's
 *   midnight falls on a UTC hour in every whole-hour zone, and the rest of a span (a zone such
 *   as +05:30) is read line by line (campaigns/send-records.ts). Kept by triggers in the
 *   transaction that writes, changes or deletes a message (a campaign deleted sets its
 *   messages' campaign to none: an update like any other); derived, rebuilt by the backfill
 *   (SMS_HOURS_BACKFILL), and firmware/test/reports/sms-hours.test.ts checks it against the raw
 *   outbox after random changes.
 * - `storage_samples`: once a studio day, each disk's used and free bytes and the library's
 *   stored photos (reports/storage-sampler.ts), for the disk-growth report.
 * - Indexes for ranges the reports read: contact records by when, visit plans by due day,
 *   stored photos by when.
 */
const COLUMNS = 'hour, origin, purpose, campaign_id, messages, parts, parts_sent, queued, sent, delivered, failed, unknown, cancelled';

/** The VALUES of one message (`r` is NEW or OLD) counted `sign` times (1 or -1). */
function values(r: 'NEW' | 'OLD', sign: 1 | -1): string {
  const s = sign === 1 ? '' : '-';
  const is = (cond: string) => `${s}(${cond})`;
  return `substr(${r}.created_at, 1, 13), ${r}.origin, COALESCE(${r}.purpose, ''), COALESCE(${r}.campaign_id, 0), ${s}1, ${s}${r}.parts_total,
    ${s}(CASE WHEN ${r}.state IN ('sent', 'delivered', 'unknown') THEN ${r}.parts_total ELSE 0 END), ${is(`${r}.state IN ('queued', 'sending')`)},
    ${is(`${r}.state = 'sent'`)}, ${is(`${r}.state = 'delivered'`)}, ${is(`${r}.state = 'failed'`)}, ${is(`${r}.state = 'unknown'`)}, ${is(`${r}.state = 'cancelled'`)}`;
}

const UPSERT = `ON CONFLICT (hour, origin, purpose, campaign_id) DO UPDATE SET messages = messages + excluded.messages, parts = parts + excluded.parts,
  parts_sent = parts_sent + excluded.parts_sent, queued = queued + excluded.queued, sent = sent + excluded.sent, delivered = delivered + excluded.delivered,
  failed = failed + excluded.failed, unknown = unknown + excluded.unknown, cancelled = cancelled + excluded.cancelled`;

const add = (r: 'NEW' | 'OLD', sign: 1 | -1) => `INSERT INTO sms_hours (${COLUMNS}) VALUES (${values(r, sign)}) ${UPSERT};`;
const dropEmpty = `DELETE FROM sms_hours WHERE hour = substr(OLD.created_at, 1, 13) AND origin = OLD.origin AND purpose = COALESCE(OLD.purpose, '') AND campaign_id = COALESCE(OLD.campaign_id, 0) AND messages = 0;`;

export const SMS_HOURS_BACKFILL = `
  DELETE FROM sms_hours;
  INSERT INTO sms_hours (${COLUMNS})
    SELECT substr(created_at, 1, 13), origin, COALESCE(purpose, ''), COALESCE(campaign_id, 0), COUNT(*), SUM(parts_total),
      SUM(CASE WHEN state IN ('sent', 'delivered', 'unknown') THEN parts_total ELSE 0 END), SUM(state IN ('queued', 'sending')), SUM(state = 'sent'),
      SUM(state = 'delivered'), SUM(state = 'failed'), SUM(state = 'unknown'), SUM(state = 'cancelled')
    FROM sms_outbox GROUP BY 1, 2, 3, 4;
`;

export const reportHistory: Migration = {
  version: 36,
  name: 'report-history',
  up(db) {
    db.exec(`
      CREATE TABLE sms_hours (
        hour TEXT NOT NULL,
        origin TEXT NOT NULL,
        purpose TEXT NOT NULL,
        campaign_id INTEGER NOT NULL,
        messages INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        parts_sent INTEGER NOT NULL,
        queued INTEGER NOT NULL,
        sent INTEGER NOT NULL,
        delivered INTEGER NOT NULL,
        failed INTEGER NOT NULL,
        unknown INTEGER NOT NULL,
        cancelled INTEGER NOT NULL,
        PRIMARY KEY (hour, origin, purpose, campaign_id)
      ) STRICT, WITHOUT ROWID;
      CREATE TRIGGER sms_hours_insert AFTER INSERT ON sms_outbox BEGIN ${add('NEW', 1)} END;
      CREATE TRIGGER sms_hours_delete AFTER DELETE ON sms_outbox BEGIN ${add('OLD', -1)} ${dropEmpty} END;
      CREATE TRIGGER sms_hours_update AFTER UPDATE OF created_at, origin, purpose, campaign_id, state, parts_total ON sms_outbox
        WHEN OLD.created_at IS NOT NEW.created_at OR OLD.origin IS NOT NEW.origin OR OLD.purpose IS NOT NEW.purpose OR OLD.campaign_id IS NOT NEW.campaign_id
          OR OLD.state IS NOT NEW.state OR OLD.parts_total IS NOT NEW.parts_total
        BEGIN ${add('OLD', -1)} ${add('NEW', 1)} ${dropEmpty} END;
      ${SMS_HOURS_BACKFILL}

      CREATE TABLE storage_samples (
        -- The studio's day, YYYY-MM-DD; one sample a day.
        day TEXT PRIMARY KEY CHECK (day GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]'),
        -- When it was taken, UTC ISO.
        at TEXT NOT NULL,
        -- Bytes; null when the disk was not there.
        library_used INTEGER,
        library_free INTEGER,
        backup_used INTEGER,
        backup_free INTEGER,
        -- Photos stored in the library (ingest_files) then.
        photos INTEGER NOT NULL
      ) STRICT;

      CREATE INDEX contact_records_at ON contact_records(at);
      CREATE INDEX visit_plans_due ON visit_plans(due_date);
      CREATE INDEX ingest_files_created ON ingest_files(created_at);
    `);
  },
};
