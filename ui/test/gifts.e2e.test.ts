// Gifts for points in a browser (M2): the admin adds a gift with its stock in the settings,
// sets referral points, then on the customer's card redeems points for the gift (the card's
// points and the stock go down, the line shows), is refused when none is left, and reverses
// the redemption (points and stock come back).
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Gift, MemberCard, TillSettings } from '../../firmware/src/api-types.js';
import { ApiClient } from '../../firmware/test/helpers/http-client.js';
import { startSetUpBox } from '../../firmware/test/helpers/set-up-box.js';
import type { TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

describe('gifts for points in a browser', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let browser: Browser;
  let page: Page;
  let hoa: Customer;
  let card: MemberCard;

  beforeAll(async () => {
    ensureBundle();
    ({ tb, admin } = await startSetUpBox());
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa' })).data;
    const gold = (await admin.post<{ id: number }>('/api/member-card-types', { name: 'Gold' })).data;
    card = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).data;
    await admin.post(`/api/member-cards/${card.id}/points`, { delta: 500, reason: 'welcome' });
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 390, height: 844 } }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const gift = async () => (await admin.get<Gift[]>('/api/gifts')).data[0]!;
  const points = async () => (await admin.get<MemberCard>(`/api/member-cards/${card.id}`)).data.points;

  it('adds a gift with its stock and sets referral points in the settings', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/settings`);
    const list = page.locator('section.gift-list');
    await list.getByText('No gifts on the list.').waitFor();
    const form = list.locator('form.add-gift');
    await form.getByRole('button', { name: 'Add gift' }).click();
    await form.getByText('Required').first().waitFor();
    await form.getByLabel('Gift').fill('Photo frame');
    await form.getByLabel('Points').fill('200');
    await form.getByLabel('In stock').fill('1');
    await form.getByRole('button', { name: 'Add gift' }).click();
    await list.locator('tr[data-gift="Photo frame"]').waitFor();
    expect(await gift()).toMatchObject({ name: 'Photo frame', pointsPrice: 200, stock: 1, active: true });

    const till = page.locator('section.till-settings');
    await till.getByLabel('Referral points').fill('30');
    await till.getByRole('button', { name: 'Save' }).click();
    await till.getByText('Saved').waitFor();
    expect((await admin.get<TillSettings>('/api/till-settings')).data.referralPoints).toBe(30);
  });

  it('redeems points for the gift on the card, is refused when none is left, reverses it', { timeout: 60_000 }, async () => {
    await page.goto(`${tb.url}#/customers/${hoa.id}`);
    const item = page.locator(`li.member-card[data-card-no="${card.cardNo}"]`);
    await item.getByText('500 points').waitFor();
    await item.getByRole('button', { name: 'Gift for points' }).click();
    const redeem = item.locator('.gift-redeem');
    await expect.poll(() => redeem.getByLabel('Gift').locator('option').allTextContents()).toEqual(['Photo frame · 200 points · 1 left']);
    await redeem.getByRole('button', { name: 'Redeem points' }).click();
    await item.getByText('300 points').waitFor();
    await redeem.getByText('1 × Photo frame (200 points)').waitFor();
    expect([await points(), (await gift()).stock]).toEqual([300, 0]);

    // None left: the server's refusal, in words, and nothing taken.
    await expect.poll(() => redeem.getByLabel('Gift').locator('option').allTextContents()).toEqual(['Photo frame · 200 points · 0 left']);
    await redeem.getByRole('button', { name: 'Redeem points' }).click();
    await redeem.getByText('Not enough of this gift in stock.').waitFor();
    expect([await points(), (await gift()).stock]).toEqual([300, 0]);

    await redeem.getByRole('button', { name: 'Reverse' }).click();
    const dialog = page.locator('.reason-dialog');
    await dialog.getByLabel('Reason').fill('changed her mind');
    await dialog.getByRole('button', { name: 'Reverse' }).click();
    await item.getByText('500 points').waitFor();
    await redeem.getByText('changed her mind').waitFor();
    expect([await points(), (await gift()).stock]).toEqual([500, 1]);
  });
});
