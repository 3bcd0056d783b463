// The progress of a draining group SMS on every page (S3): while a campaign goes out through the
// simulated modem at its rate, a compact line (to go / sent / delivered / failed, and when it
// should be done) shows on the home page and on every other page for users with the campaigns
// right, follows the event stream, links to the campaign's records, leaves when it is paused or
// done and comes back when it resumes; a user without the right never sees it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { openAdminPage } from './browser-box.js';
import { logIn } from './log-in.js';
import { ensureBundle } from './ui-bundle.js';

const GUESTS = 12;

describe('campaign progress on every page', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let browser: Browser;
  let page: Page;
  let campaign: Campaign;

  beforeAll(async () => {
    ensureBundle();
    // 3 parts a minute: three go at once, the other nine wait for the next minutes while the test looks.
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0, simulatorDeliveryReports: true }, sms: { perMinute: 3 } } });
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    await admin.put('/api/care/settings', { quietHours: { start: '00:00', end: '00:00' }, storePhone: '' });
    await userWith(admin, 'lan', { customers: ['view'], sms: ['view'] });
    await waitFor(() => tb.box.modem!.isReady, 'modem ready');
    const actor = { id: 1, name: 'Admin' };
    tb.box.ctx.db.transaction(() => {
      for (let i = 0; i < GUESTS; i++) tb.box.ctx.customers.create(actor, { name: `Guest ${i}`, stage: 'history', phones: [{ number: `138${String(i).padStart(8, '0')}` }] });
    })();
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const strip = () => page.getByTestId('campaign-strip');
  const text = async () => (await strip().textContent())!.replace(/\s+/g, ' ').trim();

  it('shows nothing while no send drains, then the send on every page, live', { timeout: 120_000 }, async () => {
    expect(await strip().count()).toBe(0);
    const r = await admin.post<Campaign>('/api/campaigns', { name: 'Winter', filter: { stages: ['history'] }, body: 'Hi {name}, winter offer.', language: 'en' });
    expect(r.status).toBe(202);
    campaign = r.data;
    // Appears without a reload, then follows the modem: three handed over, nine to go.
    await strip().waitFor();
    await expect.poll(text, { timeout: 20_000 }).toMatch(/^Group SMS “Winter”: 9 to go, \d sent, \d delivered, 0 failed; done by .*\d/);
    const [, sent, delivered] = /(\d) sent, (\d) delivered/.exec(await text())!;
    expect(Number(sent) + Number(delivered)).toBe(3);
    for (const hash of ['#/customers', '#/sms', '#/settings', '#/visits']) {
      await page.goto(`${tb.url}${hash}`);
      await page.locator('main h1').first().waitFor();
      expect(await text(), hash).toContain('Group SMS “Winter”');
    }
    // It links to the campaign's records.
    await strip().click();
    await page.locator('.campaign-records').getByText('Records of “Winter”').waitFor();
    expect(page.url()).toContain(`#/campaigns/${campaign.id}`);
  });

  it('leaves when paused, comes back on resume, and leaves when the rest is cancelled', { timeout: 120_000 }, async () => {
    await page.goto(`${tb.url}#/customers`);
    expect((await admin.post(`/api/campaigns/${campaign.id}/pause`)).status).toBe(200);
    await strip().waitFor({ state: 'detached' });
    expect((await admin.post(`/api/campaigns/${campaign.id}/resume`)).status).toBe(200);
    await strip().waitFor();
    expect((await admin.post(`/api/campaigns/${campaign.id}/cancel`)).status).toBe(200);
    await strip().waitFor({ state: 'detached' });
  });

  it('is not shown to a user without the campaigns right', { timeout: 60_000 }, async () => {
    const r = await admin.post<Campaign>('/api/campaigns', { name: 'Spring', filter: { stages: ['history'] }, body: 'Hi {name}.', language: 'en' });
    expect(r.status).toBe(202);
    await strip().waitFor();
    const other = await (await browser.newContext()).newPage();
    try {
      await other.goto(tb.url);
      await logIn(other, 'lan', 'lan-password-1');
      await other.getByRole('link', { name: 'SMS' }).first().waitFor();
      // Time for the strip's first read (the admin's took well under this).
      await other.waitForTimeout(1500);
      expect(await strip().count()).toBe(1);
      expect(await other.getByTestId('campaign-strip').count()).toBe(0);
    } finally {
      await other.context().close();
      await admin.post(`/api/campaigns/${r.data.id}/cancel`);
    }
  });
});
