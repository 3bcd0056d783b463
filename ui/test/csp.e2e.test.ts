// The UI works under the box's Content-Security-Policy (issue 11 item 8): every screen is
// opened in headless Chromium against the real daemon and the browser reports no CSP
// violation (console "Refused to …" messages and securitypolicyviolation events alike).
// The modem simulator is on, so the status page draws the signal bars (a dynamic style).
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

const XSS_NAME = '<img src=x onerror="window.xss=1">Hoa';

describe('the UI under the Content-Security-Policy', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  const violations: string[] = [];

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 } } });
    browser = await chromium.launch(CHROMIUM);
    page = await browser.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to (execute|load|apply|connect|frame)/i.test(m.text())) violations.push(m.text());
    });
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`Refused to apply: CSP violation ${e.violatedDirective} ${e.blockedURI}`));
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('serves the policy the test is about', async () => {
    const res = await page.goto(tb.url);
    expect(res?.headers()['content-security-policy']).toContain("script-src 'self'");
    expect(res?.headers()['content-security-policy']).not.toContain('unsafe-inline');
  });

  it('opens the wizard, the login page and every screen without a CSP violation', { timeout: 120_000 }, async () => {
    // The wizard's first step (studio → region → admin).
    await page.getByRole('button', { name: /^(Next|下一步|Tiếp)$/ }).waitFor();
    const admin = new ApiClient(tb.url);
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    // A name that would run script if any screen put it into the page as HTML.
    const c = await admin.post<Customer>('/api/customers', { name: XSS_NAME, phones: [{ number: '138 1234 5678' }], notes: XSS_NAME, tags: ['<b>x</b>'] });
    expect(c.status).toBe(201);
    await page.reload();
    // The login page still shows the studio's name (GET /api/setup now says little else).
    await page.getByText(SETUP.studioName).first().waitFor();
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    const screens = ['customers/new', `customers/${c.data.id}`, `customers/${c.data.id}/edit`, 'sms', 'sms/compose', 'calls', 'users', 'groups', 'audit', 'status', 'settings'];
    for (const screen of screens) {
      await page.goto(`${tb.url}#/${screen}`);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
      await page.waitForLoadState('networkidle').catch(() => undefined);
    }
    // The status page's signal bars are drawn with a style set from script.
    await page.goto(`${tb.url}#/status`);
    await page.locator('.signal-bars span').first().waitFor({ timeout: 60_000 });
    expect(await page.locator('.signal-bars span').last().evaluate((e) => (e as HTMLElement).style.height)).toBe('100%');
    // The name is shown as text, on the list and on the customer's page, and ran nothing.
    await page.goto(`${tb.url}#/customers/${c.data.id}`);
    await page.getByRole('heading', { level: 1, name: XSS_NAME }).waitFor();
    await page.goto(`${tb.url}#/customers`);
    await page.getByRole('link', { name: XSS_NAME }).waitFor();
    expect(await page.evaluate(() => (window as unknown as { xss?: number }).xss)).toBeUndefined();
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(violations).toEqual([]);
  });
});
