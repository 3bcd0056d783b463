// Card ingest in a browser (H3), end to end: a card folder appears in the development card slot
// while staff look at another screen; the dialog shows what is on it with today's shoot
// offered; one click starts the copy; the bar shows the progress and then "… copied to library
// and backup, verified; … safe to remove"; the customer's page shows the thumbnails with
// capture time and camera; an edited file is imported into "refined" through the upload.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import { localDate } from '../../firmware/src/ingest/copy/library-layout.js';
import { CardSlot, exifJpeg } from '../../firmware/test/helpers/card-slot.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { hashFile, listFiles, videoLike } from '../../firmware/test/ingest/engine-helpers.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { logIn } from './log-in.js';

describe('card ingest in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let lan: Customer;
  let cards: CardSlot;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { cardSource: { pollSeconds: 0.2, settleSeconds: 0.3 } } });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    // Two customers; Lan's shoot is today (noon in the studio's zone, UTC+8).
    await admin.post('/api/customers', { name: 'Phạm Văn Minh', stage: 'lead' });
    const todayNoon = new Date(`${localDate(new Date(), SETUP.timeZone)}T04:00:00Z`).toISOString();
    lan = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Thị Lan', stage: 'ordered', stageDueAt: todayNoon })).data;
    cards = new CardSlot(tb.dataDir);
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext()).newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('card in → dialog → customer → progress → done → thumbnails on the customer’s page', { timeout: 90_000 }, async () => {
    const written = await cards.make('EOS_DIGITAL', { jpegs: 4, firstShot: '2026:11:23 10:00:00' });
    // A clip large enough for the copy to take a moment.
    const clip = videoLike(48 * 1024 * 1024);
    writeFileSync(join(cards.shelf, 'EOS_DIGITAL', 'DCIM', '100CANON', 'MVI_0300.MP4'), clip);

    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    // Any screen: the status page.
    await page.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Status' }).click();
    await page.getByRole('heading', { level: 1, name: 'Box status' }).waitFor();
    await waitFor(() => tb.box.ctx.events.listenerCount >= 1, 'the browser event stream');

    cards.insert('EOS_DIGITAL');
    const dialog = page.getByRole('dialog', { name: /^Card inserted: 5 files, \d+ MB, shot between / });
    await dialog.waitFor({ timeout: 15_000 });
    const text = (await dialog.textContent()) ?? '';
    expect(text).toContain('4 photos, 0 RAW, 1 videos');
    expect(text).toContain('Library disk:');
    expect(text).toContain('Backup disk:');
    expect(text).toContain('GB free of');
    // Today's shoot is offered first and already chosen; the other customer is offered too.
    const lanChoice = dialog.getByRole('radio', { name: /Nguyễn Thị Lan/ });
    expect(await lanChoice.isChecked()).toBe(true);
    await expect(dialog.getByText('shoot today').count()).resolves.toBe(1);
    expect(await dialog.getByRole('radio', { name: /Phạm Văn Minh/ }).isChecked()).toBe(false);
    await lanChoice.check();
    await dialog.getByLabel('Order (optional)').fill('Album A');

    // Record what the bar shows while the copy runs (it may be quick).
    await page.evaluate(() => {
      const w = window as unknown as { seen: string[] };
      w.seen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('.ingest-progress');
        if (bar?.textContent) w.seen.push(bar.textContent);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await dialog.getByRole('button', { name: 'Start copy' }).click();

    const bar = page.locator('.ingest-bar');
    await bar.getByText('5 new files copied to library and backup, verified; 0 were already there. Safe to remove the card.').waitFor({ timeout: 30_000 });
    const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
    expect(seen.some((s) => s.includes('Copying the card for Nguyễn Thị Lan') || s.includes('Checking the copies for Nguyễn Thị Lan'))).toBe(true);
    expect(seen.some((s) => /of 5 files · .* MB\/s/.test(s))).toBe(true);
    // The dialog is gone (the card was unmounted), the status page still underneath.
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { level: 1, name: 'Box status' }).isVisible()).toBe(true);
    // On the disks: both copies, the card's bytes.
    const folder = `${lan.customerNo} ${lan.name}/Album A/originals`;
    for (const root of ['library', 'backup']) {
      expect(listFiles(join(tb.dataDir, root, folder))).toEqual([...written.map((f) => f.name), 'MVI_0300.MP4'].sort());
      expect(hashFile(join(tb.dataDir, root, folder, 'IMG_0002.JPG'))).toBe(written[1]!.hash);
    }

    // The customer's page: thumbnails with capture time and camera.
    await page.goto(`${tb.url}#/customers/${lan.id}`);
    await page.getByRole('heading', { level: 2, name: 'Photos' }).waitFor();
    const section = page.locator('.customer-photos');
    await section.getByText('Album A').waitFor();
    await expect(section.getByRole('tab', { name: /Originals/ }).getAttribute('aria-selected')).resolves.toBe('true');
    const thumbs = section.locator('.photo-grid img');
    await waitFor(async () => (await thumbs.count()) === 4, '4 thumbnails');
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('.photo-grid img')].every((i) => i.complete && i.naturalWidth > 0), undefined, { timeout: 20_000 });
    const widths = await thumbs.evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
    expect(widths).toEqual([320, 320, 320, 320]);
    const first = section.locator('.photo[data-name="IMG_0001.JPG"]');
    await expect(first.textContent()).resolves.toContain('Canon EOS R6');
    await expect(first.textContent()).resolves.toMatch(/2026.*10:00/);
    // The clip has no thumbnail, a plain tile.
    await expect(section.locator('.photo[data-name="MVI_0300.MP4"] .photo-none').textContent()).resolves.toBe('MP4');

    // An edited file back into "refined", through the upload.
    const edit = await exifJpeg('2026:11:23 10:00:00');
    await section.getByLabel('Into').selectOption('refined');
    await section.getByLabel('Files').setInputFiles({ name: 'IMG_0001.JPG', mimeType: 'image/jpeg', buffer: edit });
    await section.getByRole('button', { name: 'Import' }).click();
    await section.getByText('1 imported, 0 were already there.').waitFor({ timeout: 20_000 });
    await section.getByRole('tab', { name: /Refined \(1\)/ }).click();
    await waitFor(async () => (await section.locator('.photo-grid .photo').count()) === 1, 'the refined file listed');
    for (const root of ['library', 'backup']) {
      expect(hashFile(join(tb.dataDir, root, `${lan.customerNo} ${lan.name}/Album A/refined/IMG_0001.JPG`))).toMatch(/^[0-9a-f]{32}$/);
    }
  });
});
