// The stage board (C2) in a browser, clicking like the front desk: a customer moved through all
// five stages with the proposed due time (changed once by hand), moved back, their times
// corrected; an overdue customer stands out; the filters narrow the board.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { ensureBundle } from './ui-bundle.js';
import { openAdminPage } from './browser-box.js';

describe('the stage board in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let hoa: Customer;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', weddingDate: '2030-10-01', businessType: 'wedding' })).data;
    await admin.post('/api/customers', { name: 'Late Lan', stage: 'shot', stageDueAt: '2020-01-01T02:00:00Z', tags: ['vip'] });
    ({ browser, page } = await openAdminPage(tb.url, { timezoneId: 'America/New_York' }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const tab = (name: RegExp) => page.getByRole('tab', { name });
  const hoaRow = () => page.locator('tr', { hasText: 'Trần Thị Hoa' });
  const stageOf = () => tb.box.ctx.customers.get(hoa.id);

  it('moves a customer through all five stages and back', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Stages' }).click();
    await page.getByRole('heading', { level: 1, name: 'Stages' }).waitFor();
    await tab(/Lead/).click();
    await hoaRow().getByRole('button', { name: 'Next stage' }).click();
    const form = page.locator('tr.stage-edit form');
    await form.getByText('Move to “Ordered, not shot”').waitFor();
    // The proposed due time is filled in; a person types the real shoot time (studio time, Shanghai).
    expect(await form.getByLabel('Shoot time').inputValue()).toMatch(/T10:00$/);
    await form.getByLabel('Shoot time').fill('2030-06-01T09:30');
    await form.getByRole('button', { name: 'Move' }).click();
    await tab(/Ordered, not shot/).click();
    await hoaRow().waitFor();
    expect(stageOf()).toMatchObject({ stage: 'ordered', stageDueAt: '2030-06-01T01:30:00.000Z' });

    for (const [next, label] of [
      ['shot', /Shot, not selected/],
      ['selected', /Selected, not delivered/],
      ['history', /History/],
    ] as const) {
      await hoaRow().getByRole('button', { name: 'Next stage' }).click();
      await page.locator('tr.stage-edit').getByRole('button', { name: 'Move' }).click();
      await tab(label).click();
      await hoaRow().waitFor();
      expect(stageOf().stage).toBe(next);
    }
    // History is due on the wedding day, 10:00 studio time.
    expect(stageOf().stageDueAt).toBe('2030-10-01T02:00:00.000Z');
    expect(await hoaRow().getByRole('button', { name: 'Next stage' }).count()).toBe(0);

    await hoaRow().getByRole('button', { name: 'Back' }).click();
    await page.locator('tr.stage-edit').getByRole('button', { name: 'Move' }).click();
    await tab(/Selected, not delivered/).click();
    await hoaRow().waitFor();
    expect(stageOf().stage).toBe('selected');
  });

  it('corrects the times of the current stage', { timeout: 30_000 }, async () => {
    await hoaRow().getByRole('button', { name: 'Edit times' }).click();
    const form = page.locator('tr.stage-edit form');
    await form.getByLabel('Selection time').fill('2030-05-02T15:00');
    await form.getByLabel('Pickup time').fill('2030-06-02T16:00');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.waitFor({ state: 'detached' });
    expect(stageOf()).toMatchObject({ stageAddedAt: '2030-05-02T07:00:00.000Z', stageDueAt: '2030-06-02T08:00:00.000Z' });
  });

  it('marks overdue customers and filters the board', { timeout: 30_000 }, async () => {
    const shot = tab(/Shot, not selected/);
    await shot.locator('.badge.overdue').getByText('1').waitFor();
    await shot.click();
    const late = page.locator('tr.due-overdue', { hasText: 'Late Lan' });
    await late.getByText('overdue').waitFor();
    await page.getByLabel('Tag').fill('nobody-has-this');
    await page.getByText('No customers in this stage.').waitFor();
    await page.getByLabel('Tag').fill('vip');
    await late.waitFor();
    await page.getByLabel('Tag').fill('');
    await tab(/Selected, not delivered/).click();
    await page.getByLabel('Business').selectOption('wedding');
    await hoaRow().waitFor();
    await page.getByLabel('Business').selectOption('children');
    await page.getByText('No customers in this stage.').waitFor();
  });

  it('filters the customer list by stage', { timeout: 30_000 }, async () => {
    await page.getByRole('link', { name: 'Customers' }).click();
    const table = page.locator('.customers-table');
    await table.getByText('Late Lan').waitFor();
    await page.getByLabel('Stage', { exact: true }).selectOption('selected');
    await table.getByText('Trần Thị Hoa').waitFor();
    await table.getByText('Late Lan').waitFor({ state: 'detached' });
    await page.getByLabel('Stage', { exact: true }).selectOption('shot');
    await table.getByText('Late Lan').waitFor();
    expect(await table.getByText('Trần Thị Hoa').count()).toBe(0);
  });

  it('shows the order → stage map in the settings', { timeout: 30_000 }, async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    const map = page.locator('.stage-map');
    await map.getByRole('heading', { name: 'Orders move customers between stages' }).waitFor();
    const rows = (await map.locator('tbody tr').allTextContents()).map((r) => r.replace(/\s+/g, ' ').trim());
    expect(rows).toEqual(['BookedOrdered, not shot', 'ShotShot, not selected', 'Photos selectedSelected, not delivered', 'DeliveredHistory']);
  });
});
