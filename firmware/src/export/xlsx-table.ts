// One table as an .xlsx, written as a stream (exceljs's streaming writer): a bold header row in
// the reader's language, then the rows as they come. Every download of the box (customer lists,
// the outbox, the import report) is one of these.
import type { Writable } from 'node:stream';
import { setImmediate as turn } from 'node:timers/promises';

export type XlsxCell = string | number | null;

export interface XlsxColumn {
  header: string;
  width: number;
}

/** Rows between turns of the event loop, so that a long export does not hold the box. */
const ROWS_PER_TURN = 500;

/** Writes the table to `out`; resolves with the number of rows once all is written. */
export async function writeXlsxTable(out: Writable, sheetName: string, columns: XlsxColumn[], rows: Iterable<XlsxCell[]> | AsyncIterable<XlsxCell[]>): Promise<number> {
  // Loaded on the first download, not at start (a fifth of the daemon's start-up: bench boot).
  const { default: ExcelJS } = await import('exceljs');
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
  const sheet = book.addWorksheet(sheetName.slice(0, 31));
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }));
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  let n = 0;
  for await (const r of rows) {
    sheet.addRow(r).commit();
    if (++n % ROWS_PER_TURN === 0) await turn();
  }
  sheet.commit();
  await book.commit();
  return n;
}

/** The Content-Disposition of a download named `name` (any script; ASCII fallback for old clients). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
