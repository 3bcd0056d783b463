// The customer list (C1) in a browser, longer than the route's largest page: after "Show
// more" past CUSTOMER_PAGE_MAX rows, a change made elsewhere refreshes the list page by page —
// same length, the changed customer on top, no error (a single over-long request got a 400).
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_PAGE_MAX, type Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

const COUNT = 260;
const PAGE = 50;

describe('a long customer list in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let first: Customer;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const actor = { id: 1, name: 'seed' };
    // Made straight through the service: 260 HTTP requests would only slow the test down.
    for (let i = 1; i <= COUNT; i++) {
      const c = tb.box.ctx.customers.create(actor, { name: `Khách ${String(i).padStart(3, '0')}` });
      if (i === 1) first = c;
    }
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext()).newPage();
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const rows = () => page.locator('table.customers-table tbody tr');

  it('keeps a list longer than one page whole when a customer changes elsewhere', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: 'Customers' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(PAGE);
    // Five pages shown: more than the route gives in one answer.
    for (let shown = 2 * PAGE; shown <= 5 * PAGE; shown += PAGE) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await expect.poll(() => rows().count(), { timeout: 20_000 }).toBe(shown);
    }
    expect(5 * PAGE).toBeGreaterThan(CUSTOMER_PAGE_MAX);
    // The oldest customer is not shown yet; renamed elsewhere it becomes the newest change.
    expect(await page.getByRole('link', { name: 'Khách 001' }).count()).toBe(0);
    await admin.patch(`/api/customers/${first.id}`, { name: 'Khách 001 đã đổi' });

    await expect.poll(() => rows().first().textContent(), { timeout: 20_000 }).toContain('Khách 001 đã đổi');
    expect(await rows().count()).toBe(5 * PAGE);
    expect(await page.locator('.banner-error').count()).toBe(0);
    // The rows are the 250 most recently changed, each once, in order.
    const names = await page.locator('table.customers-table tbody tr td:nth-child(2)').allTextContents();
    const expected = ['Khách 001 đã đổi', ...Array.from({ length: 5 * PAGE - 1 }, (_, i) => `Khách ${String(COUNT - i).padStart(3, '0')}`)];
    expect(names).toEqual(expected);
    // Still more beyond them.
    await page.getByRole('button', { name: 'Show more' }).waitFor();
  });
});
