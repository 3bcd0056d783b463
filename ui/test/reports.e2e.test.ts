// Reports (R1) in Chromium: the new-customers report renders a chart (uPlot's canvas, fetched
// with the page only) and a table in the box's last twelve months, filters by a range typed in,
// regroups, exports the .xlsx the table shows, fits a phone's width and prints only the report.
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { insertCustomers } from '../../firmware/test/reports/report-data.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

describe('reports in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    // The box's day is 15 April 2026 in Shanghai: its last twelve months are 2025-05-01..2026-04-15.
    tb = await startTestBox({ clock: () => new Date('2026-04-15T02:00:00Z') });
    await new ApiClient(tb.url).post('/api/setup', SETUP);
    insertCustomers(tb.box.ctx.db);
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1200, height: 900 }, timezoneId: 'America/New_York', acceptDownloads: true }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const rows = () => page.locator('table.report-table tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));

  it('shows a chart and a table, filters by range and group', { timeout: 60_000 }, async () => {
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Reports' }).click();
    await page.getByRole('heading', { name: 'New customers' }).waitFor();
    await page.locator('.report-chart canvas').first().waitFor();
    await expect(page.getByLabel('From', { exact: true }).inputValue()).resolves.toBe('2025-05-01');
    await expect(page.getByLabel('To', { exact: true }).inputValue()).resolves.toBe('2026-04-15');
    const year = await rows();
    expect(year).toHaveLength(12);
    expect(year.slice(7)).toEqual([['Dec 2025', '1'], ['Jan 2026', '1'], ['Feb 2026', '2'], ['Mar 2026', '1'], ['Apr 2026', '1']]);

    await page.getByLabel('From', { exact: true }).fill('2026-01-01');
    await page.getByLabel('To', { exact: true }).fill('2026-03-31');
    await page.locator('.report-range', { hasText: 'Jan 1, 2026 – Mar 31, 2026' }).waitFor();
    await expect(rows()).resolves.toEqual([['Jan 2026', '1'], ['Feb 2026', '2'], ['Mar 2026', '1']]);
    await expect(page.locator('table.report-table tfoot').textContent()).resolves.toBe('Total4');
    expect(await page.locator('.report-chart canvas').count()).toBeGreaterThan(0);

    await page.getByLabel('By', { exact: true }).selectOption('business_type');
    await page.locator('table.report-table th', { hasText: 'Business type' }).waitFor();
    await expect(rows()).resolves.toEqual([['Wedding', '2'], ['Children', '1'], ['(not given)', '1']]);
  });

  it('exports the table it shows to .xlsx', { timeout: 60_000 }, async () => {
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export to Excel' }).click()]);
    expect(download.suggestedFilename()).toBe('new-customers-2026-01-01-2026-03-31.xlsx');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const got: unknown[][] = [];
    book.worksheets[0]!.eachRow((r) => got.push((r.values as unknown[]).slice(1)));
    expect(got).toEqual([['Business type', 'New customers'], ['Wedding', 2], ['Children', 1], ['(not given)', 1], ['Total', 4]]);
  });

  it('fits a phone and prints only the report', { timeout: 60_000 }, async () => {
    await page.setViewportSize({ width: 375, height: 800 });
    await page.waitForFunction(() => {
      const c = document.querySelector('.report-chart canvas');
      return c !== null && c.getBoundingClientRect().width <= 375;
    });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(375);
    await page.emulateMedia({ media: 'print' });
    await expect(page.locator('.top-bar').isVisible()).resolves.toBe(false);
    await expect(page.locator('.report-filters').isVisible()).resolves.toBe(false);
    await expect(page.locator('table.report-table').isVisible()).resolves.toBe(true);
    await expect(page.locator('.report-chart canvas').first().isVisible()).resolves.toBe(true);
    await page.emulateMedia({ media: 'screen' });
  });
});
