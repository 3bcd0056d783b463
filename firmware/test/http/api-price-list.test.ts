// The till's price list (F1, A3) and the groups' discount limits over real HTTP: adding,
// changing and retiring items, who may read and change them, bad input, audit lines, and that
// nobody gives a group a discount limit above their own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Group, PriceItem } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
/** settings: view, edit; groups: view, add, edit; discount limit 10 %. */
let manager: ApiClient;
/** finance: view (reads the list to bill). */
let cashier: ApiClient;
/** customers: view only. */
let stranger: ApiClient;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  const m = await userWith(admin, 'manager', { settings: ['view', 'edit'], groups: ['view', 'add', 'edit'], users: ['view'] });
  manager = m.client;
  const g = await admin.patch<Group>(`/api/groups/${m.user.groupIds[0]}`, { discountLimitPct: 10 });
  expect(g.status, JSON.stringify(g.error)).toBe(200);
  cashier = (await userWith(admin, 'cashier', { finance: ['view'] })).client;
  stranger = (await userWith(admin, 'stranger', { customers: ['view'] })).client;
});
afterAll(() => tb?.close());

describe('price list', () => {
  let wedding: PriceItem;

  it('adds a package with what it includes and the price of an extra photo, in the studio currency', async () => {
    const r = await manager.post<PriceItem>('/api/price-items', {
      kind: 'package',
      name: '  Wedding package A ',
      priceMinor: 880000,
      includes: '30 photos selected, 2 albums',
      photosIncluded: 30,
      extraPhotoMinor: 5000,
    });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    wedding = r.data;
    expect(wedding).toMatchObject({
      kind: 'package', name: 'Wedding package A', priceMinor: 880000, currency: 'CNY', includes: '30 photos selected, 2 albums',
      photosIncluded: 30, extraPhotoMinor: 5000, active: true, createdBy: { name: 'manager' },
    });
    const frame = await manager.post<PriceItem>('/api/price-items', { kind: 'product', name: 'Crystal frame', priceMinor: 29900 });
    expect(frame.data).toMatchObject({ includes: '', photosIncluded: null, extraPhotoMinor: null });
    const list = await cashier.get<PriceItem[]>('/api/price-items');
    expect(list.status).toBe(200);
    expect(list.data.map((i) => i.name)).toEqual(['Wedding package A', 'Crystal frame']);
  });

  it('retires an item: still listed (old bills name it) but not among the items sold', async () => {
    const r = await manager.patch<PriceItem>(`/api/price-items/${wedding.id}`, { active: false, priceMinor: 900000 });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toMatchObject({ active: false, priceMinor: 900000 });
    expect((await cashier.get<PriceItem[]>('/api/price-items?active=1')).data.map((i) => i.name)).toEqual(['Crystal frame']);
    expect((await cashier.get<PriceItem[]>('/api/price-items')).data.map((i) => i.name)).toEqual(['Crystal frame', 'Wedding package A']);
    const log = (await admin.get<AuditPage>('/api/audit?entity=price_item')).data.items;
    expect(log[0]).toMatchObject({ action: 'update', summary: 'price item Wedding package A retired', detail: { changes: { active: false, priceMinor: 900000 }, before: { active: true, priceMinor: 880000 } } });
    expect(() => tb.box.ctx.db.prepare('DELETE FROM price_items WHERE id = ?').run(wedding.id)).toThrow(/retired, never deleted/);
  });

  it('refuses bad input with each field named, a taken name, and those without the right', async () => {
    const before = [rowCount(tb, 'price_items'), rowCount(tb, 'audit_log')];
    const bad = await manager.post('/api/price-items', { kind: 'gift', name: ' ', priceMinor: 12.5, photosIncluded: -1, extra: 1 });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['extra', 'kind', 'name', 'photosIncluded', 'priceMinor']);
    const dup = await manager.post('/api/price-items', { kind: 'service', name: 'crystal FRAME', priceMinor: 1 });
    expect(dup).toMatchObject({ status: 409, error: { code: 'duplicate_name' } });
    expect((await manager.patch(`/api/price-items/${wedding.id}`, {})).status).toBe(400);
    expect((await manager.patch('/api/price-items/9999', { priceMinor: 1 })).status).toBe(404);
    expect((await cashier.post('/api/price-items', { kind: 'service', name: 'X', priceMinor: 1 })).status).toBe(403);
    expect((await stranger.get('/api/price-items')).status).toBe(403);
    expect([rowCount(tb, 'price_items'), rowCount(tb, 'audit_log')]).toEqual(before);
  });
});

describe('discount limits', () => {
  it('a group carries a limit; a user may give the largest of their groups, an admin 100', async () => {
    const a = await admin.post<Group>('/api/groups', { name: 'Front desk', discountLimitPct: 15 });
    expect(a.status, JSON.stringify(a.error)).toBe(201);
    expect(a.data.discountLimitPct).toBe(15);
    const b = await admin.post<Group>('/api/groups', { name: 'Juniors' });
    expect(b.data.discountLimitPct).toBe(0);
    const u = await admin.post<{ id: number }>('/api/users', { username: 'thu', displayName: 'Thu', password: 'thu-password-1', groupIds: [a.data.id, b.data.id] });
    expect(tb.box.ctx.groups.discountLimitOf(u.data.id)).toBe(15);
    expect(tb.box.ctx.groups.discountLimitOf(1)).toBe(100);
    expect((await admin.post('/api/groups', { name: 'Too much', discountLimitPct: 101 })).status).toBe(400);
  });

  it('nobody gives a group a limit above their own (the manager may give 10 %)', async () => {
    const ok = await manager.post<Group>('/api/groups', { name: 'Assistants', discountLimitPct: 5 });
    expect(ok.status, JSON.stringify(ok.error)).toBe(201);
    const over = await manager.patch(`/api/groups/${ok.data.id}`, { discountLimitPct: 20 });
    expect(over.status).toBe(403);
    expect(over.error?.message).toContain('above your own (10%)');
    expect((await manager.post('/api/groups', { name: 'Bosses', discountLimitPct: 50 })).status).toBe(403);
    const log = (await admin.get<AuditPage>('/api/audit?entity=group')).data.items;
    expect(log.find((e) => e.entityId === ok.data.id)?.detail).toMatchObject({ discountLimitPct: 5 });
  });
});
