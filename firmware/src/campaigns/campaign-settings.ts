// The studio's price of one SMS part (the campaign cost estimate, S3). One JSON row in
// `settings` (key 'campaigns'); a box that never saved it estimates at 0.
import { z } from 'zod';
import type { CampaignSettings } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { JsonSettingsStore } from '../settings/json-settings.js';
import type { Clock } from '../util/clock.js';

export const campaignSettingsSchema = z
  .object({ pricePerPartMinor: z.number().int().min(0).max(1_000_000_000).default(0) })
  .strict();

export class CampaignSettingsStore extends JsonSettingsStore<CampaignSettings> {
  constructor(db: Db, audit: AuditLog, clock: Clock) {
    super(db, audit, clock, 'campaigns', campaignSettingsSchema, 'group SMS settings changed');
  }
}
