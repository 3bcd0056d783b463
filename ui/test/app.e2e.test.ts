// The UI driven like a person in headless Chromium, against the real daemon (real HTTP,
// real SQLite in a temp folder): first-run wizard, log out and in, a customer created and
// found again by the last digits of the phone and by the name typed without accents; the
// language switched from the top bar, each language's catalog fetched only when it is shown.
// No skipping: a missing Chromium fails the suite.
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBox } from '../../firmware/test/helpers/test-box.js';
import { mirrorEn } from '../src/i18n/mirror/en';
import { mirrorZhCN } from '../src/i18n/mirror/zh-CN';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

describe('admin UI in a browser', () => {
  let box: Awaited<ReturnType<typeof startTestBox>>;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    box = await startTestBox();
    browser = await chromium.launch(CHROMIUM);
    context = await browser.newContext();
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await box?.close();
  });

  async function heading(name: string): Promise<void> {
    await page.getByRole('heading', { level: 1, name }).waitFor();
  }

  it('sets up the box, logs out and in, creates a customer and finds it', { timeout: 90_000 }, async () => {
    await page.goto(box.url);

    // The wizard opens in the browser's language (this Chromium's is English), in three steps.
    await heading('Set up your Studio Box');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    // Step 1, the studio: its name is checked when the field is left, and again on Next.
    await page.getByLabel('Studio name').fill('H');
    await page.getByLabel('Studio name').fill('');
    await page.getByLabel('Studio name').blur();
    await page.getByText('Give the studio a name.').waitFor();
    await page.getByRole('button', { name: 'Next' }).click();
    await heading('Set up your Studio Box');
    expect(await page.getByLabel('Country (for phone numbers)').count()).toBe(0);
    await page.getByLabel('Studio name').fill('Hoa Studio');
    expect(await page.getByText('Give the studio a name.').count()).toBe(0);
    await page.getByRole('button', { name: 'Next' }).click();
    // Step 2, the region.
    await page.getByLabel('Country (for phone numbers)').selectOption('CN');
    await expect(page.getByLabel('Currency').inputValue()).resolves.toBe('CNY');
    await page.getByRole('button', { name: 'Next' }).click();
    // Step 3, the administrator: every field says what is wrong with it.
    await page.getByRole('button', { name: 'Finish setup' }).click();
    await page.getByText('Choose a user name.').waitFor();
    await page.getByText('Give the name people will see.').waitFor();
    await page.getByText('At least 8 characters', { exact: true }).waitFor();
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Display name').fill('Studio Owner');
    await page.getByLabel('Password', { exact: true }).fill('correct horse 1');
    await page.getByLabel('Confirm password').fill('correct horse 2');
    await page.getByLabel('Confirm password').blur();
    await page.getByText('The passwords do not match').waitFor();
    await page.getByLabel('Confirm password').fill('correct horse 1');
    // Back keeps what was typed.
    await page.getByRole('button', { name: 'Back' }).click();
    await expect(page.getByLabel('Country (for phone numbers)').inputValue()).resolves.toBe('CN');
    await page.getByRole('button', { name: 'Next' }).click();
    await expect(page.getByLabel('User name').inputValue()).resolves.toBe('owner');
    await page.getByRole('button', { name: 'Finish setup' }).click();

    // Straight into the app, logged in.
    await heading('Today');
    const nav = page.getByRole('navigation', { name: 'Main menu' });
    await expect(nav.getByRole('link').allTextContents()).resolves.toEqual(['Customers', 'Stages', 'Workflow', 'Appointments', 'Reminders', 'SMS', 'Templates', 'Group SMS', 'Calls', 'Till', 'Reports', 'Users', 'Groups', 'Audit log', 'Status', 'Settings']);
    expect(await page.locator('.studio-name').textContent()).toBe('Hoa Studio');

    await page.getByRole('button', { name: 'Log out' }).click();
    await heading('Log in');
    await page.getByLabel('User name').fill('owner');
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByText('Wrong user name or password.').waitFor();
    await page.getByLabel('Password').fill('correct horse 1');
    await page.getByRole('button', { name: 'Log in' }).click();
    await heading('Today');

    await page.getByRole('link', { name: 'New customer' }).click();
    await heading('New customer');
    await page.getByLabel('Name', { exact: true }).fill('Trần Thị Hoa');
    await page.getByLabel('Phone', { exact: true }).fill('138 1234 5678');
    await page.getByLabel('Phone', { exact: true }).blur();
    // The box normalises the number before saving.
    await page.getByText('Will be saved as 138 1234 5678').waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await heading('Trần Thị Hoa');
    expect(await page.getByRole('link', { name: '138 1234 5678' }).getAttribute('href')).toBe('tel:+8613812345678');

    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Customers' }).click();
    await heading('Customers');
    const search = page.getByLabel('Search customers');
    const results = page.locator('table.customers-table tbody');

    await search.fill('5678');
    const byDigits = results.getByRole('link', { name: 'Trần Thị Hoa' });
    await byDigits.waitFor();
    expect(await results.locator('tr').first().textContent()).toContain('138 1234 5678');

    await search.fill('nobody like this');
    await page.getByText('No customer matches “nobody like this”.').waitFor();

    await search.fill('tran thi');
    await results.getByRole('link', { name: 'Trần Thị Hoa' }).waitFor();
    expect(await results.locator('tr').count()).toBe(1);
    expect(await results.textContent()).toContain('Lead (not yet ordered)');
  });

  it('refreshes the customer list when another tab changes a customer (one shared event stream)', { timeout: 60_000 }, async () => {
    await page.getByLabel('Search customers').fill('');
    const results = page.locator('table.customers-table tbody');
    await results.getByRole('link', { name: 'Trần Thị Hoa' }).waitFor();

    // A second tab of the same browser: it follows the first tab's stream instead of opening its own.
    const other = await context.newPage();
    let streamsOpenedByOther = 0;
    other.on('request', (r) => void (r.url().includes('/api/events') && streamsOpenedByOther++));
    await other.goto(`${box.url}#/status`);
    await other.getByRole('heading', { level: 1, name: 'Box status' }).waitFor();
    const status = await other.evaluate(async () => {
      const res = await fetch('/api/customers', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: 'Lê Văn Nam', phones: [{ number: '139 0000 1111' }] }),
      });
      return res.status;
    });
    expect(status).toBe(201);

    // The first tab shows it without a reload.
    await results.getByRole('link', { name: 'Lê Văn Nam' }).waitFor({ timeout: 10_000 });
    expect(await results.locator('tr').count()).toBe(2);
    // Several heartbeats later the second tab still has not opened a stream of its own.
    await other.waitForTimeout(2500);
    expect(streamsOpenedByOther).toBe(0);
    await other.close();
  });

  it('switches language from the top bar, fetching only that language’s catalog', { timeout: 60_000 }, async () => {
    // Which language catalogs the page asks for (dist/ui/chunks/<lang>-<hash>.js).
    const fetched: string[] = [];
    const onRequest = (r: { url(): string }) => {
      const m = /\/chunks\/(en|zh-CN|vi)-[A-Z0-9]+\.js$/.exec(new URL(r.url()).pathname);
      if (m) fetched.push(m[1]!);
    };
    page.on('request', onRequest);
    const nav = page.getByRole('navigation');
    const htmlLang = () => page.evaluate(() => document.documentElement.lang);
    try {
      // A fresh visit (the wizard earlier may have fetched another language): English only.
      await page.reload();
      await heading('Customers');
      expect(await htmlLang()).toBe('en');
      expect(fetched).toEqual(['en']);
      fetched.length = 0;

      // Chinese: the page fetches its catalog, then speaks it everywhere at once.
      await page.getByLabel('Language', { exact: true }).selectOption('zh-CN');
      await heading('客户');
      await expect(nav.getByRole('link').allTextContents()).resolves.toContain('设置');
      expect(await page.getByLabel('语言', { exact: true }).inputValue()).toBe('zh-CN');
      expect(await htmlLang()).toBe('zh-CN');
      expect(fetched).toEqual(['zh-CN']);

      // The choice is remembered in this browser: a new visit fetches Chinese and nothing else.
      fetched.length = 0;
      await page.reload();
      await heading('客户');
      expect(await htmlLang()).toBe('zh-CN');
      expect(fetched).toEqual(['zh-CN']);

      // The box restarting mid-update: the Vietnamese catalog cannot be fetched (tried twice).
      // The screen stays in Chinese, and the switch goes back to it.
      let tries = 0;
      await page.route('**/chunks/vi-*.js', (route) => (tries++, route.abort()));
      await page.getByLabel('语言', { exact: true }).selectOption('vi');
      await expect.poll(() => tries).toBe(2);
      await expect.poll(() => page.getByLabel('语言', { exact: true }).inputValue(), { timeout: 5000 }).toBe('zh-CN');
      await heading('客户');
      expect(await htmlLang()).toBe('zh-CN');

      // A new visit with Vietnamese stored but unreachable: the page falls back to English.
      await page.evaluate(() => localStorage.setItem('studio-box.language', 'vi'));
      await page.reload();
      await heading('Customers');
      expect(await htmlLang()).toBe('en');
      await page.unroute('**/chunks/vi-*.js');

      // A catalog that fails once is fetched again: Vietnamese arrives on the retry.
      tries = 0;
      await page.route('**/chunks/vi-*.js', (route) => (tries++ === 0 ? route.abort() : route.continue()));
      await page.getByLabel('Language', { exact: true }).selectOption('vi');
      await heading('Khách hàng');
      expect(tries).toBe(2);
      expect(await htmlLang()).toBe('vi');
      await page.getByLabel('Ngôn ngữ', { exact: true }).selectOption('en');
      await heading('Customers');
      expect(await htmlLang()).toBe('en');

      // Not even English can be fetched: no blank page, but one that says so in all three
      // languages and offers a reload, which brings the box back once it answers. (Only the
      // catalogs fail: the app's code is app.js and the chunks it imports, a page of its own.)
      await page.route('**/chunks/{en,zh-CN,vi}-*.js', (route) => route.abort());
      await page.reload();
      await page.getByText('Studio Box could not be loaded.', { exact: false }).waitFor();
      await page.getByText('无法加载 Studio Box。', { exact: false }).waitFor();
      await page.unroute('**/chunks/{en,zh-CN,vi}-*.js');
      await page.getByRole('button', { name: 'Reload · 重新加载 · Tải lại' }).click();
      await heading('Customers');

      // A page showing domains' strings (the status page: box, mirror, network, scrub,
      // simulator, system; ui/src/shell.ts) fetches them with it, in the language on screen, and a switch
      // fetches the new language's core catalog and those domains before it shows.
      fetched.length = 0;
      await nav.getByRole('link', { name: 'Status' }).click();
      await page.getByRole('heading', { name: mirrorEn['mirror.title'] }).waitFor();
      expect(fetched).toEqual(['en', 'en', 'en', 'en', 'en', 'en']);
      fetched.length = 0;
      await page.getByLabel('Language', { exact: true }).selectOption('zh-CN');
      await page.getByRole('heading', { name: mirrorZhCN['mirror.title'] }).waitFor();
      expect(await htmlLang()).toBe('zh-CN');
      expect(fetched).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN']);
    } finally {
      page.off('request', onRequest);
      await page.unroute('**/chunks/vi-*.js');
      await page.unroute('**/chunks/{en,zh-CN,vi}-*.js');
    }
  });
});
