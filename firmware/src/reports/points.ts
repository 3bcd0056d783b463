// Points issued and redeemed (R1): the points ledger (points_entries) per month or day of the
// range. Issued: earn lines less their reversals; redeemed: deduct lines less theirs (a
// reversal counts with the line it takes back, on its own date). Net: issued − redeemed.
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';
import { bucketParam, buckets, BUCKETS_CTE } from './report-range.js';

const WORDS: Record<Language, { issued: string; redeemed: string; net: string }> = {
  'zh-CN': { issued: '发放积分', redeemed: '兑换积分', net: '净增' },
  vi: { issued: 'Điểm tích', redeemed: 'Điểm đã dùng', net: 'Chênh lệch' },
  en: { issued: 'Issued', redeemed: 'Redeemed', net: 'Net' },
};

// Per bucket, over points_entries_at (migration 031); a reversal takes the kind of its line.
const PER_BUCKET = `WITH ${BUCKETS_CTE}
  SELECT b.k,
    COALESCE(SUM(CASE WHEN COALESCE(o.kind, p.kind) = 'earn' THEN p.delta END), 0) AS issued,
    COALESCE(-SUM(CASE WHEN COALESCE(o.kind, p.kind) = 'deduct' THEN p.delta END), 0) AS redeemed
  FROM b LEFT JOIN points_entries p ON p.at >= b.s AND p.at < b.e LEFT JOIN points_entries o ON o.id = p.reverses
  GROUP BY b.n ORDER BY b.n`;

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const w = WORDS[env.language];
  const c = COMMON_WORDS[env.language];
  const by = range.group === 'day' ? 'day' : 'month';
  const list = buckets(range.fromDay, range.toDay, by, env.timeZone);
  const rows: ReportCell[][] = (env.sql(PER_BUCKET).all(bucketParam(list)) as { k: string; issued: number; redeemed: number }[]).map((r) => [r.k, r.issued, r.redeemed, r.issued - r.redeemed]);
  const pts = (key: 'issued' | 'redeemed' | 'net'): ReportColumn => ({ key, label: w[key], kind: 'points' });
  const columns: ReportColumn[] = [{ key: by, label: c[by], kind: by }, pts('issued'), pts('redeemed'), pts('net')];
  return { columns, rows, totals: sumColumns(columns, rows, ['issued', 'redeemed', 'net'], c.total), chart: { type: 'bar', x: by, series: ['issued', 'redeemed'] } };
}

export const points: ReportDef = { name: 'points', run };
