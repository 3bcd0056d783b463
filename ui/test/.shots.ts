// scratch: screenshots (not committed)
import { chromium } from 'playwright-core';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox } from '../../firmware/test/helpers/test-box.js';
import { CardSlot } from '../../firmware/test/helpers/card-slot.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

const lang = process.argv[2] ?? 'zh-CN';
const paths = (process.argv[3] ?? '/').split(',');
ensureBundle();
const tb = await startTestBox({ config: { cardSource: { pollSeconds: 0.2, settleSeconds: 0.3 } } });
const admin = new ApiClient(tb.url);
await admin.post('/api/setup', { ...SETUP, language: lang });
const c = (await admin.post<{ id: number }>('/api/customers', { name: '张伟', stage: 'lead', phones: [{ number: '13812345678', label: 'mobile' }] })).data;
const cards = new CardSlot(tb.dataDir);
const browser = await chromium.launch(CHROMIUM);
for (const [w, h] of [[1366, 800], [390, 844]] as const) {
  const page = await (await browser.newContext({ viewport: { width: w, height: h } })).newPage();
  await page.goto(tb.url);
  await page.getByLabel(/.+/).first().waitFor();
  await page.locator('input[autocomplete=username]').fill(SETUP.admin.username);
  await page.locator('input[type=password]').fill(SETUP.admin.password);
  await page.locator('button[type=submit]').click();
  await page.locator('h1').waitFor();
  for (const p of paths) {
    if (p === 'card') {
      await cards.make(`EOS${w}`, { jpegs: 3, firstShot: '2026:11:23 10:00:00' });
      cards.insert(`EOS${w}`);
      await page.getByRole('dialog').waitFor({ timeout: 15000 });
    } else if (p === 'menu') {
      if (w > 700) continue;
      await page.locator('.menu-toggle').click();
    } else {
      await page.goto(tb.url + '#' + p.replace('ID', String(c.id)));
    }
    await page.waitForTimeout(1200);
    const name = `/tmp/ui-shots/${lang}-${w}-${p.replace(/[^a-z0-9]+/gi, '_')}.png`;
    await page.screenshot({ path: name, fullPage: false });
    console.log(name);
  }
}
await browser.close();
await tb.close();
