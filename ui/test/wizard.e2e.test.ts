// The first-run wizard (issue 10): it opens in the browser's language when the box speaks it
// (else in the box's suggestion), and a field the box refuses on Finish sends the wizard back
// to that field's step with the reason under the field, in the wizard's language.
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import vi from '../src/i18n/lang/vi';
import zhCN from '../src/i18n/lang/zh-CN';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

describe('first-run wizard', () => {
  let tb: TestBox;
  let browser: Browser;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    browser = await chromium.launch(CHROMIUM);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('opens in the browser’s language when it is one of the three, else in the box’s suggestion', { timeout: 60_000 }, async () => {
    for (const [locale, lang, title] of [
      ['vi-VN', 'vi', vi['setup.title']],
      ['zh-TW', 'zh-CN', zhCN['setup.title']],
      // French is not one of ours: the box's suggestion (Chinese on a machine in UTC).
      ['fr-FR', 'zh-CN', zhCN['setup.title']],
    ] as const) {
      const context = await browser.newContext({ locale });
      const page = await context.newPage();
      await page.goto(tb.url);
      await page.getByRole('heading', { level: 1, name: title }).waitFor();
      expect(await page.evaluate(() => document.documentElement.lang), locale).toBe(lang);
      await context.close();
    }
  });

  it('a field the box refuses sends the wizard back to its step', { timeout: 60_000 }, async () => {
    const context = await browser.newContext({ locale: 'vi-VN' });
    const page = await context.newPage();
    await page.goto(tb.url);
    // 101 characters: fine for the browser's checks, too long for the box.
    await page.getByLabel(vi['settings.studioName']).fill('Á'.repeat(101));
    await page.getByRole('button', { name: vi['setup.next'] }).click();
    await page.getByRole('button', { name: vi['setup.next'] }).click();
    await page.getByLabel(vi['user.username']).fill('chu');
    await page.getByLabel(vi['user.displayName']).fill('Chủ studio');
    await page.getByLabel(vi['user.password'], { exact: true }).fill('correct horse 1');
    await page.getByLabel(vi['user.passwordConfirm']).fill('correct horse 1');
    await page.getByRole('button', { name: vi['setup.submit'] }).click();
    // Back on the first step, the reason under the studio's name.
    await page.getByText(vi['field.longerThan'].replace('{max}', '100')).waitFor();
    expect(await page.getByLabel(vi['settings.studioName']).inputValue()).toBe('Á'.repeat(101));
    // Fixed, the rest is still there: Next, Next, Finish.
    await page.getByLabel(vi['settings.studioName']).fill('Studio Ánh Dương');
    await page.getByRole('button', { name: vi['setup.next'] }).click();
    await page.getByRole('button', { name: vi['setup.next'] }).click();
    expect(await page.getByLabel(vi['user.username']).inputValue()).toBe('chu');
    await page.getByRole('button', { name: vi['setup.submit'] }).click();
    await page.getByRole('heading', { level: 1, name: vi['home.title'] }).waitFor();
    await context.close();
  });
});
