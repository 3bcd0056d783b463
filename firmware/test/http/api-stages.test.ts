// The stage board (C2) over real HTTP: a customer walked through all five stages and back, the
// default and given due times, corrections of the times, the board's order, counts, flags and
// filters in the studio's time zone (Shanghai), orders moving the stage, the customer list's
// stage filter, audit lines, rights and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Customer, CustomerPage, Order, StageBoard, StageColumn, StageMovePreview } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

// 03:00 UTC is 11:00 in Shanghai (SETUP.timeZone); the studio's day ends at 16:00 UTC.
let nowMs = Date.parse('2026-03-10T03:00:00Z');
const clock = () => new Date(nowMs);

let tb: TestBox;
let admin: ApiClient;
let viewer: ApiClient;
let editor: ApiClient;

const newCustomer = async (body: Record<string, unknown>) => {
  const r = await admin.post<Customer>('/api/customers', body);
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
};
const board = async (query = '') => {
  const r = await viewer.get<StageBoard>(`/api/stages${query}`);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
};
const column = (b: StageBoard, stage: string): StageColumn => b.columns.find((c) => c.stage === stage)!;
const move = (c: ApiClient, id: number, body: Record<string, unknown>) => c.post<Customer>(`/api/customers/${id}/stage/move`, body);

beforeAll(async () => {
  tb = await startTestBox({ clock });
  admin = new ApiClient(tb.url);
  expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
  viewer = (await userWith(admin, 'viewer', { customers: ['view'] })).client;
  editor = (await userWith(admin, 'editor', { customers: ['view', 'edit'] })).client;
});
afterAll(() => tb?.close());

describe('moves', () => {
  it('walks a customer through all five stages and back, added = now, due asked or defaulted', async () => {
    const c = await newCustomer({ name: 'Trần Thị Hoa', weddingDate: '2026-10-01' });
    expect(c.stage).toBe('lead');

    const preview = await viewer.get<StageMovePreview>(`/api/customers/${c.id}/stage/preview?direction=next`);
    expect(preview.data).toEqual({ from: 'lead', to: 'ordered', defaultDueAt: '2026-03-17T02:00:00.000Z' });

    let r = await move(editor, c.id, { direction: 'next', dueAt: '2026-03-20T15:00:00+08:00' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ stage: 'ordered', stageAddedAt: '2026-03-10T03:00:00.000Z', stageDueAt: '2026-03-20T07:00:00.000Z' });

    nowMs += 3600_000;
    r = await move(editor, c.id, { direction: 'next' });
    expect(r.data).toMatchObject({ stage: 'shot', stageAddedAt: '2026-03-10T04:00:00.000Z', stageDueAt: '2026-03-17T02:00:00.000Z' });
    r = await move(editor, c.id, { direction: 'next' });
    expect(r.data).toMatchObject({ stage: 'selected', stageDueAt: '2026-04-09T02:00:00.000Z' });
    r = await move(editor, c.id, { direction: 'next' });
    expect(r.data).toMatchObject({ stage: 'history', stageDueAt: '2026-10-01T02:00:00.000Z' });

    const end = await move(editor, c.id, { direction: 'next' });
    expect(end.status).toBe(409);
    expect(end.error?.code).toBe('no_such_stage');

    r = await move(editor, c.id, { direction: 'back', dueAt: null });
    expect(r.data).toMatchObject({ stage: 'selected', stageDueAt: null });

    const log = (await admin.get<AuditPage>(`/api/audit?entity=customer&limit=50`)).data.items.filter((e) => e.entityId === c.id && e.action === 'stage');
    expect(log.map((e) => e.summary)).toEqual(
      expect.arrayContaining([expect.stringContaining('lead → ordered'), expect.stringContaining('history → selected')]),
    );
    expect(log).toHaveLength(5);
  });

  it('corrects the added and due times of the current stage', async () => {
    const c = await newCustomer({ name: 'Lê Lan' });
    const r = await editor.patch<Customer>(`/api/customers/${c.id}/stage`, { addedAt: '2026-03-01T09:00:00+08:00', dueAt: '2026-03-12T10:00:00+08:00' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ stage: 'lead', stageAddedAt: '2026-03-01T01:00:00.000Z', stageDueAt: '2026-03-12T02:00:00.000Z' });
    const cleared = await editor.patch<Customer>(`/api/customers/${c.id}/stage`, { dueAt: null });
    expect(cleared.data).toMatchObject({ stageAddedAt: '2026-03-01T01:00:00.000Z', stageDueAt: null });
  });

  it('refuses bad input and loses nothing', async () => {
    const c = await newCustomer({ name: 'Bad Input' });
    for (const body of [{ direction: 'up' }, { direction: 'next', dueAt: 'tomorrow' }, { direction: 'next', extra: 1 }, {}]) {
      const r = await move(editor, c.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
    }
    expect((await editor.patch(`/api/customers/${c.id}/stage`, {})).status).toBe(400);
    expect((await editor.patch(`/api/customers/${c.id}/stage`, { addedAt: null })).status).toBe(400);
    expect((await move(editor, 999_999, { direction: 'next' })).status).toBe(404);
    expect((await viewer.get('/api/stages?businessType=space')).status).toBe(400);
    expect((await viewer.get(`/api/customers/${c.id}/stage/preview?direction=sideways`)).status).toBe(400);
    expect((await admin.get<Customer>(`/api/customers/${c.id}`)).data).toMatchObject({ stage: 'lead', stageDueAt: null });
  });

  it('needs customers:edit to move and customers:view to read', async () => {
    const c = await newCustomer({ name: 'Rights' });
    expect((await move(viewer, c.id, { direction: 'next' })).status).toBe(403);
    expect((await viewer.patch(`/api/customers/${c.id}/stage`, { dueAt: null })).status).toBe(403);
    const nobody = (await userWith(admin, 'nobody', { orders: ['view'] })).client;
    expect((await nobody.get('/api/stages')).status).toBe(403);
    expect((await admin.get<Customer>(`/api/customers/${c.id}`)).data.stage).toBe('lead');
  });
});

describe('the board', () => {
  it('sorts by due, counts, flags overdue and due-today in Shanghai, filters by tag, business type and staff', async () => {
    const tag = 'board-test';
    const mk = (name: string, dueAt: string | null, extra: Record<string, unknown> = {}) =>
      newCustomer({ name, tags: [tag], stage: 'shot', stageDueAt: dueAt, ...extra });
    const later = await mk('Later', '2026-03-12T02:00:00Z');
    const none = await mk('No due', null);
    const overdue = await mk('Overdue', '2026-03-09T02:00:00Z');
    const today = await mk('Today', '2026-03-10T15:30:00Z', { businessType: 'wedding' }); // 23:30 in Shanghai
    const tomorrow = await mk('Tomorrow', '2026-03-10T16:00:00Z'); // midnight in Shanghai

    const b = await board(`?tag=${tag}`);
    expect(b.timeZone).toBe('Asia/Shanghai');
    const shot = column(b, 'shot');
    expect(shot.items.map((i) => i.name)).toEqual(['Overdue', 'Today', 'Tomorrow', 'Later', 'No due']);
    expect(shot.items.map((i) => i.dueStatus)).toEqual(['overdue', 'today', 'later', 'later', 'none']);
    expect(shot).toMatchObject({ count: 5, overdue: 1, dueToday: 1 });
    expect(b.columns.map((c) => c.stage)).toEqual(['lead', 'ordered', 'shot', 'selected', 'history']);
    expect(column(b, 'lead').count).toBe(0);

    expect(column(await board(`?tag=${tag}&businessType=wedding`), 'shot').items.map((i) => i.id)).toEqual([today.id]);
    expect(column(await board(`?tag=${tag}&limit=2`), 'shot')).toMatchObject({ count: 5, items: [{ id: overdue.id }, { id: today.id }] });

    const order = await admin.post<Order>(`/api/customers/${later.id}/orders`, { title: 'Album', totalMinor: 100, staff: 'Minh' });
    expect(order.status).toBe(201);
    const byStaff = column(await board('?staff=Minh'), 'shot');
    expect(byStaff.items.map((i) => i.id)).toEqual([later.id]);
    expect(byStaff.items[0]!.staff).toEqual(['Minh']);
    expect([none.id, tomorrow.id]).not.toContain(byStaff.items[0]!.id);
  });
});

describe('orders move the stage', () => {
  it('booked → ordered (due at the shoot), shot, selected, delivered → history; in production leaves it', async () => {
    const c = await newCustomer({ name: 'Order Walk', weddingDate: '2026-05-20' });
    const o = (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: 'Wedding', totalMinor: 0, serviceAt: '2026-04-01T09:30:00+08:00' })).data;
    const stageOf = async () => (await admin.get<Customer>(`/api/customers/${c.id}`)).data;
    expect(await stageOf()).toMatchObject({ stage: 'ordered', stageDueAt: '2026-04-01T01:30:00.000Z' });
    const to = async (state: string) => expect((await admin.post(`/api/orders/${o.id}/state`, { state })).status).toBe(200);
    await to('shot');
    expect((await stageOf()).stage).toBe('shot');
    await to('booked'); // undo a wrong click: the customer follows
    expect((await stageOf()).stage).toBe('ordered');
    await to('shot');
    await to('selected');
    expect(await stageOf()).toMatchObject({ stage: 'selected', stageDueAt: '2026-04-09T02:00:00.000Z' });
    await to('in_production');
    await to('ready');
    expect((await stageOf()).stage).toBe('selected');
    await to('delivered');
    expect(await stageOf()).toMatchObject({ stage: 'history', stageDueAt: '2026-05-20T02:00:00.000Z' });
    // A returning customer's new order starts them over.
    await admin.post(`/api/customers/${c.id}/orders`, { title: 'Anniversary', totalMinor: 0 });
    expect((await stageOf()).stage).toBe('ordered');
  });
});

describe('customer list', () => {
  it('filters by stage, with and without a search', async () => {
    const a = await newCustomer({ name: 'Filter Alpha', stage: 'selected', phones: [{ number: '138 5555 0001' }] });
    const b = await newCustomer({ name: 'Filter Beta', stage: 'lead', phones: [{ number: '138 5555 0002' }] });
    const ids = async (q: string) => (await viewer.get<CustomerPage>(`/api/customers?${q}`)).data.items.map((i) => i.id);
    expect(await ids('q=Filter&stage=selected')).toEqual([a.id]);
    expect(await ids('q=Filter&stage=lead')).toEqual([b.id]);
    expect(await ids('q=5555&stage=selected')).toEqual([a.id]);
    expect(await ids('q=Filter')).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(await ids('stage=selected&limit=200')).toContain(a.id);
    expect(await ids('stage=selected&limit=200')).not.toContain(b.id);
    expect(await ids(`q=${a.customerNo}&stage=lead`)).toEqual([]);
    expect((await viewer.get('/api/customers?stage=nowhere')).status).toBe(400);
  });
});
