// The status page's Simulator panel in a browser, against the real daemon and the simulator on
// a real pty: an admin makes the phone ring (the caller's card pops up) and hangs it up, lets an
// SMS arrive, switches delivery reports on; staff who are not admins do not see the panel.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, InboxMessage, SimulatorState, SmsPage, User } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';

describe('the Simulator panel', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 } } });
    admin = new ApiClient(tb.url);
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    await waitFor(() => tb.box.modem!.isReady, 'modem ready', 20_000);
    await admin.post<Customer>('/api/customers', { name: '王芳', phones: [{ number: '138 1234 5678' }] });
    const group = (await admin.post<{ id: number }>('/api/groups', { name: 'Desk', permissions: { customers: ['view'], sms: ['view'], calls: ['view'] } })).data;
    await admin.post<User>('/api/users', { username: 'desk', displayName: 'Desk', password: 'desk-password-1', groupIds: [group.id] });
    browser = await chromium.launch(CHROMIUM);
    page = await browser.newPage();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const login = async (p: Page, username: string, password: string) => {
    await p.goto(tb.url);
    await p.getByLabel('User name').fill(username);
    await p.getByLabel('Password').fill(password);
    await p.getByRole('button', { name: 'Log in' }).click();
    await p.getByRole('navigation', { name: 'Main menu' }).getByRole('link', { name: 'Status' }).click();
    await p.getByRole('heading', { level: 1, name: 'Box status' }).waitFor();
  };
  const panel = () => page.locator('section.simulator-panel');

  it('rings: the caller’s card pops up; the caller hangs up', { timeout: 60_000 }, async () => {
    await login(page, SETUP.admin.username, SETUP.admin.password);
    await page.getByRole('heading', { level: 2, name: 'Simulator' }).waitFor();
    // The studio is in China: a Chinese mobile number to start from.
    expect(await panel().getByLabel(/Caller/).inputValue()).toBe('+8613812345678');
    await panel().getByRole('button', { name: 'Ring', exact: true }).click();
    await panel().getByText('Ringing: +8613812345678').waitFor({ timeout: 15_000 });
    await page.getByRole('dialog', { name: '王芳' }).waitFor({ timeout: 15_000 });
    await panel().getByRole('button', { name: 'Caller hangs up' }).click();
    await panel().getByText('No call.').waitFor({ timeout: 15_000 });
    await page.locator('.call-popup').waitFor({ state: 'detached', timeout: 15_000 });
    // An empty number is caught before anything is sent.
    await panel().getByLabel(/Caller/).fill('');
    await panel().getByRole('button', { name: 'Ring', exact: true }).click();
    await panel().getByText('Required').waitFor();
  });

  it('lets an SMS arrive from a number: it is in the inbox', { timeout: 60_000 }, async () => {
    await panel().getByLabel('Message', { exact: true }).fill('照片什么时候可以取？');
    await panel().getByRole('button', { name: 'Let it arrive' }).click();
    await panel().getByText(/The message arrived \(1 part/).waitFor({ timeout: 15_000 });
    const m = await waitFor(async () => (await admin.get<SmsPage<InboxMessage>>('/api/sms/inbox')).data.items.find((x) => x.body === '照片什么时候可以取？'), 'in the inbox', 15_000);
    expect(m.customer?.name).toBe('王芳');
  });

  it('switches delivery reports', { timeout: 30_000 }, async () => {
    const box = panel().getByRole('checkbox', { name: /Delivery reports/ });
    // The test box starts with them off.
    expect(await box.isChecked()).toBe(false);
    await box.check();
    await waitFor(async () => (await admin.get<SimulatorState>('/api/simulator')).data.deliveryReports, 'reports on');
    expect(await box.isChecked()).toBe(true);
  });

  it('speaks the language picked, as every screen does', { timeout: 30_000 }, async () => {
    await page.getByLabel('Language').first().selectOption('vi');
    await page.getByRole('heading', { level: 2, name: 'Trình mô phỏng' }).waitFor({ timeout: 15_000 });
    const text = (await panel().textContent()) ?? '';
    expect(text).toContain('Đổ chuông và nhấc máy');
    expect(text).toContain('Không có cuộc gọi.');
    for (const en of ['Ring', 'Caller', 'Let it arrive', 'Delivery reports', 'No call']) expect(text).not.toContain(en);
    await page.getByLabel('Ngôn ngữ').first().selectOption('zh-CN');
    await page.getByRole('heading', { level: 2, name: '模拟器' }).waitFor({ timeout: 15_000 });
    expect(await panel().textContent()).toContain('响铃并接听');
  });

  it('is not shown to staff who are not admins', { timeout: 60_000 }, async () => {
    const other = await browser.newPage();
    await login(other, 'desk', 'desk-password-1');
    await other.locator('section.modem-card').waitFor();
    expect(await other.locator('section.simulator-panel').count()).toBe(0);
    await other.close();
  });
});
