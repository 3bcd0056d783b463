// Points for gifts and for bringing customers (M2, issue 18 item 5), over real HTTP and SQLite:
// the gift list with stock (settings), redeeming a card's points for a gift (one transaction:
// points deduct line + stock taken + audit), the refusals (out of stock, too few points,
// retired, closed card) that change nothing, the reversal that gives both back, and referral
// points earned exactly once when a referred customer's first bill is paid in full.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Bill, Customer, Gift, GiftRedemption, MemberCard, MemberCardType, Order, Payment, PointsEntry, PriceItem } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
/** membership view/edit (redeems), finance (bills), no settings. */
let desk: ApiClient;
let gold: MemberCardType;
let hoa: Customer;
let card: MemberCard;
let album: PriceItem;

const ledger = async (cardId: number) => (await admin.get<PointsEntry[]>(`/api/member-cards/${cardId}/points`)).data;
const cardPoints = async (cardId: number) => (await admin.get<MemberCard>(`/api/member-cards/${cardId}`)).data.points;
const gift = async (id: number) => (await admin.get<Gift[]>('/api/gifts')).data.find((g) => g.id === id)!;
const counts = () => ['points_entries', 'gift_redemptions', 'gifts', 'referral_awards', 'audit_log'].map((t) => rowCount(tb, t));
const customer = async (name: string) => (await admin.post<Customer>('/api/customers', { name })).data;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  desk = (await userWith(admin, 'lan', { customers: ['view'], orders: ['view', 'add', 'edit'], finance: ['view', 'add', 'edit'], membership: ['view', 'edit'] })).client;
  gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
  hoa = await customer('Trần Thị Hoa');
  card = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).data;
  album = (await admin.post<PriceItem>('/api/price-items', { kind: 'product', name: 'Album', priceMinor: 50000 })).data;
  await admin.post(`/api/member-cards/${card.id}/points`, { delta: 1000, reason: 'welcome' });
});
afterAll(() => tb?.close());

describe('the gift list', () => {
  it('adds, restocks and retires gifts (settings:edit), audited; the desk reads it', async () => {
    const r = await admin.post<Gift>('/api/gifts', { name: 'Photo frame', pointsPrice: 300, stock: 2 });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ name: 'Photo frame', pointsPrice: 300, stock: 2, active: true });
    const mug = (await admin.post<Gift>('/api/gifts', { name: 'Mug', pointsPrice: 100, stock: 0 })).data;
    expect((await admin.patch<Gift>(`/api/gifts/${mug.id}`, { stock: 5 })).data.stock).toBe(5);
    expect((await admin.patch<Gift>(`/api/gifts/${mug.id}`, { active: false })).data.active).toBe(false);
    expect((await desk.get<Gift[]>('/api/gifts')).data.map((g) => [g.name, g.active])).toEqual([['Photo frame', true], ['Mug', false]]);
    expect((await desk.get<Gift[]>('/api/gifts?active=1')).data.map((g) => g.name)).toEqual(['Photo frame']);
    const log = (await admin.get<AuditPage>('/api/audit?entity=gift')).data.items.map((e) => e.summary);
    expect(log).toEqual(['gift Mug retired', 'gift Mug changed', 'gift Mug (100 points, 0 in stock) added', 'gift Photo frame (300 points, 2 in stock) added']);
  });

  it('refuses bad gifts with 400 naming the field, a taken name with 409, the desk with 403; nothing changes', async () => {
    const before = counts();
    const bad = await admin.post('/api/gifts', { name: ' ', pointsPrice: 0, stock: -1 });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['name', 'pointsPrice', 'stock']);
    expect((await admin.post('/api/gifts', { name: 'photo FRAME', pointsPrice: 1, stock: 1 })).error?.code).toBe('duplicate_name');
    expect((await admin.patch('/api/gifts/1', {})).status).toBe(400);
    expect((await admin.patch('/api/gifts/1', { stock: -1 })).error?.fields?.[0]?.path).toBe('stock');
    expect((await desk.post('/api/gifts', { name: 'Pen', pointsPrice: 1, stock: 1 })).status).toBe(403);
    expect((await admin.patch('/api/gifts/999', { stock: 1 })).status).toBe(404);
    expect(counts()).toEqual(before);
  });
});

describe('redeeming points for a gift', () => {
  let frame: Gift;
  let first: GiftRedemption;

  beforeAll(async () => {
    frame = (await admin.get<Gift[]>('/api/gifts')).data.find((g) => g.name === 'Photo frame')!;
  });

  it('takes the points (a deduct line naming the gift) and the stock in one go, audited', async () => {
    const r = await desk.post<GiftRedemption>(`/api/member-cards/${card.id}/gift-redemptions`, { giftId: frame.id });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    first = r.data;
    expect(first).toMatchObject({ giftName: 'Photo frame', qty: 1, points: 300, reverses: null, reversedBy: null, createdBy: { name: 'lan' } });
    expect((await ledger(card.id))[0]).toMatchObject({ id: first.pointsEntryId, delta: -300, kind: 'deduct', reason: 'gift: Photo frame', balance: 700 });
    expect(await cardPoints(card.id)).toBe(700);
    expect((await gift(frame.id)).stock).toBe(1);
    const log = (await admin.get<AuditPage>('/api/audit?entity=gift_redemption')).data.items;
    expect(log[0]!.summary).toBe(`1 × gift Photo frame for 300 points from card ${card.cardNo}`);
    expect((await desk.get<GiftRedemption[]>(`/api/member-cards/${card.id}/gift-redemptions`)).data.map((x) => x.id)).toEqual([first.id]);
  });

  it('never takes the stock below zero: two desks at once for the last one, one gets it, the other a clear 409', async () => {
    const tries = await Promise.all([1, 2].map(() => desk.post<GiftRedemption>(`/api/member-cards/${card.id}/gift-redemptions`, { giftId: frame.id })));
    expect(tries.map((t) => t.status).sort()).toEqual([201, 409]);
    const refused = tries.find((t) => t.status === 409)!;
    expect(refused.error).toMatchObject({ code: 'out_of_stock', message: 'Photo frame: 0 in stock, 1 asked for' });
    expect((await gift(frame.id)).stock).toBe(0);
    expect(await cardPoints(card.id)).toBe(400);
  });

  it('refuses too few points, too many asked for, a retired gift, an unknown gift or card; nothing changes', async () => {
    await admin.patch(`/api/gifts/${frame.id}`, { stock: 10 });
    const viewer = (await userWith(admin, 'viewer', { membership: ['view'] })).client;
    const before = counts();
    const post = (body: unknown, cardId = card.id) => desk.post(`/api/member-cards/${cardId}/gift-redemptions`, body);
    expect((await post({ giftId: frame.id, qty: 2 })).error).toMatchObject({ code: 'insufficient_points', message: `card ${card.cardNo} has 400 points; 2 × Photo frame takes 600` });
    expect((await post({ giftId: frame.id, qty: 11 })).error?.code).toBe('out_of_stock');
    const mug = (await admin.get<Gift[]>('/api/gifts')).data.find((g) => g.name === 'Mug')!;
    expect((await post({ giftId: mug.id })).error?.code).toBe('gift_retired');
    const unknown = await post({ giftId: 9999 });
    expect([unknown.status, unknown.error?.fields?.[0]?.path]).toEqual([400, 'giftId']);
    const bad = await post({ giftId: 'x', qty: 0 });
    expect([bad.status, bad.error?.fields?.map((f) => f.path).sort()]).toEqual([400, ['giftId', 'qty']]);
    expect((await post({ giftId: frame.id }, 9999)).status).toBe(404);
    expect((await viewer.post(`/api/member-cards/${card.id}/gift-redemptions`, { giftId: frame.id })).status).toBe(403);
    expect(counts()).toEqual(before);
  });

  it('reverses a redemption: the points and the stock come back, once; the points line alone cannot be reversed', async () => {
    const stock = (await gift(frame.id)).stock;
    const alone = await admin.post(`/api/points/${first.pointsEntryId}/reverse`, { reason: 'wrong' });
    expect(alone.error?.code).toBe('gift_redemption');
    const r = await desk.post<GiftRedemption>(`/api/gift-redemptions/${first.id}/reverse`, { reason: 'returned, scratched' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ reverses: first.id, qty: -1, points: -300, reason: 'returned, scratched' });
    expect((await ledger(card.id))[0]).toMatchObject({ delta: 300, kind: 'reversal', reverses: first.pointsEntryId, balance: 700 });
    expect((await gift(frame.id)).stock).toBe(stock + 1);
    const before = counts();
    expect((await desk.post(`/api/gift-redemptions/${first.id}/reverse`, { reason: 'again' })).error?.code).toBe('already_reversed');
    expect((await desk.post(`/api/gift-redemptions/${r.data.id}/reverse`, { reason: 'x' })).error?.code).toBe('not_reversible');
    expect((await desk.post(`/api/gift-redemptions/${first.id}/reverse`, { reason: ' ' })).error?.fields?.[0]?.path).toBe('reason');
    expect(counts()).toEqual(before);
    const log = (await admin.get<AuditPage>('/api/audit?entity=gift_redemption')).data.items;
    expect(log[0]!.summary).toBe(`gift redemption ${first.id} (1 × Photo frame) on card ${card.cardNo} reversed: returned, scratched`);
    // The ledger and the redemptions stay append-only whatever the code does.
    expect(() => tb.box.ctx.db.prepare('UPDATE gift_redemptions SET qty = 5').run()).toThrow(/append-only/);
    expect(() => tb.box.ctx.db.prepare('UPDATE gifts SET stock = -1').run()).toThrow(/CHECK/);
  });
});

describe('points as money off a bill at the redeem rate', () => {
  it('is the payments ledger tender of method points (tested in api-stored-value.test.ts); here: the rate in settings applies', async () => {
    await admin.put('/api/till-settings', { redeem: { points: 2, minor: 100 } });
    const order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Album', totalMinor: 0 })).data;
    const before = await cardPoints(card.id);
    const r = await desk.post<Bill>(`/api/orders/${order.id}/bill`, { lines: [{ priceItemId: album.id }], payments: [{ method: 'points', amountMinor: 10000, cardId: card.id }] });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    // 100.00 at 2 points per 1.00: 200 points.
    expect(await cardPoints(card.id)).toBe(before - 200);
    expect((await ledger(card.id))[0]).toMatchObject({ delta: -200, kind: 'deduct', reason: `paid order ${order.orderNo}` });
  });
});

describe('referral points (old-for-new)', () => {
  const bill = (orderId: number, payments: { method: string; amountMinor: number }[]) =>
    desk.post<Bill>(`/api/orders/${orderId}/bill`, { lines: [{ priceItemId: album.id }], payments });
  const order = async (c: Customer) => (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: 'Shoot', totalMinor: 0 })).data;
  const referralLines = async () => (await ledger(card.id)).filter((e) => e.reason.startsWith('referral:'));

  it('earns the referrer the studio points once the first bill is paid in full, naming the new customer', async () => {
    await admin.put('/api/till-settings', { referralPoints: 50 });
    const fang = await customer('王芳');
    await admin.put(`/api/customers/${fang.id}/referrer`, { referrerId: hoa.id });
    const o = await order(fang);
    expect((await bill(o.id, [{ method: 'cash', amountMinor: 20000 }])).status).toBe(201);
    expect(await referralLines()).toEqual([]);
    const pay = await desk.post<Payment>(`/api/orders/${o.id}/payments`, { amountMinor: 30000, method: 'wechat' });
    expect(pay.status, JSON.stringify(pay.error)).toBe(201);
    const lines = await referralLines();
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ delta: 50, kind: 'earn', reason: `referral: brought ${fang.customerNo} 王芳 (order ${o.orderNo} paid)` });
    const log = (await admin.get<AuditPage>('/api/audit?entity=referral_award')).data.items;
    expect(log[0]!.summary).toBe(`50 referral points to card ${card.cardNo} of ${hoa.customerNo} Trần Thị Hoa for bringing ${fang.customerNo} 王芳`);

    // Reversed and paid again, then a second bill paid in full: never a second award.
    await desk.post(`/api/payments/${pay.data.id}/reverse`, { reason: 'wrong method' });
    expect((await desk.post(`/api/orders/${o.id}/payments`, { amountMinor: 30000, method: 'cash' })).status).toBe(201);
    const o2 = await order(fang);
    expect((await bill(o2.id, [{ method: 'cash', amountMinor: 50000 }])).status).toBe(201);
    expect(await referralLines()).toHaveLength(1);
    expect(rowCount(tb, 'referral_awards')).toBe(1);
  });

  it('a bill paid in full at once earns too; no referrer, no bill, or points off (0) earns nothing', async () => {
    const mary = await customer('Mary Smith');
    await admin.put(`/api/customers/${mary.id}/referrer`, { referrerId: hoa.id });
    expect((await bill((await order(mary)).id, [{ method: 'cash', amountMinor: 50000 }])).status).toBe(201);
    expect((await referralLines())[0]!.reason).toContain('Mary Smith');
    // Not referred.
    const alone = await customer('Nobody');
    await bill((await order(alone)).id, [{ method: 'cash', amountMinor: 50000 }]);
    // Referred, paid in full, but on an order without a bill.
    const nam = await customer('Lê Văn Nam');
    await admin.put(`/api/customers/${nam.id}/referrer`, { referrerId: hoa.id });
    const unbilled = (await admin.post<Order>(`/api/customers/${nam.id}/orders`, { title: 'Prints', totalMinor: 10000 })).data;
    expect((await desk.post(`/api/orders/${unbilled.id}/payments`, { amountMinor: 10000, method: 'cash' })).status).toBe(201);
    // Switched off.
    await admin.put('/api/till-settings', { referralPoints: 0 });
    const an = await customer('Phạm An');
    await admin.put(`/api/customers/${an.id}/referrer`, { referrerId: hoa.id });
    await bill((await order(an)).id, [{ method: 'cash', amountMinor: 50000 }]);
    expect(await referralLines()).toHaveLength(2);
    expect(rowCount(tb, 'referral_awards')).toBe(2);
  });

  it('a referrer without an active card: recorded with 0 points and the reason, so a card issued later earns nothing for it', async () => {
    await admin.put('/api/till-settings', { referralPoints: 50 });
    const li = await customer('李丽');
    const tam = await customer('Võ Tâm');
    await admin.put(`/api/customers/${tam.id}/referrer`, { referrerId: li.id });
    await bill((await order(tam)).id, [{ method: 'cash', amountMinor: 50000 }]);
    const award = tb.box.ctx.db.prepare('SELECT points, points_entry_id, note FROM referral_awards WHERE referred_customer_id = ?').get(tam.id);
    expect(award).toEqual({ points: 0, points_entry_id: null, note: `${li.customerNo} 李丽 had no active card` });
    const liCard = (await admin.post<MemberCard>(`/api/customers/${li.id}/member-cards`, { typeId: gold.id })).data;
    await bill((await order(tam)).id, [{ method: 'cash', amountMinor: 50000 }]);
    expect(await cardPoints(liCard.id)).toBe(0);
  });

  it('refuses a bad referral setting with 400 naming referralPoints', async () => {
    const r = await admin.put('/api/till-settings', { referralPoints: -1 });
    expect([r.status, r.error?.fields?.[0]?.path]).toEqual([400, 'referralPoints']);
  });
});
