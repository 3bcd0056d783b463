// The customer file in a browser (C1 e-mail, C3): a person adds an e-mail on the form, plans a
// visit for a staff member, marks it done (the contact record appears), records feedback and
// sets who referred the customer; the referrer's page lists whom they brought.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, FeedbackList, Referrals, VisitPlan } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { ensureBundle } from './ui-bundle.js';

describe('the customer file in a browser', () => {
  let tb: TestBox;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  let hoa: Customer;
  let lan: Customer;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    api = new ApiClient(tb.url);
    await api.post('/api/setup', SETUP);
    hoa = (await api.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
    lan = (await api.post<Customer>('/api/customers', { name: 'Nguyễn Thị Lan' })).data;
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('adds an e-mail, plans a visit, completes it, records feedback, sets a referrer', async () => {
    // E-mail: a wrong one is named at the field, a right one is kept and shown.
    await page.goto(`${tb.url}#/customers/${hoa.id}/edit`);
    await page.getByLabel('E-mail').fill('hoa at example');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.field-error', { hasText: 'e-mail' }).waitFor();
    await page.getByLabel('E-mail').fill('Hoa.Tran@Example.COM');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('link', { name: 'Hoa.Tran@example.com' }).waitFor();

    // Plan a visit for Boss, due today.
    await page.getByRole('button', { name: 'Plan a visit' }).click();
    await page.getByLabel('Purpose').fill('Ask about the album');
    await page.getByRole('button', { name: 'Save the plan' }).click();
    const plan = page.locator('.visit-list li', { hasText: 'Ask about the album' });
    await plan.waitFor();
    expect(await plan.getAttribute('data-state')).toBe('open');

    // Done: the contact record is written.
    await plan.getByRole('button', { name: 'Done' }).click();
    await page.locator('.visit-done').getByLabel('Note').fill('Album ready on Friday');
    await page.getByRole('button', { name: 'Mark done and record the contact' }).click();
    await page.locator('.visit-list li[data-state="done"]', { hasText: 'Ask about the album' }).waitFor();
    await page.locator('.contact-list li', { hasText: 'Album ready on Friday' }).waitFor();

    // Feedback 4 of 5.
    await page.getByRole('button', { name: 'Record feedback' }).click();
    await page.getByLabel('Satisfaction (1–5)').selectOption('4');
    await page.getByLabel('Comment').fill('Lovely photos, slow pickup');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.locator('.feedback-average', { hasText: 'Average 4 from 1' }).waitFor();

    // Referrer: found by name and chosen.
    await page.getByRole('button', { name: 'Set the referrer' }).click();
    await page.getByLabel('Find the customer who referred them').fill('Lan');
    await page.getByRole('button', { name: `Nguyễn Thị Lan (${lan.customerNo})` }).click();
    await page.locator('.referrer a', { hasText: 'Nguyễn Thị Lan' }).waitFor();

    // The referrer's page lists whom she brought.
    await page.locator('.referrer a', { hasText: 'Nguyễn Thị Lan' }).click();
    await page.locator('.referred a', { hasText: 'Trần Thị Hoa' }).waitFor();

    // What the box saved.
    expect((await api.get<Customer>(`/api/customers/${hoa.id}`)).data.email).toBe('Hoa.Tran@example.com');
    const plans = (await api.get<VisitPlan[]>(`/api/customers/${hoa.id}/visit-plans`)).data;
    expect(plans).toEqual([expect.objectContaining({ purpose: 'Ask about the album', state: 'done', staff: expect.objectContaining({ name: 'Boss' }) })]);
    expect((await api.get<FeedbackList>(`/api/customers/${hoa.id}/feedback`)).data).toMatchObject({ count: 1, average: 4 });
    expect((await api.get<Referrals>(`/api/customers/${hoa.id}/referrals`)).data.referrer?.id).toBe(lan.id);
  }, 120_000);
});
