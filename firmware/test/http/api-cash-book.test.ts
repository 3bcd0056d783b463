// The cash book (F2) over real HTTP: the studio's income and expense categories (settings:edit,
// retired never deleted), income and expenses by category and method with a note and who wrote
// it, undone by a reversal line only; the day's closing counts them per method; a closed day
// takes no line, and the database refuses edits, deletes and lines in a closed day.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, CashBookPage, CashEntry, DayTakings, MoneyCategory } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

// 2 December 2026, 10:00 in Shanghai (UTC+8).
let nowMs = Date.parse('2026-12-02T02:00:00Z');
let tb: TestBox;
let admin: ApiClient;
/** finance view/add/edit, closing view/add: keeps the books, cannot set up categories. */
let cashier: ApiClient;
let rent: MoneyCategory;
let materials: MoneyCategory;
let props: MoneyCategory;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date(nowMs) }));
  cashier = (await userWith(admin, 'thu', { finance: ['view', 'add', 'edit'], closing: ['view', 'add'] })).client;
});
afterAll(() => tb?.close());

const cash = (t: DayTakings) => t.lines.find((l) => l.method === 'cash')!;

describe('income and expense categories', () => {
  it('are added and renamed with settings:edit, read with finance:view, unique per kind, audited', async () => {
    expect((await cashier.post('/api/money-categories', { kind: 'expense', name: 'Rent' })).status).toBe(403);
    rent = (await admin.post<MoneyCategory>('/api/money-categories', { kind: 'expense', name: 'Rent' })).data;
    materials = (await admin.post<MoneyCategory>('/api/money-categories', { kind: 'expense', name: 'Materials' })).data;
    props = (await admin.post<MoneyCategory>('/api/money-categories', { kind: 'income', name: 'Old props sold' })).data;
    expect(rent).toMatchObject({ kind: 'expense', name: 'Rent', active: true, createdBy: { name: SETUP.admin.displayName } });
    expect(await admin.post('/api/money-categories', { kind: 'expense', name: 'rent' })).toMatchObject({ status: 409, error: { code: 'duplicate_name' } });
    // The same name as income is another category.
    expect((await admin.post('/api/money-categories', { kind: 'income', name: 'Rent' })).status).toBe(201);
    const bad = await admin.post('/api/money-categories', { kind: 'loss', name: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.[0]?.path).toBe('kind');
    expect((await admin.patch('/api/money-categories/9999', { name: 'x' })).status).toBe(404);
    expect((await admin.patch(`/api/money-categories/${rent.id}`, {})).status).toBe(400);
    expect((await admin.patch<MoneyCategory>(`/api/money-categories/${materials.id}`, { name: 'Materials and frames' })).data.name).toBe('Materials and frames');
    const list = (await cashier.get<MoneyCategory[]>('/api/money-categories')).data;
    expect(list.map((c) => `${c.kind}:${c.name}`)).toEqual(['income:Old props sold', 'income:Rent', 'expense:Materials and frames', 'expense:Rent']);
    const log = (await admin.get<AuditPage>('/api/audit?entity=money_category')).data.items;
    expect(log.map((l) => l.summary)).toContain('expense category Materials changed');
  });

  it('are never deleted, by the database either', () => {
    expect(() => tb.box.ctx.db.prepare('DELETE FROM money_categories WHERE id = ?').run(rent.id)).toThrow(/never deleted/);
    expect(() => tb.box.ctx.db.prepare(`UPDATE money_categories SET kind = 'income' WHERE id = ?`).run(rent.id)).toThrow(/stays income or expense/);
  });
});

describe('the cash book', () => {
  let rentLine: CashEntry;

  it('records an expense and income by category and method, with a note and who wrote it', async () => {
    const r = await cashier.post<CashEntry>('/api/cash-entries', { categoryId: rent.id, amountMinor: 800_000, method: 'bank', note: 'December rent' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    rentLine = r.data;
    expect(rentLine).toMatchObject({ kind: 'expense', categoryName: 'Rent', amountMinor: -800_000, currency: 'CNY', method: 'bank', note: 'December rent', at: '2026-12-02T02:00:00.000Z', createdBy: { name: 'thu' }, reversedBy: null });
    await cashier.post('/api/cash-entries', { categoryId: materials.id, amountMinor: 12_050, method: 'cash', note: 'frames' });
    const sale = await cashier.post<CashEntry>('/api/cash-entries', { categoryId: props.id, amountMinor: 30_000, method: 'cash', at: '2026-12-02T08:30:00+08:00' });
    expect(sale.data).toMatchObject({ kind: 'income', amountMinor: 30_000, at: '2026-12-02T00:30:00.000Z' });
    const log = (await admin.get<AuditPage>('/api/audit?entity=cash_entry')).data.items;
    expect(log.map((l) => l.summary)).toContain('expense of 8000.00 CNY (Rent, bank): December rent');
  });

  it('refuses bad lines with a 400 naming the field, and writes nothing', async () => {
    const before = [rowCount(tb, 'cash_entries'), rowCount(tb, 'audit_log')];
    const cases: [unknown, string][] = [
      [{ categoryId: rent.id, amountMinor: 0, method: 'cash' }, 'amountMinor'],
      [{ categoryId: rent.id, amountMinor: 1.5, method: 'cash' }, 'amountMinor'],
      [{ categoryId: rent.id, amountMinor: 100, method: 'stored_value' }, 'method'],
      [{ categoryId: 9999, amountMinor: 100, method: 'cash' }, 'categoryId'],
      [{ categoryId: rent.id, amountMinor: 100, method: 'cash', at: 'yesterday' }, 'at'],
      [{ categoryId: rent.id, amountMinor: 100, method: 'cash', at: '2026-12-03T10:00:00+08:00' }, 'at'],
      [{ categoryId: rent.id, amountMinor: 100, method: 'cash', kind: 'income' }, 'kind'],
    ];
    for (const [body, field] of cases) {
      const r = await cashier.post('/api/cash-entries', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.error?.fields?.map((f) => f.path).join(), JSON.stringify(body)).toContain(field);
    }
    expect([rowCount(tb, 'cash_entries'), rowCount(tb, 'audit_log')]).toEqual(before);
  });

  it('a retired category takes no new line but keeps its old ones', async () => {
    const extra = (await admin.post<MoneyCategory>('/api/money-categories', { kind: 'expense', name: 'Flowers' })).data;
    const line = (await cashier.post<CashEntry>('/api/cash-entries', { categoryId: extra.id, amountMinor: 5_000, method: 'wechat' })).data;
    expect((await admin.patch<MoneyCategory>(`/api/money-categories/${extra.id}`, { active: false })).data.active).toBe(false);
    expect(await cashier.post('/api/cash-entries', { categoryId: extra.id, amountMinor: 100, method: 'cash' })).toMatchObject({ status: 409, error: { code: 'category_retired' } });
    const day = (await cashier.get<CashBookPage>('/api/cash-entries?day=2026-12-02')).data;
    expect(day.entries.find((e) => e.id === line.id)).toMatchObject({ categoryName: 'Flowers' });
    // Retired categories come last.
    expect((await cashier.get<MoneyCategory[]>('/api/money-categories')).data.at(-1)).toMatchObject({ name: 'Flowers', active: false });
  });

  it('is undone by a reversal line only, once; a reversal is not reversed; the database refuses edits', async () => {
    const lan = (await userWith(admin, 'lan', { finance: ['view', 'add'] })).client;
    expect((await lan.post(`/api/cash-entries/${rentLine.id}/reverse`, { reason: 'x' })).status).toBe(403);
    expect((await cashier.post(`/api/cash-entries/${rentLine.id}/reverse`, {})).status).toBe(400);
    const rev = await cashier.post<CashEntry>(`/api/cash-entries/${rentLine.id}/reverse`, { reason: 'paid by the landlord’s mistake' });
    expect(rev.status, JSON.stringify(rev.error)).toBe(201);
    expect(rev.data).toMatchObject({ kind: 'reversal', amountMinor: 800_000, categoryName: 'Rent', method: 'bank', reverses: rentLine.id });
    expect(await cashier.post(`/api/cash-entries/${rentLine.id}/reverse`, { reason: 'again' })).toMatchObject({ status: 409, error: { code: 'already_reversed' } });
    expect(await cashier.post(`/api/cash-entries/${rev.data.id}/reverse`, { reason: 'again' })).toMatchObject({ status: 409, error: { code: 'not_reversible' } });
    expect((await cashier.post('/api/cash-entries/9999/reverse', { reason: 'x' })).status).toBe(404);
    const db = tb.box.ctx.db;
    expect(() => db.prepare('UPDATE cash_entries SET amount_minor = 1 WHERE id = ?').run(rentLine.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM cash_entries WHERE id = ?').run(rentLine.id)).toThrow(/append-only/);
    expect(() =>
      db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, reverses, at, created_at) VALUES ('reversal', ?, 1, 'CNY', 'cash', ?, 'x', 'x')`).run(materials.id, rentLine.id),
    ).toThrow(/exactly one line/);
    expect(() =>
      db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, at, created_at) VALUES ('income', ?, 1, 'CNY', 'cash', 'x', 'x')`).run(rent.id),
    ).toThrow(/its own kind/);
  });

  it('lists a studio-local day or a UTC range, oldest first', async () => {
    const day = (await cashier.get<CashBookPage>('/api/cash-entries?day=2026-12-02')).data;
    expect(day).toMatchObject({ from: '2026-12-01T16:00:00.000Z', to: '2026-12-02T16:00:00.000Z' });
    expect(day.entries.map((e) => e.amountMinor)).toEqual([30_000, -800_000, -12_050, -5_000, 800_000]);
    expect((await cashier.get<CashBookPage>('/api/cash-entries?from=2026-12-02T00:00:00Z&to=2026-12-02T01:00:00Z')).data.entries.map((e) => e.amountMinor)).toEqual([30_000]);
    expect((await cashier.get('/api/cash-entries')).status).toBe(400);
    expect((await cashier.get('/api/cash-entries?day=2026-12-02&from=2026-12-02T00:00:00Z')).status).toBe(400);
    expect((await cashier.get('/api/cash-entries?from=2026-12-02T01:00:00Z&to=2026-12-02T00:00:00Z')).status).toBe(400);
    expect((await (await userWith(admin, 'kim', { settings: ['view'] })).client.get('/api/cash-entries?day=2026-12-02')).status).toBe(403);
  });

  it('counts in the closing per method; a closed day takes no line, from the box or the database', async () => {
    const t = (await cashier.get<DayTakings>('/api/closings/2026-12-02')).data;
    expect(cash(t)).toMatchObject({ paymentsMinor: 0, topUpsMinor: 0, cashBookMinor: 30_000 - 12_050, expectedMinor: 17_950 });
    expect(t.lines.find((l) => l.method === 'bank')).toMatchObject({ cashBookMinor: 0, expectedMinor: 0 });
    expect(t.lines.find((l) => l.method === 'wechat')).toMatchObject({ cashBookMinor: -5_000 });
    const closed = await cashier.post<DayTakings>('/api/closings', { day: '2026-12-02', counted: { cash: 17_950, wechat: -5_000 } });
    expect(closed.status, JSON.stringify(closed.error)).toBe(201);
    expect(cash(closed.data)).toMatchObject({ cashBookMinor: 17_950, countedMinor: 17_950, differenceMinor: 0 });
    const row = tb.box.ctx.db.prepare(`SELECT cash_book_minor FROM day_closing_lines WHERE method = 'cash'`).get() as { cash_book_minor: number };
    expect(row.cash_book_minor).toBe(17_950);

    const before = rowCount(tb, 'cash_entries');
    expect(await cashier.post('/api/cash-entries', { categoryId: rent.id, amountMinor: 100, method: 'cash' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    const lines = (await cashier.get<CashBookPage>('/api/cash-entries?day=2026-12-02')).data.entries;
    const frames = lines.find((e) => e.amountMinor === -12_050)!;
    expect(await cashier.post(`/api/cash-entries/${frames.id}/reverse`, { reason: 'returned' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    expect(() =>
      tb.box.ctx.db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, at, created_at) VALUES ('expense', ?, -1, 'CNY', 'cash', '2026-12-02T05:00:00.000Z', 'x')`).run(rent.id),
    ).toThrow(/day is closed/);
    expect(rowCount(tb, 'cash_entries')).toBe(before);

    // The next day: a backdated line is refused, the reversal lands on the 3rd.
    nowMs = Date.parse('2026-12-03T01:00:00Z');
    expect((await cashier.post('/api/auth/login', { username: 'thu', password: 'thu-password-1' })).status).toBe(200);
    expect(await cashier.post('/api/cash-entries', { categoryId: rent.id, amountMinor: 100, method: 'cash', at: '2026-12-02T12:00:00+08:00' })).toMatchObject({ status: 409, error: { code: 'day_closed' } });
    expect((await cashier.post(`/api/cash-entries/${frames.id}/reverse`, { reason: 'returned' })).status).toBe(201);
    expect(cash((await cashier.get<DayTakings>('/api/closings/2026-12-03')).data)).toMatchObject({ cashBookMinor: 12_050 });
    expect(cash((await cashier.get<DayTakings>('/api/closings/2026-12-02')).data)).toMatchObject({ cashBookMinor: 17_950, countedMinor: 17_950 });
  });
});
