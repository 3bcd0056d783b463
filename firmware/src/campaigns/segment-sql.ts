// A segment filter → parameterised SQL over `customers c` (S3). Pure: no I/O, no text from the
// filter ever lands in the SQL (every value is a parameter; lists go in as one JSON parameter
// read by json_each, so an imported list of 50,000 ids is one parameter, not 50,000).
// Each condition uses an index (migration 026 and the ones before it): stage, source, area,
// business type, birthday month are columns of customers; visits, orders, cards and ledgers are
// EXISTS / sums over the customer's rows by their customer or card index. Tags live in a JSON
// column and are the one scan (json_each over each candidate's own tags).
import type { DaysRange, IntRange, SegmentFilter } from '../api-types.js';

export type SqlParam = string | number;

export interface SegmentWhere {
  /** A condition on `c` (customers), "1" for an empty filter. */
  where: string;
  params: SqlParam[];
}

const DAY_MS = 86_400_000;
const json = (values: readonly (string | number)[]) => JSON.stringify(values);

/** The points on a customer's active cards together (no card: 0). */
export const POINTS_SQL = `(SELECT COALESCE(SUM(p.delta), 0) FROM member_cards mc JOIN points_entries p ON p.card_id = mc.id WHERE mc.customer_id = c.id AND mc.state = 'active')`;
/** The stored value on a customer's active cards together, minor units (no card: 0). */
export const BALANCE_SQL = `(SELECT COALESCE(SUM(s.amount_minor), 0) FROM member_cards mc JOIN stored_value_entries s ON s.card_id = mc.id WHERE mc.customer_id = c.id AND mc.state = 'active')`;
const VISIT_SINCE = `EXISTS (SELECT 1 FROM contact_records v WHERE v.customer_id = c.id AND v.channel = 'visit' AND v.at >= ?)`;
const ORDER_SINCE = `EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id AND o.state <> 'cancelled' AND o.created_at >= ?)`;

export function segmentWhere(f: SegmentFilter, now: Date): SegmentWhere {
  const parts: string[] = [];
  const params: SqlParam[] = [];
  const add = (sql: string, ...p: SqlParam[]) => {
    parts.push(sql);
    params.push(...p);
  };
  const inList = (column: string, values: readonly SqlParam[]) => add(`${column} IN (${values.map(() => '?').join(', ')})`, ...values);
  const cutoff = (days: number) => new Date(now.getTime() - days * DAY_MS).toISOString();
  const since = (exists: string, r: DaysRange) => {
    // Older than N days: nothing in the last N days (never counts). Within N days: something.
    if (r.olderThanDays !== undefined) add(`NOT ${exists}`, cutoff(r.olderThanDays));
    if (r.withinDays !== undefined) add(exists, cutoff(r.withinDays));
  };
  const range = (expr: string, r: IntRange) => {
    if (r.min !== undefined && r.max !== undefined) add(`${expr} BETWEEN ? AND ?`, r.min, r.max);
    else if (r.min !== undefined) add(`${expr} >= ?`, r.min);
    else if (r.max !== undefined) add(`${expr} <= ?`, r.max);
  };

  if (f.customerIds) add(`c.id IN (SELECT value FROM json_each(?))`, json(f.customerIds));
  if (f.stages) inList('c.stage', f.stages);
  if (f.sources) inList('c.source', f.sources);
  if (f.areas) inList('c.area', f.areas);
  if (f.businessTypes) inList('c.business_type', f.businessTypes);
  if (f.birthdayMonths) inList('substr(c.birthday, 6, 2)', f.birthdayMonths.map((m) => String(m).padStart(2, '0')));
  if (f.tags) add(`EXISTS (SELECT 1 FROM json_each(c.tags) t WHERE t.value IN (SELECT value FROM json_each(?)))`, json(f.tags));
  if (f.cardTypeIds) add(`EXISTS (SELECT 1 FROM member_cards k WHERE k.customer_id = c.id AND k.state = 'active' AND k.type_id IN (SELECT value FROM json_each(?)))`, json(f.cardTypeIds));
  if (f.lastVisit) since(VISIT_SINCE, f.lastVisit);
  if (f.lastOrder) since(ORDER_SINCE, f.lastOrder);
  if (f.points) range(POINTS_SQL, f.points);
  if (f.balanceMinor) range(BALANCE_SQL, f.balanceMinor);
  if (f.notOptedOut) add(`NOT EXISTS (SELECT 1 FROM sms_opt_outs x WHERE x.customer_id = c.id)`);
  return { where: parts.length ? parts.join(' AND ') : '1', params };
}

/** The first phone of the customer (E.164), as a column. */
export const FIRST_PHONE_SQL = `(SELECT e164 FROM customer_phones ph WHERE ph.customer_id = c.id ORDER BY ph.position, ph.id LIMIT 1)`;

/** Whether the customer opted out of marketing SMS, as a column (0/1). */
export const OPTED_OUT_SQL = `EXISTS (SELECT 1 FROM sms_opt_outs x WHERE x.customer_id = c.id)`;

/** SELECT COUNT(*) for the segment. */
export function segmentCountSql(f: SegmentFilter, now: Date): { sql: string; params: SqlParam[] } {
  const w = segmentWhere(f, now);
  return { sql: `SELECT COUNT(*) AS n FROM customers c WHERE ${w.where}`, params: w.params };
}

/** The segment's customer ids, in id order, at most `limit` (an export). */
export function segmentIdsSql(f: SegmentFilter, now: Date, limit: number): { sql: string; params: SqlParam[] } {
  const w = segmentWhere(f, now);
  return { sql: `SELECT c.id FROM customers c WHERE ${w.where} ORDER BY c.id LIMIT ?`, params: [...w.params, limit] };
}

/**
 * One page of the segment in customer id order, after `afterId`: id, customer_no, name, gender,
 * phone (first, E.164 or null), opted_out (0/1).
 */
export function segmentPageSql(f: SegmentFilter, now: Date, afterId: number, limit: number): { sql: string; params: SqlParam[] } {
  const w = segmentWhere(f, now);
  return {
    sql: `SELECT c.id, c.customer_no, c.name, c.gender, ${FIRST_PHONE_SQL} AS phone, ${OPTED_OUT_SQL} AS opted_out
      FROM customers c WHERE c.id > ? AND (${w.where}) ORDER BY c.id LIMIT ?`,
    params: [afterId, ...w.params, limit],
  };
}

/** Every customer of the segment with their e-mail, in id order: id, name, email, opted_out (0/1). */
export function segmentMailSql(f: SegmentFilter, now: Date): { sql: string; params: SqlParam[] } {
  const w = segmentWhere(f, now);
  return { sql: `SELECT c.id, c.name, c.email, ${OPTED_OUT_SQL} AS opted_out FROM customers c WHERE ${w.where} ORDER BY c.id`, params: w.params };
}
