// Stored value between a main card and its attached cards (M3, issue 18 item 4), over real HTTP:
// the card type's "shares stored value" flag, a transfer as two ledger lines in one
// transaction (audited, on both statements), its reversal, and every refusal with its 409 (or
// 400/403/404) changing nothing; afterwards each balance is the sum of its lines, the transfers
// net to zero and the day totals equal a rebuild (a transfer is not money in the till).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, Customer, MemberCard, MemberCardType, StoredValueStatement, TransferCards, TransferResult } from '../../src/api-types.js';
import { rebuildLedgerDays } from '../../src/till/ledger-days.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

const nowMs = Date.parse('2026-12-02T02:00:00Z');

let tb: TestBox;
let admin: ApiClient;
/** finance view/add/edit, membership view. */
let desk: ApiClient;
let family: MemberCardType;
let plain: MemberCardType;
let main: MemberCard; // Hoa's Family card
let kid: MemberCard; // attached to main, Minh's
let kid2: MemberCard; // attached to main, Hoa's own
let stranger: MemberCard; // Minh's own Family main card
let plainMain: MemberCard;
let plainKid: MemberCard;

const statement = async (cardId: number) => (await desk.get<StoredValueStatement>(`/api/member-cards/${cardId}/stored-value`)).data;
const balance = async (cardId: number) => (await statement(cardId)).balanceMinor;
const counts = () => ['stored_value_entries', 'audit_log', 'ledger_days'].map((t) => rowCount(tb, t));
const issue = async (customer: Customer, typeId: number, mainCardId?: number) => {
  const r = await admin.post<MemberCard>(`/api/customers/${customer.id}/member-cards`, { typeId, ...(mainCardId ? { mainCardId } : {}) });
  expect(r.status, JSON.stringify(r.error)).toBe(201);
  return r.data;
};
const transfer = (from: MemberCard, to: MemberCard | number, amountMinor: number, client = desk) =>
  client.post<TransferResult>(`/api/member-cards/${from.id}/transfers`, { toCardId: typeof to === 'number' ? to : to.id, amountMinor });

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
  desk = (await userWith(admin, 'lan', { customers: ['view'], finance: ['view', 'add', 'edit'], membership: ['view'] })).client;
  const hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
  const minh = (await admin.post<Customer>('/api/customers', { name: 'Lê Minh', phones: [{ number: '139 0000 1111' }] })).data;
  family = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Family', sharesStoredValue: true })).data;
  plain = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Plain' })).data;
  main = await issue(hoa, family.id);
  kid = await issue(minh, plain.id, main.id); // the main card's type decides, not the attached card's
  kid2 = await issue(hoa, family.id, main.id);
  stranger = await issue(minh, family.id);
  plainMain = await issue(hoa, plain.id);
  plainKid = await issue(hoa, family.id, plainMain.id);
  for (const c of [main, stranger, plainMain]) {
    const r = await desk.post(`/api/member-cards/${c.id}/top-ups`, { amountMinor: 100000, method: 'cash' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
  }
});
afterAll(() => tb?.close());

describe('card types share stored value or not', () => {
  it('carries the flag, off unless given; a PATCH changes it, audited; a bad value is a 400 naming it', async () => {
    expect(family.sharesStoredValue).toBe(true);
    expect(plain.sharesStoredValue).toBe(false);
    const other = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Trial' })).data;
    const on = await admin.patch<MemberCardType>(`/api/member-card-types/${other.id}`, { sharesStoredValue: true });
    expect(on.status).toBe(200);
    expect(on.data).toMatchObject({ name: 'Trial', sharesStoredValue: true });
    const log = (await admin.get<AuditPage>('/api/audit?entity=member_card_type')).data.items;
    expect(log[0]!.detail).toMatchObject({ changes: { sharesStoredValue: true }, before: { sharesStoredValue: false } });
    const bad = await admin.patch(`/api/member-card-types/${other.id}`, { sharesStoredValue: 'yes' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.error)).toContain('sharesStoredValue');
  });
});

describe('transfers between a main card and its attached cards', () => {
  let first: TransferResult;

  it('lists the cards a card may move value to and from: a main card its attached ones, an attached card its main one', async () => {
    const forMain = (await desk.get<TransferCards>(`/api/member-cards/${main.id}/transfer-cards`)).data;
    expect(forMain.sharing).toBe(true);
    expect(forMain.cards.map((c) => [c.cardNo, c.isMain, c.balanceMinor])).toEqual([[kid.cardNo, false, 0], [kid2.cardNo, false, 0]]);
    const forKid = (await desk.get<TransferCards>(`/api/member-cards/${kid.id}/transfer-cards`)).data;
    expect(forKid).toMatchObject({ sharing: true, cards: [{ cardNo: main.cardNo, isMain: true, balanceMinor: 100000 }] });
    expect((await desk.get<TransferCards>(`/api/member-cards/${plainKid.id}/transfer-cards`)).data.sharing).toBe(false);
  });

  it('moves value from the main card to an attached card: two lines, one transaction, both statements, audited', async () => {
    const before = counts();
    const r = await desk.post<TransferResult>(`/api/member-cards/${main.id}/transfers`, { toCardId: kid.id, amountMinor: 30000, note: 'pocket money' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    first = r.data;
    expect(first.out).toMatchObject({ kind: 'transfer_out', cardId: main.id, amountMinor: -30000, balanceMinor: 70000, otherCard: { id: kid.id, cardNo: kid.cardNo }, note: 'pocket money', createdBy: { name: 'lan' } });
    expect(first.in).toMatchObject({ kind: 'transfer_in', cardId: kid.id, amountMinor: 30000, balanceMinor: 30000, otherCard: { id: main.id, cardNo: main.cardNo } });
    expect(first.from.balanceMinor).toBe(70000);
    expect(first.to.balanceMinor).toBe(30000);
    const after = counts();
    expect([after[0]! - before[0]!, after[1]! - before[1]!, after[2]! - before[2]!]).toEqual([2, 1, 0]); // two lines, one audit line, no till money
    const log = (await admin.get<AuditPage>('/api/audit?entity=stored_value')).data.items;
    expect(log[0]!.summary).toBe(`300.00 CNY stored value moved from card ${main.cardNo} to card ${kid.cardNo} (pocket money)`);
    expect((await statement(kid.id)).entries[0]).toMatchObject({ kind: 'transfer_in', otherCard: { cardNo: main.cardNo } });
  });

  it('moves value back from an attached card to its main card', async () => {
    const r = await transfer(kid, main, 5000);
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect([await balance(main.id), await balance(kid.id)]).toEqual([75000, 25000]);
  });

  it('refuses what it may not do with a clear answer, and changes nothing', async () => {
    const before = counts();
    const cases: [Promise<{ status: number; error: unknown }>, number, string][] = [
      [transfer(kid, kid2, 100), 409, 'cards_not_linked'], // two attached cards of one main card
      [transfer(main, stranger, 100), 409, 'cards_not_linked'],
      [transfer(stranger, kid, 100), 409, 'cards_not_linked'],
      [transfer(plainMain, plainKid, 100), 409, 'sharing_not_allowed'], // the main card's type does not share
      [transfer(kid, main, 25001), 409, 'insufficient_balance'],
      [transfer(kid2, main, 1), 409, 'insufficient_balance'],
      [transfer(main, main, 100), 400, 'toCardId'],
      [transfer(main, kid, 0), 400, 'amountMinor'],
      [transfer(main, kid, 1.5), 400, 'amountMinor'],
      [desk.post(`/api/member-cards/${main.id}/transfers`, { toCardId: kid.id, amountMinor: 100, extra: 1 }), 400, 'extra'],
      [transfer(main, 999999, 100), 404, 'not_found'],
    ];
    for (const [call, status, what] of cases) {
      const r = await call;
      expect(r.status, JSON.stringify(r.error)).toBe(status);
      expect(JSON.stringify(r.error)).toContain(what);
    }
    expect(counts()).toEqual(before);
  });

  it('refuses a closed card, and a user without the right to take money', async () => {
    const closing = await issue((await admin.get<Customer>(`/api/customers/${main.customer.id}`)).data, family.id, main.id);
    await transfer(main, closing, 1000);
    // An attached card holding value can be closed; its value is frozen with it.
    expect((await admin.post(`/api/member-cards/${closing.id}/close`)).status).toBe(200);
    const viewer = (await userWith(admin, 'viewer', { finance: ['view'], membership: ['view'] })).client;
    const before = counts();
    expect(await transfer(main, closing, 100)).toMatchObject({ status: 409, error: { code: 'card_closed' } });
    expect(await transfer(closing, main, 100)).toMatchObject({ status: 409, error: { code: 'card_closed' } });
    expect((await transfer(main, kid, 100, viewer)).status).toBe(403);
    expect(counts()).toEqual(before);
    expect(await balance(main.id)).toBe(74000);
  });

  it('reverses a transfer by either line: both lines get a reversal, once; refused when the value was spent meanwhile', async () => {
    // The first transfer (300 to kid) cannot be taken back whole: kid gave 50 back, holds 250.
    const spent = await desk.post(`/api/stored-value/${first.in.id}/reverse`, { reason: 'wrong card' });
    expect(spent).toMatchObject({ status: 409, error: { code: 'insufficient_balance' } });
    const t = (await transfer(main, kid2, 12000)).data;
    const before = counts();
    const r = await desk.post<StoredValueStatement>(`/api/stored-value/${t.in.id}/reverse`, { reason: 'meant for the other card' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data.cardId).toBe(kid2.id);
    expect([await balance(main.id), await balance(kid2.id)]).toEqual([74000, 0]);
    const after = counts();
    expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual([2, 1]);
    const mainLines = (await statement(main.id)).entries;
    expect(mainLines[0]).toMatchObject({ kind: 'reversal', reverses: t.out.id, amountMinor: 12000 });
    expect(mainLines.find((e) => e.id === t.out.id)!.reversedBy).toBe(mainLines[0]!.id);
    const log = (await admin.get<AuditPage>('/api/audit?entity=stored_value')).data.items;
    expect(log[0]!.summary).toBe(`transfer of 120.00 CNY from card ${main.cardNo} to card ${kid2.cardNo} reversed: meant for the other card`);
    // Once: by the same line, the other line, or the reversal itself.
    expect(await desk.post(`/api/stored-value/${t.in.id}/reverse`, { reason: 'again' })).toMatchObject({ status: 409, error: { code: 'already_reversed' } });
    expect(await desk.post(`/api/stored-value/${t.out.id}/reverse`, { reason: 'again' })).toMatchObject({ status: 409, error: { code: 'already_reversed' } });
    expect(await desk.post(`/api/stored-value/${mainLines[0]!.id}/reverse`, { reason: 'again' })).toMatchObject({ status: 409, error: { code: 'not_reversible' } });
    expect((await desk.post(`/api/stored-value/${t.out.id}/reverse`, {})).status).toBe(400);
  });

  it('keeps every balance the sum of its lines; transfers net to zero; the day totals equal a rebuild', async () => {
    const db = tb.box.ctx.db;
    for (const c of [main, kid, kid2, stranger, plainMain, plainKid]) {
      const sum = (db.prepare('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM stored_value_entries WHERE card_id = ?').get(c.id) as { s: number }).s;
      const s = await statement(c.id);
      expect(s.balanceMinor).toBe(sum);
      if (s.entries.length) expect(s.entries[0]!.balanceMinor).toBe(sum);
    }
    const moved = db.prepare(`SELECT COALESCE(SUM(s.amount_minor), 0) AS s FROM stored_value_entries s LEFT JOIN stored_value_entries o ON o.id = s.reverses
      WHERE s.kind IN ('transfer_out', 'transfer_in') OR o.kind IN ('transfer_out', 'transfer_in')`).get() as { s: number };
    expect(moved.s).toBe(0);
    const unpaired = db.prepare(`SELECT COUNT(*) AS n FROM stored_value_entries o WHERE o.kind = 'transfer_out'
      AND (SELECT COUNT(*) FROM stored_value_entries i WHERE i.transfer_of = o.id AND i.kind = 'transfer_in' AND i.amount_minor = -o.amount_minor) <> 1`).get() as { n: number };
    expect(unpaired.n).toBe(0);
    const snapshot = () => db.prepare('SELECT * FROM ledger_days ORDER BY source, currency, day, method, category_id, user_id, user_name').all();
    const kept = snapshot();
    rebuildLedgerDays(db);
    expect(snapshot()).toEqual(kept);
    expect(kept).toEqual([expect.objectContaining({ source: 'topup', method: 'cash', lines: 3, in_minor: 300000, out_minor: 0 })]);
  });

  it('the ledger refuses a lone or mismatched transfer_in and any change of a line, whatever the code does', () => {
    const db = tb.box.ctx.db;
    const add = db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, transfer_of, at) VALUES (?, ?, ?, 'CNY', ?, '2026-12-02T02:00:00.000Z')`);
    expect(() => add.run(kid.id, 'transfer_in', 500, null)).toThrow(/CHECK|other half/);
    expect(() => add.run(kid.id, 'transfer_in', 29999, first.out.id)).toThrow(/other half/);
    expect(() => add.run(main.id, 'transfer_in', 30000, first.out.id)).toThrow(/other half|UNIQUE/);
    expect(() => add.run(main.id, 'transfer_out', 500, null)).toThrow(/CHECK/);
    expect(() => db.prepare('UPDATE stored_value_entries SET amount_minor = 1 WHERE id = ?').run(first.out.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM stored_value_entries WHERE id = ?').run(first.in.id)).toThrow(/append-only/);
  });
});
