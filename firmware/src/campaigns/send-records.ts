// Send records over all SMS (S5): per studio-local day and origin (manual, template, automatic,
// reminder, campaign), the messages, their parts and their states. The days are cut at the
// studio's own midnights (util/local-time.ts, right across DST), passed to SQLite as one JSON
// list of [day, from, to) and joined on the outbox's created_at index.
import type { SendRecordDay } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { addDays, atLocalTime, formatIsoDate, localDate } from '../util/local-time.js';

export function sendRecordDays(db: Db, now: Date, timeZone: string, days: number): SendRecordDay[] {
  const today = localDate(now, timeZone);
  const spans: [string, string, string][] = [];
  for (let i = days - 1; i >= 0; i--) {
    const d = addDays(today, -i);
    spans.push([formatIsoDate(d), atLocalTime(d, 0, 0, timeZone).toISOString(), atLocalTime(addDays(d, 1), 0, 0, timeZone).toISOString()]);
  }
  const rows = db
    .prepare(
      `WITH d AS (SELECT json_extract(value, '$[0]') AS day, json_extract(value, '$[1]') AS s, json_extract(value, '$[2]') AS e FROM json_each(?))
       SELECT d.day, o.origin, COUNT(*) AS messages, SUM(o.parts_total) AS parts,
         SUM(o.state IN ('queued', 'sending')) AS queued, SUM(o.state = 'sent') AS sent, SUM(o.state = 'delivered') AS delivered,
         SUM(o.state = 'failed') AS failed, SUM(o.state = 'unknown') AS unknown, SUM(o.state = 'cancelled') AS cancelled
       FROM d JOIN sms_outbox o ON o.created_at >= d.s AND o.created_at < d.e
       GROUP BY d.day, o.origin ORDER BY d.day DESC, o.origin`,
    )
    .all(JSON.stringify(spans)) as SendRecordDay[];
  return rows;
}
