// One JSON row of `settings` per part of the box (care, campaigns…), read through the part's zod
// schema (which also gives the defaults: a box that never saved it reads the defaults) and
// saved audited in one transaction. Read every time: a row read is cheap, and the CLI and the
// daemon both write it.
import type { z } from 'zod';
import type { UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';

export class JsonSettingsStore<T> {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly key: string,
    private readonly schema: z.ZodType<T, unknown>,
    /** The audit line of a change, e.g. "group SMS settings changed". */
    private readonly summary: string,
  ) {}

  get(): T {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(this.key) as { value: string } | undefined;
    return this.schema.parse(row ? JSON.parse(row.value) : {});
  }

  /** `next` validated by the route with the same schema. */
  save(actor: UserRef | null, next: T): T {
    return this.db.transaction(() => {
      const before = this.get();
      this.db
        .prepare(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(this.key, JSON.stringify(next), isoNow(this.clock), actor?.id ?? null);
      this.audit.record(actor, { action: 'update', entity: 'settings', summary: this.summary, detail: { before, after: next } });
      return next;
    }).immediate();
  }
}
