// The demo written into a real box through its services: a Vietnamese studio gets Vietnamese
// customers, orders, payments, cards and points, every row audited; a box with data is refused
// and keeps what it had.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/api-types.js';
import { DemoRefused, fillDemo, realData } from '../../src/demo/demo-fill.js';
import { createLogger } from '../../src/log.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

const log = createLogger('silent');
const NOW = new Date('2026-12-02T06:00:00Z');
const count = (tb: TestBox, table: string) => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('the demo in a box', () => {
  let tb: TestBox;
  beforeAll(async () => {
    tb = await startTestBox();
    await new ApiClient(tb.url).post('/api/setup', { ...SETUP, language: 'vi', country: 'VN', currency: 'VND', timeZone: 'Asia/Ho_Chi_Minh' });
  });
  afterAll(() => tb?.close());

  it('fills a fresh Vietnamese box in Vietnamese, through the services (audited)', async () => {
    const ctx = tb.box.ctx;
    expect(realData(ctx)).toEqual([]);
    const admin = ctx.users.list()[0]!;
    const s = await fillDemo(ctx, ctx.settings.require(), { id: admin.id, name: admin.displayName }, log, NOW);
    expect(s.customers).toBe(36);
    expect(s.messages).toBe(0); // no simulated modem here: no SMS thread
    expect(count(tb, 'customers')).toBe(36);
    expect(count(tb, 'orders')).toBe(s.orders);
    expect(count(tb, 'payments')).toBe(s.payments);
    expect(count(tb, 'member_cards')).toBe(s.cards);
    expect(count(tb, 'points_entries')).toBeGreaterThanOrEqual(s.cards);
    const customers = ctx.db.prepare('SELECT id FROM customers').all() as { id: number }[];
    const one: Customer = ctx.customers.get(customers[0]!.id);
    expect(one.phones[0]!.e164).toMatch(/^\+849\d{8}$/);
    const orders = ctx.db.prepare('SELECT title, currency, total_minor FROM orders').all() as { title: string; currency: string; total_minor: number }[];
    expect(orders.every((o) => o.currency === 'VND' && o.total_minor >= 1000)).toBe(true);
    expect(orders.some((o) => /Ảnh|Chụp/.test(o.title))).toBe(true);
    // Everything was written as the admin, and audited like staff's own work.
    const audited = ctx.db.prepare(`SELECT entity, COUNT(*) AS n FROM audit_log WHERE user_id = ? GROUP BY entity`).all(admin.id) as { entity: string; n: number }[];
    const by = Object.fromEntries(audited.map((a) => [a.entity, a.n]));
    expect(by.customer).toBeGreaterThanOrEqual(36);
    expect(by.order).toBeGreaterThanOrEqual(s.orders);
    expect(by.payment).toBe(s.payments);
  });

  it('refuses a box with data, and changes nothing', async () => {
    const ctx = tb.box.ctx;
    const before = count(tb, 'customers');
    const admin = ctx.users.list()[0]!;
    await expect(fillDemo(ctx, ctx.settings.require(), { id: admin.id, name: admin.displayName }, log, NOW)).rejects.toThrow(DemoRefused);
    await expect(fillDemo(ctx, ctx.settings.require(), { id: admin.id, name: admin.displayName }, log, NOW)).rejects.toThrow(/already has data \(36 customers/);
    expect(count(tb, 'customers')).toBe(before);
  });
});
