// The System page in a browser (issue 17 item 4): on this computer (no Pi) every reading the
// box has not got says "not available" instead of failing; the log shows the daemon's own
// lines, newest first, filtered by level, with a download; the page speaks Chinese too. Only
// admins see it. The readers against a Pi's files and tools: firmware/test/system/host-readers.test.ts.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recentLog } from '../../firmware/src/log-ring.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { boxEn } from '../src/i18n/box/en';
import { boxZhCN } from '../src/i18n/box/zh-CN';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

describe('the System page', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  const tag = `e2e${Date.now()}`;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    await admin.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
    recentLog.add({ at: new Date(Date.now() - 2000).toISOString(), level: 'info', text: `${tag} database ready` });
    recentLog.add({ at: new Date(Date.now() - 1000).toISOString(), level: 'warn', text: `${tag} modem: link lost` });
    recentLog.add({ at: new Date().toISOString(), level: 'error', text: `${tag} disks: backup gone` });
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext()).newPage();
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('is reached from the status page and shows every reading, or that it is not available', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/status`);
    await page.getByRole('link', { name: boxEn['box.link'] }).click();
    await page.getByRole('heading', { level: 1, name: boxEn['box.title'] }).waitFor();
    const host = (await admin.get('/api/system/host')).data;
    for (const part of ['computer', 'temperature', 'power', 'disks']) await page.locator(`[data-part=${part}]`).waitFor();
    await page.locator('[data-part=computer]').getByText(`Software version ${host.version}`).waitFor();
    // What this computer lacks is said, per reading; the folder disks have no SMART.
    const absent = (part: string) => page.locator(`[data-part=${part}] [data-missing=absent]`);
    await expect(absent('disks').count()).resolves.toBe(2);
    if (!host.throttle.available) await expect(absent('power').textContent()).resolves.toBe(boxEn['box.absent']);
    else await page.locator('[data-part=power] code').getByText(`throttled=${host.throttle.value.raw}`).waitFor();
    if (!host.temperature.available) await absent('temperature').waitFor();
    else await page.locator('[data-part=temperature]').getByText(`${host.temperature.value[0].type}: `).waitFor();
  });

  it('shows the log newest first, filtered by level, with a download', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/system`);
    const log = page.locator('.system-log');
    await log.getByText(boxEn['box.logMemory']).waitFor();
    const ours = log.locator('tbody tr').filter({ hasText: tag });
    await expect.poll(() => ours.allTextContents()).toEqual([
      expect.stringContaining(`${tag} disks: backup gone`),
      expect.stringContaining(`${tag} modem: link lost`),
      expect.stringContaining(`${tag} database ready`),
    ]);
    await log.getByLabel(boxEn['box.level']).selectOption('warn');
    await expect.poll(() => ours.count()).toBe(2);
    await log.getByLabel(boxEn['box.level']).selectOption('error');
    await expect.poll(() => ours.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), log.getByRole('link', { name: boxEn['box.download'] }).click()]);
    expect(download.suggestedFilename()).toMatch(/^studio-box-log-[\d-]+\.txt$/);
    const text = await (await download.createReadStream()).toArray();
    expect(Buffer.concat(text).toString('utf8')).toMatch(new RegExp(`ERROR ${tag} disks: backup gone\\n$`));
  });

  it('speaks Chinese when the user does', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ locale: 'zh-CN' });
    await context.addInitScript(() => localStorage.setItem('studio-box.language', 'zh-CN'));
    const zh = await context.newPage();
    await zh.goto(tb.url);
    await zh.locator('input[autocomplete=username]').fill(SETUP.admin.username);
    await zh.locator('input[type=password]').fill(SETUP.admin.password);
    await zh.locator('button[type=submit]').click();
    await zh.locator('.home').waitFor();
    await zh.goto(`${tb.url}#/system`);
    await zh.getByRole('heading', { level: 1, name: boxZhCN['box.title'] }).waitFor();
    await zh.locator('[data-part=disks] [data-missing=absent]').first().getByText(boxZhCN['box.absent']).waitFor();
    await zh.locator('.system-log').getByText(boxZhCN['box.log']).waitFor();
    await context.close();
  });

  it('is not shown to someone who is not an admin', { timeout: 60_000 }, async () => {
    const manager = await userWith(admin, 'manager', { settings: ['view', 'edit'] });
    void manager;
    const context = await browser.newContext();
    const other = await context.newPage();
    await other.goto(tb.url);
    await logIn(other, 'manager', 'manager-password-1');
    await other.goto(`${tb.url}#/status`);
    await other.getByRole('heading', { level: 1 }).first().waitFor();
    await expect(other.getByRole('link', { name: boxEn['box.link'] }).count()).resolves.toBe(0);
    await other.goto(`${tb.url}#/system`);
    await other.locator('.banner-error').waitFor();
    await context.close();
  });
});
