// Send records over all SMS (S5): per studio-local day and origin (manual, template, automatic,
// reminder, campaign), the messages, their parts and their states. The days are cut at the
// studio's own midnights (util/local-time.ts, right across DST), passed to SQLite as one JSON
// list of [day, from, to) and joined on the outbox's created_at index. The SMS report (R1,
// reports/sms-sent.ts) counts the same way over its own spans, by purpose or campaign.
import type { Statement } from 'better-sqlite3';
import type { SendRecordDay } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { addDays, atLocalTime, formatIsoDate, localDate } from '../util/local-time.js';

/** What the messages are counted by besides the span: origin, purpose (else origin), campaign id, or nothing. */
export type SendCountKey = 'origin' | 'purpose' | 'campaign' | 'none';

const KEY_SQL: Record<SendCountKey, string> = { origin: 'o.origin', purpose: 'COALESCE(o.purpose, o.origin)', campaign: 'o.campaign_id', none: 'NULL' };

/** One span's (and key's) messages by state; `parts_sent`: the parts of those that left the modem. */
export interface SendCounts extends Omit<SendRecordDay, 'day' | 'origin'> {
  span: string;
  key: string | number | null;
  partsSent: number;
}

/**
 * The outbox's messages created in each span [from, to) (`spans`: [name, from, to] in order),
 * counted by `by`; spans come back in the order given, keys in their natural order. Campaign:
 * only messages of a campaign.
 */
export function sendCounts(sql: (text: string) => Statement, spans: [string, string, string][], by: SendCountKey): SendCounts[] {
  const key = KEY_SQL[by];
  return sql(
    `WITH d AS (SELECT key AS n, json_extract(value, '$[0]') AS span, json_extract(value, '$[1]') AS s, json_extract(value, '$[2]') AS e FROM json_each(?))
     SELECT d.span, ${key} AS key, COUNT(*) AS messages, SUM(o.parts_total) AS parts,
       SUM(CASE WHEN o.state IN ('sent', 'delivered', 'unknown') THEN o.parts_total ELSE 0 END) AS partsSent,
       SUM(o.state IN ('queued', 'sending')) AS queued, SUM(o.state = 'sent') AS sent, SUM(o.state = 'delivered') AS delivered,
       SUM(o.state = 'failed') AS failed, SUM(o.state = 'unknown') AS unknown, SUM(o.state = 'cancelled') AS cancelled
     FROM d JOIN sms_outbox o ON o.created_at >= d.s AND o.created_at < d.e${by === 'campaign' ? ' AND o.campaign_id IS NOT NULL' : ''}
     GROUP BY d.n, ${key} ORDER BY d.n, ${key}`,
  ).all(JSON.stringify(spans)) as SendCounts[];
}

export function sendRecordDays(db: Db, now: Date, timeZone: string, days: number): SendRecordDay[] {
  const today = localDate(now, timeZone);
  const spans: [string, string, string][] = [];
  for (let i = 0; i < days; i++) {
    const d = addDays(today, -i);
    spans.push([formatIsoDate(d), atLocalTime(d, 0, 0, timeZone).toISOString(), atLocalTime(addDays(d, 1), 0, 0, timeZone).toISOString()]);
  }
  return sendCounts((t) => db.prepare(t), spans, 'origin').map(({ span, key, partsSent: _, ...counts }) => ({ day: span, origin: key as string, ...counts }));
}
