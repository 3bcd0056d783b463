// Customer import (C1) in a browser, as a person does it: a 5,000-row .xlsx with 50 bad rows of
// every kind (choose the file, look at the guessed columns, change one, check, read why rows
// are rejected, download the report, leave the bad rows out, import), then a GBK CSV.
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { customerSheet, gbkCsv, writeXlsx } from '../../firmware/test/helpers/import-files.js';
import { rowCount } from '../../firmware/test/helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { logIn } from './log-in.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

describe('importing customers in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let dir: string;
  const sheet = customerSheet(5000, 50, '13700000000');
  /** Whether data row i (0-based) is one of the bad rows the import leaves out. */
  const isBad = (i: number) => sheet.badRows.has(i + 2);

  beforeAll(async () => {
    ensureBundle();
    dir = mkdtempSync(join(tmpdir(), 'import-e2e-'));
    await writeXlsx(join(dir, 'customers.xlsx'), sheet);
    writeFileSync(join(dir, 'old-software.csv'), gbkCsv({ headers: ['姓名', '手机', '性别', '生日'], rows: [['王芳', '138 0013 8000', '女', new Date(Date.UTC(1992, 6, 8))], ['赵磊', '13800138001', '男', null]] }));
    tb = await startTestBox();
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    await admin.post('/api/customers', { name: 'Already here', phones: [{ number: '13700000000' }] });
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext({ acceptDownloads: true })).newPage();
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('checks a 5,000-row .xlsx, shows every rejected row and why, and imports the rest', { timeout: 180_000 }, async () => {
    await page.getByRole('link', { name: 'Customers' }).first().click();
    await page.getByRole('link', { name: 'Import' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import customers' }).waitFor();
    await page.getByLabel('Spreadsheet file').setInputFiles(join(dir, 'customers.xlsx'));

    // The box guessed each column from its Chinese header; the customer number stays out.
    await page.getByRole('heading', { name: 'Which column is which' }).waitFor();
    expect(await page.getByLabel('姓名', { exact: true }).inputValue()).toBe('name');
    expect(await page.getByLabel('手机', { exact: true }).inputValue()).toBe('phone');
    expect(await page.getByLabel('到期时间', { exact: true }).inputValue()).toBe('stageDueAt');
    expect(await page.getByLabel('客户编号', { exact: true }).inputValue()).toBe('');
    // A person decides the notes column stays behind.
    await page.getByLabel('备注', { exact: true }).selectOption({ label: '— leave out —' });

    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('5000 rows: 4700 can be imported, 300 would be rejected.').waitFor({ timeout: 120_000 });
    const rejected = page.locator('table.import-rejected tbody tr');
    expect(await rejected.count()).toBe(300);
    const badPhoneRow = [...sheet.badRows.entries()].find((e) => e[1] === 'bad_phone')![0];
    await expect(rejected.filter({ hasText: 'not a valid phone number (12345)' }).first().locator('td').first().textContent()).resolves.toBe(String(badPhoneRow));
    await rejected.filter({ hasText: 'phone already belongs to' }).filter({ hasText: 'Already here' }).first().waitFor();
    await rejected.filter({ hasText: 'same phone as row 2' }).first().waitFor();
    await rejected.filter({ hasText: 'Birthday: not a date (1990-02-30)' }).first().waitFor();
    await rejected.filter({ hasText: 'Gender: not recognised (dragon)' }).first().waitFor();
    await rejected.filter({ hasText: 'Name: name missing' }).first().waitFor();
    // The preview is the rows as they will be saved: stage in words, notes left out.
    const first = page.locator('table.import-preview tbody tr').first();
    await expect(first.textContent()).resolves.toContain('客户0号');
    await expect(first.textContent()).resolves.toContain('Ordered, not shot');
    await expect(first.textContent()).resolves.toContain('139 0000 0000');

    // The report downloads as a real .xlsx with every row.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the report (.xlsx)' }).click()]);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    expect(book.worksheets[0]!.rowCount).toBe(5001);
    expect(book.worksheets[0]!.getRow(1).getCell(2).value).toBe('Result');

    // All or nothing: with rejected rows, importing needs the choice to leave them out.
    const run = page.getByRole('button', { name: 'Import 4700 customers' });
    expect(await run.isDisabled()).toBe(true);
    await page.getByLabel('Import the valid rows and leave the 300 rejected ones out').check();
    const before = rowCount(tb, 'customers');
    await run.click();
    await page.getByText(/^4700 customers imported \(C\d{6} – C\d{6}\)\.$/).waitFor({ timeout: 120_000 });
    expect(rowCount(tb, 'customers')).toBe(before + 4700);
    expect((tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM customers WHERE notes <> ''`).get() as { n: number }).n).toBe(0);

    await page.getByRole('link', { name: 'Open the customer list' }).click();
    await page.getByLabel('Search customers').fill('客户4998号');
    await page.locator('.customers-table').getByText('客户4998号').waitFor();
  });

  it('exports the search result shown to Excel, headers in the language on the screen', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/customers`);
    await page.getByLabel('Search customers').fill('客户499');
    // The list has followed the search (unfiltered it shows 50 of 4,701).
    await page.waitForFunction(() => document.querySelectorAll('.customers-table tbody tr').length <= 11);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export to Excel' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^customers-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile((await download.path())!);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(2).value).toBe('Name');
    const names = sheet.getRows(2, sheet.rowCount - 1)!.map((r) => String(r.getCell(2).value));
    // 客户499号 and 客户4990号 … 客户4999号, less the rows the import left out.
    const expected = [499, ...Array.from({ length: 10 }, (_, i) => 4990 + i)].filter((i) => !isBad(i)).map((i) => `客户${i}号`);
    expect(names.sort()).toEqual(expected.sort());
    const audit = tb.box.ctx.db.prepare(`SELECT summary FROM audit_log WHERE action = 'export' ORDER BY id DESC LIMIT 1`).get() as { summary: string };
    expect(audit.summary).toBe(`${expected.length} customers exported (search "客户499")`);
  });

  it('reads a GBK CSV from old Chinese software and imports it', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/customers/import`);
    await page.getByLabel('Spreadsheet file').setInputFiles(join(dir, 'old-software.csv'));
    await page.getByText('text encoding GB18030').waitFor();
    await page.getByRole('button', { name: 'Check the file' }).click();
    await page.getByText('2 rows: 2 can be imported, 0 would be rejected.').waitFor();
    await expect(page.locator('table.import-preview tbody tr').first().textContent()).resolves.toContain('王芳');
    await page.getByRole('button', { name: 'Import 2 customers' }).click();
    await page.getByText(/^2 customers imported/).waitFor();
    const wang = tb.box.ctx.customers.search('王芳', 5).items[0]!;
    expect(tb.box.ctx.customers.get(wang.id)).toMatchObject({ gender: 'female', birthday: '1992-07-08', phones: [{ e164: '+8613800138000' }] });
  });
});
