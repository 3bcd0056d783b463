// The money reports (R1) in Chromium: "Income and expenses" opened from the reports list shows
// its chart and table for a range typed in, regroups by category, and exports the table it
// shows to .xlsx (money in major units); the fixed data set of firmware/test/reports.
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { insertBooks, NOW } from '../../firmware/test/reports/report-data-books.js';
import { insertCustomers } from '../../firmware/test/reports/report-data.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

describe('income and expenses in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ clock: () => new Date(NOW) });
    await new ApiClient(tb.url).post('/api/setup', SETUP);
    const db = tb.box.ctx.db;
    const adminId = (db.prepare(`SELECT id FROM users WHERE username = 'admin'`).get() as { id: number }).id;
    insertBooks(db, insertCustomers(db), adminId, adminId);
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1200, height: 900 }, acceptDownloads: true }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const rows = () => page.locator('table.report-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

  it('opens from the list, filters by range, regroups and exports what it shows', { timeout: 90_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('navigation', { name: 'Reports' }).getByRole('link', { name: 'Income and expenses' }).click();
    await page.getByRole('heading', { name: 'Income and expenses' }).waitFor();
    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2026-03-31');
    await page.locator('.report-range', { hasText: 'Jan 1, 2026 – Mar 31, 2026' }).waitFor();
    const months = await rows();
    expect(months.map((r) => r[0])).toEqual(['Jan 2026', 'Feb 2026', 'Mar 2026']);
    expect(months[1]![1]).toContain('150.00');
    expect(months[1]![2]).toContain('3,000.00');
    expect(await page.locator('.report-chart canvas').count()).toBeGreaterThan(0);

    await page.getByLabel('By', { exact: true }).selectOption('category');
    await page.locator('table.report-table th', { hasText: 'Category' }).waitFor();
    await expect(rows().then((r) => r.map((x) => x[0]))).resolves.toEqual(['Orders', 'Prints sold', 'Rent']);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export to Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('income-expenses-2026-01-01-2026-03-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const got: unknown[][] = [];
    book.worksheets[0]!.eachRow((r) => got.push((r.values as unknown[]).slice(1)));
    expect(got).toEqual([
      ['Category', 'Income (CNY)', 'Expenses (CNY)', 'Net (CNY)'],
      ['Orders', 500, 0, 500],
      ['Prints sold', 150, 0, 150],
      ['Rent', 0, 3000, -3000],
      ['Total', 650, 3000, -2350],
    ]);
  });
});
