// The customers a card probably belongs to, for the card dialog: the customer this card was
// copied for before, today's shoots (stage "ordered", due today in the studio's zone), then the
// customers with the most recent copies.
import type { IngestSuggestion, Stage } from '../../api-types.js';
import type { Db } from '../../db/connection.js';
import { localDate } from '../copy/library-layout.js';

export function cardSuggestions(db: Db, q: { cardId: string | null; limit: number; now: Date; timeZone: string }): IngestSuggestion[] {
  type Row = { id: number; customer_no: string; name: string; stage: Stage; stage_due_at: string | null };
  const out: IngestSuggestion[] = [];
  const seen = new Set<number>();
  const add = (r: Row | undefined, reason: IngestSuggestion['reason']) => {
    if (!r || seen.has(r.id) || out.length >= q.limit) return;
    seen.add(r.id);
    out.push({ customer: { id: r.id, customerNo: r.customer_no, name: r.name }, reason, stage: r.stage, stageDueAt: r.stage_due_at });
  };
  const cols = 'c.id, c.customer_no, c.name, c.stage, c.stage_due_at';
  if (q.cardId) {
    add(db.prepare(`SELECT ${cols} FROM ingest_jobs j JOIN customers c ON c.id = j.customer_id WHERE j.card_id = ? ORDER BY j.id DESC LIMIT 1`).get(q.cardId) as Row | undefined, 'same-card');
  }
  const today = localDate(q.now, q.timeZone);
  const from = new Date(q.now.getTime() - 36 * 3600_000).toISOString().slice(0, 19);
  const to = new Date(q.now.getTime() + 36 * 3600_000).toISOString().slice(0, 19);
  const due = db.prepare(`SELECT ${cols} FROM customers c WHERE c.stage = 'ordered' AND c.stage_due_at >= ? AND c.stage_due_at < ? ORDER BY c.stage_due_at, c.id`).all(from, to) as Row[];
  for (const r of due) if (r.stage_due_at && localDate(new Date(r.stage_due_at), q.timeZone) === today) add(r, 'today');
  const recentLimit = Math.max(0, Math.min(q.limit - out.length, 8));
  if (recentLimit > 0) {
    const recent = db
      .prepare(
        `SELECT ${cols} FROM customers c
         LEFT JOIN (SELECT customer_id, MAX(id) AS last_job FROM ingest_jobs GROUP BY customer_id) j ON j.customer_id = c.id
         ORDER BY j.last_job IS NULL, j.last_job DESC, c.updated_at DESC LIMIT ?`,
      )
      .all(recentLimit + seen.size) as Row[];
    for (const r of recent) add(r, 'recent');
  }
  return out;
}
