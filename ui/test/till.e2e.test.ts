// The till in a browser on a phone-sized screen, as the front desk does it: an order billed
// from the price list with extra photos, a discount over the user's limit refused before
// saving, then within it, a deposit by two methods, the receipt in the customer's language,
// the rest paid later, and the receipt printed to PDF on 80 mm paper.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Group, Order } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

describe('the till in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let hoa: Customer;
  let order: Order;
  let second: Order;
  let cardNo: string;

  beforeAll(async () => {
    ensureBundle();
    // The box's clock starts at 10:00 on 2 December in Shanghai and runs: the day's takings
    // never straddle the studio's midnight, whenever the test runs.
    const start = Date.now();
    tb = await startTestBox({ clock: () => new Date(Date.parse('2026-12-02T02:00:00Z') + (Date.now() - start)) });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const lan = await userWith(admin, 'lan', { customers: ['view'], orders: ['view', 'add', 'edit'], finance: ['view', 'add', 'print'], membership: ['view'], closing: ['view', 'add'] });
    await admin.patch<Group>(`/api/groups/${lan.user.groupIds[0]}`, { discountLimitPct: 10 });
    await admin.post('/api/price-items', { kind: 'package', name: 'Wedding A', priceMinor: 500000, includes: '30 photos, 2 albums', photosIncluded: 30, extraPhotoMinor: 5000 });
    await admin.post('/api/price-items', { kind: 'product', name: 'Crystal frame', priceMinor: 30000 });
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
    order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 0 })).data;
    second = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Frame', totalMinor: 0 })).data;
    const gold = (await admin.post<{ id: number }>('/api/member-card-types', { name: 'Gold' })).data;
    cardNo = (await admin.post<{ cardNo: string }>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).data.cardNo;
    await admin.put('/api/till-settings', {
      pointsRules: [{ name: '1 point per 10 yuan', op: 'per_amount', when: { on: 'bill' }, perMinor: 1000, points: 1 }],
      topUpBonuses: [{ payMinor: 100000, bonusMinor: 10000 }],
    });
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext({ viewport: { width: 390, height: 844 }, timezoneId: 'America/New_York' })).newPage();
    await page.goto(tb.url);
    await logIn(page, 'lan', 'lan-password-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('bills an order, refuses too big a discount, takes a deposit by two methods', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/customers/${hoa.id}`);
    await page.locator(`li.order[data-order-no="${order.orderNo}"]`).getByRole('link', { name: 'Bill' }).click();
    await page.getByRole('heading', { name: `Bill · ${order.orderNo}` }).waitFor();
    const editor = page.locator('form.bill-editor');
    const first = editor.locator('.bill-line').nth(0);
    await first.getByLabel('Item').selectOption({ label: 'Wedding A — Package · CN¥5,000.00 · 30 photos, 2 albums · 30 photos · extra photo CN¥50.00' });
    await first.getByLabel('Extra photos').fill('4');
    await editor.getByRole('button', { name: 'Add an item' }).click();
    await editor.locator('.bill-line').nth(1).getByLabel('Item').selectOption({ index: 2 });
    // 5,200 + 300 = 5,500; 15 % off is more than this desk's 10 % (CN¥550.00).
    const whole = editor.locator('.discount-field').last();
    await whole.getByLabel('Discount on the whole bill').fill('15');
    await whole.getByLabel('Discount as').selectOption({ label: '%' });
    await editor.getByText('A discount of CN¥825.00 is more than your limit allows (CN¥550.00).').waitFor();
    await editor.getByRole('button', { name: 'Save the bill' }).click();
    await editor.getByText('A discount of CN¥825.00 is more than your limit allows (CN¥550.00).').first().waitFor();
    expect(tb.box.ctx.db.prepare('SELECT COUNT(*) AS n FROM bills').get()).toEqual({ n: 0 });

    await whole.getByLabel('Discount on the whole bill').fill('10');
    await editor.locator('.bill-total').getByText('CN¥4,950.00').waitFor();
    const pays = editor.locator('.bill-payment');
    await pays.nth(0).getByLabel('Amount (CNY)').fill('1000');
    await editor.getByRole('button', { name: 'Another method' }).click();
    await pays.nth(1).getByLabel('Method').selectOption({ label: 'WeChat Pay' });
    await pays.nth(1).getByLabel('Amount (CNY)').fill('500');
    await editor.locator('.bill-due').getByText('CN¥3,450.00').waitFor();
    await editor.getByRole('button', { name: 'Save the bill' }).click();

    const receipt = page.locator('[data-receipt]');
    await receipt.waitFor();
    const text = (await receipt.textContent()) ?? '';
    for (const s of [SETUP.studioName, 'Receipt', order.orderNo, 'Trần Thị Hoa', 'Wedding A', '+ 4 extra photos × CN¥50.00', 'Crystal frame', 'CN¥5,500.00', '−CN¥550.00', 'CN¥4,950.00', 'Cash', 'WeChat Pay', 'Still owed', 'CN¥3,450.00']) {
      expect(text).toContain(s);
    }
    expect(tb.box.ctx.db.prepare('SELECT COUNT(*) AS n FROM payments WHERE bill_id IS NOT NULL').get()).toEqual({ n: 2 });
  });

  it('shows the receipt in the customer\'s language, takes the rest, and prints it to PDF on 80 mm paper', { timeout: 60_000 }, async () => {
    const receipt = page.locator('[data-receipt]');
    await page.getByLabel('Receipt language').selectOption({ label: '简体中文' });
    await receipt.getByText('尚欠').waitFor();
    expect(await receipt.textContent()).toContain('微信支付');
    await page.getByLabel('Receipt language').selectOption({ label: 'English' });

    await page.getByRole('button', { name: 'Take a payment' }).click();
    await page.getByLabel('Paid by').selectOption({ label: 'Alipay' });
    await page.locator('.payment-form').getByRole('button', { name: 'Take a payment' }).click();
    await receipt.getByText('Paid in full. Thank you!').waitFor();
    expect(await receipt.textContent()).toContain('Alipay');

    // Printing: only the receipt shows, on the paper chosen (80 mm unless changed).
    await page.waitForFunction(() => document.body.dataset.receiptPaper === '80');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.top-bar').isVisible()).toBe(false);
    expect(await page.getByRole('button', { name: 'Print' }).isVisible()).toBe(false);
    expect(await receipt.isVisible()).toBe(true);
    // The card's number as a barcode and a QR code on the printed receipt (issue 18 item 6).
    for (const code of ['.card-barcode', '.card-qr']) {
      const img = receipt.locator(code);
      expect(await img.isVisible(), code).toBe(true);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth > 0), { message: code }).toBe(true);
    }
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    // 80 mm is 226.77 points wide (the PDF's page box).
    const box = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(pdf);
    expect(box, 'a page box in the PDF').not.toBeNull();
    expect(Number(box![1])).toBeCloseTo(226.77, 0);
    await page.emulateMedia({ media: 'screen' });
    await page.getByLabel('Paper').selectOption({ label: 'A4' });
    await page.waitForFunction(() => document.body.dataset.receiptPaper === 'a4');
    await page.emulateMedia({ media: 'print' });
    const a4pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    const a4 = /\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(a4pdf);
    // A4 is 210 mm, 595.28 points (Chromium rounds its page box to whole CSS pixels).
    expect(Math.abs(Number(a4![1]) - 595.28)).toBeLessThan(1.5);
    await page.emulateMedia({ media: 'screen' });
  });

  it('tops up the customer\'s card (pay 1,000 get 1,100) and pays a bill from it, showing the points it earns', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/customers/${hoa.id}`);
    const cardRow = page.locator(`li.member-card[data-card-no="${cardNo}"]`);
    await cardRow.getByText('Stored value: CN¥0.00').waitFor();
    await cardRow.getByRole('button', { name: 'Top up' }).click();
    await cardRow.getByLabel('Top-up (CNY)').fill('1000');
    await cardRow.getByLabel('Paid by').selectOption({ label: 'Cash' });
    await cardRow.locator('form.top-up-form').getByRole('button', { name: 'Top up' }).click();
    await cardRow.getByText('Stored value: CN¥1,100.00').waitFor();

    await page.goto(`${tb.url}#/bill/${second.id}`);
    const editor = page.locator('form.bill-editor');
    await editor.locator('.bill-line').nth(0).getByLabel('Item').selectOption({ index: 2 });
    await editor.getByText(`Earns 30 points on card ${cardNo}`).waitFor();
    const pay = editor.locator('.bill-payment').nth(0);
    await pay.getByLabel('Method').selectOption({ label: 'Stored value' });
    await pay.getByLabel('Amount (CNY)').fill('300');
    // The customer's only card is chosen for them.
    await page.waitForFunction(() => (document.querySelector('.bill-payment select:last-of-type') as HTMLSelectElement | null)?.value !== '');
    await editor.getByRole('button', { name: 'Save the bill' }).click();
    const receipt = page.locator('[data-receipt]');
    await receipt.getByText('Paid in full. Thank you!').waitFor();
    expect(await receipt.textContent()).toContain('Stored value');
    await page.goto(`${tb.url}#/customers/${hoa.id}`);
    await cardRow.getByText('Stored value: CN¥800.00').waitFor();
    // 495 points from the first bill (CN¥4,950.00) and 30 from this one.
    await cardRow.getByText('525 points').waitFor();
  });

  it('lists who owes money, oldest first, and collects from the list in one go', { timeout: 60_000 }, async () => {
    const admin = new ApiClient(tb.url);
    await admin.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
    const lan2 = (await admin.post<Customer>('/api/customers', { name: 'Lê Lan' })).data;
    const owed = (await admin.post<Order>(`/api/customers/${lan2.id}/orders`, { title: 'Passport photos', totalMinor: 8000 })).data;
    await page.goto(`${tb.url}#/home`);
    // On a phone the sections fold into the menu.
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('link', { name: 'Till' }).click();
    const list = page.locator('.arrears');
    const row = list.locator(`li.arrears-row[data-order-no="${owed.orderNo}"]`);
    await row.getByText('owes CN¥80.00').waitFor();
    await row.getByRole('button', { name: 'Collect' }).click();
    expect(await row.getByLabel('Amount (CNY)').inputValue()).toBe('80.00');
    await row.locator('.payment-form').getByRole('button', { name: 'Take a payment' }).click();
    await row.waitFor({ state: 'detached' });
    await list.getByText('Nobody owes anything.').waitFor();
  });

  it('closes the day: expected against counted cash, a difference needs a reason, then the day is closed', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/till/closing`);
    const box = page.locator('.day-closing');
    // The box's day (its clock is not the browser's).
    await box.getByLabel('Day').fill('2026-12-02');
    const cash = box.locator('tr[data-method="cash"]');
    // Today's cash: the bill's CN¥1,000.00 deposit, the CN¥1,000.00 top-up and CN¥80.00 collected from the arrears.
    await cash.getByText('CN¥2,080.00').first().waitFor();
    await cash.getByLabel('Counted: Cash').fill('2070');
    await cash.getByText('-CN¥10.00').waitFor();
    await box.getByRole('button', { name: 'Close the day' }).click();
    await box.getByText('Say why the count differs from what is expected.').waitFor();
    await box.getByLabel('Reason for any difference').fill('change for a 100 note');
    await box.getByRole('button', { name: 'Close the day' }).click();
    await box.getByText(/Closed .* by lan — change for a 100 note/).waitFor();
    expect(await box.getByRole('button', { name: 'Close the day' }).count()).toBe(0);
    expect(tb.box.ctx.db.prepare("SELECT counted_minor, difference_minor FROM day_closing_lines WHERE method = 'cash'").get()).toEqual({ counted_minor: 207000, difference_minor: -1000 });
  });

  it('an admin adds a points rule in the settings and moves it in the shown order', { timeout: 60_000 }, async () => {
    const ctx = await browser.newContext({ viewport: { width: 1200, height: 900 } });
    const p2 = await ctx.newPage();
    await p2.goto(tb.url);
    await logIn(p2, SETUP.admin.username, SETUP.admin.password);
    await p2.goto(`${tb.url}#/settings`);
    const card = p2.locator('.till-settings');
    await card.getByText('1 point per 10 yuan').waitFor();
    await card.getByLabel('Rule name').fill('Birthday month ×2');
    await card.getByLabel('What it does').selectOption({ label: 'Multiply (%)' });
    await card.getByLabel('Percent (200 = double)').fill('200');
    await card.getByLabel('Birthday', { exact: true }).selectOption({ label: 'in the birthday month' });
    await card.getByRole('button', { name: 'Add the rule' }).click();
    await card.locator('ol.points-rules li').nth(1).getByText('× 200 % · in the birthday month').waitFor();
    await card.locator('ol.points-rules li').nth(1).getByRole('button', { name: 'Up' }).click();
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Settings saved.').waitFor();
    const saved = tb.box.ctx.tillSettings.get();
    expect(saved.pointsRules.map((r) => r.name)).toEqual(['Birthday month ×2', '1 point per 10 yuan']);
    expect(saved.pointsRules[0]).toMatchObject({ op: 'multiply', factorPct: 200, when: { birthday: 'month' } });
    await ctx.close();
  });
});
