// Spreadsheets for the import tests and bench, made here: a customer sheet with bad rows of
// every kind at known places, written as a real .xlsx (exceljs) or a GBK CSV (iconv-lite).
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import type { ImportProblemCode } from '../../src/api-types.js';

export type Cell = string | number | Date | null;

export interface CustomerSheet {
  headers: string[];
  rows: Cell[][];
  /** Rows that will be imported. */
  valid: number;
  /** Rejected rows per problem. */
  rejected: Partial<Record<ImportProblemCode, number>>;
  /** Sheet row number (header = 1) → the problem that row has. */
  badRows: Map<number, ImportProblemCode>;
}

export const BAD_KINDS = ['missing_name', 'bad_phone', 'duplicate_in_file', 'duplicate_existing', 'bad_date', 'bad_value'] as const satisfies readonly ImportProblemCode[];

/** The mobile number of good row i (0-based), unique per row: 139 0000 0000 + i. */
export const rowPhone = (i: number): string => `139${String(i).padStart(8, '0')}`;

/**
 * `n` data rows under a Chinese header, `badPerKind` of each BAD_KINDS spread through the
 * file. `existingPhone` is a phone the box already has (for duplicate_existing).
 */
export function customerSheet(n: number, badPerKind: number, existingPhone: string): CustomerSheet {
  const headers = ['客户编号', '姓名', '手机', '性别', '生日', '业务类型', '阶段', '到期时间', '备注'];
  const bad = new Map<number, ImportProblemCode>();
  const totalBad = badPerKind * BAD_KINDS.length;
  const step = Math.floor(n / (totalBad + 1));
  for (let j = 0; j < totalBad; j++) bad.set((j + 1) * step, BAD_KINDS[j % BAD_KINDS.length]!);
  const rows: Cell[][] = [];
  const badRows = new Map<number, ImportProblemCode>();
  for (let i = 0; i < n; i++) {
    const kind = bad.get(i);
    const row: Cell[] = [`OLD${i}`, `客户${i}号`, rowPhone(i), i % 2 ? '女' : '男', new Date(Date.UTC(1980 + (i % 30), i % 12, 1 + (i % 28))), i % 3 ? '婚纱' : '儿童', i % 5 ? '意向客户' : '已下单，未拍摄', i % 5 ? null : '2027-01-15 15:00', i % 7 ? '' : `备注 ${i}`];
    if (kind === 'missing_name') row[1] = '';
    if (kind === 'bad_phone') row[2] = '12345';
    if (kind === 'duplicate_in_file') row[2] = rowPhone(0);
    if (kind === 'duplicate_existing') row[2] = existingPhone;
    if (kind === 'bad_date') row[4] = '1990-02-30';
    if (kind === 'bad_value') row[3] = 'dragon';
    if (kind) badRows.set(i + 2, kind);
    rows.push(row);
  }
  const rejected: Partial<Record<ImportProblemCode, number>> = {};
  for (const k of BAD_KINDS) rejected[k] = badPerKind;
  return { headers, rows, valid: n - totalBad, rejected, badRows };
}

/** Writes the sheet as .xlsx with exceljs's streaming writer (dates as date cells). */
export async function writeXlsx(file: string, sheet: { headers: string[]; rows: Cell[][] }): Promise<void> {
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  const ws = book.addWorksheet('客户');
  ws.addRow(sheet.headers).commit();
  for (const r of sheet.rows) {
    const row = ws.addRow(r);
    r.forEach((c, i) => {
      if (c instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd';
    });
    row.commit();
  }
  ws.commit();
  await book.commit();
}

/** The sheet as a CSV in GBK, as old Chinese software writes it (dates as YYYY/M/D text). */
export function gbkCsv(sheet: { headers: string[]; rows: Cell[][] }): Buffer {
  const cell = (c: Cell): string => {
    const t = c instanceof Date ? `${c.getUTCFullYear()}/${c.getUTCMonth() + 1}/${c.getUTCDate()}` : c === null ? '' : String(c);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  const text = [sheet.headers, ...sheet.rows].map((r) => r.map(cell).join(',')).join('\r\n') + '\r\n';
  return iconv.encode(text, 'gbk');
}
