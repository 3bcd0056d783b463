// A generated day of trade through the API (seeded, replayable with TRADE_SEED): bills with
// discounts and deposits, later payments, reversals, top-ups, payments from stored value and
// with points; then the books must add up to the unit: the closing's takings equal the
// ledgers, the arrears equal orders less payments, each card's balance equals its lines, and
// closing the day freezes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Arrears, Bill, Customer, DayTakings, MemberCard, MemberCardType, Order, Payment, PriceItem, StoredValueStatement } from '../../src/api-types.js';
import { ApiClient } from '../helpers/http-client.js';
import { seededRandom } from '../helpers/seeded-random.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

const SEED = Number(process.env.TRADE_SEED ?? 20261202);
// 09:00 in Shanghai; each step moves the clock a minute, the day ends well before midnight.
let nowMs = Date.parse('2026-12-02T01:00:00Z');
let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ clock: () => new Date((nowMs += 60_000)) }));
});
afterAll(() => tb?.close());

describe(`a day of trade (seed ${SEED})`, () => {
  it('adds up to the unit', { timeout: 120_000 }, async () => {
    const rand = seededRandom(SEED);
    const int = (n: number) => Math.floor(rand() * n);
    const pick = <T>(xs: T[]): T => xs[int(xs.length)]!;
    await admin.put('/api/till-settings', {
      pointsRules: [{ name: '1 per 10', op: 'per_amount', when: {}, perMinor: 1000, points: 1 }],
      redeem: { points: 10, minor: 100 },
      topUpBonuses: [{ payMinor: 50000, bonusMinor: 5000 }],
    });
    const items: PriceItem[] = [];
    for (const [name, priceMinor, extra] of [['Package A', 388800, 3000], ['Package B', 688800, 5000], ['Frame', 29900, null], ['Album', 99900, null]] as const) {
      items.push((await admin.post<PriceItem>('/api/price-items', { kind: extra ? 'package' : 'product', name, priceMinor, ...(extra ? { photosIncluded: 20, extraPhotoMinor: extra } : {}) })).data);
    }
    const gold = (await admin.post<MemberCardType>('/api/member-card-types', { name: 'Gold' })).data;
    const customers: { c: Customer; card: MemberCard }[] = [];
    for (let i = 0; i < 6; i++) {
      const c = (await admin.post<Customer>('/api/customers', { name: `Customer ${i}` })).data;
      customers.push({ c, card: (await admin.post<MemberCard>(`/api/customers/${c.id}/member-cards`, { typeId: gold.id })).data });
    }
    const orders: Order[] = [];
    const payments: Payment[] = [];
    let refused = 0;
    for (let step = 0; step < 60; step++) {
      const who = pick(customers);
      const kind = int(10);
      if (kind < 3) {
        const o = (await admin.post<Order>(`/api/customers/${who.c.id}/orders`, { title: `Order ${step}`, totalMinor: 0 })).data;
        const lines = Array.from({ length: 1 + int(3) }, () => {
          const it = pick(items);
          return { priceItemId: it.id, qty: 1 + int(2), ...(it.extraPhotoMinor ? { extraPhotos: int(6) } : {}), ...(int(3) === 0 ? { discountBp: int(1500) } : {}) };
        });
        const r = await admin.post<Bill>(`/api/orders/${o.id}/bill`, { lines, payments: int(2) ? [{ method: pick(['cash', 'wechat', 'card']), amountMinor: 1 + int(100000) }] : [] });
        if (r.status === 201) {
          orders.push(o);
          payments.push(...r.data.payments);
        } else refused++;
      } else if (kind < 6 && orders.length) {
        const o = pick(orders);
        const method = pick(['cash', 'alipay', 'bank', 'stored_value', 'points']);
        const body = { amountMinor: 1 + int(50000), method, ...(method === 'stored_value' || method === 'points' ? { cardId: customers.find((x) => x.c.id === o.customer.id)!.card.id } : {}) };
        const r = await admin.post<Payment>(`/api/orders/${o.id}/payments`, body);
        if (r.status === 201) payments.push(r.data);
        else {
          expect(r.status, JSON.stringify(r.error)).toBe(409); // overpayment, not enough on the card
          refused++;
        }
      } else if (kind < 8) {
        const r = await admin.post(`/api/member-cards/${who.card.id}/top-ups`, { amountMinor: 10000 * (1 + int(8)), method: pick(['cash', 'wechat']) });
        expect(r.status).toBe(201);
      } else if (payments.length) {
        const p = pick(payments.filter((x) => x.kind === 'payment'));
        const r = await admin.post<Payment>(`/api/payments/${p.id}/reverse`, { reason: 'mistake' });
        expect([201, 409]).toContain(r.status);
      }
    }
    expect(orders.length).toBeGreaterThan(5);

    const db = tb.box.ctx.db;
    const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T;
    // The closing's takings are the ledgers' sums, per method, to the unit.
    const t = (await admin.get<DayTakings>('/api/closings/2026-12-02')).data;
    for (const l of t.lines) {
      expect(l.paymentsMinor).toBe(one<{ s: number }>('SELECT COALESCE(SUM(amount_minor), 0) AS s FROM payments WHERE method = ?', l.method).s);
      const top = one<{ s: number }>(
        `SELECT COALESCE(SUM(s.amount_minor), 0) AS s FROM stored_value_entries s LEFT JOIN stored_value_entries o ON o.id = s.reverses
         WHERE (s.kind = 'topup' AND s.method = ?) OR (s.kind = 'reversal' AND o.kind = 'topup' AND o.method = ?)`, l.method, l.method).s;
      expect(l.topUpsMinor).toBe(top);
    }
    // The arrears are the orders' totals less their payments.
    const a = (await admin.get<Arrears>('/api/arrears?limit=500')).data;
    const owed = one<{ s: number }>(
      `SELECT COALESCE(SUM(o.total_minor - COALESCE((SELECT SUM(amount_minor) FROM payments p WHERE p.order_id = o.id), 0)), 0) AS s FROM orders o WHERE o.state <> 'cancelled'`).s;
    expect(a.totals.reduce((x, y) => x + y.amountMinor, 0)).toBe(owed);
    for (const r of a.rows) expect(r.dueMinor).toBeGreaterThan(0);
    // The paid-so-far kept on each order by the payments trigger equals its ledger's sum.
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM orders o WHERE o.paid_minor <> COALESCE((SELECT SUM(amount_minor) FROM payments p WHERE p.order_id = o.id), 0)').n).toBe(0);
    // Every bill's lines add up to its total; every order billed carries its bill's total.
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM bills b WHERE b.total_minor <> (SELECT SUM(net_minor) FROM bill_lines l WHERE l.bill_id = b.id)').n).toBe(0);
    expect(one<{ n: number }>('SELECT COUNT(*) AS n FROM bills b JOIN orders o ON o.id = b.order_id WHERE o.total_minor <> b.total_minor').n).toBe(0);
    // Each card: the statement's balance is the sum of its lines, never negative; points too.
    for (const x of customers) {
      const s = (await admin.get<StoredValueStatement>(`/api/member-cards/${x.card.id}/stored-value`)).data;
      expect(s.balanceMinor).toBe(s.entries.reduce((acc, e) => acc + e.amountMinor, 0));
      expect(s.balanceMinor).toBeGreaterThanOrEqual(0);
      if (s.entries.length) expect(s.entries[0]!.balanceMinor).toBe(s.balanceMinor);
      const card = (await admin.get<MemberCard>(`/api/member-cards/${x.card.id}`)).data;
      expect(card.points).toBe(one<{ s: number }>('SELECT COALESCE(SUM(delta), 0) AS s FROM points_entries WHERE card_id = ?', x.card.id).s);
      expect(card.points).toBeGreaterThanOrEqual(0);
    }
    // Stored value spent equals the stored_value payments still standing.
    const spent = one<{ s: number }>("SELECT COALESCE(SUM(-amount_minor), 0) AS s FROM stored_value_entries WHERE kind = 'spend' OR (kind = 'reversal' AND reverses IN (SELECT id FROM stored_value_entries WHERE kind = 'spend'))").s;
    expect(spent).toBe(t.fromCards.find((f) => f.method === 'stored_value')!.amountMinor);

    // Closed as counted: the day is frozen and reads the same.
    const closed = await admin.post<DayTakings>('/api/closings', { day: '2026-12-02' });
    expect(closed.status, JSON.stringify(closed.error)).toBe(201);
    expect(closed.data.lines.map((l) => l.expectedMinor)).toEqual(t.lines.map((l) => l.expectedMinor));
    expect(closed.data.lines.every((l) => l.differenceMinor === 0)).toBe(true);
    expect((await admin.post(`/api/orders/${orders[0]!.id}/payments`, { amountMinor: 1, method: 'cash' })).status).toBe(409);
    console.log(`day of trade (seed ${SEED}): ${orders.length} bills, ${payments.length} payments taken, ${refused} refused, ${a.rows.length} orders owing`);
  });
});
