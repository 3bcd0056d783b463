// Photo selection (O4) in Chromium on a tablet: a 1024×768 touch screen, 300 real JPEGs copied
// by the real ingest. Staff start the session; the customer taps a photo open, marks keep,
// swipes to the next ones, writes a retouch wish, double-taps to zoom (the original is fetched
// only then), compares two photos side by side and decides the "maybe" there, sees the count
// against the package and the price of the extra photo; a reload resumes the session; the grid
// keeps only a screenful in the page and scrolls to the last photo; finishing writes selected/
// with exactly the kept originals, the production sheet and the Lightroom filter.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, PriceItem } from '../../firmware/src/api-types.js';
import { hashOf } from '../../firmware/test/ingest/engine-helpers.js';
import { SETUP, type ApiClient } from '../../firmware/test/helpers/http-client.js';
import { startSetUpBox } from '../../firmware/test/helpers/set-up-box.js';
import { ingestShoot } from '../../firmware/test/helpers/shoot.js';
import type { TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';

type Loc = ReturnType<Page['locator']>;
const until = (check: () => Promise<unknown>, what: string) => waitFor(check, what, 15_000, 50);
const hasText = (l: Loc, text: string) => until(async () => (await l.textContent())?.includes(text), `text ${text}`);
const lacksText = (l: Loc, text: string) => until(async () => !(await l.textContent())?.includes(text), `no text ${text}`);
const hasAttr = (l: Loc, a: string, v: string | RegExp) => until(async () => { const x = await l.getAttribute(a); return typeof v === 'string' ? x === v : x !== null && v.test(x); }, `${a} ${String(v)}`);
const hasCount = (l: Loc, n: number) => until(async () => (await l.count()) === n, `${n} of them`);

const PHOTOS = Number(process.env.SEL_E2E_PHOTOS ?? 300);
const name = (n: number) => `IMG_${String(n).padStart(4, '0')}.JPG`;

describe('photo selection on a tablet', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let browser: Browser;
  let page: Page;
  let cdp: CDPSession;
  let lan: Customer;
  let order: Order;

  beforeAll(async () => {
    ensureBundle();
    ({ tb, admin } = await startSetUpBox({ config: { cardSource: { pollSeconds: 0.1, settleSeconds: 0.1 } } }));
    lan = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Thị Lan' })).data;
    order = (await admin.post<Order>(`/api/customers/${lan.id}/orders`, { title: 'Wedding A', totalMinor: 0 })).data;
    const pkg = (await admin.post<PriceItem>('/api/price-items', { kind: 'package', name: 'Wedding A', priceMinor: 880000, photosIncluded: 5, extraPhotoMinor: 3000 })).data;
    expect((await admin.post(`/api/orders/${order.id}/bill`, { lines: [{ priceItemId: pkg.id }] })).status).toBe(201);
    // Thumbnails are made while the test runs: what a screen asks for goes first.
    await ingestShoot(tb, admin, lan.id, order.orderNo, PHOTOS, { thumbnails: false });
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true }));
    cdp = await page.context().newCDPSession(page);
  }, 300_000);
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const viewer = () => page.getByRole('dialog');
  const tally = () => page.locator('.sel-tally');
  const tap = async (selector: ReturnType<Page['locator']>) => {
    const box = (await selector.boundingBox())!;
    await page.touchscreen.tap(box.x + box.width / 2, box.y + box.height / 2);
  };
  const swipeLeft = async () => {
    const stage = (await page.locator('.sel-stage').boundingBox())!;
    const y = stage.y + stage.height / 2;
    const x0 = stage.x + stage.width * 0.8;
    const x1 = stage.x + stage.width * 0.2;
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: x0, y }] });
    for (let i = 1; i <= 6; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x0 + ((x1 - x0) * i) / 6, y }] });
    // Held still before lifting: a swipe, not a fling (a tap during a fling only stops it).
    await new Promise((r) => setTimeout(r, 150));
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x1, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  };
  const onScreen = (n: number) => hasText(page.locator('.sel-pos'), name(n));
  const markIn = async (label: 'Keep' | 'Maybe' | 'No') => {
    const b = viewer().locator('.sel-marks').getByRole('button', { name: label, exact: true });
    await tap(b);
    await hasAttr(b, 'aria-pressed', 'true');
  };

  it('staff start the session on the order’s shoot; the grid holds only a screenful', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/selection/${order.id}`);
    await page.getByText('Package: Wedding A').waitFor();
    await tap(page.getByRole('button', { name: 'Start the selection' }));
    await hasText(tally(), '0 of 5 included');
    await page.locator('.sel-cell').first().waitFor();
    const cells = await page.locator('.sel-cell').count();
    expect(cells).toBeGreaterThan(8);
    expect(cells).toBeLessThan(PHOTOS / 3);
    // Thumbnails are the size that fills a cell on this 1× screen (160), 24 to a sheet (one
    // image), loaded and shown: the first cell shows the sheet's first slot.
    const first = page.locator(`.sel-cell[data-name="${name(1)}"] .sel-sheet`);
    await hasAttr(first, 'data-ready', 'yes');
    const shown = await first.evaluate((e: HTMLElement) => ({ image: e.style.backgroundImage, position: e.style.backgroundPosition, width: e.offsetWidth, height: e.offsetHeight }));
    expect(shown.image).toMatch(/\/api\/thumb-sheets\/160\/([0-9a-f]+\.){23}[0-9a-f]+"\)$/);
    expect(shown.position).toBe('0px 0px');
    expect(Math.abs(shown.width / shown.height - 4 / 3)).toBeLessThan(0.02);
    const second = page.locator(`.sel-cell[data-name="${name(2)}"] .sel-sheet`);
    await hasAttr(second, 'data-ready', 'yes');
    expect(await second.evaluate((e: HTMLElement) => e.style.backgroundImage)).toBe(shown.image);
    expect(await second.evaluate((e: HTMLElement) => e.style.backgroundPosition)).toMatch(/^0px -\d+(\.\d+)?px$/);
  });

  it('the customer opens a photo, keeps it, swipes on, writes a wish, zooms into the original', { timeout: 90_000 }, async () => {
    await tap(page.locator(`.sel-cell[data-name="${name(1)}"] .sel-open`));
    await onScreen(1);
    await hasAttr(viewer().locator('img.sel-large'), 'src', /\/api\/thumbs\/[0-9a-f]+\/1280/);
    await markIn('Keep');
    for (let n = 2; n <= 6; n++) {
      await swipeLeft();
      await onScreen(n);
      await markIn('Keep');
    }
    await tap(viewer().getByLabel('Retouch wishes'));
    await page.keyboard.type('Brighter face, remove the lamp');
    await tap(viewer().getByRole('button', { name: 'Save the wish' }));
    await hasText(viewer().getByRole('status'), 'Wish saved.');
    await swipeLeft();
    await onScreen(7);
    await markIn('Maybe');
    // Double tap: zoomed, and only now the original.
    const stage = (await page.locator('.sel-stage').boundingBox())!;
    const originals: string[] = [];
    page.on('request', (r) => r.url().includes('/original') && originals.push(r.url()));
    await page.touchscreen.tap(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await page.touchscreen.tap(stage.x + stage.width / 2, stage.y + stage.height / 2);
    await hasAttr(page.locator('.sel-stage'), 'data-zoomed', 'original');
    const img = viewer().locator('img.sel-large');
    await hasAttr(img, 'src', /\/original$/);
    await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth)).toBe(600);
    expect(originals).toHaveLength(1);
    await tap(viewer().getByRole('button', { name: 'Close' }));
    await hasText(tally(), '6 of 5 included');
    await hasText(tally(), '1 extra');
    await hasText(tally(), '30.00');
    await hasText(tally(), '1 maybe');
  });

  it('compares two photos side by side and decides the maybe there', { timeout: 90_000 }, async () => {
    await tap(page.getByRole('button', { name: `Compare ${name(6)}` }));
    await tap(page.getByRole('button', { name: `Compare ${name(7)}` }));
    await tap(page.getByRole('button', { name: 'Compare (2)' }));
    const compare = page.getByRole('dialog');
    await hasCount(compare.locator('figure'), 2);
    await tap(compare.locator(`figure[data-name="${name(7)}"]`).getByRole('button', { name: 'No', exact: true }));
    await hasAttr(compare.locator(`figure[data-name="${name(7)}"]`).getByRole('button', { name: 'No', exact: true }), 'aria-pressed', 'true');
    await tap(compare.getByRole('button', { name: 'Close' }));
    await lacksText(tally(), 'maybe');
  });

  it('a reload resumes the session as it was; the grid scrolls to the last photo', { timeout: 90_000 }, async () => {
    // The session is asked for together with the login check (early-fetch.ts), before the
    // page's own code is even loaded, and only once.
    const sent: string[] = [];
    const onRequest = (r: { url(): string; method(): string }) => sent.push(`${r.method()} ${new URL(r.url()).pathname}`);
    page.on('request', onRequest);
    await page.reload();
    await hasText(tally(), '6 of 5 included');
    page.off('request', onRequest);
    const sessionGets = sent.filter((r) => r === `GET /api/orders/${order.id}/selection`);
    expect(sessionGets).toHaveLength(1);
    const pageChunk = sent.findIndex((r) => /\/chunks\/selection-page-[\w-]+\.js$/.test(r));
    expect(pageChunk).toBeGreaterThan(-1);
    expect(sent.indexOf(sessionGets[0]!)).toBeLessThan(pageChunk);
    await hasAttr(page.locator(`.sel-cell[data-name="${name(1)}"]`), 'class', /mark-keep/);
    await hasAttr(page.locator(`.sel-cell[data-name="${name(7)}"]`), 'class', /mark-no/);
    await page.locator('.sel-grid').evaluate((g) => (g.scrollTop = g.scrollHeight));
    await page.locator(`.sel-cell[data-name="${name(PHOTOS)}"]`).waitFor();
    await hasCount(page.locator(`.sel-cell[data-name="${name(1)}"]`), 0);
    expect(await page.locator('.sel-cell').count()).toBeLessThan(PHOTOS / 3);
  });

  it('opened before logging in: the page asks again after the login and shows the session', { timeout: 60_000 }, async () => {
    const other = await (await browser.newContext({ viewport: { width: 1024, height: 768 } })).newPage();
    try {
      // The early request answers 401 (nobody logged in yet); it must not become the page's error.
      await other.goto(`${tb.url}#/selection/${order.id}`);
      await other.getByLabel('User name').fill(SETUP.admin.username);
      await other.getByLabel('Password').fill(SETUP.admin.password);
      await other.getByRole('button', { name: 'Log in' }).click();
      // The login keeps the address: the selection page opens, on a request of its own.
      await hasText(other.locator('.sel-tally'), '6 of 5 included');
      expect(await other.locator('.sel-page .banner-error').count()).toBe(0);
    } finally {
      await other.context().close();
    }
  });

  it('finishing copies exactly the kept originals, the production sheet and the Lightroom filter', { timeout: 90_000 }, async () => {
    page.once('dialog', (d) => void d.accept());
    await tap(page.getByRole('button', { name: 'Finish the selection' }));
    await page.getByText(/Finished: 6 photos are in/).waitFor();
    await until(async () => (await page.locator('.sel-lightroom').inputValue()) === 'IMG_0001, IMG_0002, IMG_0003, IMG_0004, IMG_0005, IMG_0006', 'the filter');
    await page.getByRole('link', { name: 'Print the production sheet' }).waitFor();
    const dir = join(tb.dataDir, 'library', `${lan.customerNo} ${lan.name}`, order.orderNo, 'selected');
    const kept = [1, 2, 3, 4, 5, 6].map(name);
    expect(readdirSync(dir).sort()).toEqual([...kept, 'lightroom-filter.txt', 'production-sheet.html']);
    for (const n of kept) expect(hashOf(readFileSync(join(dir, n)))).toBe(hashOf(readFileSync(join(tb.dataDir, 'library', `${lan.customerNo} ${lan.name}`, order.orderNo, 'originals', n))));
    const sheet = readFileSync(join(dir, 'production-sheet.html'), 'utf8');
    expect(sheet).toContain('Brighter face, remove the lamp');
    expect(sheet).toContain(`${name(6)}`);
    expect(sheet).not.toContain(name(7));
  });
});
