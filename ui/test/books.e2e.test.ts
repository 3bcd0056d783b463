// The books in a browser (F2): an admin adds an expense category, records an expense and
// another one, reverses the second with a reason, then reads the day's statement (income by
// category and method, expenses, net, cash flow, deposits held, discounts by user) and the
// Excel link; the page and its words are a chunk of their own, in Vietnamese too.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, PriceItem } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

describe('the books in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let hoaId: number;

  beforeAll(async () => {
    ensureBundle();
    // 10:00 on 2 December in Shanghai, and running: the day never straddles the studio's midnight.
    const start = Date.now();
    tb = await startTestBox({ clock: () => new Date(Date.parse('2026-12-02T02:00:00Z') + (Date.now() - start)) });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa' })).data;
    hoaId = hoa.id;
    const pkg = (await admin.post<PriceItem>('/api/price-items', { kind: 'package', name: 'Wedding A', priceMinor: 100_000 })).data;
    const order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 0 })).data;
    const bill = await admin.post(`/api/orders/${order.id}/bill`, { lines: [{ priceItemId: pkg.id }], billDiscountMinor: 10_000, payments: [{ method: 'cash', amountMinor: 30_000 }] });
    expect(bill.status).toBe(201);
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1024, height: 900 } }));
    // The browser's clock is days off (6 December, 04:00 in Shanghai): the pages must start on
    // the box's studio day (2 December), never the browser's.
    await page.clock.setFixedTime(new Date('2026-12-05T20:00:00Z'));
    await page.reload();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('adds a category, records an expense, reverses a mistake', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/till/books`);
    await page.getByRole('heading', { name: 'Income and expenses of the day' }).waitFor();
    await page.getByText('Add an income or expense category first.').waitFor();
    const cats = page.locator('section.money-categories');
    for (const name of ['Rent', 'Materials']) {
      await cats.getByLabel('Kind').selectOption({ label: 'Expense' });
      await cats.getByLabel('Name').fill(name);
      await cats.getByRole('button', { name: 'Add the category' }).click();
      await cats.locator(`li[data-category="${name}"]`).waitFor();
    }
    const form = page.locator('form.cash-entry-form');
    await form.getByRole('button', { name: 'Record' }).click();
    await form.getByText('Choose a category.').waitFor();
    await form.getByLabel('Category').selectOption({ label: 'Expense · Rent' });
    await form.getByLabel('Amount (CNY)').fill('80');
    await form.getByLabel('Method').selectOption({ label: 'Bank transfer' });
    await form.getByLabel('Note').fill('December rent');
    await form.getByRole('button', { name: 'Record' }).click();
    const rows = page.locator('table.cash-entries tr');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().innerText()).toMatch(/Expense\s+Rent\s+Bank transfer\s+-CN¥80\.00\s+December rent/);

    await form.getByLabel('Category').selectOption({ label: 'Expense · Materials' });
    await form.getByLabel('Amount (CNY)').fill('12.50');
    // The method stays as last chosen (a run of bank transfers); this one is cash.
    expect(await form.getByLabel('Method').inputValue()).toBe('bank');
    await form.getByLabel('Method').selectOption({ label: 'Cash' });
    await form.getByRole('button', { name: 'Record' }).click();
    await expect.poll(() => rows.count()).toBe(2);
    await rows.nth(1).getByRole('button', { name: 'Reverse' }).click();
    await page.getByRole('heading', { name: 'Reverse CN¥12.50 (Materials)?' }).waitFor();
    await page.getByLabel('Reason').fill('typed on the wrong day');
    await page.locator('.reason-dialog').getByRole('button', { name: 'Reverse' }).click();
    await expect.poll(() => rows.count()).toBe(3);
    expect(await rows.nth(1).innerText()).toContain('reversed');
    expect(await rows.nth(2).innerText()).toMatch(/Reversal\s+Materials\s+Cash\s+CN¥12\.50/);
  });

  it('reads the day\'s statement, with the Excel link', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Statements' }).click();
    await page.getByRole('heading', { name: 'Statement' }).waitFor();
    await page.getByLabel('Period').selectOption({ label: 'Day' });
    await page.getByText('2026-12-02 – 2026-12-02').waitFor();
    expect(await page.locator('[data-total="income"]').innerText()).toBe('CN¥300.00');
    expect(await page.locator('table.statement-income tbody tr').first().innerText()).toMatch(/Orders\s+Cash\s+CN¥300\.00/);
    expect(await page.locator('[data-total="expenses"]').innerText()).toBe('CN¥80.00');
    expect(await page.locator('[data-total="net"]').innerText()).toBe('CN¥220.00');
    expect(await page.locator('table.statement-cash-flow tr[data-method="bank"]').innerText()).toMatch(/Bank transfer\s+CN¥0\.00\s+CN¥0\.00\s+CN¥80\.00\s+-CN¥80\.00/);
    expect(await page.locator('table.statement-cash-flow tr[data-method="cash"]').innerText()).toMatch(/Cash\s+CN¥0\.00\s+CN¥312\.50\s+CN¥12\.50\s+CN¥300\.00/);
    expect(await page.locator('.statement-deposits').innerText()).toBe('CN¥300.00 paid on 1 unfinished orders');
    expect(await page.locator('table.statement-discounts tbody tr').innerText()).toMatch(/Boss\s+1\s+CN¥1,000\.00\s+CN¥100\.00/);
    const href = await page.getByRole('link', { name: 'Export to Excel' }).getAttribute('href');
    expect(href).toBe('/api/exports/statement?period=day&date=2026-12-02&lang=en');
    const res = await page.request.get(`${tb.url}${href!.slice(1)}`);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('spreadsheetml');
  });

  it('closing the day and a visit plan start on the box’s studio day, not the browser’s', { timeout: 60_000 }, async () => {
    expect(await page.evaluate(() => new Date().toISOString())).toBe('2026-12-05T20:00:00.000Z');
    await page.goto(`${tb.url}#/till/closing`);
    await expect.poll(() => page.getByLabel('Day', { exact: true }).inputValue()).toBe('2026-12-02');
    await page.goto(`${tb.url}#/customers/${hoaId}`);
    await page.getByRole('button', { name: 'Plan a visit' }).click();
    await expect.poll(() => page.getByLabel('Due on').inputValue()).toBe('2026-12-02');
    await page.goto(`${tb.url}#/till/statements`);
  });

  it('speaks Vietnamese with its own words, fetched with the page', { timeout: 60_000 }, async () => {
    const chunks: string[] = [];
    page.on('request', (r) => chunks.push(new URL(r.url()).pathname));
    await page.evaluate(() => localStorage.setItem('studio-box.language', 'vi'));
    await page.reload();
    await page.getByRole('heading', { name: 'Báo cáo' }).waitFor();
    await page.getByText('Dòng tiền').waitFor();
    expect(await page.getByLabel('Kỳ').inputValue()).toBe('month');
    expect(chunks.filter((c) => /\/vi-[\w-]+\.js$/.test(c)).length).toBeGreaterThanOrEqual(1);
  });

});
