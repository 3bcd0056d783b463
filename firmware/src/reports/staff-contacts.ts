// Contact records and visit plans per staff member (R1, C3): for each person, the contact
// records they wrote that happened in the range, the visit plans given to them that were made
// in the range, and of their plans due in the range (cancelled ones aside): how many, how many
// done, and how many still open though their day has passed (by the box's today). A record or
// plan whose writer's account is gone counts under "not given".
import type { Language, ReportCell, ReportColumn } from '../api-types.js';
import { formatIsoDate, localDate } from '../util/local-time.js';
import { COMMON_WORDS } from './common-words.js';
import { sumColumns, type ReportBody, type ReportDef, type ReportEnv, type ReportRange } from './report-def.js';

const WORDS: Record<Language, { staff: string; contacts: string; made: string; due: string; done: string; overdue: string }> = {
  'zh-CN': { staff: '员工', contacts: '联系记录', made: '新建回访计划', due: '到期回访计划', done: '已完成', overdue: '已逾期' },
  vi: { staff: 'Nhân viên', contacts: 'Lần liên hệ', made: 'Kế hoạch thăm hỏi đã lập', due: 'Kế hoạch đến hạn', done: 'Đã xong', overdue: 'Quá hạn' },
  en: { staff: 'Staff member', contacts: 'Contact records', made: 'Visit plans made', due: 'Visit plans due', done: 'Done', overdue: 'Overdue' },
};

type Counts = [contacts: number, made: number, due: number, done: number, overdue: number];

function run(env: ReportEnv, range: ReportRange): ReportBody {
  const lang = env.language;
  const w = WORDS[lang];
  const c = COMMON_WORDS[lang];
  const today = formatIsoDate(localDate(env.now, env.timeZone));
  const people = new Map<number | null, Counts>();
  const add = (u: number | null, i: number, n: number) => {
    let row = people.get(u);
    if (!row) people.set(u, (row = [0, 0, 0, 0, 0]));
    row[i]! += n;
  };
  for (const r of env.sql('SELECT created_by AS u, COUNT(*) AS n FROM contact_records WHERE at >= ? AND at < ? GROUP BY created_by').all(range.from, range.to) as { u: number | null; n: number }[]) add(r.u, 0, r.n);
  for (const r of env.sql('SELECT staff_id AS u, COUNT(*) AS n FROM visit_plans WHERE created_at >= ? AND created_at < ? GROUP BY staff_id').all(range.from, range.to) as { u: number; n: number }[]) add(r.u, 1, r.n);
  const due = env
    .sql(
      `SELECT staff_id AS u, COUNT(*) AS n, SUM(state = 'done') AS done, SUM(state = 'open' AND due_date < ?) AS overdue
       FROM visit_plans WHERE due_date >= ? AND due_date <= ? AND state <> 'cancelled' GROUP BY staff_id`,
    )
    .all(today, range.fromDay, range.toDay) as { u: number; n: number; done: number; overdue: number }[];
  for (const r of due) {
    add(r.u, 2, r.n);
    add(r.u, 3, r.done);
    add(r.u, 4, r.overdue);
  }
  const ids = [...people.keys()].filter((u): u is number => u !== null);
  const names = new Map((env.sql('SELECT u.id, u.display_name AS name FROM json_each(?) j JOIN users u ON u.id = j.value').all(JSON.stringify(ids)) as { id: number; name: string }[]).map((r) => [r.id, r.name]));
  const rows: ReportCell[][] = [...people].map(([u, n]) => [u === null ? c.notGiven : (names.get(u) ?? c.notGiven), ...n]);
  rows.sort((a, b) => (a[0] === c.notGiven ? 1 : 0) - (b[0] === c.notGiven ? 1 : 0) || String(a[0]).localeCompare(String(b[0]), lang));
  const columns: ReportColumn[] = [
    { key: 'staff', label: w.staff, kind: 'text' },
    { key: 'contacts', label: w.contacts, kind: 'count' },
    { key: 'plans_made', label: w.made, kind: 'count' },
    { key: 'plans_due', label: w.due, kind: 'count' },
    { key: 'plans_done', label: w.done, kind: 'count' },
    { key: 'plans_overdue', label: w.overdue, kind: 'count' },
  ];
  return {
    columns,
    rows,
    totals: sumColumns(columns, rows, ['contacts', 'plans_made', 'plans_due', 'plans_done', 'plans_overdue'], c.total),
    chart: { type: 'bar', x: 'staff', series: ['contacts', 'plans_done'] },
  };
}

export const staffContacts: ReportDef = { name: 'staff-contacts', needs: ['contacts', 'view'], run };
