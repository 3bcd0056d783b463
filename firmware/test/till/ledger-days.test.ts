// The per-day totals of the ledgers (migration 029): backfilled from trade made before it,
// kept by the triggers through random trade after it (payments and reversals by every method,
// top-ups and their reversals, bonuses and spends that are not top-ups, the cash book, bills by
// several users), always equal to a rebuild from the raw ledgers; a refused line changes
// nothing; and a statement read through them equals the one read line by line, for random
// ranges (not only midnights) and for the studio's periods in five zones.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { rebuildDepositChanges } from '../../src/db/migrations/035-deposit-changes.js';
import { rebuildLedgerDays, splitAtUtcDays } from '../../src/till/ledger-days.js';
import { statementSums } from '../../src/till/statement-math.js';
import { Statements } from '../../src/till/statements.js';

const T0 = Date.parse('2026-03-01T00:00:00Z');
const SPAN = 21 * 86_400_000;
const NOW = '2026-03-01T00:00:00.000Z';
const MONEY = ['cash', 'card', 'wechat', 'alipay', 'bank', 'other'] as const;
let dir: string;
let db: Db;
let orders = 0;

const op = fc.oneof(
  fc.record({ t: fc.constant('pay' as const), method: fc.constantFrom(...MONEY, 'stored_value', 'points'), amount: fc.integer({ min: 1, max: 500_000 }), at: fc.nat(SPAN - 1), reverseAt: fc.option(fc.nat(SPAN - 1)), currency: fc.constantFrom('CNY', 'CNY', 'USD') }),
  fc.record({ t: fc.constant('sv' as const), bonus: fc.option(fc.integer({ min: 1, max: 50_000 })), method: fc.constantFrom(...MONEY), amount: fc.integer({ min: 1, max: 500_000 }), at: fc.nat(SPAN - 1), reverseAt: fc.option(fc.nat(SPAN - 1)) }),
  fc.record({ t: fc.constant('book' as const), category: fc.integer({ min: 1, max: 4 }), method: fc.constantFrom(...MONEY), amount: fc.integer({ min: 1, max: 500_000 }), at: fc.nat(SPAN - 1), reverseAt: fc.option(fc.nat(SPAN - 1)) }),
  fc.record({ t: fc.constant('bill' as const), user: fc.constantFrom(null, 1, 2, 3), gross: fc.nat(1_000_000), discountPct: fc.nat(100), at: fc.nat(SPAN - 1) }),
);
type Op = typeof op extends fc.Arbitrary<infer T> ? T : never;

const iso = (offset: number) => new Date(T0 + offset).toISOString();

function trade(ops: Op[]): void {
  const pay = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const sv = db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, reverses, topup_id, at) VALUES (1, ?, ?, 'CNY', ?, ?, ?, ?)`);
  const book = db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, reverses, at, created_at) VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?)`);
  const order = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES (?, 1, 't', 'booked', ?, 0, ?, ?, ?)`);
  const bill = db.prepare(`INSERT INTO bills (order_id, gross_minor, discount_minor, bill_discount_minor, total_minor, currency, discount_limit_pct, created_at, created_by, created_by_name) VALUES (?, ?, ?, 0, ?, 'CNY', 100, ?, ?, ?)`);
  const newOrder = (currency: string) => Number(order.run(`O${++orders}`, NOW, currency, NOW, NOW).lastInsertRowid);
  for (const o of ops) {
    if (o.t === 'pay') {
      const id = Number(pay.run(newOrder(o.currency), 'payment', o.amount, o.currency, o.method, null, iso(o.at), NOW).lastInsertRowid);
      if (o.reverseAt !== null) pay.run(orders, 'reversal', -o.amount, o.currency, o.method, id, iso(o.reverseAt), NOW);
    } else if (o.t === 'sv') {
      // A bonus has no method; neither it nor its reversal is a top-up. A reversal undoes the bonus
      // first, then the top-up, dated after the trade (the card never goes below zero).
      const id = Number(sv.run('topup', o.amount, o.method, null, null, iso(o.at)).lastInsertRowid);
      const bonus = o.bonus === null ? null : Number(sv.run('bonus', o.bonus, null, null, id, iso(o.at)).lastInsertRowid);
      if (o.reverseAt !== null) {
        if (bonus !== null) sv.run('reversal', -o.bonus!, null, bonus, null, iso(SPAN + o.reverseAt));
        sv.run('reversal', -o.amount, null, id, null, iso(SPAN + o.reverseAt));
      }
    } else if (o.t === 'book') {
      const kind = o.category <= 2 ? 'income' : 'expense';
      const signed = kind === 'income' ? o.amount : -o.amount;
      const id = Number(book.run(kind, o.category, signed, o.method, null, iso(o.at), NOW).lastInsertRowid);
      if (o.reverseAt !== null) book.run('reversal', o.category, -signed, o.method, id, iso(o.reverseAt), NOW);
    } else {
      const discount = Math.floor((o.gross * o.discountPct) / 100);
      bill.run(newOrder('CNY'), o.gross, discount, o.gross - discount, iso(o.at), o.user, o.user === null ? null : `user ${o.user}`);
    }
  }
}

const snapshot = () => db.prepare('SELECT * FROM ledger_days ORDER BY source, currency, day, method, category_id, user_id, user_name').all();
function rebuilt(): unknown[] {
  rebuildLedgerDays(db);
  return snapshot();
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-days-'));
  db = openDatabase(join(dir, 'box.db'));
  migrate(db, migrations.slice(0, migrations.findIndex((m) => m.name === 'ledger-days')));
  db.prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C1', 'Hoa', ?, ?, ?)`).run(NOW, NOW, NOW);
  db.prepare(`INSERT INTO member_card_types (name, created_at, updated_at) VALUES ('Gold', ?, ?)`).run(NOW, NOW);
  db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES ('M1', 1, 1, 'active', ?, ?, ?)`).run(NOW, NOW, NOW);
  for (const [kind, name] of [['income', 'Props'], ['income', 'Rental'], ['expense', 'Rent'], ['expense', 'Materials']]) {
    db.prepare('INSERT INTO money_categories (kind, name, created_at, updated_at) VALUES (?, ?, ?, ?)').run(kind, name, NOW, NOW);
  }
});
afterAll(() => {
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ledger_days', () => {
  it('is backfilled from trade made before the migration, then kept by the triggers: always what a rebuild gives', () => {
    trade(fc.sample(op, { numRuns: 200, seed: 27 }));
    migrate(db, migrations);
    const backfilled = snapshot();
    expect(backfilled.length).toBeGreaterThan(50);
    expect(rebuilt()).toEqual(backfilled);
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        trade(ops);
        const kept = snapshot();
        expect(rebuilt()).toEqual(kept);
      }),
      { numRuns: 40 },
    );
  });

  it('a line the ledger refuses changes no total', () => {
    const before = snapshot();
    const pay = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, at, created_at) VALUES (1, 'reversal', -1, 'CNY', 'cash', 999999, ?, ?)`);
    expect(() => pay.run(NOW, NOW)).toThrow(/reversal/);
    expect(snapshot()).toEqual(before);
  });

  it('splits a range at UTC midnights', () => {
    expect(splitAtUtcDays('2026-03-01T16:00:00.000Z', '2026-04-01T16:00:00.000Z')).toEqual({
      raw: [['2026-03-01T16:00:00.000Z', '2026-03-02T00:00:00.000Z'], ['2026-04-01T00:00:00.000Z', '2026-04-01T16:00:00.000Z']],
      days: ['2026-03-02', '2026-04-01'],
    });
    expect(splitAtUtcDays('2026-03-01T00:00:00.000Z', '2026-03-03T00:00:00.000Z')).toEqual({ raw: [], days: ['2026-03-01', '2026-03-03'] });
    expect(splitAtUtcDays('2026-03-01T16:00:00.000Z', '2026-03-02T16:00:00.000Z')).toEqual({ raw: [['2026-03-01T16:00:00.000Z', '2026-03-02T16:00:00.000Z']], days: null });
  });

  it('a statement through the day totals equals the one read line by line (random ranges, currencies; periods in five zones)', () => {
    const st = new Statements(db, () => ({ currency: 'CNY', timeZone: 'UTC' }));
    const same = (from: string, to: string, currency: string) =>
      expect(statementSums(st.lines(from, to, currency))).toEqual(statementSums(st.linesFromLedgers(from, to, currency)));
    fc.assert(
      fc.property(fc.nat(SPAN + 2 * 86_400_000), fc.nat(SPAN), fc.constantFrom('CNY', 'USD'), (a, len, currency) => {
        same(iso(a - 86_400_000), iso(a - 86_400_000 + len), currency);
      }),
      { numRuns: 150 },
    );
    const zones = ['Asia/Shanghai', 'Asia/Kolkata', 'America/New_York', 'Australia/Eucla', 'UTC'];
    fc.assert(
      fc.property(fc.integer({ min: -1, max: 45 }), fc.constantFrom(...zones), fc.constantFrom('day' as const, 'month' as const, 'quarter' as const), (offset, timeZone, period) => {
        const date = iso(offset * 86_400_000).slice(0, 10);
        const s = new Statements(db, () => ({ currency: 'CNY', timeZone })).of(period, date);
        same(s.from, s.to, 'CNY');
      }),
      { numRuns: 80 },
    );
  });

  it('deposits held are what the orders not finished at the time had been paid by then, though delivered, cancelled or reopened since (change rows, migration 035, and order by order)', () => {
    const st = new Statements(db, () => ({ currency: 'CNY', timeZone: 'UTC' }));
    const H = 3_600_000;
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ pay: fc.integer({ min: -3, max: 5 }), back: fc.oneof(fc.nat(30), fc.nat(200)) }), fc.record({ state: fc.constantFrom('booked', 'shot', 'delivered', 'cancelled') })), { minLength: 1, maxLength: 12 }),
        (events) => {
          // One new order in its own currency, so others' trade does not count; events one hour apart.
          const currency = `X${++orders}`;
          const start = Date.parse('2027-01-01T00:00:00Z');
          db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES (?, 1, 't', 'booked', ?, 0, ?, ?, ?)`)
            .run(`D${orders}`, new Date(start).toISOString(), currency, NOW, NOW);
          const id = orders;
          const states: [number, string][] = [[start, 'booked']];
          const paid: [number, number][] = [];
          const pay = db.prepare(`INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, at, created_at) VALUES (?, ?, ?, ?, 'cash', ?, ?, ?)`);
          events.forEach((e, i) => {
            const now = start + (i + 1) * H;
            if ('state' in e) {
              if (e.state === states.at(-1)![1]) return;
              db.prepare('UPDATE orders SET state = ?, state_changed_at = ? WHERE id = ?').run(e.state, new Date(now).toISOString(), id);
              states.push([now, e.state]);
            } else if (e.pay > 0) {
              // A payment dated `back` minutes earlier (the front desk backdates): under an hour keeps
              // the order's events in time order; more may pass a state change or a payment (irregular).
              const at = now - e.back * 60_000;
              pay.run(id, 'payment', e.pay * 100, currency, null, new Date(at).toISOString(), NOW);
              paid.push([at, e.pay * 100]);
            }
          });
          for (let k = 0; k <= events.length + 1; k++) {
            for (const dt of [0, H / 2]) {
              const T = start + k * H + dt;
              const state = states.filter(([at]) => at < T).at(-1)?.[1] ?? 'booked';
              const byThen = paid.filter(([at]) => at < T).reduce((a, [, x]) => a + x, 0);
              const expected = ['delivered', 'cancelled'].includes(state) || byThen === 0 ? { orders: 0, amountMinor: 0 } : { orders: 1, amountMinor: byThen };
              expect(st.deposits(new Date(T).toISOString(), currency), `at +${k}h${dt ? '30' : ''}`).toEqual(expected);
              expect(st.depositsFromLedgers(new Date(T).toISOString(), currency)).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('the change rows kept by the triggers give what a rebuild from the history gives, at any time, in every currency', () => {
    const st = new Statements(db, () => ({ currency: 'CNY', timeZone: 'UTC' }));
    const file = join(dir, 'rebuilt.db');
    db.exec(`VACUUM INTO '${file}'`);
    const copy = openDatabase(file);
    try {
      copy.exec(`DROP TRIGGER deposit_changes_no_delete; DELETE FROM deposit_changes; DELETE FROM deposit_days; DELETE FROM deposit_irregular;`);
      rebuildDepositChanges(copy);
      expect((copy.prepare('SELECT COUNT(*) AS n FROM deposit_irregular').get() as { n: number }).n).toBe(0);
      const fromRebuild = new Statements(copy, () => ({ currency: 'CNY', timeZone: 'UTC' }));
      const currencies = (db.prepare('SELECT DISTINCT currency FROM orders').all() as { currency: string }[]).map((r) => r.currency);
      expect(currencies.length).toBeGreaterThan(10);
      expect((db.prepare('SELECT COUNT(*) AS n FROM deposit_irregular').get() as { n: number }).n).toBeGreaterThan(0);
      fc.assert(
        fc.property(fc.constantFrom(...currencies), fc.integer({ min: -2 * 86_400_000, max: SPAN + 400 * 86_400_000 }), (currency, at) => {
          const T = iso(at);
          expect(st.deposits(T, currency)).toEqual(fromRebuild.deposits(T, currency));
          expect(st.deposits(T, currency)).toEqual(st.depositsFromLedgers(T, currency));
        }),
        { numRuns: 400 },
      );
    } finally {
      copy.close();
    }
  });
});
