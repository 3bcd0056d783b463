// Lists longer than their route's largest page, in a browser: after "Show more" past
// CUSTOMER_PAGE_MAX / CALL_PAGE_MAX rows, a change made elsewhere (server event) refreshes the
// list page by page — same length, the change shown, no error. One request for every shown row
// used to get a 400, and the list went stale under an error banner.
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_PAGE_MAX, CUSTOMER_PAGE_MAX, type Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { ensureBundle } from './ui-bundle.js';
import { openAdminPage } from './browser-box.js';

const COUNT = 260;
const PAGE = 50;
const SHOWN = 5 * PAGE;
const no = (i: number) => String(i).padStart(3, '0');

describe('long lists in a browser', () => {
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
    // Made straight through the service and the database: 260 HTTP requests would only be slow.
    const actor = { id: 1, name: 'seed' };
    for (let i = 1; i <= COUNT; i++) {
      const c = tb.box.ctx.customers.create(actor, { name: `Khách ${no(i)}`, ...(i === 1 ? { phones: [{ number: '+84912345678' }] } : {}) });
      if (i === 1) first = c;
    }
    // Missed calls from the first customer, one a minute, written as the call store leaves them.
    const add = tb.box.ctx.db.prepare(
      `INSERT INTO calls (id, line, number, e164, customer_id, state, outcome, started_at, ended_at)
       VALUES (?, 'gsm', '0912345678', '+84912345678', ?, 'ended', 'missed', ?, ?)`,
    );
    for (let i = 1; i <= COUNT; i++) {
      const at = new Date(Date.UTC(2026, 10, 1, 0, i)).toISOString();
      add.run(i, first.id, at, at);
    }
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  /** "Show more" until SHOWN rows are shown: more than the route gives in one answer. */
  async function showMore(rows: Locator): Promise<void> {
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(PAGE);
    for (let shown = 2 * PAGE; shown <= SHOWN; shown += PAGE) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(shown);
    }
  }

  async function expectWholeAfterRefresh(rows: Locator): Promise<void> {
    expect(await rows.count()).toBe(SHOWN);
    expect(await page.locator('.banner-error').count()).toBe(0);
    // Still more beyond them.
    await page.getByRole('button', { name: 'Show more' }).waitFor();
  }

  it('keeps the customer list whole when a customer changes elsewhere', { timeout: 90_000 }, async () => {
    expect(SHOWN).toBeGreaterThan(CUSTOMER_PAGE_MAX);
    const rows = page.locator('table.customers-table tbody tr');
    await page.getByRole('link', { name: 'Customers' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Customers' }).waitFor();
    await showMore(rows);
    // The oldest customer is not shown yet; renamed elsewhere it becomes the newest change.
    expect(await page.getByRole('link', { name: 'Khách 001' }).count()).toBe(0);
    await admin.patch(`/api/customers/${first.id}`, { name: 'Khách 001 đã đổi' });

    await expect.poll(() => rows.first().textContent(), { timeout: 20_000 }).toContain('Khách 001 đã đổi');
    await expectWholeAfterRefresh(rows);
    // The 250 most recently changed, each once, in order.
    const names = await page.locator('table.customers-table tbody tr td:nth-child(2)').allTextContents();
    expect(names).toEqual(['Khách 001 đã đổi', ...Array.from({ length: SHOWN - 1 }, (_, i) => `Khách ${no(COUNT - i)}`)]);
  });

  it('keeps the call log whole when a call event comes', { timeout: 90_000 }, async () => {
    expect(SHOWN).toBeGreaterThan(CALL_PAGE_MAX);
    const rows = page.locator('table.calls-table tbody tr');
    await page.goto(`${tb.url}#/calls`);
    await page.getByRole('heading', { level: 1, name: 'Calls' }).waitFor();
    await showMore(rows);
    const oldestShown = page.locator(`tr[data-call-id="${COUNT - SHOWN + 1}"]`);
    expect(await oldestShown.textContent()).not.toContain('called back');

    // Marked called back elsewhere: every missed call of hers is cleared (event call.calledBack).
    expect((await admin.post(`/api/calls/${COUNT}/called-back`, {})).status).toBe(200);

    await expect.poll(() => oldestShown.textContent(), { timeout: 20_000 }).toContain('called back');
    await expectWholeAfterRefresh(rows);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-call-id'))));
    expect(ids).toEqual(Array.from({ length: SHOWN }, (_, i) => COUNT - i));
  });
});
