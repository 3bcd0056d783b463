// Reminders (C4) in a browser, clicking like the front desk: the top bar's badge counts today's
// reminders; on the reminders page one is snoozed and one marked done, the badge follows; the
// month view counts the day and opens it; a change made elsewhere reaches the badge over the
// server events; the kinds' settings are saved from the settings page.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Reminder, RemindersToday } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { ensureBundle } from './ui-bundle.js';
import { openAdminPage } from './browser-box.js';

// 04:00 UTC is 12:00 in Shanghai (SETUP.timeZone) on Wednesday 2026-06-10.
const clock = () => new Date('2026-06-10T04:00:00Z');

describe('reminders in a browser', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let browser: Browser;
  let page: Page;
  let thu: Customer;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ clock });
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    thu = (await admin.post<Customer>('/api/customers', { name: 'Lý Thu', birthday: '1990-06-10', phones: [{ number: '13812345678' }] })).data;
    await admin.post<Customer>('/api/customers', { name: 'Anna Lee', weddingDate: '2026-06-10' });
    expect((await admin.post('/api/reminders/run', {})).status).toBe(200);
    // The browser's own zone is not the studio's: every date shown comes from the box.
    ({ browser, page } = await openAdminPage(tb.url, { timezoneId: 'America/New_York' }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const badgeCount = () => page.getByTestId('reminder-count');
  const todayItem = (text: string) => page.getByTestId('today-list').getByTestId('reminder').filter({ hasText: text });
  const onToday = () => tb.box.ctx.reminders.today().items.map((r) => `${r.kind} ${r.customer.name}`);
  const weddingDay = () => tb.box.ctx.reminders.range('2026-06-10', '2026-06-10', 10).items.find((r) => r.kind === 'wedding_day')!;

  it('the badge counts today; a reminder is snoozed, another marked done, one click each', { timeout: 60_000 }, async () => {
    // Lý Thu's birthday (09:00), Anna's wedding day (09:00) and her make-up (16:00 the day before).
    await expect.poll(() => badgeCount().textContent()).toBe('3');
    // The home page (where every login lands) lists them too, each naming its customer.
    const home = page.getByTestId('home-reminders');
    await home.getByRole('link', { name: 'Lý Thu' }).waitFor();
    await expect.poll(() => home.getByRole('listitem').count()).toBe(3);
    const anna = await home.getByRole('listitem').filter({ hasText: 'Anna Lee' }).allTextContents();
    expect(anna).toHaveLength(2);
    expect(anna).toEqual(expect.arrayContaining([expect.stringContaining('Wedding day'), expect.stringContaining('Bride’s morning make-up')]));
    await page.getByRole('link', { name: /Reminders today/ }).waitFor();
    await page.getByTestId('reminder-badge').click();
    await page.getByRole('heading', { level: 1, name: 'Reminders' }).waitFor();
    await todayItem('Lý Thu').getByText('Birthday').waitFor();
    await todayItem('Wedding day').getByText('Anna Lee').waitFor();
    await todayItem('Bride’s morning make-up').getByText('Anna Lee').waitFor();

    await todayItem('Lý Thu').getByRole('button', { name: 'Snooze until tomorrow' }).click();
    await todayItem('Lý Thu').waitFor({ state: 'detached' });
    await expect.poll(() => badgeCount().textContent()).toBe('2');
    const snoozed = tb.box.ctx.reminders.range('2026-06-10', '2026-06-10', 10).items.find((r) => r.customer.id === thu.id)!;
    // Tomorrow 09:00 in Shanghai.
    expect(snoozed).toMatchObject({ state: 'snoozed', snoozedUntil: '2026-06-11T01:00:00.000Z' });

    await todayItem('Wedding day').getByRole('button', { name: 'Done' }).click();
    await todayItem('Wedding day').waitFor({ state: 'detached' });
    await expect.poll(() => badgeCount().textContent()).toBe('1');
    expect(onToday()).toEqual(['bridal_makeup Anna Lee']);
    expect(weddingDay()).toMatchObject({ state: 'done', doneBy: { name: SETUP.admin.displayName } });
  });

  it('the month view counts the day and opens it; the day view offers Reopen for the done one', { timeout: 60_000 }, async () => {
    await page.getByRole('tab', { name: 'Month' }).click();
    const cell = page.locator('.month-cell[data-date="2026-06-10"]');
    await cell.getByText('3 reminders').waitFor();
    await cell.getByText('2 open').waitFor();
    await cell.click();
    const list = page.getByTestId('calendar-list');
    await list.getByTestId('reminder').filter({ hasText: 'Wedding day' }).getByRole('button', { name: 'Reopen' }).waitFor();
    await list.getByTestId('reminder').filter({ hasText: 'Lý Thu' }).getByTestId('reminder-state').getByText(/snoozed until/).waitFor();
    // The week (Monday Jun 8 – Sunday Jun 14) lists the day's three under its date.
    await page.getByRole('tab', { name: 'Week' }).click();
    await page.getByText('Jun 8, 2026 – Jun 14, 2026').waitFor();
    await expect.poll(() => list.locator('h3').count()).toBe(7);
    await expect.poll(() => list.getByTestId('reminder').count()).toBe(3);
  });

  it('a change made elsewhere reaches the badge over the server events, without a reload', { timeout: 30_000 }, async () => {
    const r = await admin.post<Reminder>(`/api/reminders/${weddingDay().id}/reopen`, {});
    expect(r.status).toBe(200);
    await expect.poll(() => badgeCount().textContent(), { timeout: 10_000 }).toBe('2');
    const t = await admin.get<RemindersToday>('/api/reminders/today');
    expect(t.data.items.map((x) => x.kind).sort()).toEqual(['bridal_makeup', 'wedding_day']);
  });

  it("the kinds' settings are saved from the settings page", { timeout: 30_000 }, async () => {
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 2, name: 'Reminders' }).waitFor();
    await page.getByLabel('Birthday: Days before (0 = on the day)').fill('3');
    await page.getByLabel('Birthday: Hour').selectOption('8');
    await page.getByRole('button', { name: 'Save reminder settings' }).click();
    await page.getByText('Saved.').waitFor();
    expect(tb.box.ctx.reminders.settings.get().birthday).toMatchObject({ daysBefore: 3, hour: 8, enabled: true });
  });
});
