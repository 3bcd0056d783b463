// What a report is (R1): a name, the right it needs besides reports:view, and a run over a
// range of studio days that reads plain parameterised SQL (over indexes) and answers the
// table's columns, rows, totals and chart. The framework (report-service.ts) validates the
// query, finds the range's UTC instants and the reader's language, and makes the .xlsx.
import type { Statement } from 'better-sqlite3';
import type { Action, Feature, Language, ReportCell, ReportChart, ReportColumn, ReportGroup, ReportName } from '../api-types.js';
import type { Db } from '../db/connection.js';
import type { Statements } from '../till/statements.js';

/** The studio days asked for and their UTC instants: [from, to) covers fromDay..toDay. */
export interface ReportRange {
  fromDay: string;
  toDay: string;
  from: string;
  to: string;
  /** The group asked for, or the report's default (null for a report with none). */
  group: ReportGroup | null;
}

export interface ReportEnv {
  db: Db;
  /** Cached prepared statements (db/statements.ts). */
  sql: (text: string) => Statement;
  /** The finance statements' queries, for reports over the books (reuse, do not copy). */
  statements: Statements;
  timeZone: string;
  currency: string;
  language: Language;
  now: Date;
}

export interface ReportBody {
  columns: ReportColumn[];
  rows: ReportCell[][];
  totals: ReportCell[] | null;
  chart: ReportChart;
}

export interface ReportDef {
  name: ReportName;
  /** A right needed besides reports:view (a report about money: finance:view). */
  needs?: [Feature, Action];
  run(env: ReportEnv, range: ReportRange): ReportBody;
}

/** Words of a report in the three languages; `w(env)` picks the reader's. */
export function words<W>(table: Record<Language, W>): (env: { language: Language }) => W {
  return (env) => table[env.language];
}

/** Sums of the given columns of `rows` (null elsewhere): the totals row. */
export function sumColumns(columns: ReportColumn[], rows: ReportCell[][], keys: string[], label: string): ReportCell[] {
  return columns.map((c, i) => {
    if (i === 0) return label;
    if (!keys.includes(c.key)) return null;
    return rows.reduce<number>((a, r) => a + (typeof r[i] === 'number' ? (r[i] as number) : 0), 0);
  });
}
