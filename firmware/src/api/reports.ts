// Reports (R1): each report is a table (and a chart over it) for a range of studio days,
// GET /api/reports/:name?from=YYYY-MM-DD&to=YYYY-MM-DD&group=…&lang=… (reports:view; a
// report about money also needs finance:view), its .xlsx GET /api/reports/:name/export with the
// same query (reports:print, audited). docs/reports.md says how to add one.

/** Every report and the groupings it accepts (the first is the default; none: no `group`). */
export const REPORT_GROUPS = {
  'new-customers': ['month', 'source', 'area', 'business_type', 'age_band'],
  'sms-sent': ['purpose', 'campaign', 'month', 'day'],
  'staff-contacts': [],
  'photos-ingested': ['day', 'month'],
  'disk-growth': ['day', 'month'],
  'orders-stages': ['stage', 'state'],
  'income-expenses': ['month', 'day', 'category'],
  arrears: ['debt_age', 'customer'],
  points: ['month', 'day'],
  'staff-performance': [],
} as const satisfies Record<string, readonly string[]>;

export type ReportName = keyof typeof REPORT_GROUPS;
export const REPORT_NAMES = Object.keys(REPORT_GROUPS) as ReportName[];
export type ReportGroup = (typeof REPORT_GROUPS)[ReportName][number];

/**
 * How a cell reads: text (already in the reader's language), month (YYYY-MM), day
 * (YYYY-MM-DD), count, money (integer minor units of the report's currency), days (a decimal
 * number of days), points, gigabytes (a decimal number of 10^9 bytes).
 */
export type ReportCellKind = 'text' | 'month' | 'day' | 'count' | 'money' | 'days' | 'points' | 'gigabytes';
export type ReportCell = string | number | null;

export interface ReportColumn {
  key: string;
  /** The header in the language asked for. */
  label: string;
  kind: ReportCellKind;
}

/** The chart drawn over the table: x is a column key, series are numeric column keys. */
export interface ReportChart {
  type: 'bar' | 'line';
  x: string;
  series: string[];
}

export interface ReportTable {
  name: ReportName;
  /** The studio days asked for, inclusive. */
  from: string;
  to: string;
  group: ReportGroup | null;
  currency: string;
  columns: ReportColumn[];
  rows: ReportCell[][];
  /** One row of sums under the table (null cells where a sum means nothing), or null. */
  totals: ReportCell[] | null;
  chart: ReportChart;
}
