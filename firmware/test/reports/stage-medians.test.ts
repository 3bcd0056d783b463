// The orders report's per-stage medians (R1) are read as one OFFSET into an index (migration
// 039) instead of sorting: on random orders and stage moves, including orders without
// `stage_since`, ones that entered a stage after "now", moves without a stage left or without
// seconds, and rows outside the range, every median, count and mean equals a brute force.
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { ordersStages } from '../../src/reports/orders-stages.js';
import type { ReportEnv } from '../../src/reports/report-def.js';
import { addCustomer, testDb } from '../ingest/engine-helpers.js';

const NOW = '2026-06-01T00:00:00.000Z';
const FROM = '2026-02-01T00:00:00.000Z';
const TO = '2026-05-01T00:00:00.000Z';
const day = (n: number) => new Date(Date.parse('2026-01-01T00:00:00.000Z') + n * 3_600_000 * 6).toISOString();

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round2 = (x: number | null) => (x === null ? null : Math.round(x * 100) / 100);

describe('orders report: medians per stage from the index', () => {
  let dir: string;
  let db: Db;
  let stages: { id: number; phase: string }[];
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'sb-medians-'));
    db = testDb(join(dir, 'box.db'));
    addCustomer(db, 'C1', 'Hoa');
    stages = db.prepare('SELECT id, phase FROM workflow_stages ORDER BY position').all() as { id: number; phase: string }[];
  });
  afterAll(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('equal a brute force on random data', () => {
    const order = fc.record({ stage: fc.nat(stages.length - 1), made: fc.nat(700), since: fc.option(fc.nat(900), { nil: null }) });
    const move = fc.record({ from: fc.option(fc.nat(stages.length - 1), { nil: null }), at: fc.nat(700), seconds: fc.option(fc.nat(9), { nil: null }) });
    fc.assert(
      fc.property(fc.array(order, { maxLength: 40 }), fc.array(move, { maxLength: 40 }), (orders, moves) => {
        db.exec('DROP TRIGGER order_stage_moves_no_delete; DELETE FROM order_stage_moves; DELETE FROM orders');
        db.exec(`CREATE TRIGGER order_stage_moves_no_delete BEFORE DELETE ON order_stage_moves BEGIN SELECT RAISE(ABORT, 'stage moves are append-only'); END`);
        const addOrder = db.prepare(`INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, staff, note, created_at, updated_at, stage_id, stage_since)
          VALUES (?, 1, 't', 'booked', ?, 0, 'CNY', '', '', ?, ?, ?, ?)`);
        const ids = orders.map((o, i) => Number(addOrder.run(`N${i}`, day(o.made), day(o.made), day(o.made), stages[o.stage]!.id, o.since === null ? null : day(o.since)).lastInsertRowid));
        const addMove = db.prepare('INSERT INTO order_stage_moves (order_id, from_stage_id, to_stage_id, since, at, seconds) VALUES (?, ?, ?, NULL, ?, ?)');
        if (ids.length > 0) {
          // Seconds in whole hours, few values: many ties, as a studio's moves have.
          for (const m of moves) addMove.run(ids[0]!, m.from === null ? null : stages[m.from]!.id, stages[0]!.id, day(m.at), m.seconds === null ? null : m.seconds * 3600);
        }
        const env = { db, sql: (t: string) => db.prepare(t), language: 'en', now: new Date(NOW) } as unknown as ReportEnv;
        const got = ordersStages.run(env, { fromDay: '2026-02-01', toDay: '2026-04-30', from: FROM, to: TO, group: 'stage' });

        const inRange = (t: string) => t >= FROM && t < TO;
        const want = stages.map((s, i) => {
          const here = orders.filter((o) => o.stage === i && inRange(day(o.made)));
          const waits = here.map((o) => (o.since === null ? 0 : (Date.parse(NOW) - Date.parse(day(o.since))) / 86_400_000));
          const out = ids.length === 0 ? [] : moves.filter((m) => m.from === i && m.seconds !== null && inRange(day(m.at))).map((m) => (m.seconds! * 3600) / 86400);
          const mean = out.length ? out.reduce((a, b) => a + b, 0) / out.length : null;
          return [here.length, s.phase === 'delivered' ? null : round2(median(waits)), out.length, round2(median(out)), round2(mean)];
        });
        expect(got.rows.map((r) => r.slice(1))).toEqual(want);
      }),
      { numRuns: 150 },
    );
  });
});
