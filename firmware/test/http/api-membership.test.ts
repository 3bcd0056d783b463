// Membership (M1) over real HTTP: card types, issuing cards (numbers typed, scanned or given by
// the box), main and attached cards, closing, the points ledger with its reversals, rights,
// validation, audit lines, the database's own refusals and parallel deducts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Customer, MemberCard, MemberCardType, PointsEntry, ServerEvent, User } from '../../src/api-types.js';
import { CALLER_CARD_SQL } from '../../src/membership/membership-service.js';
import { ApiClient, SETUP, userWith as newUser } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
/** membership: view, add, edit (no settings). */
let desk: ApiClient;
/** membership: view only. */
let viewer: ApiClient;
/** customers only, no membership. */
let other: ApiClient;
/** settings: edit only (the manager who sets up the card types). */
let manager: ApiClient;
let hoa: Customer;
let minh: Customer;
let gold: MemberCardType;
let silver: MemberCardType;
const events: ServerEvent[] = [];

/** A logged-in client with these rights (helpers/http-client.ts). */
const userWith = async (name: string, permissions: Record<string, string[]>): Promise<ApiClient> => (await newUser(admin, name, permissions)).client;

const rowCount = (table: string) => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
const counts = () => [rowCount('member_card_types'), rowCount('member_cards'), rowCount('points_entries'), rowCount('audit_log')];

async function issue(customer: Customer, body: Record<string, unknown>): Promise<MemberCard> {
  const r = await desk.post<MemberCard>(`/api/customers/${customer.id}/member-cards`, body);
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
}

async function points(cardId: number, delta: number, reason = 'test'): Promise<PointsEntry> {
  const r = await desk.post<PointsEntry>(`/api/member-cards/${cardId}/points`, { delta, reason });
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
}

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  desk = await userWith('lan', { customers: ['view'], membership: ['view', 'add', 'edit'] });
  viewer = await userWith('minh', { membership: ['view'] });
  other = await userWith('tuan', { customers: ['view', 'add', 'edit'] });
  manager = await userWith('quan', { settings: ['view', 'edit'], membership: ['view'] });
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  minh = (await admin.post<Customer>('/api/customers', { name: 'Lê Văn Minh' })).data;
  tb.box.ctx.events.subscribe((e) => {
    if (e.type.startsWith('membership.')) events.push(e);
  });
});
afterAll(() => tb?.close());

describe('card types', () => {
  it('are created and changed with settings:edit, listed by name with their active cards', async () => {
    const g = await manager.post<MemberCardType>('/api/member-card-types', { name: '  Gold  ', note: 'over 5000 a year' });
    expect(g.status, JSON.stringify(g.error)).toBe(201);
    expect(g.data).toMatchObject({ name: 'Gold', note: 'over 5000 a year', activeCards: 0 });
    gold = g.data;
    silver = (await manager.post<MemberCardType>('/api/member-card-types', { name: 'Silver' })).data;
    expect(silver.note).toBe('');
    const vang = await admin.post<MemberCardType>('/api/member-card-types', { name: 'Thẻ Vàng' });
    expect(vang.status).toBe(201);

    const list = await viewer.get<MemberCardType[]>('/api/member-card-types');
    expect(list.status).toBe(200);
    expect(list.data.map((t) => t.name)).toEqual(['Gold', 'Silver', 'Thẻ Vàng']);

    const renamed = await manager.patch<MemberCardType>(`/api/member-card-types/${vang.data.id}`, { name: 'Bạch Kim', note: 'platinum' });
    expect(renamed.status, JSON.stringify(renamed.error)).toBe(200);
    expect(renamed.data).toMatchObject({ id: vang.data.id, name: 'Bạch Kim', note: 'platinum' });
    // Its own name in another case is not a duplicate of itself.
    expect((await manager.patch<MemberCardType>(`/api/member-card-types/${vang.data.id}`, { name: 'BẠCH KIM' })).data.name).toBe('BẠCH KIM');
    expect((await manager.patch<MemberCardType>(`/api/member-card-types/${vang.data.id}`, { note: '' })).data).toMatchObject({ name: 'BẠCH KIM', note: '' });
    expect(events.some((e) => e.type === 'membership.typeChanged' && (e.data as { id: number }).id === vang.data.id)).toBe(true);
  });

  it('refuse a name already used, in any case, also in Vietnamese', async () => {
    const before = counts();
    for (const name of ['gold', 'GOLD', ' Gold ', 'bạch kim', 'Bạch Kim']) {
      const r = await manager.post('/api/member-card-types', { name });
      expect(r.status, name).toBe(409);
      expect(r.error?.code).toBe('duplicate_name');
    }
    const r = await manager.patch(`/api/member-card-types/${silver.id}`, { name: 'gOLD' });
    expect(r.status).toBe(409);
    expect(r.error?.code).toBe('duplicate_name');
    expect(counts()).toEqual(before);
    expect((await viewer.get<MemberCardType[]>('/api/member-card-types')).data.find((t) => t.id === silver.id)?.name).toBe('Silver');
  });

  it('answer bad bodies with 400 naming the fields, unknown types with 404, and need the rights', async () => {
    const before = counts();
    const bad = await manager.post('/api/member-card-types', { name: '   ', note: 'x'.repeat(501), colour: 'gold' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['colour', 'name', 'note']);
    expect((await manager.post('/api/member-card-types', { name: 'x'.repeat(61) })).error?.fields?.map((f) => f.path)).toEqual(['name']);
    expect((await manager.post('/api/member-card-types', {})).error?.fields?.map((f) => f.path)).toEqual(['name']);
    const empty = await manager.patch(`/api/member-card-types/${gold.id}`, {});
    expect(empty.status).toBe(400);
    expect(empty.error?.message).toMatch(/nothing to change/);
    expect((await manager.patch('/api/member-card-types/9999', { name: 'Bronze' })).status).toBe(404);
    expect((await manager.patch('/api/member-card-types/abc', { name: 'Bronze' })).status).toBe(400);
    // Card types are the studio's settings: membership rights alone do not change them.
    expect((await desk.post('/api/member-card-types', { name: 'Bronze' })).status).toBe(403);
    expect((await desk.patch(`/api/member-card-types/${gold.id}`, { name: 'Bronze' })).status).toBe(403);
    expect((await other.get('/api/member-card-types')).status).toBe(403);
    expect((await new ApiClient(tb.url).get('/api/member-card-types')).status).toBe(401);
    expect(counts()).toEqual(before);
  });
});

describe('member cards', () => {
  it('are issued with the box number when none is given, and a typed number in its stored form', async () => {
    const first = await issue(hoa, { typeId: gold.id });
    expect(first).toMatchObject({
      cardNo: 'M000001',
      customer: { id: hoa.id, customerNo: hoa.customerNo, name: 'Trần Thị Hoa' },
      type: { id: gold.id, name: 'Gold' },
      mainCard: null,
      state: 'active',
      points: 0,
      createdBy: { name: 'lan' },
    });
    expect(Date.parse(first.issuedAt)).toBeGreaterThan(Date.now() - 60_000);
    const typed = await issue(minh, { typeId: silver.id, cardNo: ' vip 0012 ' });
    expect(typed.cardNo).toBe('VIP0012');
    // A pre-printed card in the box's form takes that number; the box skips it later.
    expect((await issue(minh, { typeId: silver.id, cardNo: 'm000003' })).cardNo).toBe('M000003');
    expect((await issue(minh, { typeId: silver.id, mainCardId: null })).cardNo).toBe('M000004');
    expect((await viewer.get<MemberCardType[]>('/api/member-card-types')).data.find((t) => t.id === silver.id)?.activeCards).toBe(3);
    expect(events.some((e) => e.type === 'membership.changed' && JSON.stringify(e.data) === JSON.stringify({ customerId: hoa.id, cardId: first.id }))).toBe(true);
  });

  it('refuse a number already taken, however it is typed', async () => {
    const before = counts();
    for (const cardNo of ['VIP0012', 'vip0012', 'V I P 0 0 1 2', 'ＶＩＰ００１２', 'm000001']) {
      const r = await desk.post(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id, cardNo });
      expect(r.status, cardNo).toBe(409);
      expect(r.error?.code).toBe('duplicate_card_no');
    }
    // With dashes it is another number: dashes are part of a printed number.
    expect((await issue(hoa, { typeId: gold.id, cardNo: 'VIP-0012' })).cardNo).toBe('VIP-0012');
    expect(counts()[1]).toBe(before[1]! + 1);
  });

  it('answer bad bodies with 400 naming the fields, unknown customer 404, unknown type 400', async () => {
    const before = counts();
    const bad = await desk.post(`/api/customers/${hoa.id}/member-cards`, { typeId: 'gold', cardNo: 'VIP_12', mainCardId: -1, colour: 1 });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['cardNo', 'colour', 'mainCardId', 'typeId']);
    expect(bad.error?.fields?.find((f) => f.path === 'cardNo')?.message).toMatch(/letters A–Z, digits and dashes/);
    const short = await desk.post(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id, cardNo: 'ab' });
    expect(short.error?.fields).toEqual([{ path: 'cardNo', message: expect.stringMatching(/4 to 32 characters/) }]);
    expect((await desk.post(`/api/customers/${hoa.id}/member-cards`, {})).error?.fields?.map((f) => f.path)).toEqual(['typeId']);
    const noType = await desk.post(`/api/customers/${hoa.id}/member-cards`, { typeId: 9999 });
    expect(noType.status).toBe(400);
    expect(noType.error?.fields?.map((f) => f.path)).toEqual(['typeId']);
    expect((await desk.post('/api/customers/9999/member-cards', { typeId: gold.id })).status).toBe(404);
    expect((await desk.get('/api/customers/9999/member-cards')).status).toBe(404);
    expect((await desk.get('/api/customers/x/member-cards')).status).toBe(400);
    expect((await desk.get('/api/member-cards/9999')).status).toBe(404);
    expect((await desk.post('/api/member-cards/9999/close')).status).toBe(404);
    expect(counts()).toEqual(before);
  });

  it('attach to an active main card only, one level deep', async () => {
    const main = await issue(hoa, { typeId: gold.id, cardNo: 'FAM-0001' });
    // A family member's card: they may be another customer.
    const child = await issue(minh, { typeId: gold.id, cardNo: 'FAM-0002', mainCardId: main.id });
    expect(child.mainCard).toEqual({ id: main.id, cardNo: 'FAM-0001' });
    expect((await desk.get<MemberCard>(`/api/member-cards/${child.id}`)).data.mainCard).toEqual({ id: main.id, cardNo: 'FAM-0001' });

    const before = counts();
    const onAttached = await desk.post(`/api/customers/${minh.id}/member-cards`, { typeId: gold.id, mainCardId: child.id });
    expect(onAttached.status).toBe(409);
    expect(onAttached.error).toMatchObject({ code: 'bad_main_card', message: expect.stringMatching(/FAM-0002 is itself an attached card/) });
    const missing = await desk.post(`/api/customers/${minh.id}/member-cards`, { typeId: gold.id, mainCardId: 9999 });
    expect(missing.error).toMatchObject({ code: 'bad_main_card', message: expect.stringMatching(/does not exist/) });
    const closedMain = await issue(hoa, { typeId: gold.id, cardNo: 'OLD-0001' });
    expect((await desk.post(`/api/member-cards/${closedMain.id}/close`)).status).toBe(200);
    const onClosed = await desk.post(`/api/customers/${minh.id}/member-cards`, { typeId: gold.id, mainCardId: closedMain.id });
    expect(onClosed.error).toMatchObject({ code: 'bad_main_card', message: expect.stringMatching(/OLD-0001 is closed/) });
    expect(counts()).toEqual([before[0], before[1]! + 1, before[2], before[3]! + 2]);
  });

  it('a main card with active attached cards cannot be closed; closing twice is refused', async () => {
    const main = await issue(hoa, { typeId: gold.id, cardNo: 'HOME-1' });
    const a = await issue(hoa, { typeId: gold.id, cardNo: 'HOME-2', mainCardId: main.id });
    const b = await issue(minh, { typeId: silver.id, cardNo: 'HOME-3', mainCardId: main.id });
    const refused = await desk.post(`/api/member-cards/${main.id}/close`);
    expect(refused.status).toBe(409);
    expect(refused.error).toMatchObject({ code: 'has_attached_cards', message: expect.stringMatching(/HOME-2, HOME-3/) });
    expect((await desk.post<MemberCard>(`/api/member-cards/${a.id}/close`)).data.state).toBe('closed');
    expect((await desk.post(`/api/member-cards/${main.id}/close`)).error?.message).toMatch(/HOME-3/);
    expect((await desk.post(`/api/member-cards/${b.id}/close`)).status).toBe(200);
    const closed = await desk.post<MemberCard>(`/api/member-cards/${main.id}/close`);
    expect(closed.status).toBe(200);
    expect(closed.data).toMatchObject({ state: 'closed', cardNo: 'HOME-1' });
    const again = await desk.post(`/api/member-cards/${main.id}/close`);
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe('card_closed');
    const log = (await admin.get<AuditPage>('/api/audit?entity=member_card&limit=50')).data.items.find((e) => e.action === 'close' && e.entityId === main.id);
    expect(log).toMatchObject({ user: { name: 'lan' }, detail: { cardNo: 'HOME-1', pointsLeft: 0 } });
  });

  it('list a customer’s cards active first, then newest first', async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Phạm Thu' })).data;
    const one = await issue(c, { typeId: gold.id, cardNo: 'LIST-1' });
    const two = await issue(c, { typeId: gold.id, cardNo: 'LIST-2' });
    const three = await issue(c, { typeId: silver.id, cardNo: 'LIST-3' });
    await desk.post(`/api/member-cards/${three.id}/close`);
    const list = await viewer.get<MemberCard[]>(`/api/customers/${c.id}/member-cards`);
    expect(list.status).toBe(200);
    expect(list.data.map((x) => [x.cardNo, x.state])).toEqual([
      ['LIST-2', 'active'],
      ['LIST-1', 'active'],
      ['LIST-3', 'closed'],
    ]);
    expect(list.data.map((x) => x.id)).toEqual([two.id, one.id, three.id]);
    const empty = (await admin.post<Customer>('/api/customers', { name: 'No Card' })).data;
    expect((await viewer.get<MemberCard[]>(`/api/customers/${empty.id}/member-cards`)).data).toEqual([]);
    expect(tb.box.ctx.membership.hasCards(empty.id)).toBe(false);
    expect(tb.box.ctx.membership.hasCards(c.id)).toBe(true);
  });

  it('are found by their number as typed or scanned', async () => {
    const card = await issue(hoa, { typeId: silver.id, cardNo: '8800-1234' });
    for (const typed of ['8800-1234', ' 8800 - 1234 ', '８８００－１２３４']) {
      const r = await viewer.get<MemberCard>(`/api/member-cards/by-no/${encodeURIComponent(typed)}`);
      expect(r.status, typed).toBe(200);
      expect(r.data.id).toBe(card.id);
    }
    expect((await viewer.get<MemberCard>('/api/member-cards/by-no/vip0012')).data.cardNo).toBe('VIP0012');
    expect((await viewer.get('/api/member-cards/by-no/88001234')).status).toBe(404);
    const bad = await viewer.get(`/api/member-cards/by-no/${encodeURIComponent('https://example.com')}`);
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path)).toEqual(['cardNo']);
    expect((await other.get('/api/member-cards/by-no/VIP0012')).status).toBe(403);
  });

  it('a customer holding cards is not deleted', async () => {
    const c = (await admin.post<Customer>('/api/customers', { name: 'Keeps Card' })).data;
    const card = await issue(c, { typeId: gold.id });
    const del = await admin.delete(`/api/customers/${c.id}`);
    expect(del.status).toBe(409);
    expect(del.error?.code).toBe('customer_has_cards');
    expect((await desk.get<MemberCard>(`/api/member-cards/${card.id}`)).data.customer.id).toBe(c.id);
  });

  it('need membership rights', async () => {
    const before = counts();
    expect((await viewer.post(`/api/customers/${hoa.id}/member-cards`, { typeId: gold.id })).status).toBe(403);
    expect((await other.get(`/api/customers/${hoa.id}/member-cards`)).status).toBe(403);
    expect((await other.get('/api/member-cards/1')).status).toBe(403);
    expect((await viewer.post('/api/member-cards/1/close')).status).toBe(403);
    expect((await new ApiClient(tb.url).get(`/api/customers/${hoa.id}/member-cards`)).status).toBe(401);
    expect(counts()).toEqual(before);
  });
});

describe('points', () => {
  let card: MemberCard;

  beforeAll(async () => {
    card = await issue(hoa, { typeId: gold.id, cardNo: 'PTS-0001' });
  });

  it('earn, deduct, refuse a deduct past the balance, saying the balance', async () => {
    const earn = await points(card.id, 500, '  wedding package  ');
    expect(earn).toMatchObject({ cardId: card.id, delta: 500, kind: 'earn', reason: 'wedding package', balance: 500, reverses: null, reversedBy: null, createdBy: { name: 'lan' } });
    const deduct = await points(card.id, -120, 'redeemed: photo frame');
    expect(deduct).toMatchObject({ delta: -120, kind: 'deduct', balance: 380 });
    const before = counts();
    const over = await desk.post(`/api/member-cards/${card.id}/points`, { delta: -381, reason: 'album' });
    expect(over.status).toBe(409);
    expect(over.error).toMatchObject({ code: 'insufficient_points', message: expect.stringMatching(/has 380 points; 381 cannot be deducted/) });
    expect(counts()).toEqual(before);
    expect((await desk.get<MemberCard>(`/api/member-cards/${card.id}`)).data.points).toBe(380);
    expect(events.some((e) => e.type === 'membership.changed' && (e.data as { cardId: number }).cardId === card.id)).toBe(true);
  });

  it('reverse a line once, not a reversal, not past the balance', async () => {
    const earn = await points(card.id, 100, 'birthday');
    const deduct = await points(card.id, -50, 'gift');
    const rev = await desk.post<PointsEntry>(`/api/points/${deduct.id}/reverse`, { reason: 'gift out of stock' });
    expect(rev.status, JSON.stringify(rev.error)).toBe(201);
    expect(rev.data).toMatchObject({ delta: 50, kind: 'reversal', reverses: deduct.id, reason: 'gift out of stock', balance: 480 });

    const before = counts();
    const twice = await desk.post(`/api/points/${deduct.id}/reverse`, { reason: 'again' });
    expect(twice.status).toBe(409);
    expect(twice.error).toMatchObject({ code: 'already_reversed', message: expect.stringContaining(`line ${rev.data.id}`) });
    const ofReversal = await desk.post(`/api/points/${rev.data.id}/reverse`, { reason: 'undo the undo' });
    expect(ofReversal.status).toBe(409);
    expect(ofReversal.error?.code).toBe('not_reversible');
    expect((await desk.post('/api/points/999999/reverse', { reason: 'x' })).status).toBe(404);
    expect((await desk.post(`/api/points/${earn.id}/reverse`, {})).error?.fields?.map((f) => f.path)).toEqual(['reason']);
    expect(counts()).toEqual(before);

    // Points already spent cannot be taken back.
    const small = await issue(hoa, { typeId: gold.id, cardNo: 'PTS-0002' });
    const got = await points(small.id, 30, 'portrait');
    await points(small.id, -20, 'keyring');
    const spent = await desk.post(`/api/points/${got.id}/reverse`, { reason: 'wrong customer' });
    expect(spent.status).toBe(409);
    expect(spent.error).toMatchObject({ code: 'insufficient_points', message: expect.stringMatching(/has 10 points/) });

    const ledger = await viewer.get<PointsEntry[]>(`/api/member-cards/${card.id}/points`);
    expect(ledger.status).toBe(200);
    expect(ledger.data.map((e) => [e.kind, e.delta, e.balance])).toEqual([
      ['reversal', 50, 480],
      ['deduct', -50, 430],
      ['earn', 100, 480],
      ['deduct', -120, 380],
      ['earn', 500, 500],
    ]);
    expect(ledger.data.find((e) => e.id === deduct.id)?.reversedBy).toBe(rev.data.id);
    expect((await viewer.get<PointsEntry[]>(`/api/member-cards/${card.id}/points?limit=2`)).data.map((e) => e.id)).toEqual([rev.data.id, deduct.id]);
    expect((await viewer.get(`/api/member-cards/${card.id}/points?limit=0`)).status).toBe(400);
    expect((await viewer.get('/api/member-cards/9999/points')).status).toBe(404);
  });

  it('write an audit line with each line', async () => {
    const e = await points(card.id, 7, 'referral');
    const items = (await admin.get<AuditPage>('/api/audit?entity=points&limit=50')).data.items;
    expect(items.find((i) => i.entityId === e.id)).toMatchObject({
      action: 'earn',
      user: { name: 'lan' },
      summary: expect.stringContaining('PTS-0001'),
      detail: { cardId: card.id, delta: 7, reason: 'referral', balanceBefore: 480, balanceAfter: 487 },
    });
    expect(items.some((i) => i.action === 'deduct')).toBe(true);
    expect(items.some((i) => i.action === 'reverse')).toBe(true);
    const cards = (await admin.get<AuditPage>('/api/audit?entity=member_card&limit=100')).data.items;
    expect(cards.find((i) => i.entityId === card.id)).toMatchObject({ action: 'create', summary: expect.stringContaining(hoa.customerNo) });
    const types = (await admin.get<AuditPage>('/api/audit?entity=member_card_type&limit=50')).data.items;
    expect(types.filter((i) => i.entityId === gold.id).map((i) => i.action)).toEqual(['create']);
    expect(types.some((i) => i.action === 'update' && i.user?.name === 'quan')).toBe(true);
  });

  it('answer bad bodies with 400 naming the fields', async () => {
    const before = counts();
    const cases: [unknown, string[]][] = [
      [{ delta: 0, reason: '' }, ['delta', 'reason']],
      [{ delta: 1.5, reason: 'x' }, ['delta']],
      [{ delta: 10_000_001, reason: 'x' }, ['delta']],
      [{ delta: -10_000_001, reason: 'x' }, ['delta']],
      [{ delta: '5', reason: 'x' }, ['delta']],
      [{ delta: 5, reason: 'x'.repeat(201) }, ['reason']],
      [{ delta: 5, reason: 'x', at: 'now' }, ['at']],
      [{}, ['delta', 'reason']],
    ];
    for (const [body, fields] of cases) {
      const r = await desk.post(`/api/member-cards/${card.id}/points`, body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.error?.fields?.map((f) => f.path).sort(), JSON.stringify(body)).toEqual(fields);
    }
    expect((await desk.post('/api/member-cards/9999/points', { delta: 5, reason: 'x' })).status).toBe(404);
    expect(counts()).toEqual(before);
    // The limits themselves are allowed.
    expect((await desk.post(`/api/member-cards/${card.id}/points`, { delta: 10_000_000, reason: 'y'.repeat(200) })).status).toBe(201);
    expect((await desk.post(`/api/member-cards/${card.id}/points`, { delta: -10_000_000, reason: 'back' })).status).toBe(201);
  });

  it('a closed card refuses points and reversals', async () => {
    const c = await issue(minh, { typeId: silver.id, cardNo: 'SHUT-0001' });
    const e = await points(c.id, 40, 'portrait');
    expect((await desk.post(`/api/member-cards/${c.id}/close`)).status).toBe(200);
    const before = counts();
    for (const r of [
      await desk.post(`/api/member-cards/${c.id}/points`, { delta: 5, reason: 'late' }),
      await desk.post(`/api/member-cards/${c.id}/points`, { delta: -5, reason: 'late' }),
      await desk.post(`/api/points/${e.id}/reverse`, { reason: 'late' }),
    ]) {
      expect(r.status).toBe(409);
      expect(r.error?.code).toBe('card_closed');
    }
    expect(counts()).toEqual(before);
    // Its ledger stays readable.
    expect((await viewer.get<PointsEntry[]>(`/api/member-cards/${c.id}/points`)).data.map((x) => x.balance)).toEqual([40]);
  });

  it('the database itself refuses to change or delete a line', async () => {
    const e = await points(card.id, 3, 'x');
    const db = tb.box.ctx.db;
    expect(() => db.prepare('UPDATE points_entries SET delta = 3000 WHERE id = ?').run(e.id)).toThrow(/append-only/);
    expect(() => db.prepare('UPDATE points_entries SET reason = ? WHERE id = ?').run('changed', e.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_entries WHERE id = ?').run(e.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_entries').run()).toThrow(/append-only/);
    expect((await viewer.get<PointsEntry[]>(`/api/member-cards/${card.id}/points?limit=1`)).data[0]).toMatchObject({ id: e.id, delta: 3, reason: 'x' });
  });

  it('need membership:edit to move points and membership:view to read them', async () => {
    const before = counts();
    expect((await viewer.post(`/api/member-cards/${card.id}/points`, { delta: 5, reason: 'x' })).status).toBe(403);
    expect((await manager.post(`/api/member-cards/${card.id}/points`, { delta: 5, reason: 'x' })).status).toBe(403);
    const some = (await viewer.get<PointsEntry[]>(`/api/member-cards/${card.id}/points?limit=1`)).data[0]!;
    expect((await viewer.post(`/api/points/${some.id}/reverse`, { reason: 'x' })).status).toBe(403);
    expect((await other.get(`/api/member-cards/${card.id}/points`)).status).toBe(403);
    expect(counts()).toEqual(before);
  });

  it('10 parallel deducts of the whole balance: exactly one succeeds', async () => {
    const c = await issue(hoa, { typeId: gold.id, cardNo: 'RACE-0001' });
    await points(c.id, 250, 'top-up');
    const lines = rowCount('points_entries');
    const results = await Promise.all(Array.from({ length: 10 }, () => desk.post(`/api/member-cards/${c.id}/points`, { delta: -250, reason: 'album' })));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 409 && r.error?.code === 'insufficient_points')).toHaveLength(9);
    expect(rowCount('points_entries')).toBe(lines + 1);
    expect((await desk.get<MemberCard>(`/api/member-cards/${c.id}`)).data.points).toBe(0);
  });
});

describe("the caller's card", () => {
  it('shows the active card, a main card before an attached one, newest first, with its points', async () => {
    const m = tb.box.ctx.membership;
    const c = (await admin.post<Customer>('/api/customers', { name: 'Đỗ Lan' })).data;
    expect(m.cardForCaller(c.id)).toBeNull();
    const main = await issue(c, { typeId: silver.id, cardNo: 'CALL-1' });
    await points(main.id, 60, 'x');
    expect(m.cardForCaller(c.id)).toEqual({ cardNo: 'CALL-1', cardType: 'Silver', points: 60 });
    // Newer but attached (to someone else's main card): the main card still comes first.
    const other = await issue(hoa, { typeId: gold.id, cardNo: 'CALL-0' });
    await issue(c, { typeId: gold.id, cardNo: 'CALL-2', mainCardId: other.id });
    expect(m.cardForCaller(c.id)?.cardNo).toBe('CALL-1');
    // A newer main card comes before the older one.
    await issue(c, { typeId: gold.id, cardNo: 'CALL-3' });
    expect(m.cardForCaller(c.id)).toEqual({ cardNo: 'CALL-3', cardType: 'Gold', points: 0 });
    // With the main cards closed, the attached one.
    await desk.post(`/api/member-cards/${(await desk.get<MemberCard>('/api/member-cards/by-no/CALL-3')).data.id}/close`);
    await desk.post(`/api/member-cards/${main.id}/close`);
    expect(m.cardForCaller(c.id)?.cardNo).toBe('CALL-2');
    // The renamed type shows its new name.
    await manager.patch(`/api/member-card-types/${gold.id}`, { name: 'Gold Plus' });
    expect(m.cardForCaller(c.id)?.cardType).toBe('Gold Plus');
  });

  it('is found with one query using the customer index (it runs on every incoming call)', () => {
    const plan = tb.box.ctx.db.prepare(`EXPLAIN QUERY PLAN ${CALLER_CARD_SQL}`).all(hoa.id) as { detail: string }[];
    const text = plan.map((p) => p.detail).join('\n');
    expect(text).toMatch(/SEARCH c USING INDEX member_cards_customer \(customer_id=\? AND state=\?\)/);
    expect(text).not.toMatch(/SCAN (c|p)\b/);
  });
});
