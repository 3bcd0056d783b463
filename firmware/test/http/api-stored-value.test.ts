// Stored value (M3) and points by the studio's rules (M2) at the till, over real HTTP: top-ups
// with the bonus rule and the points they earn, paying a bill from the card's stored value and
// with points at the redeem rate, the points a bill earns (previewed before saving), reversals
// that give the value back, and the refusals: not enough on the card, another customer's card,
// a reversal of a reversal, a spent top-up, bad rules; the ledgers stay append-only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Bill, Customer, MemberCard, MemberCardType, Order, Payment, PointsEntry, PointsPreview, PriceItem, StoredValueStatement, TopUpResult } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

// Wednesday 2 December 2026, 10:00 in Shanghai (02:00 UTC).
const nowMs = Date.parse('2026-12-02T02:00:00Z');

let tb: TestBox;
let admin: ApiClient;
/** finance view/add/edit, orders, membership view. */
let desk: ApiClient;
let hoa: Customer;
let minh: Customer;
let card: MemberCard;
let minhCard: MemberCard;
let frame: PriceItem;

const points = async (cardId: number) => (await admin.get<PointsEntry[]>(`/api/member-cards/${cardId}/points`)).data;
const balance = async (cardId: number) => (await desk.get<StoredValueStatement>(`/api/member-cards/${cardId}/stored-value`)).data.balanceMinor;
const counts = () => ['stored_value_entries', 'points_entries', 'payments', 'bills', 'audit_log'].map((t) => rowCount(tb, t));

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
  desk = (await userWith(admin, 'lan', { customers: ['view'], orders: ['view', 'add', 'edit'], finance: ['view', 'add', 'edit'], membership: ['view'] })).client;
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', birthday: '1990-12-25', phones: [{ number: '138 1234 5678' }] })).data;
  minh = (await admin.post<Customer>('/api/customers', { name: 'Lê Minh', phones: [{ number: '139 0000 1111' }] })).data;
  const gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
  card = (await admin.post<MemberCard>(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).data;
  minhCard = (await admin.post<MemberCard>(`/api/customers/${minh.id}/member-cards`, { typeId: gold.id })).data;
  frame = (await admin.post<PriceItem>('/api/price-items', { kind: 'product', name: 'Crystal frame', priceMinor: 100000 })).data;
  const s = await admin.put('/api/till-settings', {
    pointsRules: [
      { name: '1 point per 10 yuan', op: 'per_amount', when: { on: 'bill' }, perMinor: 1000, points: 1 },
      { name: '1 point per 100 yuan topped up', op: 'per_amount', when: { on: 'topup' }, perMinor: 10000, points: 1 },
      { name: 'Birthday month ×2', op: 'multiply', when: { birthday: 'month' }, factorPct: 200 },
      { name: 'Gold +5', op: 'add', when: { cardTypeIds: [gold.id] }, points: 5 },
      { name: 'At most 1000', op: 'cap', when: {}, max: 1000 },
    ],
    redeem: { points: 10, minor: 100 },
    topUpBonuses: [{ payMinor: 100000, bonusMinor: 10000 }, { payMinor: 50000, bonusMinor: 3000 }],
  });
  expect(s.status, JSON.stringify(s.error)).toBe(200);
});
afterAll(() => tb?.close());

describe('stored value', () => {
  let topUp: TopUpResult;

  it('tops up a card: pay 1,000 get 1,100, the top-up earns points by the rules, audited', async () => {
    const r = await desk.post<TopUpResult>(`/api/member-cards/${card.id}/top-ups`, { amountMinor: 100000, method: 'wechat', note: 'first' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    topUp = r.data;
    expect(topUp.topUp).toMatchObject({ kind: 'topup', amountMinor: 100000, method: 'wechat', balanceMinor: 100000, createdBy: { name: 'lan' } });
    expect(topUp.bonus).toMatchObject({ kind: 'bonus', amountMinor: 10000, balanceMinor: 110000 });
    // 1000 yuan → 10 points, ×2 in her birthday month (December), +5 for Gold.
    expect(topUp.points).toMatchObject({ points: 25, steps: [{ after: 10 }, { after: 20 }, { after: 25 }, { after: 25 }] });
    expect(topUp.statement.balanceMinor).toBe(110000);
    expect((await points(card.id))[0]).toMatchObject({ delta: 25, kind: 'earn' });
    const log = (await admin.get<AuditPage>('/api/audit?entity=stored_value')).data.items;
    expect(log[0]!.summary).toBe(`card ${card.cardNo} topped up with 1000.00 CNY (wechat) + 100.00 CNY bonus`);
  });

  it('previews the points a bill will earn, then pays the bill from stored value and with points', async () => {
    const order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Frame', totalMinor: 0 })).data;
    const preview = await desk.get<PointsPreview>(`/api/orders/${order.id}/points-preview?amountMinor=100000`);
    expect(preview.data).toMatchObject({ cardId: card.id, points: 205 });
    const before = counts();
    // 1,000: 900 from stored value, 100 with points (10 points = 1.00 → 1000 points).
    await admin.post(`/api/member-cards/${card.id}/points`, { delta: 1000, reason: 'welcome gift' });
    const r = await desk.post<Bill>(`/api/orders/${order.id}/bill`, {
      lines: [{ priceItemId: frame.id }],
      payments: [{ method: 'stored_value', amountMinor: 90000, cardId: card.id }, { method: 'points', amountMinor: 10000, cardId: card.id }],
    });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ totalMinor: 100000, paidMinor: 100000, dueMinor: 0 });
    expect(await balance(card.id)).toBe(20000);
    const ledger = await points(card.id);
    // Newest first: the bill's points on 900 (90 ×2 +5 = 185), the 1000 points paid, the gift.
    expect(ledger.slice(0, 3).map((e) => [e.kind, e.delta])).toEqual([['earn', 185], ['deduct', -1000], ['earn', 1000]]);
    const after = counts();
    expect(after[0]! - before[0]!).toBe(1); // one spend line
    expect(after[2]! - before[2]!).toBe(2); // two payment lines
  });

  it('reversing a stored value or points payment gives it back to the card; the reversal cannot be reversed', async () => {
    const order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Prints', totalMinor: 15000 })).data;
    const pay = await desk.post<Payment>(`/api/orders/${order.id}/payments`, { amountMinor: 15000, method: 'stored_value', cardId: card.id });
    expect(pay.status, JSON.stringify(pay.error)).toBe(201);
    expect(await balance(card.id)).toBe(5000);
    const rev = await desk.post<Payment>(`/api/payments/${pay.data.id}/reverse`, { reason: 'wrong card' });
    expect(rev.status).toBe(201);
    expect(await balance(card.id)).toBe(20000);
    expect(await desk.post(`/api/payments/${rev.data.id}/reverse`, { reason: 'again' })).toMatchObject({ status: 409, error: { code: 'not_a_payment' } });
    const statement = (await desk.get<StoredValueStatement>(`/api/member-cards/${card.id}/stored-value`)).data;
    expect(statement.entries[0]).toMatchObject({ kind: 'reversal', amountMinor: 15000 });
    expect(await desk.post(`/api/stored-value/${statement.entries[0]!.id}/reverse`, { reason: 'x' })).toMatchObject({ status: 409, error: { code: 'not_reversible' } });

    const byPoints = await desk.post<Payment>(`/api/orders/${order.id}/payments`, { amountMinor: 500, method: 'points', cardId: card.id });
    expect(byPoints.status, JSON.stringify(byPoints.error)).toBe(201);
    const pts = (await points(card.id))[0]!;
    expect(pts).toMatchObject({ kind: 'deduct', delta: -50 });
    await desk.post(`/api/payments/${byPoints.data.id}/reverse`, { reason: 'changed mind' });
    expect((await points(card.id))[0]).toMatchObject({ kind: 'reversal', delta: 50, reverses: pts.id });
  });

  it('refuses: more than the card holds, another customer\'s card, no card, too few points; nothing is written', async () => {
    const order = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Album', totalMinor: 500000 })).data;
    const o2 = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Frame 2', totalMinor: 0 })).data;
    const before = counts();
    expect(await desk.post(`/api/orders/${order.id}/payments`, { amountMinor: 20001, method: 'stored_value', cardId: card.id })).toMatchObject({ status: 409, error: { code: 'insufficient_balance' } });
    expect(await desk.post(`/api/orders/${order.id}/payments`, { amountMinor: 100, method: 'stored_value', cardId: minhCard.id })).toMatchObject({ status: 409, error: { code: 'card_not_customers' } });
    const none = await desk.post(`/api/orders/${order.id}/payments`, { amountMinor: 100, method: 'points' });
    expect(none.status).toBe(400);
    expect(none.error?.fields?.[0]?.path).toBe('cardId');
    expect((await desk.post(`/api/orders/${order.id}/payments`, { amountMinor: 100, method: 'cash', cardId: card.id })).status).toBe(400);
    expect(await desk.post(`/api/orders/${order.id}/payments`, { amountMinor: 400000, method: 'points', cardId: card.id })).toMatchObject({ status: 409, error: { code: 'insufficient_points' } });
    // On a bill: the whole bill is refused with it.
    expect(await desk.post(`/api/orders/${o2.id}/bill`, { lines: [{ priceItemId: frame.id }], payments: [{ method: 'cash', amountMinor: 1 }, { method: 'stored_value', amountMinor: 99999, cardId: card.id }] })).toMatchObject({ status: 409, error: { code: 'insufficient_balance' } });
    expect(counts()).toEqual(before);
  });

  it('a top-up is reversed with its bonus, but not once it is spent; the ledger is append-only', async () => {
    const t = (await desk.post<TopUpResult>(`/api/member-cards/${minhCard.id}/top-ups`, { amountMinor: 50000, method: 'cash' })).data;
    expect(t.statement.balanceMinor).toBe(53000);
    expect(await desk.post(`/api/stored-value/${t.bonus!.id}/reverse`, { reason: 'x' })).toMatchObject({ status: 409, error: { code: 'reverse_the_topup' } });
    const r = await desk.post<StoredValueStatement>(`/api/stored-value/${t.topUp.id}/reverse`, { reason: 'paid by mistake' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data.balanceMinor).toBe(0);
    expect(await desk.post(`/api/stored-value/${t.topUp.id}/reverse`, { reason: 'x' })).toMatchObject({ status: 409, error: { code: 'already_reversed' } });
    // Hoa's first top-up has been spent: taking it back would leave the card below zero.
    expect(await desk.post(`/api/stored-value/${topUp.topUp.id}/reverse`, { reason: 'x' })).toMatchObject({ status: 409, error: { code: 'insufficient_balance' } });
    const db = tb.box.ctx.db;
    expect(() => db.prepare('UPDATE stored_value_entries SET amount_minor = 1').run()).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM stored_value_entries').run()).toThrow(/append-only/);
  });

  it('checks the rules and rights: bad rules named, only settings:edit changes them, only finance:add tops up', async () => {
    const bad = await admin.put('/api/till-settings', { pointsRules: [{ name: 'x', op: 'multiply', when: { weekdays: [7] } }], redeem: { points: 0, minor: 1 } });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['pointsRules.0.factorPct', 'pointsRules.0.when.weekdays.0', 'redeem.points']);
    expect((await desk.put('/api/till-settings', {})).status).toBe(403);
    const viewer = (await userWith(admin, 'thu', { finance: ['view'] })).client;
    expect((await viewer.post(`/api/member-cards/${card.id}/top-ups`, { amountMinor: 100, method: 'cash' })).status).toBe(403);
    expect((await viewer.get(`/api/member-cards/${card.id}/stored-value`)).status).toBe(200);
    expect((await desk.post(`/api/member-cards/${card.id}/top-ups`, { amountMinor: 100, method: 'points' })).status).toBe(400);
  });
});
