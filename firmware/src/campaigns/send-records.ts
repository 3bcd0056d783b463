// Send records over all SMS (S5): per studio-local day and origin (manual, template, automatic,
// reminder, campaign), the messages, their parts and their states. The days are cut at the
// studio's own midnights (util/local-time.ts, right across DST), passed to SQLite as one JSON
// list of [day, from, to) and read from the per-hour counts (sms_hours). The SMS report (R1,
// reports/sms-sent.ts) counts the same way over its own spans, by purpose or campaign.
import type { Statement } from 'better-sqlite3';
import type { SendRecordDay } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { addDays, atLocalTime, formatIsoDate, localDate } from '../util/local-time.js';

/** What the messages are counted by besides the span: origin, purpose (else origin), campaign id, or nothing. */
export type SendCountKey = 'origin' | 'purpose' | 'campaign' | 'none';

const LINE_KEY: Record<SendCountKey, string> = { origin: 'o.origin', purpose: 'COALESCE(o.purpose, o.origin)', campaign: 'o.campaign_id', none: 'NULL' };
const HOUR_KEY: Record<SendCountKey, string> = { origin: 'h.origin', purpose: "CASE h.purpose WHEN '' THEN h.origin ELSE h.purpose END", campaign: 'h.campaign_id', none: 'NULL' };
const COUNTS = ['messages', 'parts', 'partsSent', 'queued', 'sent', 'delivered', 'failed', 'unknown', 'cancelled'] as const;
const HOUR_MS = 3_600_000;
const SPANS = `d AS (SELECT json_extract(value, '$[0]') AS n, json_extract(value, '$[1]') AS s, json_extract(value, '$[2]') AS e FROM json_each(?))`;

/** One span's (and key's) messages by state; `partsSent`: the parts of those that left the modem. */
export interface SendCounts extends Omit<SendRecordDay, 'day' | 'origin'> {
  span: string;
  key: string | number | null;
  partsSent: number;
}

type Row = Omit<SendCounts, 'span'> & { n: number };

/**
 * The outbox's messages created in each span [from, to) (`spans`: [name, from, to] as UTC
 * ISO, in order), counted by `by`; spans come back in the order given (empty ones left out),
 * keys in order within each. Campaign: only messages of a campaign. Whole UTC hours are summed
 * from sms_hours (migration 036); a span's part before its first or after its last whole hour
 * (only in a zone off the hour) is counted line by line.
 */
export function sendCounts(sql: (text: string) => Statement, spans: [string, string, string][], by: SendCountKey): SendCounts[] {
  const hours: [number, string, string][] = [];
  const edges: [number, string, string][] = [];
  spans.forEach(([, s, e], n) => {
    const a = Date.parse(s);
    const b = Date.parse(e);
    const ha = Math.ceil(a / HOUR_MS) * HOUR_MS;
    const hb = Math.floor(b / HOUR_MS) * HOUR_MS;
    if (ha >= hb) {
      edges.push([n, s, e]);
      return;
    }
    hours.push([n, new Date(ha).toISOString().slice(0, 13), new Date(hb).toISOString().slice(0, 13)]);
    if (a < ha) edges.push([n, s, new Date(ha).toISOString()]);
    if (hb < b) edges.push([n, new Date(hb).toISOString(), e]);
  });
  const campaignOnly = by === 'campaign';
  const rows: Row[] = [];
  if (hours.length) {
    rows.push(
      ...(sql(
        `WITH ${SPANS} SELECT d.n, ${HOUR_KEY[by]} AS key, ${COUNTS.map((c) => `SUM(h.${c === 'partsSent' ? 'parts_sent' : c}) AS ${c}`).join(', ')}
         FROM d JOIN sms_hours h ON h.hour >= d.s AND h.hour < d.e${campaignOnly ? ' AND h.campaign_id <> 0' : ''} GROUP BY d.n, key`,
      ).all(JSON.stringify(hours)) as Row[]),
    );
  }
  if (edges.length) {
    rows.push(
      ...(sql(
        `WITH ${SPANS} SELECT d.n, ${LINE_KEY[by]} AS key, COUNT(*) AS messages, SUM(o.parts_total) AS parts,
           SUM(CASE WHEN o.state IN ('sent', 'delivered', 'unknown') THEN o.parts_total ELSE 0 END) AS partsSent,
           SUM(o.state IN ('queued', 'sending')) AS queued, SUM(o.state = 'sent') AS sent, SUM(o.state = 'delivered') AS delivered,
           SUM(o.state = 'failed') AS failed, SUM(o.state = 'unknown') AS unknown, SUM(o.state = 'cancelled') AS cancelled
         FROM d JOIN sms_outbox o ON o.created_at >= d.s AND o.created_at < d.e${campaignOnly ? ' AND o.campaign_id IS NOT NULL' : ''} GROUP BY d.n, key`,
      ).all(JSON.stringify(edges)) as Row[]),
    );
  }
  const merged = new Map<string, Row>();
  for (const r of rows) {
    const id = `${r.n}\u0000${r.key}`;
    const m = merged.get(id);
    if (!m) merged.set(id, { ...r });
    else for (const c of COUNTS) m[c] += r[c];
  }
  return [...merged.values()]
    .filter((r) => r.messages > 0)
    .sort((a, b) => a.n - b.n || compareKeys(a.key, b.key))
    .map(({ n, ...r }) => ({ span: spans[n]![0], ...r }));
}

function compareKeys(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
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
