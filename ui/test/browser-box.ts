// Chromium on a box's page, logged in as the wizard's admin: how most browser tests begin (the
// box is started and set up by the test itself, since each seeds it differently).
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { SETUP } from '../../firmware/test/helpers/http-client.js';
import { logIn } from './log-in.js';
import { CHROMIUM } from './ui-bundle.js';

/** Launches Chromium, opens the box at `url` in a new context and logs in as the admin. */
export async function openAdminPage(url: string, context: BrowserContextOptions = {}): Promise<{ browser: Browser; page: Page }> {
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await (await browser.newContext(context)).newPage();
    await page.goto(url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    return { browser, page };
  } catch (err) {
    await browser.close();
    throw err;
  }
}
