// The e-mail settings (S6) in a browser: a person fills in the studio's SMTP server (a real
// smtp-server started here), saves, sends a test that arrives; a wrong password is told as such.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { logIn } from './log-in.js';
import { startTestSmtp, subjectsOf, type TestSmtp } from './test-smtp.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

describe('e-mail settings in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let smtp: TestSmtp;
  let port = 0;

  beforeAll(async () => {
    ensureBundle();
    smtp = await startTestSmtp();
    port = smtp.port;
    tb = await startTestBox();
    await new ApiClient(tb.url).post('/api/setup', SETUP);
    browser = await chromium.launch(CHROMIUM);
    page = await browser.newPage();
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
    await smtp?.close();
  });

  it('saves the server, sends a test that arrives, and says when the password is wrong', { timeout: 90_000 }, async () => {
    await page.goto(`${tb.url}#/settings`);
    const card = page.locator('section.mail-settings');
    await card.getByRole('heading', { name: 'E-mail (outgoing server)' }).waitFor();
    await card.getByLabel('SMTP server').fill('127.0.0.1');
    await card.getByLabel('Encryption').selectOption('none');
    await card.getByLabel('Port').fill(String(port));
    await card.getByLabel('User name (usually the address)').fill('studio@example.com');
    await card.getByLabel('Password or authorisation code').fill('wrong');
    await card.getByLabel('Sender', { exact: true }).fill('Studio <studio@example.com>');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('E-mail settings saved.').waitFor();

    await card.getByLabel('Send a test e-mail to').fill('hoa@example.com');
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText(/The server refused the user name or password/).waitFor();
    expect(subjectsOf(smtp.received)).toEqual([]);

    await card.getByLabel('Password or authorisation code').fill('code-1234');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('E-mail settings saved.').waitFor();
    await card.getByText('A password is saved; leave empty to keep it.').waitFor();
    await card.getByRole('button', { name: 'Send test' }).click();
    await card.getByText('The test e-mail was accepted by the server for hoa@example.com. Check that it arrived.').waitFor();
    expect(subjectsOf(smtp.received)).toEqual(['Studio Box test e-mail']);
  });
});
