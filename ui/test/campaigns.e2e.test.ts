// Group SMS in a browser, through the simulated modem: build a segment (stage and tag) and see
// the live count, check the send (recipients, previews), send it, and watch the delivered count
// rise to every recipient as the modem's delivery reports come in; then the records.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModemSimulator } from '../../firmware/src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

const VIP = 30;

describe('the Campaigns page', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let sim: ModemSimulator;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0, simulatorDeliveryReports: true }, sms: { perMinute: 10_000 } } });
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    await admin.put('/api/care/settings', { quietHours: { start: '00:00', end: '00:00' }, storePhone: '' });
    sim = tb.box.modem!.simulator!.simulator;
    await waitFor(() => tb.box.modem!.isReady, 'modem ready');
    const actor = { id: 1, name: 'Admin' };
    tb.box.ctx.db.transaction(() => {
      for (let i = 0; i < VIP; i++) tb.box.ctx.customers.create(actor, { name: `Guest ${i}`, stage: 'history', tags: ['VIP'], phones: [{ number: `138${String(i).padStart(8, '0')}` }] });
      for (let i = 0; i < 10; i++) tb.box.ctx.customers.create(actor, { name: `Lead ${i}`, stage: 'lead', tags: ['VIP'], phones: [{ number: `139${String(i).padStart(8, '0')}` }] });
    })();
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('builds a segment, sends to it through the modem and shows the delivered count rise', { timeout: 120_000 }, async () => {
    await page.goto(`${tb.url}#/campaigns`);
    await page.getByRole('heading', { name: 'Group SMS', level: 1 }).waitFor();
    const status = page.locator('.segment-count');
    await status.getByText(`${VIP + 10} customers`).waitFor();
    await page.getByLabel('Tags (commas between)').fill('VIP');
    await page.getByRole('group', { name: 'Stage' }).getByLabel(/History/).check();
    await status.getByText(`${VIP} customers`).waitFor();
    expect(await status.textContent()).toContain('Guest 0');

    await page.getByLabel('Name of this send').fill('December');
    await page.getByLabel('Text', { exact: true }).fill('Hi {name}, 20% off in December.');
    await page.getByRole('button', { name: 'Check before sending' }).click();
    await page.getByText(`${VIP} messages will go out`).waitFor();
    expect(await page.locator('.previews').textContent()).toContain('Hi Guest 0, 20% off in December.');
    await page.getByRole('button', { name: 'Send now' }).click();

    const row = page.locator('table.campaigns tbody tr').first();
    await row.getByTestId('progress').getByText(`${VIP} delivered`).waitFor({ timeout: 60_000 });
    expect(await row.getByTestId('state').textContent()).toContain('All handed to the modem');
    expect(sim.sent).toHaveLength(VIP);

    await row.getByRole('button', { name: 'Records' }).click();
    const records = page.locator('.campaign-records');
    await records.getByText('Records of “December”').waitFor();
    await records.getByText('Hi Guest 1, 20% off in December.').waitFor();
    expect(await records.locator('tbody tr').count()).toBe(VIP);
  });

  it('chooses by stored value and by an imported list, and prices the parts', { timeout: 120_000 }, async () => {
    // Guests 0..4 hold member cards with 100, 200, 300, 400, 500 yuan stored.
    const db = tb.box.ctx.db;
    const t0 = new Date().toISOString();
    const guest = (i: number) => db.prepare(`SELECT id, customer_no AS no FROM customers WHERE name = ?`).get(`Guest ${i}`) as { id: number; no: string };
    db.transaction(() => {
      db.prepare(`INSERT INTO member_card_types (id, name, created_at, updated_at) VALUES (1, 'Gold', ?, ?)`).run(t0, t0);
      for (let i = 0; i < 5; i++) {
        const card = db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES (?, ?, 1, 'active', ?, ?, ?)`).run(`M${i}`, guest(i).id, t0, t0, t0);
        db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, at) VALUES (?, 'topup', ?, 'CNY', 'cash', ?)`).run(card.lastInsertRowid, (i + 1) * 10_000, t0);
      }
    })();
    await page.goto(`${tb.url}#/status`);
    await page.goto(`${tb.url}#/campaigns`);
    const status = page.locator('.segment-count');
    await status.getByText(`${VIP + 10} customers`).waitFor();
    await page.getByLabel('Stored value at least').fill('300');
    await status.getByText('3 customers').waitFor();
    await page.getByLabel('Stored value at most').fill('400.00');
    await status.getByText('2 customers').waitFor();
    expect(await status.textContent()).toMatch(/Guest 2.*Guest 3/);
    await page.getByLabel('Stored value at most').fill('4x');
    await page.getByText('Not an amount').waitFor();
    await status.getByText('3 customers').waitFor();
    await page.getByLabel('Stored value at least').fill('');
    await page.getByLabel('Stored value at most').fill('');
    await status.getByText(`${VIP + 10} customers`).waitFor();

    // An imported list: a number in two spellings, a customer number, one nobody has, a blank line.
    const list = ['13800000005', guest(6).no, '+86 138 0000 0007', '', '139 9999 9999', '138-0000-0005'].join('\n');
    await page.getByLabel('Imported list (phone numbers or customer numbers, one a line)').fill(list);
    await page.getByRole('button', { name: 'Use this list' }).click();
    await page.getByTestId('list-match').getByText('The list names 3 customers (5 entries; 1 not found, 1 repeated).').waitFor();
    expect(await page.getByTestId('list-match').textContent()).toContain('Not found: 139 9999 9999');
    await status.getByText('3 customers').waitFor();
    expect(await status.textContent()).toMatch(/Guest 5.*Guest 6.*Guest 7/);

    await page.getByLabel('Name of this send').fill('Listed');
    await page.getByLabel('Text', { exact: true }).fill('Hi {name}');
    await page.getByRole('button', { name: 'Check before sending' }).click();
    await page.getByText('3 messages will go out').waitFor();
    await page.getByLabel('Price of one SMS part').fill('0.10');
    await page.getByRole('button', { name: 'Save price' }).click();
    await page.getByText(/cost about CN¥0\.30/).waitFor();

    await page.getByRole('button', { name: 'Drop the list' }).click();
    await status.getByText(`${VIP + 10} customers`).waitFor();
  });
});
