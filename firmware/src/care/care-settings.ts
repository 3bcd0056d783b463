// The studio's settings for SMS the box sends by itself: quiet hours, the store's phone
// ({store_phone}). One JSON row in `settings` (key 'care'), validated by one zod schema that
// also gives the defaults: a box that never saved them has 21:00–08:00 quiet hours.
import { z } from 'zod';
import type { CareSettings, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';
import { lineText } from '../util/text-schemas.js';
import { parseHhmm } from './quiet-hours.js';

const hhmm = z.string().refine((s) => parseHhmm(s) !== null, 'not a time of day (HH:MM, 00:00–23:59)');

export const careSettingsSchema = z
  .object({
    quietHours: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '21:00', end: '08:00' }),
    storePhone: lineText(40).default(''),
  })
  .strict();

const KEY = 'care';

export class CareSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Read every time (a row read is cheap; the CLI and the daemon both write it). */
  get(): CareSettings {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    return careSettingsSchema.parse(row ? JSON.parse(row.value) : {});
  }

  /** `next` validated by the route with careSettingsSchema. */
  save(actor: UserRef | null, next: CareSettings): CareSettings {
    return this.db.transaction(() => {
      const before = this.get();
      this.db
        .prepare(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(KEY, JSON.stringify(next), isoNow(this.clock), actor?.id ?? null);
      this.audit.record(actor, { action: 'update', entity: 'settings', summary: 'SMS care settings changed (quiet hours, store phone)', detail: { before, after: next } });
      return next;
    }).immediate();
  }
}
