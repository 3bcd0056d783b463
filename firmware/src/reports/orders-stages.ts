// Orders by state and by stage (R1): where orders wait. By state: the orders made in the range
// by the state they are in now. By stage (the workflow's, in its order): the orders made in the
// range that are in it now and how long they have waited there (median days, not for the last
// stage), and the moves out of it in the range (order_stage_moves, migration 037, kept by the
// workflow service) with the median and average days spent in it. A median is one step into
// an index (migration 039): no sort, and no row leaves SQLite but the middle ones.
import { ORDER_STATES, type ReportCell, type ReportColumn } from '../api-types.js';
import { COMMON_WORDS } from './common-words.js';
import { ORDER_REPORT_WORDS, STAGE_KEY_WORDS, STATE_WORDS } from './order-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

const MADE = 'created_at >= @from AND created_at < @to';

interface PerStage {
  n: number;
  median: number | null;
  mean: number | null;
}

/** The 0-based positions whose mean is the median of n sorted values. */
const middle = (n: number): number[] => (n % 2 ? [(n - 1) / 2] : [n / 2 - 1, n / 2]);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

// Medians without sorting (migration 039): the rows of one stage in the order of the value are
// an index range, so the median is one OFFSET into it, not a window over a year of rows.

/** The moves out of each stage in the range, with the days spent in it (order_stage_moves, migration 037). */
function spentPerStage(env: ReportEnv, args: { from: string; to: string }): Map<number, PerStage> {
  const groups = env.sql(`SELECT from_stage_id AS sid, COUNT(*) AS n, AVG(seconds) AS mean FROM order_stage_moves
    WHERE from_stage_id IS NOT NULL AND seconds IS NOT NULL AND at >= @from AND at < @to GROUP BY from_stage_id`).all(args) as { sid: number; n: number; mean: number }[];
  const nth = env.sql(`SELECT seconds FROM order_stage_moves INDEXED BY order_stage_moves_spent
    WHERE from_stage_id = @sid AND seconds IS NOT NULL AND at >= @from AND at < @to ORDER BY seconds LIMIT 1 OFFSET @off`);
  const days = (seconds: number) => seconds / 86400;
  return new Map(groups.map((g) => {
    const at = middle(g.n).map((off) => (nth.get({ ...args, sid: g.sid, off }) as { seconds: number }).seconds);
    return [g.sid, { n: g.n, median: days(mean(at)), mean: days(g.mean) }];
  }));
}

/**
 * The orders made in the range in each stage now, and the median of how long they have waited
 * there: days = now − since (an order without `stage_since` waits 0 days). Ascending days is
 * descending `stage_since`; the ones without fall among those that entered at `now`.
 */
function waitingPerStage(env: ReportEnv, args: { from: string; to: string }, now: string): Map<number, PerStage> {
  const a = { ...args, now };
  const groups = env.sql(`SELECT stage_id AS sid, COUNT(*) AS n, SUM(stage_since IS NULL) AS k, SUM(stage_since > @now) AS later
    FROM orders WHERE ${MADE} AND stage_id IS NOT NULL GROUP BY stage_id`).all(a) as { sid: number; n: number; k: number; later: number }[];
  const nth = env.sql(`SELECT julianday(@now) - julianday(stage_since) AS d FROM orders INDEXED BY orders_stage_waiting
    WHERE stage_id = @sid AND stage_since IS NOT NULL AND ${MADE} ORDER BY stage_since DESC LIMIT 1 OFFSET @off`);
  const at = (sid: number, later: number, k: number, j: number): number => {
    if (j >= later && j < later + k) return 0; // one without `since`
    return (nth.get({ ...a, sid, off: j < later ? j : j - k }) as { d: number }).d;
  };
  return new Map(groups.map((g) => [g.sid, { n: g.n, median: mean(middle(g.n).map((j) => at(g.sid, g.later, g.k, j))), mean: null }]));
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
  const waiting = waitingPerStage(env, args, env.now.toISOString());
  const spent = spentPerStage(env, args);
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
