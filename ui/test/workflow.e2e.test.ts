// The workflow board (O2) in Chromium: every open order by stage with its due time, overdue in
// red; moving an order is one click (its button) or a drag to another stage; a second screen
// follows live; the post and person filters narrow the board; an admin renames a stage.
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, User, WorkflowStage } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { CHROMIUM, ensureBundle } from './ui-bundle.js';
import { logIn } from './log-in.js';

describe('the workflow board in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let watcher: Page;
  let admin: ApiClient;
  let stages: WorkflowStage[];
  let hoa: Order;
  let lan: Order;
  let retoucher: User;

  const order = async (name: string) => {
    const c = (await admin.post<Customer>('/api/customers', { name })).data;
    return (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: `${name} wedding`, totalMinor: 500000 })).data;
  };
  const stageId = (key: string) => stages.find((s) => s.key === key)!.id;
  const column = (p: Page, name: string) => p.getByRole('region', { name, exact: true });
  const card = (p: Page, orderNo: string) => p.locator(`li.wf-card[data-order="${orderNo}"]`);
  const stateOf = (o: Order) => tb.box.ctx.orders.get(o.id).state;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    retoucher = (await userWith(admin, 'minh', { workflow: ['view', 'edit'] })).user;
    stages = (await admin.get<WorkflowStage[]>('/api/workflow/stages')).data;
    hoa = await order('Trần Thị Hoa');
    lan = await order('Late Lan');
    // Lan's shoot was due yesterday: overdue.
    await admin.post(`/api/workflow/orders/${lan.id}/move`, { stageId: stageId('shot'), dueAt: new Date(Date.now() - 86_400_000).toISOString() });
    browser = await chromium.launch(CHROMIUM);
    page = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await page.goto(tb.url);
    await logIn(page, SETUP.admin.username, SETUP.admin.password);
    watcher = await (await browser.newContext({ viewport: { width: 1400, height: 900 } })).newPage();
    await watcher.goto(tb.url);
    await logIn(watcher, 'minh', 'minh-password-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('shows every open order by stage, overdue in red', { timeout: 60_000 }, async () => {
    for (const p of [page, watcher]) {
      await p.getByRole('link', { name: 'Workflow' }).click();
      await p.getByRole('heading', { level: 1, name: 'Workflow' }).waitFor();
    }
    await card(page, hoa.orderNo).waitFor();
    expect(await column(page, 'Booked').locator('li.wf-card').count()).toBe(1);
    const late = column(page, 'Shot').locator(`li.wf-card[data-order="${lan.orderNo}"]`);
    await late.getByText('overdue').waitFor();
    expect(await late.evaluate((el) => getComputedStyle(el.querySelector('.wf-due')!).color)).toBe('rgb(179, 38, 30)');
    expect(await card(page, hoa.orderNo).evaluate((el) => getComputedStyle(el.querySelector('.wf-due')!).color)).not.toBe('rgb(179, 38, 30)');
    await column(page, 'Picked up').getByText('Orders moved here leave the board.').waitFor();
  });

  it('moves an order with one click; the other screen follows live', { timeout: 60_000 }, async () => {
    await card(page, hoa.orderNo).getByRole('button', { name: 'To “Shot”' }).click();
    await column(page, 'Shot').locator(`li.wf-card[data-order="${hoa.orderNo}"]`).waitFor();
    await page.getByText(`Order ${hoa.orderNo} is now in “Shot”.`).waitFor();
    expect(stateOf(hoa)).toBe('shot');
    // No reload on the watcher's screen.
    await column(watcher, 'Shot').locator(`li.wf-card[data-order="${hoa.orderNo}"]`).waitFor();
    expect(await column(watcher, 'Booked').locator('li.wf-card').count()).toBe(0);
  });

  it('moves an order by dragging it to another stage', { timeout: 60_000 }, async () => {
    await card(page, hoa.orderNo).dragTo(column(page, 'Retouching'));
    await column(page, 'Retouching').locator(`li.wf-card[data-order="${hoa.orderNo}"]`).waitFor();
    expect(stateOf(hoa)).toBe('in_production');
    await column(watcher, 'Retouching').locator(`li.wf-card[data-order="${hoa.orderNo}"]`).waitFor();
    // Back more than one stage is refused, and says so.
    await card(page, hoa.orderNo).dragTo(column(page, 'Booked'));
    await page.getByText('an order goes back only one stage at a time').waitFor();
    expect(stateOf(hoa)).toBe('in_production');
  });

  it('filters by post and by person', { timeout: 60_000 }, async () => {
    await admin.post(`/api/workflow/orders/${hoa.id}/move`, { stageId: stageId('ready'), assigneeId: retoucher.id });
    await page.getByLabel('Post').selectOption({ label: 'Designer' });
    await column(page, 'Ready').waitFor();
    // The other columns go with the same render or the next: wait for it, not one frame.
    await expect.poll(() => page.locator('section.wf-column').count()).toBe(1);
    await card(page, hoa.orderNo).getByText('minh').waitFor();
    await page.getByLabel('Post').selectOption({ label: 'Any' });
    await page.getByLabel('Person').selectOption({ label: 'minh' });
    await card(page, hoa.orderNo).waitFor();
    await expect.poll(() => card(page, lan.orderNo).count()).toBe(0);
    await page.getByLabel('Person').selectOption({ label: 'Any' });
    await card(page, lan.orderNo).waitFor();
  });

  it('an admin renames a stage; every board shows the new name', { timeout: 60_000 }, async () => {
    await page.getByRole('button', { name: 'Edit stages' }).click();
    const form = page.getByRole('form', { name: 'Stages' });
    await form.getByLabel('Name').first().fill('Deposit paid');
    await form.getByRole('button', { name: 'Save stages' }).click();
    await form.getByText('Stages saved.').waitFor();
    await column(page, 'Deposit paid').waitFor();
    await column(watcher, 'Deposit paid').waitFor();
    expect((await admin.get<WorkflowStage[]>('/api/workflow/stages')).data[0]).toMatchObject({ key: 'booked', name: 'Deposit paid' });
  });

  it('a customer looks up their order without logging in: stage and next date only, nothing in the address', { timeout: 60_000 }, async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Phạm Thu', phones: [{ number: '13800138123' }] })).data;
    const o = (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: 'Portrait', totalMinor: 10000 })).data;
    await admin.post(`/api/workflow/orders/${o.id}/move`, { stageId: stageId('retouching') });
    const visitor = await (await browser.newContext({ locale: 'zh-CN' })).newPage();
    await visitor.goto(`${tb.url}#/lookup`);
    await visitor.getByRole('heading', { level: 1, name: 'Where is my order?' }).waitFor();
    await visitor.getByLabel('Order number').fill(o.orderNo);
    await visitor.getByLabel('Last 4 digits of your phone').fill('0000');
    await visitor.getByRole('button', { name: 'Look up' }).click();
    await visitor.getByText('No order matches this number and phone.').waitFor();
    await visitor.getByLabel('Last 4 digits of your phone').fill('8123');
    await visitor.getByRole('button', { name: 'Look up' }).click();
    await visitor.getByText('Stage: Retouching').waitFor();
    expect(await visitor.locator('main').textContent()).not.toContain('Phạm Thu');
    expect(visitor.url()).toBe(`${tb.url}#/lookup`);
  });
});
