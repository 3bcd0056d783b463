// The screenshots of the staff guides (docs/first-run.md, docs/daily-use.md,
// docs/troubleshooting.md): a demo box on a fresh data folder (the `--demo` data, a simulated
// modem, a folder as the card slot, folders as disks), driven by headless Chromium as a person
// would. Not a test: run it by hand after a UI change and look at the pictures.
//
//   npm run build && npx tsx docs/screenshots/take.ts        # → docs/images/*.png
//
// Each picture is 1024 px wide (the tablet one 1024×768), re-encoded as a palette PNG by sharp.
import { mkdirSync, mkdtempSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Locator, type Page } from 'playwright-core';
import sharp from 'sharp';
import { loadConfig } from '../../firmware/src/config.js';
import { startDemo } from '../../firmware/src/demo/demo-start.js';
import { createLogger } from '../../firmware/src/log.js';
import { startBox } from '../../firmware/src/main.js';
import { CHROMIUM, ensureBundle } from '../../ui/test/ui-bundle.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const out = join(root, 'docs/images');
const ADMIN = { username: 'owner', displayName: 'Mai (owner)', password: 'correct horse 42' };
const PHOTOS = 12;

/** Runs in the browser (this file is type-checked with Node's types, hence `any`): every image matching `selector` (only those on screen) has loaded, and there is one. */
function loaded({ selector, onScreen }: { selector: string; onScreen: boolean }): boolean {
  const g = globalThis as any;
  const imgs: any[] = Array.from(g.document.querySelectorAll(selector)).filter((i: any) => !onScreen || i.getBoundingClientRect().top < g.innerHeight);
  return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth > 0);
}

async function shoot(page: Page, name: string, opts: { fullPage?: boolean; element?: Locator } = {}): Promise<void> {
  // A string, evaluated by the devtools protocol (the page's CSP forbids eval, not this).
  await page.evaluate('document.fonts.ready');
  const png = opts.element
    ? await opts.element.screenshot({ animations: 'disabled', caret: 'hide' })
    : await page.screenshot({ fullPage: opts.fullPage ?? false, animations: 'disabled', caret: 'hide' });
  // Full pages can be tall: at most 1600 px high, the rest cut off (the text says what matters).
  const img = sharp(png);
  const meta = await img.metadata();
  const cut = (meta.height ?? 0) > 1600 ? img.extract({ left: 0, top: 0, width: meta.width!, height: 1600 }) : img;
  const file = join(out, `${name}.png`);
  await cut.png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toFile(file);
  console.log(`  ${name}.png  ${(statSync(file).size / 1024).toFixed(0)} KB`);
}

/** A pleasant stand-in photo: a sky gradient, a sun and hills, with EXIF capture time and camera. */
async function photo(n: number, shotAt: string): Promise<Buffer> {
  const hue = (n * 37) % 360;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="800">
    <defs><linearGradient id="s" x1="0" y1="0" x2="0" y2="1">
      <stop offset="0" stop-color="hsl(${hue},60%,55%)"/><stop offset="1" stop-color="hsl(${(hue + 40) % 360},70%,85%)"/></linearGradient></defs>
    <rect width="1200" height="800" fill="url(#s)"/>
    <circle cx="${300 + ((n * 71) % 600)}" cy="${180 + ((n * 29) % 120)}" r="70" fill="hsl(45,95%,70%)"/>
    <path d="M0 560 Q 300 ${420 + ((n * 13) % 80)} 600 540 T 1200 520 V 800 H 0 Z" fill="hsl(${(hue + 120) % 360},35%,40%)"/>
    <path d="M0 650 Q 400 560 800 660 T 1200 640 V 800 H 0 Z" fill="hsl(${(hue + 140) % 360},30%,28%)"/>
  </svg>`;
  return sharp(Buffer.from(svg))
    .jpeg({ quality: 82 })
    .withExif({ IFD0: { Make: 'Canon', Model: 'Canon EOS R6' }, IFD2: { DateTimeOriginal: shotAt } })
    .toBuffer();
}

async function main(): Promise<void> {
  ensureBundle();
  mkdirSync(out, { recursive: true });
  const dataDir = mkdtempSync(join(tmpdir(), 'studio-box-screens-'));
  const config = loadConfig({
    env: {},
    overrides: {
      dataDir,
      http: { host: '127.0.0.1', port: 0 },
      log: { level: 'warn' },
      modem: { kind: 'simulator' },
      cardSource: { pollSeconds: 0.2, settleSeconds: 0.3 },
      callerId: { ringTimeoutSeconds: 60 },
    },
  });
  const log = createLogger(config.log.level);
  const box = await startBox(config, log);
  const url = `http://127.0.0.1:${box.port}/`;
  let demoDone!: () => void;
  const demoAdded = new Promise<void>((r) => (demoDone = r));
  const demo = await startDemo(box, log, (line) => {
    console.log(`  ${line}`);
    if (line.includes('added')) demoDone();
  });
  const browser = await chromium.launch(CHROMIUM);
  try {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 720 }, timezoneId: 'Asia/Ho_Chi_Minh' });
    const page = await context.newPage();
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> =>
      page.evaluate(
        async ([m, p, b]) => {
          const r = await fetch(p as string, { method: m as string, headers: { 'content-type': 'application/json' }, ...(b === undefined ? {} : { body: JSON.stringify(b) }) });
          const j = (await r.json()) as { data?: unknown };
          if (!r.ok) throw new Error(`${m} ${p}: ${r.status} ${JSON.stringify(j)}`);
          return j.data;
        },
        [method, path, body] as const,
      ) as Promise<T>;

    // 1. The first-run wizard: studio, region, first administrator.
    await page.goto(url);
    await page.getByRole('heading', { level: 1, name: 'Set up your Studio Box' }).waitFor();
    await page.getByLabel('Studio name').fill('Sunflower Photo Studio');
    await page.getByLabel('Studio language').selectOption('en');
    await shoot(page, 'first-run-1-studio');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('Time zone').selectOption('Asia/Ho_Chi_Minh');
    await page.getByLabel('Country (for phone numbers)').selectOption('VN');
    await shoot(page, 'first-run-2-region');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByLabel('User name').fill(ADMIN.username);
    await page.getByLabel('Display name').fill(ADMIN.displayName);
    await page.getByLabel('Password', { exact: true }).fill(ADMIN.password);
    await page.getByLabel('Confirm password').fill(ADMIN.password);
    await shoot(page, 'first-run-3-admin');
    await page.getByRole('button', { name: 'Finish setup' }).click();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await demoAdded;

    // 2. The login page, in a context with no session.
    const other = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 600 } });
    const login = await other.newPage();
    await login.goto(url);
    await login.getByLabel('User name').waitFor();
    await shoot(login, 'login');
    await other.close();

    // 3. Home ("Today") with the demo data.
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.waitForTimeout(1500);
    await shoot(page, 'home', { fullPage: true });

    // The customer the rest is about: the one with the earliest open order.
    const row = box.ctx.db
      .prepare(
        `SELECT o.id AS orderId, o.order_no AS orderNo, c.id AS customerId, c.name AS name, p.e164 AS phone
           FROM orders o JOIN customers c ON c.id = o.customer_id
           LEFT JOIN customer_phones p ON p.customer_id = c.id
          WHERE o.state IN ('booked', 'shot') ORDER BY o.id LIMIT 1`,
      )
      .get() as { orderId: number; orderNo: string; customerId: number; name: string; phone: string | null };
    console.log(`  customer: ${row.name} (${row.phone}), order ${row.orderNo}`);

    // 4. A customer's page.
    await page.goto(`${url}#/customers/${row.customerId}`);
    await page.getByRole('heading', { level: 1, name: row.name }).waitFor();
    await page.waitForTimeout(800);
    await shoot(page, 'customer', { fullPage: true });

    // 5. An incoming call: the simulated modem rings with the customer's number.
    await page.goto(`${url}#/customers`);
    await page.waitForTimeout(800);
    await api('POST', '/api/simulator/ring', { number: row.phone ?? '+84912345678' });
    const card = page.getByRole('dialog', { name: row.name });
    await card.waitFor({ timeout: 20_000 });
    await page.waitForTimeout(300);
    await shoot(page, 'incoming-call');
    await api('POST', '/api/simulator/hang-up');
    await card.waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);

    // 6. Card ingest: a card of PHOTOS photos is put into the slot.
    const shelf = join(dataDir, 'shelf', 'EOS_R6');
    let t = Date.UTC(2026, 10, 23, 3, 0, 0) / 1000;
    for (let i = 1; i <= PHOTOS; i++) {
      const p = join(shelf, 'DCIM', '100CANON', `IMG_${String(i).padStart(4, '0')}.JPG`);
      mkdirSync(dirname(p), { recursive: true });
      writeFileSync(p, await photo(i, `2026:11:23 10:${String(i).padStart(2, '0')}:00`));
      utimesSync(p, t, t);
      t += 60;
    }
    await page.goto(`${url}#/`);
    await page.getByRole('heading', { level: 1, name: 'Today' }).waitFor();
    await page.waitForTimeout(1000);
    mkdirSync(join(dataDir, 'card-slot'), { recursive: true });
    renameSync(shelf, join(dataDir, 'card-slot', 'EOS_R6'));
    const dialog = page.getByRole('dialog', { name: /^Card inserted/ });
    await dialog.waitFor({ timeout: 20_000 });
    const choice = dialog.getByRole('radio', { name: new RegExp(row.name) });
    if (!(await choice.count())) await dialog.getByLabel('Find another customer').fill(row.name);
    await choice.check();
    await dialog.getByLabel('Order (optional)').fill(row.orderNo);
    await page.waitForTimeout(300);
    await shoot(page, 'card-inserted');
    await dialog.getByRole('button', { name: 'Start copy' }).click();
    await page.locator('.ingest-bar').getByText(/Safe to remove the card/).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(300);
    await shoot(page, 'card-done');
    await page.locator('.ingest-bar').getByText('Close', { exact: true }).click();

    // The customer's photos, once the thumbnails are made.
    await page.goto(`${url}#/customers/${row.customerId}`);
    await page.getByRole('heading', { level: 2, name: 'Photos' }).waitFor();
    const photos = page.locator('.customer-photos');
    await page.locator('.photo-grid img').nth(PHOTOS - 1).waitFor({ timeout: 60_000 });
    await photos.scrollIntoViewIfNeeded();
    // Loaded lazily: the ones on screen.
    await page.waitForFunction(loaded, { selector: '.photo-grid img', onScreen: true }, { timeout: 60_000 });
    await shoot(page, 'customer-photos', { element: photos });

    // 7. SMS: the demo's thread, with one unread answer; plus a new message arriving now.
    await api('POST', '/api/simulator/sms', { from: row.phone ?? '+84912345678', text: 'Hello, can we move our shoot to Saturday morning?' });
    await page.waitForTimeout(2500);
    await page.goto(`${url}#/sms`);
    await page.getByRole('heading', { level: 1, name: 'SMS' }).waitFor();
    await page.waitForTimeout(1000);
    await shoot(page, 'sms-inbox', { fullPage: true });

    // 8. The till: a package on the order's bill.
    const pkg = await api<{ id: number }>('POST', '/api/price-items', { kind: 'package', name: 'Family portrait package', priceMinor: 3500000, photosIncluded: 8, extraPhotoMinor: 150000 });
    await api('POST', '/api/price-items', { kind: 'product', name: 'Framed print 30×40', priceMinor: 450000 }).catch((e) => console.log(`  (price item: ${String(e)})`));
    await api('POST', `/api/orders/${row.orderId}/bill`, { lines: [{ priceItemId: pkg.id }] }).catch((e) => console.log(`  (bill: ${String(e)})`));
    await page.goto(`${url}#/bill/${row.orderId}`);
    await page.locator('.bill-page h1').waitFor();
    await page.waitForTimeout(800);
    await shoot(page, 'till-bill', { fullPage: true });

    // 9. The selection on a tablet (1024×768, touch).
    const tablet = await browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 768 }, hasTouch: true, isMobile: true, storageState: await context.storageState() });
    const tab = await tablet.newPage();
    await tab.goto(`${url}#/selection/${row.orderId}`);
    await tab.getByRole('button', { name: 'Start the selection' }).tap();
    await tab.locator('.sel-cell').first().waitFor();
    await tab.waitForFunction(loaded, { selector: '.sel-cell img', onScreen: false }, { timeout: 30_000 });
    await shoot(tab, 'selection-grid');
    await tab.locator('.sel-cell').first().locator('.sel-open').tap();
    const viewer = tab.getByRole('dialog');
    await viewer.locator('img.sel-large').waitFor();
    await tab.waitForFunction(loaded, { selector: 'img.sel-large', onScreen: false });
    await viewer.locator('.sel-marks').getByRole('button', { name: 'Keep', exact: true }).tap();
    await tab.waitForTimeout(400);
    await shoot(tab, 'selection-photo');
    await tablet.close();

    // 10. Status and System pages.
    await page.goto(`${url}#/status`);
    await page.getByRole('heading', { level: 1, name: 'Box status' }).waitFor();
    await page.waitForTimeout(1500);
    await shoot(page, 'status', { fullPage: true });
    await page.goto(`${url}#/system`);
    await page.waitForTimeout(2500);
    await shoot(page, 'system', { fullPage: true });
  } finally {
    await browser.close();
    demo.stop();
    await box.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
