// The studio's price of one SMS part (the campaign cost estimate, S3). One JSON row in
// `settings` (key 'campaigns'); a box that never saved it estimates at 0.
import { z } from 'zod';
import type { CampaignSettings, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';

export const campaignSettingsSchema = z
  .object({ pricePerPartMinor: z.number().int().min(0).max(1_000_000_000).default(0) })
  .strict();

const KEY = 'campaigns';

export class CampaignSettingsStore {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  get(): CampaignSettings {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    return campaignSettingsSchema.parse(row ? JSON.parse(row.value) : {});
  }

  save(actor: UserRef | null, next: CampaignSettings): CampaignSettings {
    return this.db.transaction(() => {
      const before = this.get();
      this.db
        .prepare(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(KEY, JSON.stringify(next), isoNow(this.clock), actor?.id ?? null);
      this.audit.record(actor, { action: 'update', entity: 'settings', summary: 'group SMS settings changed', detail: { before, after: next } });
      return next;
    }).immediate();
  }
}
