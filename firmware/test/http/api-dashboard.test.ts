// The home dashboard (R1, issue 20) over real HTTP: today's shoots, selections and pickups from
// the orders and their workflow due times, today's takings, the modem; "today" is the studio's
// day by the box's clock in the studio's zone (at 00:30 in Shanghai it is the 2nd while UTC
// still says the 1st); each part only for a user with its right.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DASHBOARD_LIST_MAX, type Customer, type Dashboard, type Order, type WorkflowStage } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

// 2 December 2026, 10:00 in Shanghai (UTC+8).
let nowMs = Date.parse('2026-12-02T02:00:00Z');
let tb: TestBox;
let admin: ApiClient;
const ids: Record<string, number> = {};

const orderNos = (l: Dashboard['shoots']) => l!.items.map((i) => i.title);

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
  const lan = (await admin.post<Customer>('/api/customers', { name: 'Lan' })).data;
  const order = async (title: string, extra: object = {}) => {
    const r = await admin.post<Order>(`/api/customers/${lan.id}/orders`, { title, totalMinor: 500_000, ...extra });
    if (r.status !== 201) throw new Error(JSON.stringify(r.error));
    ids[title] = r.data.id;
    return r.data;
  };
  const stages = (await admin.get<WorkflowStage[]>('/api/workflow/stages')).data;
  const stage = (key: string) => stages.find((s) => s.key === key)!.id;
  const move = async (title: string, key: string, dueAt: string) => {
    const r = await admin.post(`/api/workflow/orders/${ids[title]}/move`, { stageId: stage(key), dueAt });
    if (r.status !== 200) throw new Error(JSON.stringify(r.error));
  };
  await order('shoot at 14:00', { serviceAt: '2026-12-02T14:00:00+08:00' });
  await order('shoot at 09:00', { serviceAt: '2026-12-02T09:00:00+08:00' });
  await order('shoot tomorrow', { serviceAt: '2026-12-03T00:10:00+08:00' });
  await order('shoot yesterday late', { serviceAt: '2026-12-01T23:50:00+08:00' });
  const cancelled = await order('cancelled shoot', { serviceAt: '2026-12-02T11:00:00+08:00' });
  expect((await admin.post(`/api/orders/${cancelled.id}/state`, { state: 'cancelled' })).status).toBe(200);
  await order('viewing today', { sampleAt: '2026-12-02T16:00:00+08:00' });
  await order('viewing tomorrow', { sampleAt: '2026-12-03T16:00:00+08:00' });
  await order('selection overdue');
  await move('selection overdue', 'shot', '2026-11-30T12:00:00+08:00');
  await order('selection next week');
  await move('selection next week', 'shot', '2026-12-09T12:00:00+08:00');
  await order('pickup today');
  await move('pickup today', 'ready', '2026-12-02T18:00:00+08:00');
  await order('pickup tomorrow');
  await move('pickup tomorrow', 'ready', '2026-12-03T00:00:00+08:00');
  // Takings: today's cash and WeChat, a reversal, and yesterday's payment that must not count.
  const paid = ids['pickup today']!;
  await admin.post(`/api/orders/${paid}/payments`, { amountMinor: 7000, method: 'cash', at: '2026-12-01T23:59:00+08:00' });
  await admin.post(`/api/orders/${paid}/payments`, { amountMinor: 100_000, method: 'cash' });
  await admin.post(`/api/orders/${paid}/payments`, { amountMinor: 30_000, method: 'wechat' });
  const wrong = (await admin.post<{ id: number }>(`/api/orders/${paid}/payments`, { amountMinor: 20_000, method: 'cash' })).data;
  expect((await admin.post(`/api/payments/${wrong.id}/reverse`, { reason: 'typed twice' })).status).toBe(201);
});
afterAll(() => tb?.close());

describe('the dashboard', () => {
  it("lists today's shoots, selections and pickups by time, with the studio's today and the takings", async () => {
    const d = (await admin.get<Dashboard>('/api/dashboard')).data;
    expect(d.today).toBe('2026-12-02');
    expect(d.timeZone).toBe('Asia/Shanghai');
    expect(orderNos(d.shoots)).toEqual(['shoot at 09:00', 'shoot at 14:00']);
    expect(d.shoots!.count).toBe(2);
    expect(d.shoots!.items[0]).toMatchObject({ at: '2026-12-02T01:00:00.000Z', overdue: false, customer: { name: 'Lan' } });
    expect(orderNos(d.selections)).toEqual(['selection overdue', 'viewing today']);
    expect(d.selections!.items.map((i) => i.overdue)).toEqual([true, false]);
    expect(orderNos(d.pickups)).toEqual(['pickup today']);
    expect(d.takings).toEqual({ currency: 'CNY', totalMinor: 130_000, closed: false });
    expect(d.modem).toMatchObject({ state: expect.any(String) });
  });

  it("follows the box's clock in the studio's zone: at 00:30 Shanghai it is the 2nd though UTC says the 1st", async () => {
    const was = nowMs;
    nowMs = Date.parse('2026-12-01T16:30:00Z');
    try {
      const d = (await admin.get<Dashboard>('/api/dashboard')).data;
      expect(d.today).toBe('2026-12-02');
      expect(orderNos(d.shoots)).toEqual(['shoot at 09:00', 'shoot at 14:00']);
      nowMs = Date.parse('2026-12-01T15:30:00Z');
      const before = (await admin.get<Dashboard>('/api/dashboard')).data;
      expect(before.today).toBe('2026-12-01');
      expect(orderNos(before.shoots)).toEqual(['shoot yesterday late']);
      expect(before.takings!.totalMinor).toBe(7000);
    } finally {
      nowMs = was;
    }
  });

  it('shows each part only to those with its right', async () => {
    const nobody = (await userWith(admin, 'nobody', {})).client;
    const d = (await nobody.get<Dashboard>('/api/dashboard')).data;
    expect(d).toMatchObject({ today: '2026-12-02', shoots: null, selections: null, pickups: null, takings: null });
    const desk = (await userWith(admin, 'desk', { orders: ['view'] })).client;
    const e = (await desk.get<Dashboard>('/api/dashboard')).data;
    expect(e.shoots!.count).toBe(2);
    expect(e.takings).toBeNull();
    const till = (await userWith(admin, 'till', { finance: ['view'] })).client;
    const f = (await till.get<Dashboard>('/api/dashboard')).data;
    expect(f.shoots).toBeNull();
    expect(f.takings!.totalMinor).toBe(130_000);
    expect((await new ApiClient(tb.url).get('/api/dashboard')).status).toBe(401);
  });

  it('counts every order due but lists only the first by due time', async () => {
    const lan = (await admin.get<{ items: Customer[] }>('/api/customers?q=Lan')).data.items[0]!;
    const ready = (await admin.get<WorkflowStage[]>('/api/workflow/stages')).data.find((s) => s.key === 'ready')!;
    for (let i = 1; i <= DASHBOARD_LIST_MAX + 1; i++) {
      const o = (await admin.post<Order>(`/api/customers/${lan.id}/orders`, { title: `late pickup ${i}`, totalMinor: 1000 })).data;
      expect((await admin.post(`/api/workflow/orders/${o.id}/move`, { stageId: ready.id, dueAt: `2026-11-${String(10 + i).padStart(2, '0')}T12:00:00+08:00` })).status).toBe(200);
    }
    const d = (await admin.get<Dashboard>('/api/dashboard')).data;
    expect(d.pickups!.count).toBe(DASHBOARD_LIST_MAX + 2);
    expect(orderNos(d.pickups)).toEqual(Array.from({ length: DASHBOARD_LIST_MAX }, (_, i) => `late pickup ${i + 1}`));
    expect(d.pickups!.items.every((i) => i.overdue)).toBe(true);
  });
});
