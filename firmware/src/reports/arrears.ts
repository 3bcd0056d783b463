// Arrears (R1): who owes, and how much by the age of the debt (days since the order was made,
// to the box's now), over the orders made in the range. The till's own list of orders that
// owe (till/arrears.ts UNPAID, over orders_owing), in the studio's currency. Money: finance:view.
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { UNPAID } from '../till/arrears.js';
import { formatIsoDate, localDate } from '../util/local-time.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';

const WORDS: Record<Language, { age: string; days: string; over: string; customer: string; customers: string; orders: string; owed: string; oldest: string; others: string }> = {
  'zh-CN': { age: '欠款账龄', days: '{a}–{b}天', over: '{n}天以上', customer: '客户', customers: '客户数', orders: '订单数', owed: '欠款', oldest: '最早订单', others: '其他{n}位客户' },
  vi: { age: 'Tuổi nợ', days: '{a}–{b} ngày', over: 'Trên {n} ngày', customer: 'Khách hàng', customers: 'Số khách', orders: 'Số đơn', owed: 'Còn nợ', oldest: 'Đơn cũ nhất', others: '{n} khách khác' },
  en: { age: 'Age of debt', days: '{a}–{b} days', over: 'Over {n} days', customer: 'Customer', customers: 'Customers', orders: 'Orders', owed: 'Owed', oldest: 'Oldest order', others: '{n} other customers' },
};

/** The age bands' lower bounds in whole days: 0–30, 31–60, 61–90, 91–180, 181–365, over 365. */
export const DEBT_AGE_BANDS = [0, 31, 61, 91, 181, 366] as const;
/** The most customers listed one by one; the rest are one row. */
export const ARREARS_CUSTOMERS_SHOWN = 200;

const OWING = `SELECT u.* FROM (${UNPAID}) u WHERE u.created_at >= @from AND u.created_at < @to AND u.currency = @currency`;
const BAND = `CASE ${DEBT_AGE_BANDS.map((_, i) => i)
  .slice(1)
  .reverse()
  .map((i) => `WHEN CAST(julianday(@now) - julianday(created_at) AS INTEGER) >= ${DEBT_AGE_BANDS[i]} THEN ${i}`)
  .join(' ')} ELSE 0 END`;

function bandLabel(i: number, lang: Language): string {
  const w = WORDS[lang];
  if (i === DEBT_AGE_BANDS.length - 1) return w.over.replace('{n}', String(DEBT_AGE_BANDS[i]! - 1));
  return w.days.replace('{a}', String(DEBT_AGE_BANDS[i])).replace('{b}', String(DEBT_AGE_BANDS[i + 1]! - 1));
}

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const w = WORDS[env.language];
  const c = COMMON_WORDS[env.language];
  const args = { from: range.from, to: range.to, currency: env.currency, now: env.now.toISOString() };
  const owed: ReportColumn = { key: 'owed', label: w.owed, kind: 'money' };
  const orders: ReportColumn = { key: 'orders', label: w.orders, kind: 'count' };
  if (range.group === 'customer') {
    const list = env
      .sql(
        `SELECT a.customer_id, c.customer_no, c.name, a.n, a.owed, a.oldest FROM (
           SELECT customer_id, COUNT(*) AS n, SUM(total_minor - paid) AS owed, MIN(created_at) AS oldest FROM (${OWING}) GROUP BY customer_id
         ) a JOIN customers c ON c.id = a.customer_id ORDER BY a.owed DESC, a.oldest, a.customer_id`,
      )
      .all(args) as { customer_no: string; name: string; n: number; owed: number; oldest: string }[];
    const columns: ReportColumn[] = [{ key: 'customer', label: w.customer, kind: 'text' }, orders, owed, { key: 'oldest', label: w.oldest, kind: 'day' }];
    const rows: ReportCell[][] = list.slice(0, ARREARS_CUSTOMERS_SHOWN).map((r) => [`${r.customer_no} ${r.name}`, r.n, r.owed, formatIsoDate(localDate(new Date(r.oldest), env.timeZone))]);
    const rest = list.slice(ARREARS_CUSTOMERS_SHOWN);
    if (rest.length) rows.push([w.others.replace('{n}', String(rest.length)), rest.reduce((a, r) => a + r.n, 0), rest.reduce((a, r) => a + r.owed, 0), null]);
    return { columns, rows, totals: sumColumns(columns, rows, ['orders', 'owed'], c.total), chart: { type: 'bar', x: 'customer', series: ['owed'] } };
  }
  const byBand = new Map(
    (env.sql(`SELECT ${BAND} AS band, COUNT(*) AS n, COUNT(DISTINCT customer_id) AS customers, SUM(total_minor - paid) AS owed FROM (${OWING}) GROUP BY band`).all(args) as {
      band: number;
      n: number;
      customers: number;
      owed: number;
    }[]).map((r) => [r.band, r]),
  );
  const columns: ReportColumn[] = [{ key: 'debt_age', label: w.age, kind: 'text' }, { key: 'customers', label: w.customers, kind: 'count' }, orders, owed];
  const rows: ReportCell[][] = DEBT_AGE_BANDS.map((_, i) => {
    const r = byBand.get(i);
    return [bandLabel(i, env.language), r?.customers ?? 0, r?.n ?? 0, r?.owed ?? 0];
  });
  // A customer owing in two bands is one customer: the total counts them once.
  const totals = sumColumns(columns, rows, ['orders', 'owed'], c.total);
  totals[1] = (env.sql(`SELECT COUNT(DISTINCT customer_id) AS n FROM (${OWING})`).get(args) as { n: number }).n;
  return { columns, rows, totals, chart: { type: 'bar', x: 'debt_age', series: ['owed'] } };
}

export const arrears: ReportDef = { name: 'arrears', needs: ['finance', 'view'], run };
