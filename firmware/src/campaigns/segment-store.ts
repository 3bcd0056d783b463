// Saved segments (S3): a name and a filter. And the live count with the first recipients, for a
// saved or an ad-hoc filter. The SQL comes from segment-sql.ts.
import type { Segment, SegmentCount, SegmentFilter, SegmentInput, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { ConflictError, NotFoundError } from '../errors.js';
import type { Clock } from '../util/clock.js';
import { segmentFilterSchema } from './segment-filter.js';
import { segmentCountSql, segmentPageSql } from './segment-sql.js';

interface Row {
  id: number;
  name: string;
  filter: string;
  created_at: string;
  updated_at: string;
}

const toSegment = (r: Row): Segment => ({
  id: r.id, name: r.name, filter: segmentFilterSchema.parse(JSON.parse(r.filter)), createdAt: r.created_at, updatedAt: r.updated_at,
});

export class SegmentStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  list(): Segment[] {
    return (this.db.prepare('SELECT * FROM segments ORDER BY name COLLATE NOCASE, id').all() as Row[]).map(toSegment);
  }

  get(id: number): Segment {
    const r = this.db.prepare('SELECT * FROM segments WHERE id = ?').get(id) as Row | undefined;
    if (!r) throw new NotFoundError(`segment ${id}`);
    return toSegment(r);
  }

  create(actor: UserRef, input: SegmentInput): Segment {
    const now = this.clock().toISOString();
    return this.db.transaction(() => {
      this.assertFreeName(input.name, null);
      const r = this.db
        .prepare('INSERT INTO segments (name, filter, created_at, created_by, updated_at, updated_by) VALUES (?, ?, ?, ?, ?, ?)')
        .run(input.name, JSON.stringify(input.filter), now, actor.id, now, actor.id);
      const id = Number(r.lastInsertRowid);
      this.audit.record(actor, { action: 'create', entity: 'segment', entityId: id, summary: `segment "${input.name}" saved`, detail: { filter: input.filter } });
      return this.get(id);
    }).immediate();
  }

  update(actor: UserRef, id: number, patch: Partial<SegmentInput>): Segment {
    return this.db.transaction(() => {
      const before = this.get(id);
      const name = patch.name ?? before.name;
      const filter = patch.filter ?? before.filter;
      this.assertFreeName(name, id);
      this.db.prepare('UPDATE segments SET name = ?, filter = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(name, JSON.stringify(filter), this.clock().toISOString(), actor.id, id);
      this.audit.record(actor, { action: 'update', entity: 'segment', entityId: id, summary: `segment "${name}" changed`, detail: { before: before.filter, after: filter } });
      return this.get(id);
    }).immediate();
  }

  delete(actor: UserRef, id: number): void {
    this.db.transaction(() => {
      const before = this.get(id);
      this.db.prepare('DELETE FROM segments WHERE id = ?').run(id);
      this.audit.record(actor, { action: 'delete', entity: 'segment', entityId: id, summary: `segment "${before.name}" deleted` });
    }).immediate();
  }

  /** How many customers the filter holds now, and the first `first` of them (by customer id). */
  count(filter: SegmentFilter, first = 10): SegmentCount {
    const now = this.clock();
    const c = segmentCountSql(filter, now);
    const count = (this.db.prepare(c.sql).get(...c.params) as { n: number }).n;
    const p = segmentPageSql(filter, now, 0, first);
    const rows = this.db.prepare(p.sql).all(...p.params) as { id: number; customer_no: string; name: string; phone: string | null }[];
    return { count, first: rows.map((r) => ({ id: r.id, customerNo: r.customer_no, name: r.name, phone: r.phone })) };
  }

  private assertFreeName(name: string, self: number | null): void {
    const other = this.db.prepare('SELECT id FROM segments WHERE name = ? COLLATE NOCASE').get(name) as { id: number } | undefined;
    if (other && other.id !== self) throw new ConflictError(`a segment named "${name}" exists already`, 'duplicate_name');
  }
}
