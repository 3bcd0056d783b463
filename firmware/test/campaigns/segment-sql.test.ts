// The segment filter → SQL builder against a model: a real migrated SQLite database of random
// customers (stages, tags, sources, areas, business types, birthdays, visits, orders, member
// cards with points and stored value, opt-outs), and for each filter field, then for random
// combinations (fast-check), the ids the SQL finds must be exactly the ids a plain TypeScript
// reading of the same filter finds. Also: values never enter the SQL text, and each filter
// uses an index (EXPLAIN QUERY PLAN).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_TYPES, STAGES, type SegmentFilter } from '../../src/api-types.js';
import { segmentCountSql, segmentPageSql, segmentWhere } from '../../src/campaigns/segment-sql.js';
import { segmentFilterSchema } from '../../src/campaigns/segment-filter.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { seeded } from '../helpers/crash-daemon.js';

const NOW = new Date('2026-12-02T06:00:00.000Z');
const DAY = 86_400_000;
const TAGS = ['VIP', '老客户', 'khách quen', 'twins', "O'Brien"];
const SOURCES = ['', 'walk-in', '美团', 'Facebook'];
const AREAS = ['', 'District 1', '朝阳区', 'Hà Nội'];

interface ModelCustomer {
  id: number;
  stage: string;
  tags: string[];
  source: string;
  area: string;
  businessType: string | null;
  birthday: string | null;
  visits: number[]; // ms
  orders: { at: number; cancelled: boolean }[];
  cards: { typeId: number; active: boolean; points: number; balance: number }[];
  optedOut: boolean;
}

let db: Db;
const model: ModelCustomer[] = [];

beforeAll(() => {
  db = openDatabase(':memory:');
  migrate(db, migrations);
  const { rand, between } = seeded(4242);
  const pick = <T>(xs: readonly T[]): T => xs[between(0, xs.length)]!;
  const iso = (ms: number) => new Date(ms).toISOString();
  const t0 = iso(NOW.getTime());
  db.exec(`INSERT INTO member_card_types (id, name, created_at, updated_at) VALUES (1, 'Gold', '${t0}', '${t0}'), (2, 'Silver', '${t0}', '${t0}'), (3, 'Kids', '${t0}', '${t0}')`);
  const insCustomer = db.prepare(`INSERT INTO customers (id, customer_no, name, stage, tags, source, area, business_type, birthday, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insVisit = db.prepare(`INSERT INTO contact_records (customer_id, at, channel, note, created_at) VALUES (?, ?, ?, '', ?)`);
  const insOrder = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, updated_at) VALUES (?, ?, 't', ?, ?, 0, 'CNY', ?, ?)`);
  const insCard = db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?)`);
  const insPoints = db.prepare(`INSERT INTO points_entries (card_id, delta, kind, reason, at) VALUES (?, ?, 'earn', 'x', ?)`);
  const insValue = db.prepare(`INSERT INTO stored_value_entries (card_id, kind, amount_minor, currency, method, at) VALUES (?, 'topup', ?, 'CNY', 'cash', ?)`);
  const closeCard = db.prepare(`UPDATE member_cards SET state = 'closed' WHERE id = ?`);
  const optOut = db.prepare(`INSERT INTO sms_opt_outs (customer_id, at, via) VALUES (?, ?, 'staff')`);
  let orderNo = 0;
  let cardNo = 0;
  db.transaction(() => {
    for (let id = 1; id <= 400; id++) {
      const tags = TAGS.filter(() => rand() < 0.25);
      const birthday = rand() < 0.8 ? `19${between(50, 99)}-${String(between(1, 13)).padStart(2, '0')}-${String(between(1, 29)).padStart(2, '0')}` : null;
      const c: ModelCustomer = {
        id, stage: pick(STAGES), tags, source: pick(SOURCES), area: pick(AREAS),
        businessType: rand() < 0.2 ? null : pick(BUSINESS_TYPES), birthday, visits: [], orders: [], cards: [], optedOut: rand() < 0.1,
      };
      insCustomer.run(id, `C${id}`, `Customer ${id}`, c.stage, JSON.stringify(tags), c.source, c.area, c.businessType, birthday, t0, t0, t0);
      for (let i = between(0, 3); i > 0; i--) {
        const at = NOW.getTime() - between(0, 400) * DAY - between(0, DAY);
        const channel = pick(['visit', 'phone', 'visit', 'sms'] as const);
        insVisit.run(id, iso(at), channel, t0);
        if (channel === 'visit') c.visits.push(at);
      }
      for (let i = between(0, 3); i > 0; i--) {
        const at = NOW.getTime() - between(0, 400) * DAY - between(0, DAY);
        const cancelled = rand() < 0.25;
        insOrder.run(`N${++orderNo}`, id, cancelled ? 'cancelled' : 'booked', t0, iso(at), t0);
        c.orders.push({ at, cancelled });
      }
      for (let i = between(0, 3); i > 0; i--) {
        const typeId = between(1, 4);
        const cardId = Number(insCard.run(`K${++cardNo}`, id, typeId, t0, t0, t0).lastInsertRowid);
        const card = { typeId, active: true, points: 0, balance: 0 };
        for (let j = between(0, 3); j > 0; j--) {
          const p = between(1, 500);
          insPoints.run(cardId, p, t0);
          card.points += p;
        }
        if (rand() < 0.5) {
          const v = between(1, 100_000);
          insValue.run(cardId, v, t0);
          card.balance += v;
        }
        if (rand() < 0.2) {
          closeCard.run(cardId);
          card.active = false;
        }
        c.cards.push(card);
      }
      if (c.optedOut) optOut.run(id, t0);
      model.push(c);
    }
  })();
});

function modelMatch(f: SegmentFilter): number[] {
  const now = NOW.getTime();
  const days = (r: { olderThanDays?: number; withinDays?: number }, ats: number[]) => {
    const within = (n: number) => ats.some((at) => at >= now - n * DAY);
    if (r.olderThanDays !== undefined && within(r.olderThanDays)) return false;
    if (r.withinDays !== undefined && !within(r.withinDays)) return false;
    return true;
  };
  const inRange = (v: number, r: { min?: number; max?: number }) => (r.min === undefined || v >= r.min) && (r.max === undefined || v <= r.max);
  return model
    .filter((c) => {
      const active = c.cards.filter((k) => k.active);
      if (f.customerIds && !f.customerIds.includes(c.id)) return false;
      if (f.stages && !f.stages.includes(c.stage as never)) return false;
      if (f.sources && !f.sources.includes(c.source)) return false;
      if (f.areas && !f.areas.includes(c.area)) return false;
      if (f.businessTypes && !(c.businessType !== null && f.businessTypes.includes(c.businessType as never))) return false;
      if (f.birthdayMonths && !(c.birthday !== null && f.birthdayMonths.includes(Number(c.birthday.slice(5, 7))))) return false;
      if (f.tags && !c.tags.some((t) => f.tags!.includes(t))) return false;
      if (f.cardTypeIds && !active.some((k) => f.cardTypeIds!.includes(k.typeId))) return false;
      if (f.lastVisit && !days(f.lastVisit, c.visits)) return false;
      if (f.lastOrder && !days(f.lastOrder, c.orders.filter((o) => !o.cancelled).map((o) => o.at))) return false;
      if (f.points && !inRange(active.reduce((s, k) => s + k.points, 0), f.points)) return false;
      if (f.balanceMinor && !inRange(active.reduce((s, k) => s + k.balance, 0), f.balanceMinor)) return false;
      if (f.notOptedOut && c.optedOut) return false;
      return true;
    })
    .map((c) => c.id);
}

function sqlMatch(f: SegmentFilter): number[] {
  const ids: number[] = [];
  let after = 0;
  for (;;) {
    const q = segmentPageSql(f, NOW, after, 97);
    const rows = db.prepare(q.sql).all(...q.params) as { id: number }[];
    if (rows.length === 0) break;
    ids.push(...rows.map((r) => r.id));
    after = rows[rows.length - 1]!.id;
  }
  const count = segmentCountSql(f, NOW);
  expect((db.prepare(count.sql).get(...count.params) as { n: number }).n).toBe(ids.length);
  return ids;
}

const check = (f: SegmentFilter) => {
  const parsed = segmentFilterSchema.parse(f);
  const expected = modelMatch(parsed);
  expect(sqlMatch(parsed)).toEqual(expected);
  return expected.length;
};

describe('segment filter → SQL, against the model', () => {
  const cases: [string, SegmentFilter][] = [
    ['empty: everyone', {}],
    ['stages', { stages: ['lead', 'history'] }],
    ['one stage', { stages: ['shot'] }],
    ['tags (any of), with quotes and CJK', { tags: ["O'Brien", '老客户'] }],
    ['sources, including the empty one', { sources: ['', '美团'] }],
    ['areas', { areas: ['Hà Nội', 'District 1'] }],
    ['business types', { businessTypes: ['wedding', 'children'] }],
    ['birthday months', { birthdayMonths: [1, 12] }],
    ['last visit older than 90 days (never visited counts)', { lastVisit: { olderThanDays: 90 } }],
    ['last visit within 30 days', { lastVisit: { withinDays: 30 } }],
    ['last visit between 30 and 180 days ago', { lastVisit: { olderThanDays: 30, withinDays: 180 } }],
    ['last order older than 365 days (cancelled ones do not count)', { lastOrder: { olderThanDays: 365 } }],
    ['last order within 60 days', { lastOrder: { withinDays: 60 } }],
    ['card types (active cards only)', { cardTypeIds: [1, 3] }],
    ['points at least 300', { points: { min: 300 } }],
    ['points at most 0 (no card counts as 0)', { points: { max: 0 } }],
    ['points between 100 and 600', { points: { min: 100, max: 600 } }],
    ['stored value at least 50,000', { balanceMinor: { min: 50_000 } }],
    ['stored value up to 10,000', { balanceMinor: { max: 10_000 } }],
    ['not opted out', { notOptedOut: true }],
    ['notOptedOut false is no condition', { notOptedOut: false }],
    ['an imported list', { customerIds: [3, 5, 8, 13, 21, 34, 55, 89, 144, 233, 377, 9999] }],
    ['everything at once', { stages: ['history', 'lead', 'ordered'], businessTypes: ['wedding', 'portrait'], notOptedOut: true, points: { max: 2000 }, lastOrder: { olderThanDays: 10 } }],
  ];
  for (const [name, f] of cases) {
    it(name, () => {
      const n = check(f);
      // Every single-field filter selects some customers and leaves some out (the test data is rich enough).
      if (Object.keys(f).length === 1 && f.notOptedOut !== false) expect(n).toBeGreaterThan(0);
      if (Object.keys(f).length === 1 && f.notOptedOut !== false) expect(n).toBeLessThan(model.length);
    });
  }

  it('random combinations of every field (fast-check)', () => {
    const sub = <T>(xs: readonly T[]) => fc.subarray([...xs], { minLength: 1 });
    const days = fc.record({ olderThanDays: fc.integer({ min: 0, max: 450 }), withinDays: fc.integer({ min: 0, max: 450 }) }, { requiredKeys: [] }).filter((r) => Object.keys(r).length > 0);
    const range = (hi: number) =>
      fc.record({ min: fc.integer({ min: 0, max: hi }), max: fc.integer({ min: 0, max: hi }) }, { requiredKeys: [] })
        .filter((r) => Object.keys(r).length > 0 && (r.min === undefined || r.max === undefined || r.min <= r.max));
    const filter = fc.record(
      {
        stages: sub(STAGES), tags: sub(TAGS), sources: sub(SOURCES), areas: sub(AREAS), businessTypes: sub(BUSINESS_TYPES),
        birthdayMonths: sub([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]), lastVisit: days, lastOrder: days, cardTypeIds: sub([1, 2, 3, 4]),
        points: range(1500), balanceMinor: range(200_000), notOptedOut: fc.boolean(), customerIds: fc.uniqueArray(fc.integer({ min: 1, max: 450 }), { minLength: 1, maxLength: 200 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(filter, (f) => void check(f as SegmentFilter)), { numRuns: 300, seed: 1202 });
  });

  it('puts no value of the filter into the SQL text', () => {
    const evil = "x'); DROP TABLE customers; --";
    const w = segmentWhere({ tags: [evil], sources: [evil], areas: [evil], stages: ['lead'] }, NOW);
    expect(w.where).not.toContain('DROP');
    expect(w.where).not.toContain('lead');
    expect(w.params).toContain(evil);
    expect(check({ sources: [evil] })).toBe(0);
    expect((db.prepare('SELECT COUNT(*) AS n FROM customers').get() as { n: number }).n).toBe(400);
  });

  it('uses an index for each column filter', () => {
    const plan = (f: SegmentFilter) => {
      const q = segmentCountSql(f, NOW);
      return (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params) as { detail: string }[]).map((r) => r.detail).join('\n');
    };
    expect(plan({ stages: ['lead'] })).toMatch(/customers_stage/);
    expect(plan({ sources: ['美团'] })).toMatch(/customers_source/);
    expect(plan({ areas: ['Hà Nội'] })).toMatch(/customers_area/);
    expect(plan({ businessTypes: ['wedding'] })).toMatch(/customers_business_type/);
    expect(plan({ birthdayMonths: [5] })).toMatch(/customers_birth_month/);
    expect(plan({ customerIds: [1, 2] })).toMatch(/INTEGER PRIMARY KEY|rowid/i);
    expect(plan({ lastVisit: { withinDays: 3 } })).toMatch(/contact_records_visits/);
    expect(plan({ lastOrder: { withinDays: 3 } })).toMatch(/orders_customer_created/);
    expect(plan({ cardTypeIds: [1] })).toMatch(/member_cards_customer/);
    expect(plan({ points: { min: 1 } })).toMatch(/points_entries_card/);
    expect(plan({ balanceMinor: { min: 1 } })).toMatch(/stored_value_card/);
  });

  it('refuses bad filters, naming the field', () => {
    const bad = (f: unknown) => {
      const r = segmentFilterSchema.safeParse(f);
      return r.success ? null : r.error.issues.map((i) => i.path.join('.')).join(',');
    };
    expect(bad({ stages: ['nope'] })).toBe('stages.0');
    expect(bad({ birthdayMonths: [13] })).toBe('birthdayMonths.0');
    expect(bad({ points: { min: 5, max: 1 } })).toBe('points');
    expect(bad({ lastVisit: {} })).toBe('lastVisit');
    expect(bad({ tags: [] })).toBe('tags');
    expect(bad({ customerIds: [0] })).toBe('customerIds.0');
    expect(bad({ colour: 'red' })).toBe('');
  });
});
