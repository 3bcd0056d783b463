// New customers (R1): customers created in the range, per month, or by source, area,
// business type or age band (age on the range's last day, from the birthday). Plain SQL over
// customers_created (migration 031) and, for month, one count per month of the range.
import { BUSINESS_TYPES, type BusinessType, type Language, type ReportCell } from '../api-types.js';
import { BUSINESS_WORDS, wordFor } from '../crm/field-words.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';
import { bucketParam, buckets, BUCKETS_CTE } from './report-range.js';

const WORDS: Record<Language, { customers: string; source: string; area: string; business_type: string; age_band: string; under: string; over: string }> = {
  'zh-CN': { customers: '新客户', source: '来源', area: '地区', business_type: '业务类型', age_band: '年龄段', under: '{n}岁以下', over: '{n}岁及以上' },
  vi: { customers: 'Khách mới', source: 'Nguồn', area: 'Khu vực', business_type: 'Loại dịch vụ', age_band: 'Độ tuổi', under: 'Dưới {n} tuổi', over: 'Từ {n} tuổi' },
  en: { customers: 'New customers', source: 'Source', area: 'Area', business_type: 'Business type', age_band: 'Age band', under: 'Under {n}', over: '{n} and over' },
};

/** The age bands' lower bounds: under 18, 18–24, 25–29, 30–34, 35–39, 40–49, 50 and over. */
export const AGE_BANDS = [0, 18, 25, 30, 35, 40, 50] as const;

/** The band (index into AGE_BANDS) of an age in whole years. */
export function ageBand(age: number): number {
  let i = 0;
  while (i + 1 < AGE_BANDS.length && age >= AGE_BANDS[i + 1]!) i++;
  return i;
}

function bandLabel(i: number, lang: Language): string {
  const w = WORDS[lang];
  if (i === 0) return w.under.replace('{n}', String(AGE_BANDS[1]));
  if (i === AGE_BANDS.length - 1) return w.over.replace('{n}', String(AGE_BANDS[i]));
  return `${AGE_BANDS[i]}–${AGE_BANDS[i + 1]! - 1}`;
}

const IN_RANGE = 'created_at >= ? AND created_at < ?';
// Whole years from the birthday to the range's last day (YYYY-MM-DD both): the year
// difference, less one when the birthday has not come yet that year.
const AGE = `(CAST(substr(@day, 1, 4) AS INTEGER) - CAST(substr(birthday, 1, 4) AS INTEGER)) - (substr(@day, 6, 5) < substr(birthday, 6, 5))`;

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const lang = env.language;
  const w = WORDS[lang];
  const c = COMMON_WORDS[lang];
  const group = (range.group ?? 'month') as 'month' | 'source' | 'area' | 'business_type' | 'age_band';
  let rows: ReportCell[][];
  if (group === 'month') {
    const list = buckets(range.fromDay, range.toDay, 'month', env.timeZone);
    rows = (
      env.sql(`WITH ${BUCKETS_CTE} SELECT b.k, (SELECT COUNT(*) FROM customers c WHERE c.created_at >= b.s AND c.created_at < b.e) AS n FROM b ORDER BY b.n`).all(bucketParam(list)) as {
        k: string;
        n: number;
      }[]
    ).map((r) => [r.k, r.n]);
  } else if (group === 'source' || group === 'area') {
    rows = (env.sql(`SELECT ${group} AS k, COUNT(*) AS n FROM customers WHERE ${IN_RANGE} GROUP BY ${group} ORDER BY n DESC, k`).all(range.from, range.to) as { k: string; n: number }[]).map((r) => [
      r.k === '' ? c.notGiven : r.k,
      r.n,
    ]);
  } else if (group === 'business_type') {
    const counts = new Map((env.sql(`SELECT business_type AS k, COUNT(*) AS n FROM customers WHERE ${IN_RANGE} GROUP BY business_type`).all(range.from, range.to) as { k: BusinessType | null; n: number }[]).map((r) => [r.k, r.n]));
    rows = [...BUSINESS_TYPES, null].filter((k) => counts.has(k)).map((k) => [k === null ? c.notGiven : wordFor(BUSINESS_WORDS, k, lang), counts.get(k)!]);
  } else {
    const byAge = env.sql(`SELECT CASE WHEN birthday IS NULL THEN NULL ELSE ${AGE} END AS age, COUNT(*) AS n FROM customers WHERE created_at >= @from AND created_at < @to GROUP BY age`).all({ day: range.toDay, from: range.from, to: range.to }) as {
      age: number | null;
      n: number;
    }[];
    const bands = AGE_BANDS.map(() => 0);
    let unknown = 0;
    for (const r of byAge) {
      if (r.age === null || r.age < 0) unknown += r.n;
      else bands[ageBand(r.age)]! += r.n;
    }
    rows = bands.map((n, i): ReportCell[] => [bandLabel(i, lang), n]);
    if (unknown > 0) rows.push([c.notGiven, unknown]);
  }
  const columns = [
    group === 'month' ? { key: 'month', label: c.month, kind: 'month' as const } : { key: group, label: w[group], kind: 'text' as const },
    { key: 'customers', label: w.customers, kind: 'count' as const },
  ];
  return { columns, rows, totals: sumColumns(columns, rows, ['customers'], c.total), chart: { type: 'bar', x: columns[0]!.key, series: ['customers'] } };
}

export const newCustomers: ReportDef = { name: 'new-customers', run };
