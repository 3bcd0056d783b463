// The home dashboard (R1, issue 20) in headless Chromium against the real daemon with the SIM800
// simulator: today's shoots, selections, pickups and takings by the BOX's clock (set to 10:00 on
// 2 December in Shanghai, whatever the browser's clock says), each tile linking to its page;
// the unread SMS tile follows an SMS arriving through the simulated modem, the takings a
// payment and the calls to return a customer's call nobody answered, without a reload; the
// reminders tile and the last card copies are there; a user without rights sees none of it.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, WorkflowStage } from '../../firmware/src/api-types.js';
import type { ModemSimulator } from '../../firmware/src/modem/simulator/modem-simulator.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { waitFor } from '../../firmware/test/helpers/wait-for.js';
import { openAdminPage } from './browser-box.js';
import { logIn } from './log-in.js';
import { ensureBundle } from './ui-bundle.js';

// The box's clock runs from 2 December 2026, 10:00 in Shanghai (02:00 UTC).
const offset = Date.parse('2026-12-02T02:00:00Z') - Date.now();

describe('home dashboard', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let admin: ApiClient;
  let sim: ModemSimulator;
  let pickup: Order;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox({ clock: () => new Date(Date.now() + offset), config: { modem: { kind: 'simulator', simulatorSendDelayMs: 0 }, callerId: { localAreaCode: '010', ringTimeoutSeconds: 0.6 } } });
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    const hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '139 0000 3333' }] })).data;
    const order = async (title: string, extra: object = {}) => (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title, totalMinor: 300_000, ...extra })).data;
    await order('Wedding A', { serviceAt: '2026-12-02T14:30:00+08:00' });
    await order('Family B', { serviceAt: '2026-12-03T14:30:00+08:00' });
    await order('Baby C', { sampleAt: '2026-12-02T16:00:00+08:00' });
    pickup = await order('Portrait D');
    const ready = (await admin.get<WorkflowStage[]>('/api/workflow/stages')).data.find((s) => s.key === 'ready')!;
    expect((await admin.post(`/api/workflow/orders/${pickup.id}/move`, { stageId: ready.id, dueAt: '2026-12-02T17:00:00+08:00' })).status).toBe(200);
    await admin.post(`/api/orders/${pickup.id}/payments`, { amountMinor: 100_000, method: 'cash' });
    sim = tb.box.modem!.simulator!.simulator;
    await waitFor(() => tb.box.modem!.isReady, 'modem ready');
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1366, height: 900 } }));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  const tile = (p: Page, id: string) => p.getByTestId(id).locator('.tile-value');

  it("shows today's shoots, selections, pickups and takings by the box's day, each linking to its page", { timeout: 60_000 }, async () => {
    await expect.poll(() => tile(page, 'tile-shoots').textContent()).toBe('1');
    expect(await tile(page, 'tile-selections').textContent()).toBe('1');
    expect(await tile(page, 'tile-pickups').textContent()).toBe('1');
    expect(await tile(page, 'tile-takings').textContent()).toMatch(/1,000\.00/);
    expect(await page.getByTestId('home-today').textContent()).toBe('Dec 2, 2026');
    await page.getByTestId('home-shoots').getByText('Wedding A', { exact: false }).waitFor();
    expect(await page.getByTestId('home-shoots').getByText('Family B', { exact: false }).count()).toBe(0);
    await page.getByTestId('home-selections').getByText('Baby C', { exact: false }).waitFor();
    await page.getByTestId('home-pickups').getByText('Portrait D', { exact: false }).waitFor();
    // The box: both disks' free space, the modem.
    await page.getByTestId('home-box').getByText('GB free of', { exact: false }).first().waitFor();
    expect(await page.getByTestId('home-box').getByText('GB free of', { exact: false }).count()).toBe(2);
    await page.getByTestId('home-box').getByText('SIM card: Ready', { exact: false }).waitFor();
    expect(await page.getByTestId('tile-shoots').getAttribute('href')).toBe('#/workflow');
    expect(await page.getByTestId('tile-takings').getAttribute('href')).toBe('#/till');
    expect(await page.getByTestId('tile-sms').getAttribute('href')).toBe('#/sms');
    // Reminders due, calls to return, the last card copies: each there, linking to its page.
    expect(await page.getByTestId('tile-reminders').getAttribute('href')).toBe('#/reminders');
    expect(await tile(page, 'tile-reminders').textContent()).toMatch(/^\d+$/);
    expect(await page.getByTestId('tile-calls').getAttribute('href')).toBe('#/calls');
    expect(await page.getByTestId('home-copies').getByRole('heading').textContent()).toBe('Last card copies');
  });

  it('follows an SMS arriving through the modem and a payment, without a reload', { timeout: 60_000 }, async () => {
    await expect.poll(() => tile(page, 'tile-sms').textContent()).toBe('0');
    await waitFor(() => tb.box.ctx.events.listenerCount >= 1, 'the browser event stream');
    sim.receiveText('+8613900002222', 'Chiều nay tôi đến lấy ảnh');
    await expect.poll(() => tile(page, 'tile-sms').textContent(), { timeout: 15_000 }).toBe('1');
    await admin.post(`/api/orders/${pickup.id}/payments`, { amountMinor: 25_000, method: 'wechat' });
    await expect.poll(() => tile(page, 'tile-takings').textContent(), { timeout: 15_000 }).toMatch(/1,250\.00/);
  });

  it("counts a customer's call nobody answered among the calls to return, without a reload", { timeout: 60_000 }, async () => {
    await expect.poll(() => tile(page, 'tile-calls').textContent()).toBe('0');
    await sim.ring('+8613900003333', { times: 2, intervalMs: 300 });
    await expect.poll(() => tile(page, 'tile-calls').textContent(), { timeout: 15_000 }).toBe('1');
  });

  it('shows a user without rights none of it', { timeout: 60_000 }, async () => {
    await userWith(admin, 'minh', { customers: ['view'] });
    const other = await (await browser.newContext()).newPage();
    await other.goto(tb.url);
    await logIn(other, 'minh', 'minh-password-1');
    await other.getByLabel('Find a customer').waitFor();
    await other.getByTestId('home-today').filter({ hasText: '2026' }).waitFor();
    expect(await other.locator('a.tile').count()).toBe(0);
    expect(await other.getByTestId('home-orders').count()).toBe(0);
    await other.getByTestId('home-box').waitFor();
    await other.close();
  });
});
