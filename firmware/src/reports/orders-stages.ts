// Orders by state and by stage (R1): where orders wait. By state: the orders made in the range
// by the state they are in now. By stage (the workflow's, in its order): the orders made in the
// range that are in it now and how long they have waited there (median days, not for the last
// stage), and the moves out of it in the range (the workflow's audit lines of action "stage",
// whose detail says when the order entered the stage it left, over audit_log_order_stage of
// migration 031) with the median and average days spent in it.
import { ORDER_STATES, type ReportCell, type ReportColumn } from '../api-types.js';
import { COMMON_WORDS } from './common-words.js';
import { ORDER_REPORT_WORDS, STAGE_KEY_WORDS, STATE_WORDS } from './order-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';

const DAY_MS = 86_400_000;

/** The median of the numbers (the mean of the two middle ones for an even count), or null. */
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);
const mean = (xs: number[]) => (xs.length ? xs.reduce((a, x) => a + x, 0) / xs.length : null);

const MADE = 'created_at >= @from AND created_at < @to';
const MOVES = `SELECT json_extract(detail, '$.from.stageId') AS sid, at, json_extract(detail, '$.from.since') AS since
  FROM audit_log WHERE entity = 'order' AND action = 'stage' AND at >= @from AND at < @to`;

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
  const now = env.now.getTime();
  const waiting = new Map<number, number[]>();
  for (const r of env.sql(`SELECT stage_id AS sid, stage_since AS since FROM orders WHERE ${MADE} AND stage_id IS NOT NULL`).all(args) as { sid: number; since: string | null }[]) {
    const list = waiting.get(r.sid) ?? [];
    list.push(r.since ? (now - Date.parse(r.since)) / DAY_MS : 0);
    waiting.set(r.sid, list);
  }
  const spent = new Map<number, number[]>();
  for (const m of env.sql(MOVES).all(args) as { sid: number | null; at: string; since: string | null }[]) {
    if (m.sid === null || m.since === null) continue;
    const list = spent.get(m.sid) ?? [];
    list.push(Math.max(0, Date.parse(m.at) - Date.parse(m.since)) / DAY_MS);
    spent.set(m.sid, list);
  }
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
    const here = waiting.get(s.id) ?? [];
    const out = spent.get(s.id) ?? [];
    const name = s.name || (s.key ? (STAGE_KEY_WORDS[env.language][s.key] ?? s.key) : w.noStage);
    return [name, here.length, s.phase === 'delivered' ? null : round2(median(here)), out.length, round2(median(out)), round2(mean(out))];
  });
  return { columns, rows, totals: sumColumns(columns, rows, ['orders', 'moves_out'], c.total), chart: { type: 'bar', x: 'stage', series: ['median_days', 'average_days'] } };
}

export const ordersStages: ReportDef = { name: 'orders-stages', run };
