// Each reminder kind's settings (on/off, days before, hour, repeat, SMS), kept in the settings
// table under one key. A kind never saved has its default (DEFAULT_RULES), so a box updated to a
// version with a new kind gets it without a migration.
import { z } from 'zod';
import { REMINDER_DAYS_BEFORE_MAX, REMINDER_KINDS, type ReminderKind, type ReminderRule, type ReminderRules, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';
import { DEFAULT_RULES } from './reminder-rules.js';

const KEY = 'reminders';

export const reminderRuleSchema = z
  .object({
    enabled: z.boolean(),
    daysBefore: z.number().int().min(0).max(REMINDER_DAYS_BEFORE_MAX),
    hour: z.number().int().min(0).max(23),
    repeatDaily: z.boolean(),
    sms: z.boolean(),
  })
  .strict();

/** PUT /api/reminders/rules: any kinds, each with every setting. */
export const reminderRulesPatchSchema = z.object(Object.fromEntries(REMINDER_KINDS.map((k) => [k, reminderRuleSchema.optional()]))).strict() as unknown as z.ZodType<
  Partial<Record<ReminderKind, Omit<ReminderRule, 'kind'>>>
>;

export class ReminderSettings {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  get(): ReminderRules {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    const saved = row ? (JSON.parse(row.value) as Partial<Record<ReminderKind, Omit<ReminderRule, 'kind'>>>) : {};
    const out = {} as ReminderRules;
    for (const k of REMINDER_KINDS) {
      const s = reminderRuleSchema.safeParse(saved[k]);
      out[k] = s.success ? { kind: k, ...s.data } : DEFAULT_RULES[k];
    }
    return out;
  }

  /** Validated by the route. Returns the kinds whose settings changed. Call inside a transaction. */
  save(actor: UserRef, patch: Partial<Record<ReminderKind, Omit<ReminderRule, 'kind'>>>): ReminderKind[] {
    const before = this.get();
    const after = { ...before };
    const changed: ReminderKind[] = [];
    for (const k of REMINDER_KINDS) {
      const p = patch[k];
      if (!p) continue;
      const next = { kind: k, ...p };
      if (JSON.stringify(next) !== JSON.stringify(before[k])) changed.push(k);
      after[k] = next;
    }
    if (!changed.length) return [];
    const stored = Object.fromEntries(REMINDER_KINDS.map((k) => [k, { ...after[k], kind: undefined }]));
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(KEY, JSON.stringify(stored), isoNow(this.clock), actor.id);
    this.audit.record(actor, {
      action: 'update',
      entity: 'settings',
      summary: `reminder settings changed (${changed.join(', ')})`,
      detail: { before: Object.fromEntries(changed.map((k) => [k, before[k]])), after: Object.fromEntries(changed.map((k) => [k, after[k]])) },
    });
    return changed;
  }
}
