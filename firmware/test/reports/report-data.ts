// The fixed small data set every report's numbers are checked against (R1), written straight
// into a set-up box's database (the studio is in Asia/Shanghai, UTC+8, so a UTC instant at
// 16:00 or later is the next studio day). The hand-computed answers are in the tests.
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import type { ReportTable } from '../../src/api-types.js';
import type { Db } from '../../src/db/connection.js';
import type { ApiClient } from '../helpers/http-client.js';

interface Customer {
  at: string;
  birthday?: string;
  source?: string;
  area?: string;
  businessType?: string;
}

/**
 * Range 2026-01-01..2026-03-31 (studio days). In it: c1 (Jan 31 23:59), c2 (Feb 1 00:00),
 * c3 (Feb 10), c4 (Mar 5). Out: c5 (Dec 31 23:00), c6 (Apr 1 00:30).
 */
export const CUSTOMERS: Customer[] = [
  { at: '2026-01-31T15:59:00.000Z', birthday: '2008-03-31', source: 'walk-in', area: 'Hai Chau', businessType: 'wedding' },
  { at: '2026-01-31T16:00:00.000Z', birthday: '2008-04-01', source: 'walk-in', area: 'Son Tra', businessType: 'children' },
  { at: '2026-02-10T04:00:00.000Z', birthday: '1976-01-01', source: 'wechat', area: 'Hai Chau', businessType: 'wedding' },
  { at: '2026-03-05T04:00:00.000Z' },
  { at: '2025-12-31T15:00:00.000Z', birthday: '1990-05-05', source: 'wechat', area: 'Son Tra', businessType: 'portrait' },
  { at: '2026-03-31T16:30:00.000Z', birthday: '1990-05-05', source: 'wechat', area: 'Son Tra', businessType: 'portrait' },
];

/** Inserts the customers; their ids in order. */
export function insertCustomers(db: Db): number[] {
  const ins = db.prepare(
    `INSERT INTO customers (customer_no, name, birthday, source, area, business_type, stage_added_at, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  return CUSTOMERS.map((c, i) => Number(ins.run(`R${i + 1}`, `Report customer ${i + 1}`, c.birthday ?? null, c.source ?? '', c.area ?? '', c.businessType ?? null, c.at, c.at, c.at).lastInsertRowid));
}

/** A download as rows of cells (the header row first), or just the status when not 200. */
export async function downloadXlsx(url: string, client: ApiClient, path: string): Promise<{ status: number; rows: unknown[][] | null; disposition: string | null }> {
  const res = await fetch(new URL(path, url), { headers: client.sessionCookie ? { cookie: client.sessionCookie } : {} });
  if (res.status !== 200) return { status: res.status, rows: null, disposition: null };
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
  const rows: unknown[][] = [];
  book.worksheets[0]!.eachRow((row) => rows.push((row.values as unknown[]).slice(1)));
  return { status: 200, rows, disposition: res.headers.get('content-disposition') };
}

/** A report's table as `client` reads it; anything but 200 fails the test with the box's error. */
export async function readReport(client: ApiClient, path: string): Promise<ReportTable> {
  const r = await client.get<ReportTable>(path);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
}
