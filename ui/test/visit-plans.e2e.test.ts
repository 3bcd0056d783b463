// Visit plans due (C3) in a browser: the top bar's sign counts the signed-in staff member's own
// plans due today or earlier (red when one is overdue), the list shows them oldest first with
// the overdue ones in red, "Done" records the contact and the sign goes down; a plan given over
// the API and the studio's midnight (`visit_plan.due`) reach the sign live; a manager picks
// another staff member or everyone, a colleague without the right sees only their own.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ContactRecord, Customer, User, VisitPlanCount } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { logIn } from './log-in.js';
import { ensureBundle } from './ui-bundle.js';

/** YYYY-MM-DD `n` days from `day`. */
const shift = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('visit plans due, in a browser', () => {
  let tb: TestBox;
  let api: ApiClient;
  let browser: Browser;
  let page: Page;
  let lan: User;
  let hoa: Customer;
  let nam: Customer;
  let today: string;
  let adminId: number;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    api = new ApiClient(tb.url);
    await api.post('/api/setup', SETUP);
    adminId = (await api.get<{ user: { id: number } }>('/api/auth/me')).data.user.id;
    ({ user: lan } = await userWith(api, 'lan', { customers: ['view'], contacts: ['view', 'add'] }));
    hoa = (await api.post<Customer>('/api/customers', { name: 'Trần Thị Hoa' })).data;
    nam = (await api.post<Customer>('/api/customers', { name: 'Lê Văn Nam' })).data;
    today = (await api.get<VisitPlanCount>('/api/visit-plans/mine')).data.today;
    const plan = (customer: Customer, dueDate: string, staffId: number, purpose: string) => api.post(`/api/customers/${customer.id}/visit-plans`, { dueDate, staffId, purpose });
    await plan(hoa, shift(today, -2), adminId, 'Overdue album call');
    await plan(nam, today, adminId, 'Thank-you call');
    await plan(nam, shift(today, 3), adminId, 'Anniversary offer');
    await plan(hoa, today, lan.id, 'Pickup reminder');
    ({ browser, page } = await openAdminPage(tb.url));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const sign = () => page.getByTestId('visit-badge');
  const rows = () => page.locator('table.visit-due tbody tr');

  it("counts the admin's own due plans in the top bar, red while one is overdue, and opens the list", async () => {
    await page.getByTestId('visit-count').filter({ hasText: '2' }).waitFor();
    expect(await sign().getAttribute('class')).toContain('has-overdue');
    expect(await sign().getAttribute('title')).toBe('2 visit plans due, 1 overdue');
    await sign().click();
    await page.getByRole('heading', { level: 1, name: 'Visit plans due' }).waitFor();
    await expect.poll(() => rows().count()).toBe(2);
    const late = rows().nth(0);
    expect(await late.textContent()).toContain('Overdue album call');
    expect(await late.getAttribute('class')).toBe('due-overdue');
    await late.locator('.badge.overdue', { hasText: 'overdue' }).waitFor();
    // Red on the screen, not only a class name.
    expect(await late.locator('td').first().evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(253, 236, 234)');
    expect(await rows().nth(1).getAttribute('class')).toBe('due-today');
    // The next 7 days, then everyone's (the admin may reassign plans).
    await page.getByLabel('Due on').selectOption('7');
    await expect.poll(() => rows().count()).toBe(3);
    await page.getByLabel('Staff member').selectOption('');
    await expect.poll(() => rows().count()).toBe(4);
    await page.locator('table.visit-due tr', { hasText: 'Pickup reminder' }).getByText('lan').waitFor();
    await page.getByLabel('Staff member').selectOption(String(adminId));
    await page.getByLabel('Due on').selectOption('0');
    await expect.poll(() => rows().count()).toBe(2);
  });

  it('marks a plan done with its contact record; the list and the sign follow', async () => {
    const row = page.locator('table.visit-due tr', { hasText: 'Thank-you call' });
    await row.getByRole('button', { name: 'Done' }).click();
    await page.locator('.visit-done').getByLabel('Note').fill('Called, coming on Saturday');
    await page.getByRole('button', { name: 'Mark done and record the contact' }).click();
    await expect.poll(() => rows().count()).toBe(1);
    await page.getByTestId('visit-count').filter({ hasText: '1' }).waitFor();
    const contacts = (await api.get<ContactRecord[]>(`/api/customers/${nam.id}/contacts`)).data;
    expect(contacts.map((c) => c.note)).toContain('Called, coming on Saturday');
  });

  it('hears a plan given over the API, and the studio midnight, without a reload', async () => {
    await api.post(`/api/customers/${hoa.id}/visit-plans`, { dueDate: today, staffId: adminId, purpose: 'Given while open' });
    await page.getByTestId('visit-count').filter({ hasText: '2' }).waitFor();
    await page.locator('table.visit-due tr', { hasText: 'Given while open' }).waitFor();
    // Tomorrow's plan falls due at midnight: moved to today in the table without an event, then
    // the midnight announcement is the only thing that can tell the sign.
    tb.box.ctx.db.prepare(`UPDATE visit_plans SET due_date = ? WHERE purpose = 'Anniversary offer'`).run(today);
    tb.box.ctx.visitPlans.announceDue();
    await page.getByTestId('visit-count').filter({ hasText: '3' }).waitFor();
    await expect.poll(() => rows().count()).toBe(3);
  });

  it('a colleague without the right to reassign sees only their own plans', async () => {
    const other = await (await browser.newContext()).newPage();
    try {
      await other.goto(tb.url);
      await logIn(other, 'lan', 'lan-password-1');
      await other.getByTestId('visit-count').filter({ hasText: '1' }).waitFor();
      await other.getByTestId('visit-badge').click();
      await other.getByRole('heading', { level: 1, name: 'Visit plans due' }).waitFor();
      await other.locator('table.visit-due tr', { hasText: 'Pickup reminder' }).waitFor();
      expect(await other.locator('table.visit-due tbody tr').count()).toBe(1);
      expect(await other.getByLabel('Staff member').count()).toBe(0);
    } finally {
      await other.context().close();
    }
  });
});
