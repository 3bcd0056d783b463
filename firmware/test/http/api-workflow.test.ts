// The order workflow (O2) over real HTTP: new orders enter the first stage, the board by stage
// with due times and overdue flags in the studio's time zone (Shanghai), filters by post and
// person, the one-action move (order state and customer stage follow, audited, an event for
// open boards), the order page's state buttons moving the stage, the admin's stage list,
// rights, and bad input refused whole.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Customer, Order, User, WorkflowBoard, WorkflowCard, WorkflowStage } from '../../src/api-types.js';
import { openEventStream } from '../helpers/event-stream.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

// 03:00 UTC is 11:00 in Shanghai (SETUP.timeZone).
const nowMs = Date.parse('2026-03-10T03:00:00Z');
const clock = () => new Date(nowMs);

let tb: TestBox;
let admin: ApiClient;
let viewer: ApiClient;
let mover: ApiClient;
let outsider: ApiClient;
let retoucher: User;
let stages: WorkflowStage[];

const stageId = (key: string) => stages.find((s) => s.key === key)!.id;
const newOrder = async (name: string, body: Record<string, unknown> = {}) => {
  const c = await admin.post<Customer>('/api/customers', { name, phones: [{ number: `1380013${String(Math.floor(Math.random() * 1e4)).padStart(4, '0')}` }] });
  expect(c.status, JSON.stringify(c.error)).toBe(201);
  const o = await admin.post<Order>(`/api/customers/${c.data.id}/orders`, { title: `${name} package`, totalMinor: 100000, ...body });
  expect(o.status, JSON.stringify(o.error)).toBe(201);
  return o.data;
};
const board = async (c: ApiClient = viewer, query = '') => {
  const r = await c.get<WorkflowBoard>(`/api/workflow/board${query}`);
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return r.data;
};
const cardOf = (b: WorkflowBoard, orderId: number): WorkflowCard | undefined => b.columns.flatMap((c) => c.items).find((i) => i.orderId === orderId);
const move = (c: ApiClient, orderId: number, body: Record<string, unknown>) => c.post<WorkflowCard>(`/api/workflow/orders/${orderId}/move`, body);
const stageInputs = (list: WorkflowStage[]) =>
  list.map((s) => ({ id: s.id, name: s.name, post: s.post, defaultUserId: s.defaultUser?.id ?? null, lifecycle: s.lifecycle, phase: s.phase, dueDays: s.dueDays }));

beforeAll(async () => {
  tb = await startTestBox({ clock });
  admin = new ApiClient(tb.url);
  expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
  viewer = (await userWith(admin, 'viewer', { workflow: ['view'] })).client;
  const m = await userWith(admin, 'mover', { workflow: ['view', 'edit'] });
  mover = m.client;
  outsider = (await userWith(admin, 'outsider', { orders: ['view', 'edit'] })).client;
  retoucher = (await userWith(admin, 'retoucher', { workflow: ['view'] })).user;
  stages = (await viewer.get<WorkflowStage[]>('/api/workflow/stages')).data;
});
afterAll(() => tb?.close());

describe('the default stages', () => {
  it('booked, shot, selected, sample viewed, retouching, ready, picked up, with posts and lifecycle stages', () => {
    expect(stages.map((s) => [s.key, s.post, s.phase, s.lifecycle, s.dueDays])).toEqual([
      ['booked', 'front_desk', 'booked', 'ordered', 7],
      ['shot', 'photographer', 'shot', 'shot', 7],
      ['selected', 'front_desk', 'selected', 'selected', 14],
      ['sample_viewed', 'front_desk', 'selected', null, 3],
      ['retouching', 'retoucher', 'in_production', null, 14],
      ['ready', 'designer', 'ready', null, 7],
      ['picked_up', 'front_desk', 'delivered', 'history', null],
    ]);
  });
});

describe('the board', () => {
  it('a new order is booked, due at its shoot; without a shoot 7 studio days on at 18:00', async () => {
    const a = await newOrder('Anh', { serviceAt: '2026-03-12T02:00:00Z' });
    const b = await newOrder('Bao');
    const bd = await board();
    expect(bd.timeZone).toBe('Asia/Shanghai');
    const booked = bd.columns.find((c) => c.stage.key === 'booked')!;
    expect(booked.items.map((i) => i.orderId)).toEqual([a.id, b.id]);
    expect(cardOf(bd, a.id)).toMatchObject({ orderNo: a.orderNo, customer: { name: 'Anh' }, since: '2026-03-10T03:00:00.000Z', dueAt: '2026-03-12T02:00:00.000Z', dueStatus: 'later' });
    expect(cardOf(bd, b.id)).toMatchObject({ dueAt: '2026-03-17T10:00:00.000Z', assignee: null });
  });

  it('moving is one action: the order state and the customer stage follow, audited, with an event', async () => {
    const o = await newOrder('Chi');
    const stream = await openEventStream(tb.url, { cookie: admin.sessionCookie! });
    try {
      const r = await move(mover, o.id, { stageId: stageId('shot') });
      expect(r.status, JSON.stringify(r.error)).toBe(200);
      expect(r.data).toMatchObject({ orderId: o.id, stageId: stageId('shot'), dueAt: '2026-03-17T10:00:00.000Z' });
      await stream.waitFor((f) => f.event === 'workflow.changed' && JSON.parse(f.data!).data.orderId === o.id);
    } finally {
      await stream.close();
    }
    expect((await admin.get<Order>(`/api/orders/${o.id}`)).data.state).toBe('shot');
    expect((await admin.get<Customer>(`/api/customers/${o.customer.id}`)).data.stage).toBe('shot');
    // Forward past several stages, then back one.
    expect((await move(mover, o.id, { stageId: stageId('sample_viewed'), dueAt: '2026-03-11T09:00:00+08:00' })).data.dueAt).toBe('2026-03-11T01:00:00.000Z');
    expect((await admin.get<Order>(`/api/orders/${o.id}`)).data.state).toBe('selected');
    expect((await admin.get<Customer>(`/api/customers/${o.customer.id}`)).data.stage).toBe('selected');
    expect((await move(mover, o.id, { stageId: stageId('selected'), dueAt: null })).data).toMatchObject({ dueAt: null, dueStatus: 'none' });
    const back = await move(mover, o.id, { stageId: stageId('booked') });
    expect(back.status).toBe(409);
    expect(back.error?.code).toBe('bad_stage_move');
    const log = (await admin.get<AuditPage>('/api/audit?entity=order&limit=50')).data.items.filter((e) => e.entityId === o.id && e.action === 'stage');
    expect(log.map((e) => e.summary)).toEqual([
      `order ${o.orderNo}: sample_viewed → selected`,
      `order ${o.orderNo}: shot → sample_viewed (shot → selected)`,
      `order ${o.orderNo}: booked → shot (booked → shot)`,
    ]);
    expect(log[0]!.user?.name).toBe('mover');
  });

  it('overdue in the studio\'s time zone; filters by post and person; picked-up orders leave the board', async () => {
    const o = await newOrder('Dung');
    expect((await move(mover, o.id, { stageId: stageId('retouching'), assigneeId: retoucher.id, dueAt: '2026-03-10T02:00:00Z' })).status).toBe(200);
    let bd = await board();
    expect(cardOf(bd, o.id)).toMatchObject({ dueStatus: 'overdue', assignee: { id: retoucher.id, name: 'retoucher' } });
    expect(bd.columns.find((c) => c.stage.key === 'retouching')!.overdue).toBe(1);
    expect(bd.people.map((p) => p.name)).toContain('retoucher');
    const byPost = await board(viewer, '?post=retoucher');
    expect(byPost.columns.map((c) => c.stage.key)).toEqual(['retouching']);
    const byPerson = await board(viewer, `?person=${retoucher.id}`);
    expect(byPerson.columns.flatMap((c) => c.items).map((i) => i.orderId)).toEqual([o.id]);
    // Due 23:59 Shanghai today is "today", though UTC's date is the same either way here.
    expect((await move(mover, o.id, { stageId: stageId('ready'), dueAt: '2026-03-10T23:59:00+08:00' })).data.dueStatus).toBe('today');
    expect((await move(mover, o.id, { stageId: stageId('picked_up') })).status).toBe(200);
    expect((await admin.get<Order>(`/api/orders/${o.id}`)).data.state).toBe('delivered');
    expect((await admin.get<Customer>(`/api/customers/${o.customer.id}`)).data.stage).toBe('history');
    bd = await board();
    expect(cardOf(bd, o.id)).toBeUndefined();
  });

  it('the order page\'s state buttons move the stage too; a cancelled order is not moved on the board', async () => {
    const o = await newOrder('Em');
    expect((await admin.post(`/api/orders/${o.id}/state`, { state: 'in_production' })).status).toBe(200);
    expect(cardOf(await board(), o.id)?.stageId).toBe(stageId('retouching'));
    expect((await admin.post(`/api/orders/${o.id}/state`, { state: 'selected' })).status).toBe(200);
    expect(cardOf(await board(), o.id)?.stageId).toBe(stageId('sample_viewed'));
    expect((await admin.post(`/api/orders/${o.id}/state`, { state: 'cancelled' })).status).toBe(200);
    expect(cardOf(await board(), o.id)).toBeUndefined();
    const r = await move(mover, o.id, { stageId: stageId('ready') });
    expect(r.status).toBe(409);
    expect(r.error?.message).toMatch(/cancelled/);
    expect((await admin.post(`/api/orders/${o.id}/state`, { state: 'booked' })).status).toBe(200);
    expect(cardOf(await board(), o.id)?.stageId).toBe(stageId('booked'));
  });
});

describe('rights and bad input', () => {
  it('the board needs workflow:view, a move workflow:edit, the stage list settings:edit', async () => {
    const o = await newOrder('Giang');
    expect((await outsider.get('/api/workflow/board')).status).toBe(403);
    expect((await viewer.post(`/api/workflow/orders/${o.id}/move`, { stageId: stageId('shot') })).status).toBe(403);
    expect((await mover.put('/api/workflow/stages', { stages: stageInputs(stages) })).status).toBe(403);
    expect((await new ApiClient(tb.url).get('/api/workflow/board')).status).toBe(401);
    expect(cardOf(await board(), o.id)?.stageId).toBe(stageId('booked'));
  });

  it('bad input is a 400 naming the field and changes nothing', async () => {
    const o = await newOrder('Hanh');
    const before = cardOf(await board(), o.id);
    for (const [body, field] of [
      [{ stageId: 'x' }, 'stageId'],
      [{ stageId: stageId('shot'), dueAt: 'tomorrow' }, 'dueAt'],
      [{ stageId: stageId('shot'), assigneeId: -1 }, 'assigneeId'],
      [{ stageId: stageId('shot'), assigneeId: 9999 }, 'assigneeId'],
      [{ stageId: stageId('shot'), extra: 1 }, '(body)'],
    ] as const) {
      const r = await move(mover, o.id, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.error?.message).toContain(field === '(body)' ? 'extra' : field);
    }
    expect((await move(mover, o.id, { stageId: 9999 })).status).toBe(409);
    expect((await move(mover, 99999, { stageId: stageId('shot') })).status).toBe(404);
    expect(cardOf(await board(), o.id)).toEqual(before);
    expect((await admin.get<Order>(`/api/orders/${o.id}`)).data.state).toBe('booked');
  });

  it('a bad board filter is a 400', async () => {
    const r = await viewer.get('/api/workflow/board?post=janitor');
    expect(r.status).toBe(400);
    expect(r.error?.message).toContain('post');
  });
});

describe('the admin\'s stage list', () => {
  it('renames, adds a make-up stage with a default person, and new orders follow it', async () => {
    const list = stageInputs(stages);
    list[0]!.name = 'Deposit paid';
    list.splice(1, 0, { name: 'Make-up', post: 'makeup', defaultUserId: retoucher.id, lifecycle: null, phase: 'booked', dueDays: 1 } as (typeof list)[number]);
    const r = await admin.put<WorkflowStage[]>('/api/workflow/stages', { stages: list });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.map((s) => s.name || s.key)).toEqual(['Deposit paid', 'Make-up', 'shot', 'selected', 'sample_viewed', 'retouching', 'ready', 'picked_up']);
    const makeup = r.data[1]!;
    const o = await newOrder('Khanh');
    expect((await move(mover, o.id, { stageId: makeup.id })).data).toMatchObject({ assignee: { id: retoucher.id }, dueAt: '2026-03-11T10:00:00.000Z' });
    expect((await admin.get<Order>(`/api/orders/${o.id}`)).data.state).toBe('booked');
    const audit = (await admin.get<AuditPage>('/api/audit?entity=workflow&limit=5')).data.items;
    expect(audit[0]!.summary).toContain('Deposit paid → Make-up → shot');
    stages = r.data;
  });

  it('refuses a list missing a phase, phases going back, an unknown user, a removed stage in use — whole', async () => {
    const before = (await admin.get<WorkflowStage[]>('/api/workflow/stages')).data;
    const list = stageInputs(before);
    const cases: [unknown, number, string][] = [
      [{ stages: list.filter((s) => s.phase !== 'ready') }, 400, 'every phase needs a stage'],
      [{ stages: list.map((s, i) => (i === 2 ? { ...s, phase: 'booked' } : i === 0 ? { ...s, phase: 'shot' } : s)) }, 400, 'stages.1.phase'],
      [{ stages: list.map((s, i) => (i === 1 ? { ...s, defaultUserId: 9999 } : s)) }, 400, 'stages.1.defaultUserId'],
      [{ stages: list.map((s, i) => (i === 1 ? { ...s, post: 'janitor' } : s)) }, 400, 'stages.1.post'],
      [{ stages: [] }, 400, 'stages'],
      [{ stages: list.filter((s) => s.name !== 'Make-up') }, 409, 'stage with orders'],
    ];
    for (const [body, status, text] of cases) {
      const r = await admin.put('/api/workflow/stages', body);
      expect(r.status, text).toBe(status);
      expect(r.error?.message).toContain(text);
    }
    expect((await admin.get<WorkflowStage[]>('/api/workflow/stages')).data).toEqual(before);
  });
});
