// A1 in a browser: the admin builds a group with the rights grid and a user in it, through
// the UI; that user then sees only what the group allows, and the server agrees.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

describe('permissions in the browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let customerId: number;

  beforeAll(async () => {
    execFileSync(process.execPath, [join(root, 'scripts/build.mjs'), 'ui'], { cwd: root });
    tb = await startTestBox();
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    customerId = (await admin.post('/api/customers', { name: 'Võ Thị Sáu', phones: [{ number: '13912345678' }] })).data.id;
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  async function logIn(page: Page, username: string, password: string) {
    await page.goto(tb.url);
    await page.getByLabel('User name').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
  }

  it('admin gives a group rights with the grid and puts a new user in it', { timeout: 60_000 }, async () => {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('link', { name: 'New group' }).click();
    await page.getByLabel('Group name').fill('Front desk');
    await page.getByLabel('Customers: View').check();
    await page.getByLabel('Customers: Add').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Front desk' }).waitFor();

    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('User name').fill('thu');
    await page.getByLabel('Display name').fill('Thu');
    await page.getByLabel('Password', { exact: true }).fill('thu-password-1');
    await page.getByLabel('Confirm password').fill('thu-password-1');
    await page.getByLabel('Front desk').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('link', { name: 'Thu' }).waitFor();

    // Opening the group again shows what was saved, and its new member.
    await page.getByRole('link', { name: 'Groups' }).click();
    await page.getByRole('link', { name: 'Front desk' }).click();
    await page.getByRole('link', { name: 'Thu' }).waitFor();
    expect(await page.getByLabel('Customers: View').isChecked()).toBe(true);
    expect(await page.getByLabel('Customers: Edit').isChecked()).toBe(false);
  });

  it('the user sees only what the group allows', { timeout: 60_000 }, async () => {
    const page = await (await browser.newContext()).newPage();
    await logIn(page, 'thu', 'thu-password-1');
    const nav = page.getByRole('navigation');
    await nav.getByRole('link', { name: 'Customers' }).waitFor();
    for (const hidden of ['Users', 'Groups', 'Audit log', 'Settings', 'SMS']) {
      expect(await nav.getByRole('link', { name: hidden, exact: true }).count(), hidden).toBe(0);
    }
    // No sms:view: no unread-SMS letter in the top bar either.
    expect(await page.locator('.sms-letter').count()).toBe(0);
    await nav.getByRole('link', { name: 'Customers' }).click();
    await page.getByRole('link', { name: 'New customer' }).waitFor();
    await page.goto(`${tb.url}#/customers/${customerId}`);
    await page.getByRole('heading', { name: /Võ Thị Sáu/ }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete' }).count()).toBe(0);
    expect(await page.locator('section.sms-conversation').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Edit' }).count() + (await page.getByRole('button', { name: 'Edit' }).count())).toBe(0);

    // A phone that already belongs to someone is flagged while typing and again on saving;
    // "save anyway" saves.
    await page.goto(`${tb.url}#/customers/new`);
    await page.getByLabel('Name', { exact: true }).fill('Chồng của Sáu');
    await page.getByLabel('Phone', { exact: true }).fill('139 1234 5678');
    await page.getByLabel('Phone', { exact: true }).blur();
    await page.getByText('Already belongs to:').waitFor();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('A phone number already belongs to another customer:').waitFor();
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await page.getByRole('heading', { name: /Chồng của Sáu/ }).waitFor();

    // Typing the address of a page it may not see shows no data: the server refuses it too.
    await page.goto(`${tb.url}#/audit`);
    await page.waitForTimeout(300);
    expect(await page.getByRole('table').count()).toBe(0);
  });
});
