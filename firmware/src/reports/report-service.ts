// Runs a report (R1): validates the query (from, to, group, lang: a clear 400 naming the
// field), turns the studio days into UTC instants in the studio's zone, runs the report's SQL,
// and writes the same table as an .xlsx (headers in the reader's language, money in major
// units so the sheet can add it up). Rights and the audit are the route's.
import type { Writable } from 'node:stream';
import { z } from 'zod';
import { LANGUAGES, REPORT_GROUPS, type Language, type ReportName, type ReportTable } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError, ValidationError } from '../errors.js';
import { writeXlsxTable, type XlsxCell } from '../export/xlsx-table.js';
import { minorDigits } from '../finance/money.js';
import type { Statements } from '../till/statements.js';
import { dayParam } from '../till/day-closing.js';
import { COMMON_WORDS } from './common-words.js';
import { REPORTS } from './registry.js';
import type { ReportDef, ReportEnv } from './report-def.js';
import { daysBetween, lastTwelveMonths, MAX_DAY_BUCKETS, rangeInstants } from './report-range.js';
import { localDate, parseIsoDate } from '../util/local-time.js';

const querySchema = z.object({ from: dayParam.optional(), to: dayParam.optional(), group: z.string().optional(), lang: z.enum(LANGUAGES).optional() }).strict();

export interface ReportStudio {
  timeZone: string;
  currency: string;
  language: Language;
}

export class ReportService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly statements: Statements,
    private readonly studio: () => ReportStudio,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.sql = statementCache(db);
  }

  /** The report of that name, or 404. */
  def(name: string): ReportDef {
    if (!Object.hasOwn(REPORTS, name)) throw new NotFoundError(`report "${name}"`);
    return REPORTS[name as ReportName];
  }

  /** The report's table for the query (from, to, group, lang), or a 400 naming the bad field. */
  run(name: string, raw: unknown): ReportTable {
    const def = this.def(name);
    const parsed = querySchema.safeParse(raw ?? {});
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((i) => ({ path: (i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.')) || '(query)', message: i.message })));
    }
    const q = parsed.data;
    const groups: readonly string[] = REPORT_GROUPS[def.name];
    if (q.group !== undefined && !groups.includes(q.group)) {
      throw new ValidationError([{ path: 'group', message: groups.length ? `one of ${groups.join(', ')}` : 'this report has no groups' }]);
    }
    const group = (q.group ?? groups[0] ?? null) as ReportTable['group'];
    const s = this.studio();
    if ((q.from === undefined) !== (q.to === undefined)) throw new ValidationError([{ path: q.from === undefined ? 'from' : 'to', message: 'give from and to, or neither (the last twelve months)' }]);
    const days = q.from !== undefined && q.to !== undefined ? { from: q.from, to: q.to } : lastTwelveMonths(localDate(this.clock(), s.timeZone));
    const r = rangeInstants(days.from, days.to, s.timeZone);
    if ('field' in r) throw new ValidationError([{ path: r.field, message: r.message }]);
    if ((group as string | null) === 'day' && daysBetween(parseIsoDate(days.from)!, parseIsoDate(days.to)!) >= MAX_DAY_BUCKETS) {
      throw new ValidationError([{ path: 'group', message: `by day for at most ${MAX_DAY_BUCKETS} days; take month` }]);
    }
    const env: ReportEnv = { db: this.db, sql: this.sql, statements: this.statements, timeZone: s.timeZone, currency: s.currency, language: q.lang ?? s.language, now: this.clock() };
    const body = def.run(env, { fromDay: days.from, toDay: days.to, from: r.from, to: r.to, group });
    return { name: def.name, from: days.from, to: days.to, group, currency: s.currency, ...body };
  }

  /** Writes the table as an .xlsx to `out`; resolves with its row count (totals not counted). */
  async writeXlsx(out: Writable, table: ReportTable, language: Language): Promise<number> {
    const digits = minorDigits(table.currency);
    const cell = (v: XlsxCell, kind: string): XlsxCell => (kind === 'money' && typeof v === 'number' ? v / 10 ** digits : v);
    const rows = function* () {
      for (const r of table.rows) yield r.map((v, i) => cell(v, table.columns[i]!.kind));
      if (table.totals) yield table.totals.map((v, i) => cell(v, table.columns[i]!.kind));
    };
    const columns = table.columns.map((c) => ({ header: c.kind === 'money' ? `${c.label} (${table.currency})` : c.label, width: c.kind === 'text' ? 28 : 16 }));
    const n = await writeXlsxTable(out, `${COMMON_WORDS[language].sheet} ${table.from}`, columns, rows());
    return table.totals ? n - 1 : n;
  }
}
