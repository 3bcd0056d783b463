// Rows of an uploaded spreadsheet, read as a stream: the first sheet of an .xlsx (exceljs's
// streaming reader, so a 50,000-row file is never held whole), or a CSV in UTF-8, UTF-16 or
// GBK/GB18030 (told from its bytes, text-encoding.ts).
import { parse } from 'csv-parse/sync';
import { createReadStream } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import type { RawCell } from './cell-values.js';
import { decodeText, detectDelimiter, detectEncoding, type CsvEncoding } from './text-encoding.js';

export type SheetFormat = 'xlsx' | 'csv';

export interface SheetRow {
  /** The row number a spreadsheet program shows (1-based, counting empty rows). */
  row: number;
  cells: RawCell[];
  /** How far through the file, 0–1, for the progress bar. */
  fraction: number;
}

/** An .xlsx is a zip (PK\3\4); an old binary .xls (OLE, D0 CF 11 E0) is refused by name; anything else is read as CSV. */
export async function sniffFormat(file: string): Promise<SheetFormat | 'xls'> {
  const fh = await open(file, 'r');
  try {
    const head = Buffer.alloc(4);
    await fh.read(head, 0, 4, 0);
    if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
    if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) return 'xls';
    return 'csv';
  } finally {
    await fh.close();
  }
}

/** A CSV's encoding, for the upload's answer. */
export async function csvEncoding(file: string): Promise<CsvEncoding> {
  return detectEncoding(await readFile(file));
}

/** The rows of the file in order. Rows of an .xlsx come as exceljs reads them. */
export function readSheet(file: string, format: SheetFormat): AsyncGenerator<SheetRow> {
  return format === 'xlsx' ? readXlsx(file) : readCsv(file);
}

async function* readXlsx(file: string): AsyncGenerator<SheetRow> {
  const size = (await stat(file)).size || 1;
  let read = 0;
  // exceljs (with its zip readers) is loaded when a sheet is read, not when the box starts: it
  // was a fifth of the daemon's start-up (`npm run bench -- boot`).
  const { default: ExcelJS } = await import('exceljs');
  const input = createReadStream(file);
  input.on('data', (chunk) => (read += chunk.length));
  // styles: 'cache' so that date-formatted numbers come as dates.
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'emit' });
  try {
    for await (const sheet of reader) {
      for await (const row of sheet) {
        const values = row.values as unknown[];
        const cells: RawCell[] = [];
        // exceljs's values are 1-based and sparse.
        for (let i = 1; i < values.length; i++) cells.push(xlsxCell(values[i]));
        yield { row: row.number, cells, fraction: Math.min(1, read / size) };
      }
      // Only the first sheet: the others are often pivot tables or notes.
      return;
    }
  } finally {
    // Also when the caller stops early (the upload reads only the header and a few rows).
    input.destroy();
  }
}

/** An exceljs cell value as a plain one: rich text joined, a formula's result, a link's text; errors empty. */
export function xlsxCell(v: unknown): RawCell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return null;
}

async function* readCsv(file: string): AsyncGenerator<SheetRow> {
  const bytes = await readFile(file);
  const text = decodeText(bytes, detectEncoding(bytes));
  const records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
  // A spreadsheet program shows each record as one row, even one with a line break in a quoted cell.
  for (let i = 0; i < records.length; i++) yield { row: i + 1, cells: records[i]!, fraction: (i + 1) / records.length };
}
