// Orders, payments and member cards in a browser (O1, F1, M1), clicking like the front desk:
// a card type in the settings, an order on the customer's page, a deposit, a payment taken
// by mistake and reversed, more than is owed refused in words, the workflow moved on, a
// member card with points; then the customer phones and the popup shows all of it.
import { chromium, type Browser, type Dialog, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import type { ModemSimulator } from '../../firmware/src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

describe('orders, payments and member cards in a browser', () => {
  let tb: TestBox;
  let sim: ModemSimulator;
  let browser: Browser;
  let page: Page;
  let thu: Customer;
  /** What the next window.prompt / confirm answers (null: dismiss). */
  let answer: string | null = null;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, callerId: { ringTimeoutSeconds: 60 } } });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    thu = (await admin.post<Customer>('/api/customers', { name: 'Phạm Thu', phones: [{ number: '139 0000 2222' }] })).data;
    sim = tb.box.modem!.simulator!.simulator;
    await waitFor(() => tb.box.modem!.isReady, 'modem ready');
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext({ timezoneId: 'America/New_York' })).newPage();
    page.on('dialog', (d: Dialog) => void (answer === null ? d.dismiss() : d.accept(answer)));
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const text = async (selector: string) => (await page.locator(selector).first().textContent()) ?? '';

  it('a card type is added in the settings', { timeout: 30_000 }, async () => {
    await page.goto(`${tb.url}#/settings`);
    const types = page.locator('.card-types');
    await types.getByText('No card types yet.').waitFor();
    await types.getByLabel('Name').fill('Gold');
    await types.getByRole('button', { name: 'Add a card type' }).click();
    await types.getByText('0 active cards').waitFor();
    // The same name again, in other letters' case: refused in words.
    await types.getByLabel('Name').fill('GOLD');
    await types.getByRole('button', { name: 'Add a card type' }).click();
    await types.getByText('That name is already used.').waitFor();
  });

  it('an order, a deposit, a mistake reversed, too much refused, the workflow moved on', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/customers/${thu.id}`);
    const orders = page.locator('.customer-orders');
    await orders.getByText('No orders yet.').waitFor();
    await orders.getByRole('button', { name: 'New order' }).click();
    await orders.getByLabel('Package or service').fill('Wedding package A');
    await orders.getByLabel('Price (CNY)').fill('5,000.00');
    // Studio time (Shanghai), whatever the browser's zone.
    await orders.getByLabel('Service time (shoot)').fill('2026-06-01T09:30');
    await orders.getByLabel('Staff').fill('Photographer Minh');
    await orders.getByRole('button', { name: 'Save' }).click();
    const order = orders.locator('li.order').first();
    await order.getByText('Wedding package A').waitFor();
    await order.locator('.order-state').getByText('Booked').waitFor();
    await orders.getByText(/Owes CN¥5,000\.00/).waitFor();
    expect(await order.textContent()).toMatch(/Jun 1, 2026, 9:30\s?AM/);
    const orderNo = (await order.getAttribute('data-order-no'))!;
    expect(orderNo).toMatch(/^\d{8}-001$/);
    const row = tb.box.ctx.db.prepare('SELECT total_minor, service_at FROM orders WHERE order_no = ?').get(orderNo);
    expect(row).toEqual({ total_minor: 500_000, service_at: '2026-06-01T01:30:00.000Z' });

    // A deposit: the form offers what is owed; staff type the deposit.
    await order.getByRole('button', { name: 'Take a payment' }).click();
    const amount = order.getByLabel('Amount (CNY)');
    expect(await amount.inputValue()).toBe('5000.00');
    await amount.fill('2000');
    await order.getByLabel('Paid by').selectOption({ label: 'WeChat Pay' });
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await order.getByText(/owes CN¥3,000\.00/).waitFor();
    await order.locator('table.payments').getByText('WeChat Pay').waitFor();

    // A second 2,000 typed by mistake, then reversed with a reason.
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await order.getByLabel('Amount (CNY)').fill('2000');
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await order.getByText(/owes CN¥1,000\.00/).waitFor();
    // The reason is asked in the app's own dialog (not window.prompt): Esc puts it away, nothing changes…
    const reverseButton = order.locator('table.payments tr').nth(1).getByRole('button', { name: 'Reverse' });
    await reverseButton.click();
    const why = page.getByRole('dialog', { name: /^Reverse the payment of CN¥2,000\.00\?/ });
    await why.waitFor();
    expect(await why.getByLabel('Reason').evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Escape');
    await why.waitFor({ state: 'detached' });
    await order.getByText(/owes CN¥1,000\.00/).waitFor();
    // …no reason, no reversal: said at the field…
    await reverseButton.click();
    await why.getByRole('button', { name: 'Reverse' }).click();
    await why.getByText('Say why: the reason is kept in the audit log.').waitFor();
    // …and with one, the reversal is written.
    await why.getByLabel('Reason').fill('typed twice');
    await why.getByRole('button', { name: 'Reverse' }).click();
    await why.waitFor({ state: 'detached' });
    await order.getByText(/owes CN¥3,000\.00/).waitFor();
    await order.locator('table.payments').getByText('Reversal').waitFor();
    await order.locator('table.payments').getByText('typed twice').waitFor();

    // More than is owed: refused, in words, and nothing written.
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await order.getByLabel('Amount (CNY)').fill('4000');
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await order.getByText('That is more than the order still owes.').waitFor();
    await order.getByRole('button', { name: 'Cancel' }).click();
    const lines = tb.box.ctx.db.prepare('SELECT COUNT(*) AS n, SUM(amount_minor) AS sum FROM payments').get();
    expect(lines).toEqual({ n: 3, sum: 200_000 });

    // Cancelling an order with money on it is refused; the workflow moves on with one click.
    answer = '';
    await order.getByLabel('State').selectOption('cancelled');
    await orders.getByText('Money was paid on this order: reverse the payments first.').waitFor();
    answer = null;
    await order.getByRole('button', { name: 'Move to “Shot”' }).click();
    await order.locator('.order-state').getByText('Shot').waitFor();
    expect(await order.getByLabel('State').inputValue()).toBe('shot');
  });

  it('a member card numbered by the box, points added, too many taken refused', { timeout: 30_000 }, async () => {
    const cards = page.locator('.customer-cards');
    await cards.getByText('No member card.').waitFor();
    await cards.getByRole('button', { name: 'Issue a card' }).click();
    // The types load; the first is chosen.
    await cards.getByRole('option', { name: 'Gold' }).waitFor({ state: 'attached' });
    expect(await cards.getByLabel('Card type').inputValue()).not.toBe('');
    await cards.getByRole('button', { name: 'Issue a card' }).click();
    const card = cards.locator('li.member-card').first();
    await card.getByText('Gold').waitFor();
    const cardNo = (await card.getAttribute('data-card-no'))!;
    expect(cardNo).toMatch(/^M\d{6,}$/);
    await card.getByText('0 points').waitFor();

    await card.getByRole('button', { name: 'Points', exact: true }).click();
    await card.getByLabel('Points to add (−50 to deduct)').fill('+300');
    await card.getByLabel('Reason').fill('opening gift');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('300 points').waitFor();
    await card.locator('table.points').getByText('opening gift').waitFor();

    await card.getByRole('button', { name: 'Points', exact: true }).click();
    await card.getByLabel('Points to add (−50 to deduct)').fill('-500');
    await card.getByLabel('Reason').fill('gift: album');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Not enough points on the card.').waitFor();
    expect(await text('.customer-cards .points-balance')).toBe('300 points');
  });

  it('when the customer phones, the popup shows the order, what is owed and the points', { timeout: 30_000 }, async () => {
    await waitFor(() => tb.box.ctx.events.listenerCount >= 2, 'the browser event stream');
    sim.urc('RING', '+CLIP: "13900002222",129,"",0,"",0');
    const popup = page.getByRole('dialog', { name: 'Phạm Thu' });
    await popup.waitFor();
    await popup.getByText('Wedding package A').waitFor();
    const facts = (await popup.locator('.call-facts').textContent()) ?? '';
    // Ordering moved her from "lead" on, and the order's move to "shot" took her along (C2).
    expect(facts).toContain('Shot, not selected');
    expect(facts).toContain('Last order');
    expect(facts).toContain('Shot');
    expect(facts).toMatch(/Unpaid\s*CN¥3,000\.00/);
    expect(facts).toMatch(/Gold M\d{6,}, 300 points/);

    // The rest is paid while the customer is on the line: the popup follows.
    const order = page.locator('.customer-orders li.order').first();
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await order.getByRole('button', { name: 'Take a payment' }).click();
    await popup.locator('.call-facts').getByText('Unpaid').waitFor({ state: 'detached' });
    sim.urc('NO CARRIER');
    await popup.waitFor({ state: 'detached' });
  });
});
