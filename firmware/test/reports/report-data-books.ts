// The fixed data set of the orders, money, points and staff reports (R1), on top of
// report-data.ts's customers (ids c[0..5]), written straight into a set-up box's database.
// The studio is in Asia/Shanghai (UTC+8): an instant at 16:00Z or later is the next studio day.
// The box's clock is NOW; the range the tests read is 2026-01-01..2026-03-31. The hand-computed
// answers are in report-books.test.ts.
import type { Db } from '../../src/db/connection.js';

/** The box's now in these tests (15 April 2026, 10:00 in Shanghai). */
export const NOW = '2026-04-15T02:00:00.000Z';

export interface BookIds {
  orders: number[];
}

/**
 * Orders (CNY; made by; state; stage since):
 *   o1 c1 Jan 10 12:00   1,000.00 admin  selected   stage "selected" since Mar 1 04:00Z
 *   o2 c2 Feb 1 08:00      500.00 lan    booked     stage "booked" since Feb 1 00:00Z
 *   o3 c3 Mar 31 23:30     200.00 lan    delivered  stage "picked_up" since Mar 31 15:30Z
 *   o4 c1 Jan 1 01:00      800.00 admin  cancelled  no stage
 *   o5 c5 Dec 31 23:00     400.00 admin  shot       (out of the range)
 *   o7 c1 Mar 20 12:00     100.00 admin  booked     stage "booked" since Mar 20 04:00Z
 * Payments: p1 o1 300.00 cash Jan 10 (admin); p2 o3 200.00 card Mar 31 23:30 (lan); p3 o1
 * 100.00 wechat Feb 15 (lan) and its reversal p4 Feb 16 (lan); p5 o5 50.00 cash Apr 1 00:00
 * (admin, out). Cash book: "Prints sold" income 150.00 Feb 1 00:30; "Rent" expense 3,000.00
 * Feb 1 10:00 and 500.00 Dec 31 23:59 (out).
 * Points (one card): earn 100 Jan 5; earn 50 Feb 1 00:00; deduct 30 Feb 10; the earn of 50
 * reversed Mar 2; the deduct reversed Mar 3; earn 70 Apr 1 00:00 (out).
 * Selections: finished by lan Mar 1; finished by admin Apr 2 (out); one open.
 * Workflow moves (order_stage_moves, as the workflow writes them): booked 1 day (o4, Jan 2), 2 days (o1, Jan 12), 4.5 days
 * (o3, Mar 5); shot 48 days (o1, Mar 1); ready 1.6458 days (o3, Mar 31 23:30); one from no
 * stage (Feb 20, not counted); booked 11.625 days on Dec 31 23:00 (out).
 */
export function insertBooks(db: Db, customers: number[], adminId: number, lanId: number): BookIds {
  const stage = (key: string) => (db.prepare('SELECT id FROM workflow_stages WHERE key = ?').get(key) as { id: number }).id;
  const [c1, c2, c3, , c5] = customers as [number, number, number, number, number, number];
  const order = db.prepare(
    `INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, created_at, created_by, updated_at, stage_id, stage_since)
     VALUES (?, ?, 'Package', ?, ?, ?, 'CNY', ?, ?, ?, ?, ?)`,
  );
  const o = (no: string, c: number, state: string, total: number, at: string, by: number, stageKey: string | null, since: string | null) =>
    Number(order.run(no, c, state, since ?? at, total, at, by, at, stageKey ? stage(stageKey) : null, since).lastInsertRowid);
  const o1 = o('B1', c1, 'selected', 1000_00, '2026-01-10T04:00:00.000Z', adminId, 'selected', '2026-03-01T04:00:00.000Z');
  const o2 = o('B2', c2, 'booked', 500_00, '2026-02-01T00:00:00.000Z', lanId, 'booked', '2026-02-01T00:00:00.000Z');
  const o3 = o('B3', c3, 'delivered', 200_00, '2026-03-31T15:30:00.000Z', lanId, 'picked_up', '2026-03-31T15:30:00.000Z');
  const o4 = o('B4', c1, 'cancelled', 800_00, '2025-12-31T17:00:00.000Z', adminId, null, null);
  const o5 = o('B5', c5, 'shot', 400_00, '2025-12-31T15:00:00.000Z', adminId, 'shot', '2025-12-31T15:00:00.000Z');
  const o7 = o('B7', c1, 'booked', 100_00, '2026-03-20T04:00:00.000Z', adminId, 'booked', '2026-03-20T04:00:00.000Z');

  const pay = db.prepare(
    `INSERT INTO payments (order_id, kind, amount_minor, currency, method, reverses, at, created_at, created_by, created_by_name) VALUES (?, ?, ?, 'CNY', ?, ?, ?, ?, ?, ?)`,
  );
  const p = (orderId: number, amount: number, method: string, at: string, by: [number, string], reverses: number | null = null) =>
    Number(pay.run(orderId, reverses ? 'reversal' : 'payment', amount, method, reverses, at, at, by[0], by[1]).lastInsertRowid);
  const admin: [number, string] = [adminId, 'Boss'];
  const lan: [number, string] = [lanId, 'lan'];
  p(o1, 300_00, 'cash', '2026-01-10T04:00:00.000Z', admin);
  p(o3, 200_00, 'card', '2026-03-31T15:30:00.000Z', lan);
  const p3 = p(o1, 100_00, 'wechat', '2026-02-15T04:00:00.000Z', lan);
  p(o1, -100_00, 'wechat', '2026-02-16T04:00:00.000Z', lan, p3);
  p(o5, 50_00, 'cash', '2026-03-31T16:00:00.000Z', admin);

  const cat = db.prepare(`INSERT INTO money_categories (kind, name, created_at, updated_at) VALUES (?, ?, ?, ?)`);
  const prints = Number(cat.run('income', 'Prints sold', NOW, NOW).lastInsertRowid);
  const rent = Number(cat.run('expense', 'Rent', NOW, NOW).lastInsertRowid);
  const book = db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, at, created_at, created_by, created_by_name) VALUES (?, ?, ?, 'CNY', 'cash', ?, ?, ?, 'Boss')`);
  book.run('income', prints, 150_00, '2026-01-31T16:30:00.000Z', NOW, adminId);
  book.run('expense', rent, -3000_00, '2026-02-01T02:00:00.000Z', NOW, adminId);
  book.run('expense', rent, -500_00, '2025-12-31T15:59:00.000Z', NOW, adminId);

  const type = Number(db.prepare(`INSERT INTO member_card_types (name, created_at, updated_at) VALUES ('Gold', ?, ?)`).run(NOW, NOW).lastInsertRowid);
  const card = Number(db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES ('M1', ?, ?, 'active', ?, ?, ?)`).run(c1, type, NOW, NOW, NOW).lastInsertRowid);
  const pts = db.prepare(`INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at) VALUES (?, ?, ?, 'test', ?, ?)`);
  const pt = (delta: number, kind: string, at: string, reverses: number | null = null) => Number(pts.run(card, delta, kind, reverses, at).lastInsertRowid);
  pt(100, 'earn', '2026-01-05T04:00:00.000Z');
  const e50 = pt(50, 'earn', '2026-01-31T16:00:00.000Z');
  const d30 = pt(-30, 'deduct', '2026-02-10T04:00:00.000Z');
  pt(-50, 'reversal', '2026-03-02T04:00:00.000Z', e50);
  pt(30, 'reversal', '2026-03-03T04:00:00.000Z', d30);
  pt(70, 'earn', '2026-03-31T16:00:00.000Z');

  const sel = db.prepare(
    `INSERT INTO selection_sessions (order_id, customer_id, folder, state, currency, created_at, updated_at, finished_at, finished_by) VALUES (?, ?, 'f', ?, 'CNY', ?, ?, ?, ?)`,
  );
  sel.run(o1, c1, 'finished', '2026-02-20T04:00:00.000Z', NOW, '2026-03-01T04:00:00.000Z', lanId);
  sel.run(o3, c3, 'finished', '2026-03-20T04:00:00.000Z', NOW, '2026-04-02T04:00:00.000Z', adminId);
  sel.run(o2, c2, 'open', '2026-03-21T04:00:00.000Z', NOW, null, null);

  const moves = db.prepare(`INSERT INTO order_stage_moves (order_id, from_stage_id, to_stage_id, since, at, seconds) VALUES (?, ?, ?, ?, ?, ?)`);
  const move = (orderId: number, at: string, fromKey: string | null, since: string | null, toKey: string) =>
    moves.run(orderId, fromKey ? stage(fromKey) : null, stage(toKey), since, at, since ? (Date.parse(at) - Date.parse(since)) / 1000 : null);
  move(o4, '2026-01-02T00:00:00.000Z', 'booked', '2026-01-01T00:00:00.000Z', 'shot');
  move(o1, '2026-01-12T04:00:00.000Z', 'booked', '2026-01-10T04:00:00.000Z', 'shot');
  move(o1, '2026-03-01T04:00:00.000Z', 'shot', '2026-01-12T04:00:00.000Z', 'selected');
  move(o3, '2026-03-05T12:00:00.000Z', 'booked', '2026-03-01T00:00:00.000Z', 'shot');
  move(o3, '2026-03-31T15:30:00.000Z', 'ready', '2026-03-30T00:00:00.000Z', 'picked_up');
  move(o2, '2026-02-20T04:00:00.000Z', null, null, 'booked');
  move(o5, '2025-12-31T15:00:00.000Z', 'booked', '2025-12-20T00:00:00.000Z', 'shot');
  return { orders: [o1, o2, o3, o4, o5, o7] };
}
