// Post-production tasks (O4) in Chromium: the admin sees everyone's tasks (overdue in red) and
// adds one from the list; the retoucher's "My tasks" holds only theirs and starts and finishes
// one with a click; an edited file imported through the real upload route closes a task and
// the open list follows live (postTasks.changed) without a reload.
import type { Browser, Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, PostTask, User } from '../../firmware/src/api-types.js';
import { ApiClient, SETUP, userWith } from '../../firmware/test/helpers/http-client.js';
import { startTestBox, type TestBox } from '../../firmware/test/helpers/test-box.js';
import { openAdminPage } from './browser-box.js';
import { logIn } from './log-in.js';
import { ensureBundle } from './ui-bundle.js';

describe('post-production tasks in a browser', () => {
  let tb: TestBox;
  let browser: Browser;
  let page: Page;
  let mine: Page;
  let admin: ApiClient;
  let minh: User;
  let lan: Order;
  let hoa: Order;
  let lanRefined: PostTask;
  let hoaDesign: PostTask;

  const order = async (name: string) => {
    const c = (await admin.post<Customer>('/api/customers', { name })).data;
    return (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: `${name} wedding`, totalMinor: 500000 })).data;
  };
  const row = (p: Page, id: number) => p.locator(`tr[data-task="${id}"]`);
  const stateOf = (id: number) => (tb.box.ctx.db.prepare('SELECT state FROM post_tasks WHERE id = ?').get(id) as { state: string }).state;

  beforeAll(async () => {
    ensureBundle();
    tb = await startTestBox();
    admin = new ApiClient(tb.url);
    await admin.post('/api/setup', SETUP);
    minh = (await userWith(admin, 'minh', { workflow: ['view'], customers: ['view'] })).user;
    lan = await order('Nguyễn Thị Lan');
    hoa = await order('Trần Thị Hoa');
    lanRefined = (await admin.post<PostTask>('/api/post-tasks', { orderId: lan.id, kind: 'refined', assigneeId: minh.id, dueAt: new Date(Date.now() - 86_400_000).toISOString() })).data;
    hoaDesign = (await admin.post<PostTask>('/api/post-tasks', { orderId: hoa.id, kind: 'design' })).data;
    ({ browser, page } = await openAdminPage(tb.url, { viewport: { width: 1400, height: 900 } }));
    mine = await (await browser.newContext({ viewport: { width: 1200, height: 900 } })).newPage();
    await mine.goto(tb.url);
    await logIn(mine, 'minh', 'minh-password-1');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await tb?.close();
  });

  it('the admin sees everyone’s tasks, overdue in red, and adds one', { timeout: 60_000 }, async () => {
    await page.getByRole('link', { name: 'Workflow' }).click();
    await page.getByRole('link', { name: 'Post-production tasks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Post-production' }).waitFor();
    await row(page, lanRefined.id).waitFor();
    await expect.poll(() => row(page, lanRefined.id).getAttribute('class')).toContain('due-overdue');
    expect(await row(page, lanRefined.id).innerText()).toContain('Refined');
    expect(await row(page, lanRefined.id).innerText()).toContain('minh');
    expect(await row(page, hoaDesign.id).innerText()).toContain('Design');
    const bg = await row(page, lanRefined.id).locator('td').first().evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(bg).toBe('rgb(253, 236, 234)');

    await page.getByRole('button', { name: 'New task' }).click();
    const form = page.getByRole('form', { name: 'New task' });
    await form.getByLabel('Order').selectOption({ label: `${hoa.orderNo} Trần Thị Hoa` });
    await form.getByLabel('Work').selectOption('first-edits');
    await form.getByLabel('Person').selectOption({ label: 'minh' });
    await form.getByLabel('Note').fill('soft light');
    await form.getByRole('button', { name: 'Add task' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(3);
    const added = tb.box.ctx.db.prepare(`SELECT kind, assignee_id, note FROM post_tasks WHERE order_id = ? AND kind = 'first-edits'`).get(hoa.id);
    expect(added).toEqual({ kind: 'first-edits', assignee_id: minh.id, note: 'soft light' });
  });

  it('the retoucher’s “My tasks” holds only theirs; start and finish with a click', { timeout: 60_000 }, async () => {
    await mine.goto(`${tb.url}#/tasks`);
    await mine.getByRole('heading', { level: 1, name: 'Post-production' }).waitFor();
    await row(mine, lanRefined.id).waitFor();
    expect(await mine.locator('tbody tr').count()).toBe(2);
    expect(await row(mine, hoaDesign.id).count()).toBe(0);
    expect(await mine.getByRole('button', { name: 'New task' }).count()).toBe(0);
    await row(mine, lanRefined.id).getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => stateOf(lanRefined.id)).toBe('in_progress');
    await expect.poll(() => row(mine, lanRefined.id).innerText()).toContain('In progress');
    const firstEdits = (tb.box.ctx.db.prepare(`SELECT id FROM post_tasks WHERE order_id = ? AND kind = 'first-edits'`).get(hoa.id) as { id: number }).id;
    await row(mine, firstEdits).getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => stateOf(firstEdits)).toBe('in_progress');
    await row(mine, firstEdits).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => stateOf(firstEdits)).toBe('done');
    await expect.poll(() => row(mine, firstEdits).count()).toBe(0);
  });

  it('an imported refined file closes Lan’s task, and both screens follow live', { timeout: 60_000 }, async () => {
    const jpeg = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 120, b: 90 } } }).jpeg().toBuffer();
    const r = await fetch(new URL(`/api/customers/${lan.customer.id}/photos/import?kind=refined&order=${encodeURIComponent(lan.orderNo)}&name=IMG_0001.JPG`, tb.url), {
      method: 'POST',
      headers: { cookie: admin.sessionCookie!, origin: tb.url.replace(/\/$/, ''), 'content-type': 'application/octet-stream' },
      body: jpeg,
    });
    expect(r.status).toBe(201);
    await expect.poll(() => stateOf(lanRefined.id)).toBe('done');
    await expect.poll(() => row(mine, lanRefined.id).count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => row(page, lanRefined.id).count(), { timeout: 10_000 }).toBe(0);
    await mine.getByLabel('Show').selectOption('done');
    await row(mine, lanRefined.id).waitFor();
    expect(await row(mine, lanRefined.id).innerText()).toContain('closed by imported files');
  });
});
