import type { AuditEntry, AuditPage, UserRef } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';

export interface AuditRecord {
  action: string;
  entity: string;
  entityId?: number | null;
  summary: string;
  detail?: unknown;
}

interface AuditRow {
  id: number;
  at: string;
  user_id: number | null;
  user_name: string | null;
  action: string;
  entity: string;
  entity_id: number | null;
  summary: string;
  detail: string | null;
}

/**
 * Who did what. Append-only: there is no update or delete. Callers record inside the
 * same transaction as the change, so a change and its audit line land together or not at all.
 */
export class AuditLog {
  private readonly insert;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
  ) {
    this.insert = db.prepare(
      `INSERT INTO audit_log (at, user_id, user_name, action, entity, entity_id, summary, detail)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  record(actor: UserRef | null, r: AuditRecord): void {
    this.insert.run(
      isoNow(this.clock),
      actor?.id ?? null,
      actor?.name ?? null,
      r.action,
      r.entity,
      r.entityId ?? null,
      r.summary,
      r.detail === undefined ? null : JSON.stringify(r.detail),
    );
  }

  list(opts: { limit: number; before?: number | undefined; entity?: string | undefined; userId?: number | undefined }): AuditPage {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.before !== undefined) (where.push('id < ?'), args.push(opts.before));
    if (opts.entity !== undefined) (where.push('entity = ?'), args.push(opts.entity));
    if (opts.userId !== undefined) (where.push('user_id = ?'), args.push(opts.userId));
    const sql = `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`;
    const rows = this.db.prepare(sql).all(...args, opts.limit + 1) as AuditRow[];
    const more = rows.length > opts.limit;
    const items = rows.slice(0, opts.limit).map(toEntry);
    return { items, nextBefore: more ? (items.at(-1)?.id ?? null) : null };
  }
}

function toEntry(r: AuditRow): AuditEntry {
  return {
    id: r.id,
    at: r.at,
    user: r.user_id !== null || r.user_name !== null ? { id: r.user_id ?? 0, name: r.user_name ?? '' } : null,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    summary: r.summary,
    detail: r.detail === null ? null : (JSON.parse(r.detail) as unknown),
  };
}
