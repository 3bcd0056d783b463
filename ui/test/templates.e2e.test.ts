// Message templates in a browser (S1): a template is created with placeholders and previewed
// for a chosen customer, live, with the character count and parts; a Vietnamese name makes an
// English text Unicode and the page says so. The customer page shows and reverses an opt-out;
// the settings page keeps the quiet hours.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { ensureBundle } from './ui-bundle.js';
import { openAdminPage } from './browser-box.js';

describe('templates in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let hoa: Customer;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    const admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', gender: 'female', phones: [{ number: '138 1234 5678' }] })).data;
    await admin.post('/api/customers', { name: 'Lan Nguyen', gender: 'female', phones: [{ number: '139 8765 4321' }] });
    ({ browser, page } = await openAdminPage(tb.url));
    page.setDefaultTimeout(15_000);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('creates a template and previews it for a customer, live, with count, parts and a Unicode warning', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Templates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Message templates' }).waitFor();
    await page.getByText('No templates of your own yet').waitFor();
    await page.getByRole('button', { name: 'New template' }).click();
    const editor = page.locator('.template-editor');
    await editor.getByLabel('Name').fill('Shoot, English');
    await editor.getByLabel('Used for').selectOption('shoot');
    await editor.getByLabel('Language').selectOption('en');
    await editor.getByLabel('Text').fill('Dear {title} {name}, your shoot is on {date} at {time}.');
    // The preview for a customer picked by name.
    await editor.getByLabel('Customer').fill('Lan');
    await editor.getByRole('button', { name: /Lan Nguyen/ }).click();
    const text = editor.getByTestId('template-preview-text');
    await expect.poll(() => text.textContent()).toMatch(/^Dear Ms Lan Nguyen, your shoot is on \d{1,2} [A-Z][a-z]{2} at 10:00\.$/);
    expect(await editor.getByTestId('template-preview-count').textContent()).toMatch(/GSM-7 · 1 part/);
    expect(await editor.locator('.field-warning').count()).toBe(0);
    // Typing changes the preview at once.
    await editor.getByLabel('Text').fill('Dear {title} {name}, see you at {store}.');
    await expect.poll(() => text.textContent()).toBe('Dear Ms Lan Nguyen, see you at Ánh Dương Studio.');
    // The store's name brings letters outside GSM-7: the page says which, and that parts shrink to 70.
    await editor.getByText(/the message is Unicode/).waitFor();
    expect(await editor.getByTestId('template-preview-count').textContent()).toMatch(/Unicode/);
    // Another customer; a value she lacks is named.
    await editor.getByRole('button', { name: 'Another customer' }).click();
    await editor.getByLabel('Text').fill('Hi {name}, order {order_no}.');
    await editor.getByLabel('Customer').fill('Hoa');
    await editor.getByRole('button', { name: /Trần Thị Hoa/ }).click();
    await expect.poll(() => text.textContent()).toBe('Hi Trần Thị Hoa, order.');
    await editor.getByText('This customer has nothing for {order_no}: left out.').waitFor();
    // A long text for her runs over one part.
    await editor.getByLabel('Text').fill(`Hi {name}! ${'x'.repeat(60)}`);
    await editor.getByText(/takes 2 SMS parts/).waitFor();
    await editor.getByLabel('Text').fill('Dear {title} {name}, your shoot is on {date} at {time}.');
    await editor.getByRole('button', { name: 'Create template' }).click();
    await page.getByText('Template created.').waitFor();
    const item = page.locator('[data-template="Shoot, English"]');
    await item.getByText('in use').waitFor();
    expect(tb.box.ctx.care.templates.inUse('shoot', 'en').body).toBe('Dear {title} {name}, your shoot is on {date} at {time}.');
  });

  it('refuses a typo in a placeholder, naming it', { timeout: 30_000 }, async () => {
    await page.getByRole('button', { name: 'New template' }).click();
    const editor = page.locator('.template-editor');
    await editor.getByLabel('Name').fill('Typo');
    await editor.getByLabel('Text').fill('Hi {nmae}');
    await editor.getByRole('button', { name: 'Create template' }).click();
    await editor.getByText(/unknown placeholder \{nmae\}/).waitFor();
    await editor.getByRole('button', { name: 'Cancel' }).click();
    expect(tb.box.ctx.care.templates.list().map((x) => x.name)).toEqual(['Shoot, English']);
  });

  it('shows an opt-out on the customer page and lets staff reverse it', { timeout: 30_000 }, async () => {
    tb.box.ctx.care.optOuts.set(hoa.id, true, { id: 1, name: 'Boss' });
    await page.goto(`${tb.url}#/customers/${hoa.id}`);
    const line = page.getByTestId('sms-opt-out');
    await line.getByText(/Opted out on .* \(marked by Boss\)/).waitFor();
    await line.getByRole('button', { name: 'Send marketing SMS again' }).click();
    await line.getByText('Receives reminders and marketing SMS').waitFor();
    expect(tb.box.ctx.care.optOuts.get(hoa.id)).toBeNull();
  });

  it('keeps the quiet hours and the automatic messages set on the settings page, and names a bad time', { timeout: 30_000 }, async () => {
    await page.goto(`${tb.url}#/settings`);
    const card = page.locator('.care-settings');
    await card.getByLabel('Quiet hours from').fill('22:30');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved.').waitFor();
    expect(tb.box.ctx.care.settings.get().quietHours).toEqual({ start: '22:30', end: '08:00' });
    // An automatic message turned on with a template of the studio's for it, at 18:00.
    const shoot = tb.box.ctx.care.templates.create({ id: 1, name: 'Boss' }, { name: 'Eve of the shoot', purpose: 'day_before_shoot', language: 'en', body: 'See you tomorrow at {time}, {name}!' });
    await page.reload();
    const row = card.locator('[data-auto="day_before_shoot"]');
    await row.getByLabel('Day before the shoot').check();
    await row.getByLabel('Template', { exact: true }).selectOption({ label: 'Eve of the shoot' });
    await row.getByLabel('At', { exact: true }).selectOption('18');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved.').waitFor();
    expect(tb.box.ctx.care.settings.get().automatic.day_before_shoot).toEqual({ enabled: true, templateId: shoot.id, hour: 18 });
    expect(tb.box.ctx.care.settings.get().automatic.order_placed.enabled).toBe(false);
    // The balance-due reminder's interval: a number of days, a bad one named and not saved.
    const due = card.locator('[data-auto="balance_due"]');
    await due.getByLabel('Again after (days)').fill('0');
    await card.getByRole('button', { name: 'Save' }).click();
    await due.locator('.field-error').waitFor();
    expect(tb.box.ctx.care.settings.get().balanceDueEveryDays).toBe(7);
    await due.getByLabel('Again after (days)').fill('14');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Saved.').waitFor();
    await expect.poll(() => tb.box.ctx.care.settings.get().balanceDueEveryDays).toBe(14);
    await card.getByLabel('until').fill('8');
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText(/not a time of day/).waitFor();
    expect(tb.box.ctx.care.settings.get().quietHours.end).toBe('08:00');
  });

  it('the send records say where a message came from and when a held one goes', { timeout: 30_000 }, async () => {
    tb.box.ctx.care.settings.save(null, { ...tb.box.ctx.care.settings.get(), quietHours: { start: '21:00', end: '08:00' } });
    // Ready at 23:00 studio time (Shanghai) a day ahead: held until 08:00 the morning after.
    const late = new Date(Date.now() + 24 * 3600_000);
    late.setUTCHours(15, 0, 0, 0);
    const r = tb.box.ctx.care.sms.queue({ key: 'e2e:birthday', origin: 'reminder', purpose: 'birthday', customerId: hoa.id, transactional: false, text: 'Happy birthday!', now: late });
    expect(r.status).toBe('queued');
    await page.goto(`${tb.url}#/sms/outbox`);
    const row = page.locator('tr', { hasText: 'Happy birthday!' });
    await row.getByText('Reminder · Birthday reminder').waitFor();
    await row.getByText(/Quiet hours: goes at/).waitFor();
  });
});
