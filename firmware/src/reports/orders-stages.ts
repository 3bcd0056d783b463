// Orders by state and by stage (R1): where orders wait. By state: the orders made in the range
// by the state they are in now. By stage (the workflow's, in its order): the orders made in the
// range that are in it now and how long they have waited there (median days, not for the last
// stage), and the moves out of it in the range (order_stage_moves, migration 037, kept by the
// workflow service) with the median and average days spent in it. Medians in SQL: no row
// leaves SQLite.
import { ORDER_STATES, type ReportCell, type ReportColumn } from '../api-types.js';
import { COMMON_WORDS } from './common-words.js';
import { ORDER_REPORT_WORDS, STAGE_KEY_WORDS, STATE_WORDS } from './order-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

const MADE = 'created_at >= @from AND created_at < @to';
/** Per stage (sid) of the rows (sid, d) of `inner`: how many, the median d (the mean of the two middle ones) and the mean. */
const perStage = (inner: string) => `WITH x AS (${inner}),
  r AS (SELECT sid, d, ROW_NUMBER() OVER (PARTITION BY sid ORDER BY d) AS i, COUNT(*) OVER (PARTITION BY sid) AS n FROM x)
  SELECT sid, MAX(n) AS n, AVG(CASE WHEN i IN ((n + 1) / 2, (n + 2) / 2) THEN d END) AS median, AVG(d) AS mean FROM r GROUP BY sid`;
// The orders made in the range in each stage now, and how long they have waited there.
const WAITING = perStage(`SELECT stage_id AS sid, julianday(@now) - julianday(COALESCE(stage_since, @now)) AS d FROM orders WHERE ${MADE} AND stage_id IS NOT NULL`);
// The moves out of each stage in the range (order_stage_moves, migration 037: one index range).
const SPENT = perStage(`SELECT from_stage_id AS sid, seconds / 86400.0 AS d FROM order_stage_moves
  WHERE at >= @from AND at < @to AND from_stage_id IS NOT NULL AND seconds IS NOT NULL`);

interface PerStage {
  sid: number;
  n: number;
  median: number;
  mean: number;
}

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const w = ORDER_REPORT_WORDS[env.language];
  const c = COMMON_WORDS[env.language];
  const args = { from: range.from, to: range.to };
  const orders: ReportColumn = { key: 'orders', label: w.orders, kind: 'count' };
  if (range.group === 'state') {
    const n = new Map((env.sql(`SELECT state, COUNT(*) AS n FROM orders WHERE ${MADE} GROUP BY state`).all(args) as { state: string; n: number }[]).map((r) => [r.state, r.n]));
    const columns: ReportColumn[] = [{ key: 'state', label: w.state, kind: 'text' }, orders];
    const rows: ReportCell[][] = ORDER_STATES.map((s) => [STATE_WORDS[env.language][s], n.get(s) ?? 0]);
    return { columns, rows, totals: sumColumns(columns, rows, ['orders'], c.total), chart: { type: 'bar', x: 'state', series: ['orders'] } };
  }
  const stages = env.sql('SELECT id, key, name, phase FROM workflow_stages ORDER BY position').all() as { id: number; key: string | null; name: string; phase: string }[];
  const byStage = (sql: string, a: Record<string, string>) => new Map((env.sql(sql).all(a) as PerStage[]).map((r) => [r.sid, r]));
  const waiting = byStage(WAITING, { ...args, now: env.now.toISOString() });
  const spent = byStage(SPENT, args);
  const days = (key: string, label: string): ReportColumn => ({ key, label, kind: 'days' });
  const columns: ReportColumn[] = [
    { key: 'stage', label: w.stage, kind: 'text' },
    orders,
    days('waiting_days', w.waiting),
    { key: 'moves_out', label: w.left, kind: 'count' },
    days('median_days', w.median),
    days('average_days', w.average),
  ];
  const rows: ReportCell[][] = stages.map((s) => {
    const here = waiting.get(s.id);
    const out = spent.get(s.id);
    const name = s.name || (s.key ? (STAGE_KEY_WORDS[env.language][s.key] ?? s.key) : w.noStage);
    return [name, here?.n ?? 0, s.phase === 'delivered' ? null : round2(here?.median ?? null), out?.n ?? 0, round2(out?.median ?? null), round2(out?.mean ?? null)];
  });
  return { columns, rows, totals: sumColumns(columns, rows, ['orders', 'moves_out'], c.total), chart: { type: 'bar', x: 'stage', series: ['median_days', 'average_days'] } };
}

export const ordersStages: ReportDef = { name: 'orders-stages', run };
