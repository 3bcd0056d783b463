// Staff performance (R1): per person over the range, the orders they made (not cancelled),
// what they took (payments on orders less reversals, in the studio's currency) and the
// selection sessions they finished. Over orders_created, payments_at and selection_sessions
// (few rows: one per order at most). Money: finance:view.
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';

const WORDS: Record<Language, { person: string; orders: string; takings: string; selections: string }> = {
  'zh-CN': { person: '员工', orders: '订单数', takings: '收款', selections: '选片数' },
  vi: { person: 'Nhân viên', orders: 'Số đơn', takings: 'Tiền thu', selections: 'Lượt chọn ảnh' },
  en: { person: 'Person', orders: 'Orders', takings: 'Takings', selections: 'Selections' },
};

const PER_PERSON = `SELECT x.uid, COALESCE(u.display_name, MAX(x.name)) AS name, SUM(x.orders) AS orders, SUM(x.takings) AS takings, SUM(x.selections) AS selections FROM (
    SELECT created_by AS uid, NULL AS name, COUNT(*) AS orders, 0 AS takings, 0 AS selections FROM orders
      WHERE created_at >= @from AND created_at < @to AND state <> 'cancelled' GROUP BY created_by
    UNION ALL SELECT created_by, MAX(created_by_name), 0, SUM(amount_minor), 0 FROM payments
      WHERE at >= @from AND at < @to AND currency = @currency GROUP BY created_by
    UNION ALL SELECT finished_by, NULL, 0, 0, COUNT(*) FROM selection_sessions
      WHERE finished_at >= @from AND finished_at < @to GROUP BY finished_by
  ) x LEFT JOIN users u ON u.id = x.uid GROUP BY x.uid ORDER BY takings DESC, orders DESC, name, x.uid`;

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const w = WORDS[env.language];
  const c = COMMON_WORDS[env.language];
  const list = env.sql(PER_PERSON).all({ from: range.from, to: range.to, currency: env.currency }) as { name: string | null; orders: number; takings: number; selections: number }[];
  const rows: ReportCell[][] = list.map((r) => [r.name || c.notGiven, r.orders, r.takings, r.selections]);
  const columns: ReportColumn[] = [
    { key: 'person', label: w.person, kind: 'text' },
    { key: 'orders', label: w.orders, kind: 'count' },
    { key: 'takings', label: w.takings, kind: 'money' },
    { key: 'selections', label: w.selections, kind: 'count' },
  ];
  return { columns, rows, totals: sumColumns(columns, rows, ['orders', 'takings', 'selections'], c.total), chart: { type: 'bar', x: 'person', series: ['orders', 'selections'] } };
}

export const staffPerformance: ReportDef = { name: 'staff-performance', needs: ['finance', 'view'], run };
