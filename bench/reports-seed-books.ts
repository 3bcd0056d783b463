// The reports bench's year of workflow moves, points, cash book and selections (issue 20): what
// the orders, income and expenses, points and staff reports read, seeded straight into SQLite
// after the orders (bench/reports-bench.ts). Staff: seven users made after the box's setup
// (staffAfterSetup), who then made the orders, took the payments and finished the selections.
import type { Db } from '../firmware/src/db/connection.js';

const DAY = 86_400_000;

/** Stage moves (audit lines "stage" and order_stage_moves, as the workflow writes them), points, cash book, selections. */
export function seedBooks(db: Db, rand: () => number, now: number, customers: number): void {
  const stages = db.prepare('SELECT id FROM workflow_stages ORDER BY position').all() as { id: number }[];
  const position = new Map(stages.map((s, i) => [s.id, i]));
  const orders = db.prepare(`SELECT id, customer_id, created_at, stage_id FROM orders WHERE stage_id IS NOT NULL`).all() as { id: number; customer_id: number; created_at: string; stage_id: number }[];
  const iso = (ms: number) => new Date(ms).toISOString();
  db.transaction(() => {
    const a = db.prepare(`INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, summary, detail) VALUES (?, NULL, 'admin', 'stage', 'order', ?, ?, ?)`);
    const m = db.prepare(`INSERT INTO order_stage_moves (order_id, from_stage_id, to_stage_id, since, at, seconds) VALUES (?, ?, ?, ?, ?, ?)`);
    for (const o of orders) {
      let since = Date.parse(o.created_at);
      const last = position.get(o.stage_id) ?? 0;
      for (let p = 0; p < last; p++) {
        const at = since + (0.2 + rand() * 10) * DAY;
        if (at >= now) break;
        const from = stages[p]!.id;
        const to = stages[p + 1]!.id;
        a.run(iso(at), o.id, `order B${o.id}: ${p} → ${p + 1}`, JSON.stringify({ from: { stageId: from, state: 'booked', dueAt: null, assigneeId: null, since: iso(since) }, to: { stageId: to, state: 'shot', dueAt: null, assigneeId: null, since: iso(at) } }));
        m.run(o.id, from, to, iso(since), iso(at), Math.round((at - since) / 1000));
        since = at;
      }
    }
  })();
  const past = () => iso(now - rand() * 365 * DAY);
  db.transaction(() => {
    const t = iso(now - 400 * DAY);
    const type = Number(db.prepare(`INSERT INTO member_card_types (name, created_at, updated_at) VALUES ('Gold', ?, ?)`).run(t, t).lastInsertRowid);
    const card = db.prepare(`INSERT INTO member_cards (card_no, customer_id, type_id, state, issued_at, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?, ?)`);
    const cards = Math.min(20_000, customers);
    for (let i = 1; i <= cards; i++) card.run(`M${i}`, i, type, t, t, t);
    // In time order, each card's balance never below zero.
    const times = Array.from({ length: cards * 5 }, past).sort();
    const balance = new Array<number>(cards + 1).fill(0);
    const pts = db.prepare(`INSERT INTO points_entries (card_id, delta, kind, reason, at) VALUES (?, ?, ?, 'bench', ?)`);
    for (const at of times) {
      const c = 1 + Math.floor(rand() * cards);
      const spend = balance[c]! > 50 && rand() < 0.3;
      const delta = spend ? -Math.ceil(rand() * balance[c]!) : 1 + Math.floor(rand() * 200);
      balance[c]! += delta;
      pts.run(c, delta, spend ? 'deduct' : 'earn', at);
    }
    const cat = db.prepare(`INSERT INTO money_categories (kind, name, created_at, updated_at) VALUES (?, ?, ?, ?)`);
    const rent = Number(cat.run('expense', 'Rent', t, t).lastInsertRowid);
    const prints = Number(cat.run('income', 'Prints sold', t, t).lastInsertRowid);
    const book = db.prepare(`INSERT INTO cash_entries (kind, category_id, amount_minor, currency, method, at, created_at, created_by_name) VALUES (?, ?, ?, 'CNY', 'cash', ?, ?, 'admin')`);
    for (let i = 0; i < 2000; i++) {
      const at = past();
      if (i % 2) book.run('expense', rent, -100 * (1 + Math.floor(rand() * 5000)), at, at);
      else book.run('income', prints, 100 * (1 + Math.floor(rand() * 500)), at, at);
    }
    const sel = db.prepare(`INSERT INTO selection_sessions (order_id, customer_id, folder, state, currency, created_at, updated_at, finished_at) VALUES (?, ?, 'f', 'finished', 'CNY', ?, ?, ?)`);
    for (let i = 0; i < orders.length; i += 3) {
      const o = orders[i]!;
      const at = past();
      sel.run(o.id, o.customer_id, at, at, at);
    }
  })();
}

/** Seven staff (the admin's setup must come first: a box with users is set up), who made the orders, took the payments, finished the selections. */
export function staffAfterSetup(db: Db): void {
  const t = new Date().toISOString();
  db.transaction(() => {
    const u = db.prepare(`INSERT INTO users (username, display_name, password_hash, created_at, updated_at) VALUES (?, ?, 'x', ?, ?)`);
    const ids = Array.from({ length: 7 }, (_, i) => Number(u.run(`staff${i}`, `Staff ${i}`, t, t).lastInsertRowid));
    const list = JSON.stringify(ids);
    db.prepare(`UPDATE orders SET created_by = (? ->> (id % 7))`).run(list);
    db.prepare(`UPDATE selection_sessions SET finished_by = (? ->> (id % 7))`).run(list);
  })();
}
