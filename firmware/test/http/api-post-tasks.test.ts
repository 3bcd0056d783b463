// Post-production tasks (O4, issue 19 item 5) over real HTTP: tasks per order and person with a
// state and due time, the list per person ("me") and everyone's, rights (a retoucher with
// workflow:view changes only the state of their own task), bad input refused whole, audit; and
// edited files imported through the real upload route (copied to both disks by the engine)
// closing the matching task: the folder named by the order number, or the customer's only
// order with an open task of that kind; never a guess between two orders.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, PhotoImportResult, PostTask, PostTaskList, ServerEvent, User } from '../../src/api-types.js';
import { exifJpeg } from '../helpers/card-slot.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

let tb: TestBox;
let admin: ApiClient;
let retoucher: { client: ApiClient; user: User };
let designer: { client: ApiClient; user: User };
let outsider: ApiClient;
const events: ServerEvent[] = [];

const newOrder = async (name: string, phone: string) => {
  const c = await admin.post<Customer>('/api/customers', { name, phones: [{ number: phone }] });
  expect(c.status, JSON.stringify(c.error)).toBe(201);
  const o = await admin.post<Order>(`/api/customers/${c.data.id}/orders`, { title: `${name} package`, totalMinor: 100000 });
  expect(o.status, JSON.stringify(o.error)).toBe(201);
  return o.data;
};
const addTask = async (body: Record<string, unknown>, who = admin) => {
  const r = await who.post<PostTask>('/api/post-tasks', body);
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
};
const list = async (who: ApiClient, query = '') => {
  const r = await who.get<PostTaskList>(`/api/post-tasks${query}`);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
};
const taskOf = async (id: number) => (await list(admin, '?state=all')).items.find((t) => t.id === id)!;
const upload = async (customerId: number, kind: string, order: string, name: string) => {
  const r = await fetch(new URL(`/api/customers/${customerId}/photos/import?kind=${kind}&order=${encodeURIComponent(order)}&name=${encodeURIComponent(name)}`, tb.url), {
    method: 'POST',
    headers: { cookie: admin.sessionCookie!, origin: tb.url.replace(/\/$/, ''), 'content-type': 'application/octet-stream' },
    body: await exifJpeg('2026:11:23 10:00:00'),
  });
  const body = (await r.json()) as { data?: PhotoImportResult; error?: unknown };
  expect(r.status, JSON.stringify(body.error)).toBe(201);
  expect(body.data?.action).toBe('copied');
  return body.data!;
};
const auditOf = (id: number) =>
  tb.box.ctx.db.prepare(`SELECT user_name, action, summary FROM audit_log WHERE entity = 'post_task' AND entity_id = ? ORDER BY id`).all(id) as { user_name: string | null; action: string; summary: string }[];

beforeAll(async () => {
  tb = await startTestBox();
  tb.box.ctx.events.subscribe((e) => events.push(e));
  admin = new ApiClient(tb.url);
  expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
  retoucher = await userWith(admin, 'retoucher', { workflow: ['view'] });
  designer = await userWith(admin, 'designer', { workflow: ['view'] });
  outsider = (await userWith(admin, 'outsider', { orders: ['view', 'edit'] })).client;
}, 60_000);
afterAll(() => tb?.close());

describe('tasks per order and person', () => {
  let order: Order;
  let refined: PostTask;
  let design: PostTask;

  it('an admin gives an order’s refined photos and design pages to people, with due times', async () => {
    order = await newOrder('Nguyễn Thị Lan', '13800138001');
    const past = new Date(Date.now() - 3600_000).toISOString();
    refined = await addTask({ orderId: order.id, kind: 'refined', assigneeId: retoucher.user.id, dueAt: past, note: 'skin, eyes' });
    expect(refined).toMatchObject({ orderNo: order.orderNo, kind: 'refined', state: 'open', assignee: { id: retoucher.user.id }, dueAt: past, dueStatus: 'overdue', note: 'skin, eyes', doneAt: null, doneJobId: null });
    // No due time given: the order's stage due time.
    const stageDue = (tb.box.ctx.db.prepare('SELECT stage_due_at FROM orders WHERE id = ?').get(order.id) as { stage_due_at: string | null }).stage_due_at;
    design = await addTask({ orderId: order.id, kind: 'design', assigneeId: designer.user.id });
    expect(design.dueAt).toBe(stageDue);
    expect(auditOf(refined.id)).toEqual([{ user_name: expect.any(String), action: 'create', summary: `post-production task: refined of order ${order.orderNo}` }]);
    expect(events.some((e) => e.type === 'postTasks.changed' && (e.data as { orderId: number }).orderId === order.id)).toBe(true);
  });

  it('“my tasks” is the person’s own; everyone’s for the admin; done ones apart', async () => {
    const mine = await list(retoucher.client, '?assignee=me');
    expect(mine.items.map((t) => t.id)).toEqual([refined.id]);
    expect((await list(designer.client, '?assignee=me')).items.map((t) => t.id)).toEqual([design.id]);
    const all = await list(admin);
    expect(all.items.map((t) => t.id)).toEqual(expect.arrayContaining([refined.id, design.id]));
    expect(all.people.map((p) => p.name)).toEqual(expect.arrayContaining(['retoucher', 'designer']));
    expect(all.timeZone).toBe(SETUP.timeZone);
    expect((await list(admin, `?assignee=${designer.user.id}`)).items.map((t) => t.id)).toEqual([design.id]);
    expect((await list(admin, `?orderId=${order.id}`)).items).toHaveLength(2);
    expect((await list(admin, '?state=done')).items).toEqual([]);
  });

  it('a retoucher moves their own task along, and nothing else', async () => {
    const r = await retoucher.client.patch<PostTask>(`/api/post-tasks/${refined.id}`, { state: 'in_progress' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.state).toBe('in_progress');
    expect((await retoucher.client.patch(`/api/post-tasks/${refined.id}`, { assigneeId: designer.user.id })).status).toBe(403);
    expect((await retoucher.client.patch(`/api/post-tasks/${refined.id}`, { state: 'open', dueAt: null })).status).toBe(403);
    expect((await retoucher.client.patch(`/api/post-tasks/${design.id}`, { state: 'done' })).status).toBe(403);
    expect((await retoucher.client.post('/api/post-tasks', { orderId: order.id, kind: 'first-edits' })).status).toBe(403);
    expect((await outsider.get('/api/post-tasks')).status).toBe(403);
    expect((await taskOf(refined.id)).state).toBe('in_progress');
    expect((await taskOf(design.id)).state).toBe('open');
    expect(auditOf(refined.id).map((a) => a.summary)).toContain(`post-production task ${refined.id} (refined of order ${order.orderNo}): open → in_progress`);
  });

  it('bad input is refused whole, naming the field', async () => {
    const before = (await list(admin, '?state=all')).items.length;
    const bad = async (body: Record<string, unknown>, field: string) => {
      const r = await admin.post('/api/post-tasks', body);
      expect(r.status).toBe(400);
      expect((r.error?.fields ?? []).map((f: { path: string }) => f.path)).toContain(field);
    };
    await bad({ orderId: order.id, kind: 'originals' }, 'kind');
    await bad({ orderId: 99999, kind: 'refined' }, 'orderId');
    await bad({ orderId: order.id, kind: 'refined', assigneeId: 99999 }, 'assigneeId');
    await bad({ orderId: order.id, kind: 'refined', dueAt: 'tomorrow' }, 'dueAt');
    await bad({ orderId: order.id, kind: 'refined', colour: 'red' }, '(body)');
    expect((await admin.patch(`/api/post-tasks/${design.id}`, { state: 'finished' })).error?.fields?.[0]?.path).toBe('state');
    expect((await admin.patch(`/api/post-tasks/${design.id}`, {})).status).toBe(400);
    expect((await admin.patch('/api/post-tasks/99999', { state: 'done' })).status).toBe(404);
    expect((await admin.get('/api/post-tasks?state=soon')).error?.fields?.[0]?.path).toBe('state');
    expect((await list(admin, '?state=all')).items.length).toBe(before);
    expect((await taskOf(design.id)).state).toBe('open');
  });

  it('done by hand records who; reopened, it forgets', async () => {
    const done = (await admin.patch<PostTask>(`/api/post-tasks/${design.id}`, { state: 'done' })).data;
    expect(done).toMatchObject({ state: 'done', doneBy: { name: expect.any(String) }, dueStatus: 'none' });
    expect(done.doneAt).not.toBeNull();
    expect((await list(admin, '?state=done')).items.map((t) => t.id)).toEqual([design.id]);
    const again = (await admin.patch<PostTask>(`/api/post-tasks/${design.id}`, { state: 'open' })).data;
    expect(again).toMatchObject({ state: 'open', doneAt: null, doneBy: null, doneJobId: null });
  });
});

describe('imported edits close the matching task', () => {
  it('refined files into the folder named by the order number close its refined task, not the design one', async () => {
    const order = await newOrder('Trần Minh', '13800138002');
    const refined = await addTask({ orderId: order.id, kind: 'refined', assigneeId: retoucher.user.id });
    const design = await addTask({ orderId: order.id, kind: 'design', assigneeId: designer.user.id });
    const other = await newOrder('Lê Hoa', '13800138003');
    const otherRefined = await addTask({ orderId: other.id, kind: 'refined' });

    const stored = await upload(order.customer.id, 'refined', `${order.orderNo} wedding`, 'IMG_0001.JPG');
    const closed = await waitFor(async () => ((await taskOf(refined.id)).state === 'done' ? taskOf(refined.id) : null), 'refined task closed');
    const jobId = stored.file!.jobId;
    expect(closed).toMatchObject({ state: 'done', doneBy: null, doneJobId: jobId });
    expect((await taskOf(design.id)).state).toBe('open');
    expect((await taskOf(otherRefined.id)).state).toBe('open');
    const audit = auditOf(refined.id).at(-1)!;
    expect(audit.user_name).toBeNull();
    expect(audit.summary).toContain(`stored by ingest job ${jobId}`);
    expect((await list(retoucher.client, '?assignee=me&state=done')).items.map((t) => t.id)).toContain(refined.id);
  });

  it('a folder naming no order: the customer’s only order with an open task of that kind; with two, none', async () => {
    const one = await newOrder('Phạm Thu', '13800138004');
    const t1 = await addTask({ orderId: one.id, kind: 'first-edits' });
    await upload(one.customer.id, 'first-edits', 'studio shoot', 'A.JPG');
    await waitFor(async () => (await taskOf(t1.id)).state === 'done', 'first edits closed');

    const a = await newOrder('Vũ An', '13800138005');
    const b = await admin.post<Order>(`/api/customers/${a.customer.id}/orders`, { title: 'second', totalMinor: 5000 });
    const ta = await addTask({ orderId: a.id, kind: 'first-edits' });
    const tb2 = await addTask({ orderId: b.data.id, kind: 'first-edits' });
    await upload(a.customer.id, 'first-edits', 'studio shoot', 'B.JPG');
    // The job has ended (the upload answers after it); give the event a moment, then check nothing moved.
    await new Promise((r) => setTimeout(r, 200));
    expect((await taskOf(ta.id)).state).toBe('open');
    expect((await taskOf(tb2.id)).state).toBe('open');
    // Named: only that one.
    await upload(a.customer.id, 'first-edits', b.data.orderNo, 'C.JPG');
    await waitFor(async () => (await taskOf(tb2.id)).state === 'done', 'named order closed');
    expect((await taskOf(ta.id)).state).toBe('open');
  });
});
