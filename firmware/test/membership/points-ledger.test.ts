// The points ledger (M1) against a real SQLite database: random sequences of earns, deducts,
// reversals, closings and bad inputs, checked step by step against a model of the rules. After
// every step the balance is the sum of the lines and never negative, a refused operation wrote
// nothing (neither a line nor an audit line), and each line is reversed at most once.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PointsEntry, UserRef } from '../../src/api-types.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { AppError } from '../../src/errors.js';
import { EventHub } from '../../src/events/event-hub.js';
import { createLogger } from '../../src/log.js';
import { MembershipService } from '../../src/membership/membership-service.js';

let dir: string;
let db: Db;
let svc: MembershipService;
let events: EventHub;
let actor: UserRef;
let customerId: number;
let typeId: number;

const clock = () => new Date();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'sb-points-'));
  db = openDatabase(join(dir, 'box.db'));
  // Thousands of small transactions: no fsync per commit in this test (the logic is the same).
  db.pragma('synchronous = OFF');
  migrate(db, migrations);
  const now = new Date().toISOString();
  const u = db
    .prepare(`INSERT INTO users (username, display_name, password_hash, is_admin, created_at, updated_at) VALUES ('desk', 'Lan', 'x', 0, ?, ?)`)
    .run(now, now);
  actor = { id: Number(u.lastInsertRowid), name: 'Lan' };
  const c = db
    .prepare(`INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES ('C000001', 'Trần Thị Hoa', ?, ?, ?)`)
    .run(now, now, now);
  customerId = Number(c.lastInsertRowid);
  events = new EventHub(clock, createLogger('silent'));
  svc = new MembershipService(db, new AuditLog(db, clock), events, clock);
  typeId = svc.createType(actor, { name: 'Gold' }).id;
});

afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const count = (table: string): number => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

type Op =
  | { t: 'add'; card: 0 | 1; delta: number; reason: string }
  | { t: 'reverse'; pick: number; reason: string }
  | { t: 'close'; card: 0 | 1 };

const goodReason = fc.constantFrom('wedding package', 'birthday gift', 'slip of the finger', '  redeemed: album  ');
const badReason = fc.constantFrom('', '   ', 'x'.repeat(201));
const reason = fc.oneof({ weight: 9, arbitrary: goodReason }, { weight: 1, arbitrary: badReason });
const card = fc.constantFrom<0 | 1>(0, 0, 0, 1);

const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 10, arbitrary: fc.record({ t: fc.constant('add' as const), card, delta: fc.integer({ min: 1, max: 1000 }), reason }) },
  // Deducts often larger than the balance: those must be refused.
  { weight: 10, arbitrary: fc.record({ t: fc.constant('add' as const), card, delta: fc.integer({ min: -1500, max: -1 }), reason }) },
  // Bad deltas: zero, fractions, too big, not a number at all.
  {
    weight: 2,
    arbitrary: fc.record({
      t: fc.constant('add' as const),
      card,
      delta: fc.constantFrom(0, 1.5, -0.25, 10_000_001, -10_000_001, Number.NaN, 2 ** 53),
      reason: goodReason,
    }),
  },
  // Which line to take back: resolved against the lines written so far (see lineAt).
  { weight: 8, arbitrary: fc.record({ t: fc.constant('reverse' as const), pick: fc.nat(), reason }) },
  // Rare, so most sequences go on long enough with open cards.
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), card }) },
);

interface ModelLine {
  id: number;
  card: 0 | 1;
  delta: number;
  kind: PointsEntry['kind'];
  reversedBy: number | null;
}

interface Model {
  lines: ModelLine[];
  closed: [boolean, boolean];
}

/** The line a reversal picks: one of those written, or (one time in a few) none: an unknown id. */
const lineAt = (m: Model, pick: number): ModelLine | undefined => m.lines[pick % (m.lines.length + 1)];

const balanceOf = (m: Model, c: 0 | 1) => m.lines.filter((l) => l.card === c).reduce((s, l) => s + l.delta, 0);
const reasonOk = (r: string) => r.trim().length >= 1 && r.trim().length <= 200;
const deltaOk = (d: number) => Number.isSafeInteger(d) && d !== 0 && Math.abs(d) <= 10_000_000;

/** What the rules say an operation must end in: 'ok' or the error code, in the service's order of checks. */
function expected(m: Model, o: Op): string {
  switch (o.t) {
    case 'add':
      if (!deltaOk(o.delta) || !reasonOk(o.reason)) return 'validation';
      if (m.closed[o.card]) return 'card_closed';
      return balanceOf(m, o.card) + o.delta < 0 ? 'insufficient_points' : 'ok';
    case 'reverse': {
      if (!reasonOk(o.reason)) return 'validation';
      const l = lineAt(m, o.pick);
      if (!l) return 'not_found';
      if (l.kind === 'reversal') return 'not_reversible';
      if (l.reversedBy !== null) return 'already_reversed';
      if (m.closed[l.card]) return 'card_closed';
      return balanceOf(m, l.card) - l.delta < 0 ? 'insufficient_points' : 'ok';
    }
    case 'close':
      return m.closed[o.card] ? 'card_closed' : 'ok';
  }
}

function outcome(fn: () => unknown): { code: string; value: unknown } {
  try {
    return { code: 'ok', value: fn() };
  } catch (err) {
    if (err instanceof AppError) return { code: err.code, value: err };
    throw err;
  }
}

describe('points ledger (property)', () => {
  it('keeps balance = sum of lines ≥ 0, refuses without writing, reverses each line at most once', () => {
    let published = 0;
    events.subscribe((e) => {
      if (e.type === 'membership.changed') published++;
    });
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 40, size: 'max' }), (ops) => {
        // Fresh cards per run: each sequence starts from empty ledgers.
        const cards = [svc.issue(actor, customerId, { typeId }).id, svc.issue(actor, customerId, { typeId }).id] as const;
        const m: Model = { lines: [], closed: [false, false] };
        // Unknown line ids: beyond every line in the table.
        const unknownId = () => 1_000_000_000;

        for (const o of ops) {
          const want = expected(m, o);
          const before = { lines: count('points_entries'), audit: count('audit_log'), events: published };
          const got = outcome(() => {
            if (o.t === 'add') return svc.addPoints(actor, cards[o.card], { delta: o.delta, reason: o.reason });
            if (o.t === 'close') return svc.close(actor, cards[o.card]);
            return svc.reversePoints(actor, lineAt(m, o.pick)?.id ?? unknownId(), o.reason);
          });
          expect(got.code, `${JSON.stringify(o)}: ${got.value instanceof Error ? got.value.message : ''}`).toBe(want);

          if (got.code !== 'ok') {
            // Refused: nothing written, nothing announced.
            expect([count('points_entries'), count('audit_log'), published]).toEqual([before.lines, before.audit, before.events]);
          } else {
            expect(count('audit_log')).toBe(before.audit + 1);
            expect(published).toBe(before.events + 1);
            if (o.t === 'close') {
              m.closed[o.card] = true;
              expect(count('points_entries')).toBe(before.lines);
            } else {
              expect(count('points_entries')).toBe(before.lines + 1);
              const e = got.value as PointsEntry;
              if (o.t === 'add') {
                expect(e).toMatchObject({ delta: o.delta, kind: o.delta > 0 ? 'earn' : 'deduct', reason: o.reason.trim(), reverses: null, reversedBy: null });
                m.lines.push({ id: e.id, card: o.card, delta: o.delta, kind: e.kind, reversedBy: null });
              } else {
                const target = lineAt(m, o.pick)!;
                expect(e).toMatchObject({ delta: -target.delta, kind: 'reversal', reverses: target.id, cardId: cards[target.card] });
                target.reversedBy = e.id;
                m.lines.push({ id: e.id, card: target.card, delta: e.delta, kind: 'reversal', reversedBy: null });
              }
              // The line reports the balance after it.
              expect(e.balance).toBe(balanceOf(m, m.lines.at(-1)!.card));
            }
          }

          for (const c of [0, 1] as const) {
            const id = cards[c];
            const model = balanceOf(m, c);
            const sum = (db.prepare('SELECT COALESCE(SUM(delta), 0) AS n FROM points_entries WHERE card_id = ?').get(id) as { n: number }).n;
            expect(svc.balance(id)).toBe(model);
            expect(sum).toBe(model);
            expect(svc.get(id).points).toBe(model);
            expect(model).toBeGreaterThanOrEqual(0);
          }
        }

        // The ledgers as the service shows them: newest first, running balances, reversal links.
        for (const c of [0, 1] as const) {
          const ledger = svc.ledger(cards[c], 1000);
          const mine = m.lines.filter((l) => l.card === c);
          expect(ledger.map((e) => e.id)).toEqual(mine.map((l) => l.id).reverse());
          let running = 0;
          const balances = mine.map((l) => (running += l.delta));
          expect(ledger.map((e) => e.balance)).toEqual(balances.reverse());
          expect(ledger.map((e) => e.reversedBy)).toEqual(mine.map((l) => l.reversedBy).reverse());
          expect(ledger.every((e) => e.balance >= 0)).toBe(true);
          // A smaller page is the newest part of the same ledger.
          expect(svc.ledger(cards[c], 3)).toEqual(ledger.slice(0, 3));
        }
        // Each line reversed at most once, and only earns and deducts are.
        const reversed = db.prepare('SELECT e.reverses, o.kind FROM points_entries e JOIN points_entries o ON o.id = e.reverses').all() as { reverses: number; kind: string }[];
        expect(new Set(reversed.map((r) => r.reverses)).size).toBe(reversed.length);
        expect(reversed.every((r) => r.kind !== 'reversal')).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
});

describe('points ledger: the database refuses wrong lines whatever the code does', () => {
  // Lines cannot be deleted, so a wrong one would stay for good: migration 008's triggers.
  const insert = (cardId: number, delta: number, kind: string, reverses: number | null) =>
    db
      .prepare(`INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by) VALUES (?, ?, ?, 'direct', ?, ?, NULL)`)
      .run(cardId, delta, kind, reverses, new Date().toISOString());

  it('no change or deletion of a line', () => {
    const a = svc.issue(actor, customerId, { typeId }).id;
    const e = svc.addPoints(actor, a, { delta: 10, reason: 'x' });
    expect(() => db.prepare('UPDATE points_entries SET delta = 1000 WHERE id = ?').run(e.id)).toThrow(/append-only/);
    expect(() => db.prepare('DELETE FROM points_entries WHERE id = ?').run(e.id)).toThrow(/append-only/);
    expect(svc.balance(a)).toBe(10);
  });

  it('a reversal must take back exactly one earn or deduct of its own card', () => {
    const a = svc.issue(actor, customerId, { typeId }).id;
    const b = svc.issue(actor, customerId, { typeId }).id;
    const earn = svc.addPoints(actor, a, { delta: 50, reason: 'x' });
    svc.addPoints(actor, b, { delta: 50, reason: 'x' });
    const lines = count('points_entries');
    expect(() => insert(b, -50, 'reversal', earn.id)).toThrow(/its own card/); // another card's line
    expect(() => insert(a, -40, 'reversal', earn.id)).toThrow(/opposite delta/); // not the whole line
    expect(() => insert(a, 50, 'reversal', earn.id)).toThrow(/opposite delta/); // the same sign
    const rev = svc.reversePoints(actor, earn.id, 'mistake');
    expect(() => insert(a, 50, 'reversal', rev.id)).toThrow(/earn or deduct/); // a reversal of a reversal
    svc.addPoints(actor, a, { delta: 100, reason: 'enough to take 50 again' });
    expect(() => insert(a, -50, 'reversal', earn.id)).toThrow(/UNIQUE/); // twice
    expect(() => insert(a, 5, 'earn', earn.id)).toThrow(/CHECK/); // an earn pointing at a line
    expect(count('points_entries')).toBe(lines + 2);
  });

  it('no balance below zero, and no line on a closed card', () => {
    const a = svc.issue(actor, customerId, { typeId }).id;
    insert(a, 30, 'earn', null);
    expect(() => insert(a, -31, 'deduct', null)).toThrow(/below zero/);
    insert(a, -30, 'deduct', null);
    expect(svc.balance(a)).toBe(0);
    insert(a, 5, 'earn', null);
    svc.close(actor, a);
    expect(() => insert(a, 5, 'earn', null)).toThrow(/closed card/);
    expect(() => insert(a, -5, 'deduct', null)).toThrow(/closed card/);
    expect(svc.balance(a)).toBe(5);
  });
});
