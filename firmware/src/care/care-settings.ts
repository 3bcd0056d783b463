// The studio's settings for SMS the box sends by itself: quiet hours, the store's phone
// ({store_phone}). One JSON row in `settings` (key 'care'), validated by one zod schema that
// also gives the defaults: a box that never saved them has 21:00–08:00 quiet hours.
import { z } from 'zod';
import { AUTO_SMS_KINDS, type AutoSmsKind, type AutoSmsRule, type CareSettings } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { JsonSettingsStore } from '../settings/json-settings.js';
import type { Clock } from '../util/clock.js';
import { lineText } from '../util/text-schemas.js';
import { parseHhmm } from './quiet-hours.js';

const hhmm = z.string().refine((s) => parseHhmm(s) !== null, 'not a time of day (HH:MM, 00:00–23:59)');

const rule = z.object({ enabled: z.boolean(), templateId: z.number().int().positive().nullable(), hour: z.number().int().min(0).max(23) }).strict();

/** Every automatic message is off until the studio turns it on; the day-before ones at 10:00, the blessing at 09:00. */
export const DEFAULT_AUTO_RULES: Record<AutoSmsKind, AutoSmsRule> = Object.fromEntries(
  AUTO_SMS_KINDS.map((k) => [k, { enabled: false, templateId: null, hour: k === 'birthday_blessing' ? 9 : 10 }]),
) as Record<AutoSmsKind, AutoSmsRule>;

// Each kind defaults on its own, so settings saved by an older version (without a kind) still read.
const automatic = z
  .object(Object.fromEntries(AUTO_SMS_KINDS.map((k) => [k, rule.default(DEFAULT_AUTO_RULES[k])])) as Record<AutoSmsKind, z.ZodDefault<typeof rule>>)
  .strict();

export const careSettingsSchema = z
  .object({
    quietHours: z.object({ start: hhmm, end: hhmm }).strict().default({ start: '21:00', end: '08:00' }),
    storePhone: lineText(40).default(''),
    /** The owner's mobile (E.164 once saved; the route checks it against the studio's country); '' none. */
    ownerPhone: z.string().trim().max(40).default(''),
    balanceDueEveryDays: z.number().int().min(1).max(365).default(7),
    automatic: automatic.default(DEFAULT_AUTO_RULES),
  })
  .strict();

export class CareSettingsStore extends JsonSettingsStore<CareSettings> {
  constructor(db: Db, audit: AuditLog, clock: Clock) {
    super(db, audit, clock, 'care', careSettingsSchema, 'settings of the SMS the box sends by itself changed');
  }
}
