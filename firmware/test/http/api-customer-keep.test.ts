// A customer whose orders or member cards exist cannot be deleted: the refusal says which,
// and nothing is lost (orders are cancelled and cards closed, never deleted).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, MemberCardType, Order } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
});
afterAll(() => tb?.close());

const count = (sql: string, ...args: unknown[]) => (tb.box.ctx.db.prepare(sql).get(...args) as { n: number }).n;

describe('deleting a customer who has business with the studio', () => {
  it('with an order (even a cancelled one): 409 customer_has_orders, customer and order kept', async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Đỗ Minh' })).data;
    const o = (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: 'Portrait', totalMinor: 30_000 })).data;
    expect((await admin.post(`/api/orders/${o.id}/state`, { state: 'cancelled' })).status).toBe(200);
    const r = await admin.delete(`/api/customers/${c.id}`);
    expect(r.status).toBe(409);
    expect(r.error?.code).toBe('customer_has_orders');
    expect((await admin.get(`/api/customers/${c.id}`)).status).toBe(200);
    expect(count('SELECT COUNT(*) AS n FROM orders WHERE customer_id = ?', c.id)).toBe(1);
  });

  it('with a member card (even closed): 409 customer_has_cards', async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Vũ Lan' })).data;
    const type = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Basic' })).data;
    const card = await admin.post<{ id: number }>(`/api/customers/${c.id}/member-cards`, { typeId: type.id });
    expect(card.status, JSON.stringify(card.error)).toBe(201);
    expect((await admin.post(`/api/member-cards/${card.data.id}/close`)).status).toBe(200);
    const r = await admin.delete(`/api/customers/${c.id}`);
    expect(r.status).toBe(409);
    expect(r.error?.code).toBe('customer_has_cards');
    expect(count('SELECT COUNT(*) AS n FROM member_cards WHERE customer_id = ?', c.id)).toBe(1);
    // The refusal wrote no audit line for a deletion.
    expect(count(`SELECT COUNT(*) AS n FROM audit_log WHERE entity = 'customer' AND action = 'delete' AND entity_id = ?`, c.id)).toBe(0);
  });

  it('without either: deleted', async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Hồ Nam' })).data;
    expect((await admin.delete(`/api/customers/${c.id}`)).status).toBeLessThan(300);
    expect((await admin.get(`/api/customers/${c.id}`)).status).toBe(404);
  });
});
