import { z } from 'zod';
import { nameText } from '../util/text-schemas.js';
import { LANGUAGES, type StudioSettings, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { isoNow, type Clock } from '../util/clock.js';
import { getCountries, type CountryCode } from 'libphonenumber-js/max';

const countries = new Set<string>(getCountries());

const isTimeZone = (tz: string): boolean => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};

export const studioSettingsSchema = z
  .object({
    studioName: nameText(100),
    language: z.enum(LANGUAGES),
    timeZone: z.string().refine(isTimeZone, 'not a known IANA time zone'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter ISO 4217 code')
      .refine((c) => Intl.supportedValuesOf('currency').includes(c), 'not a known currency'),
    country: z.string().refine((c) => countries.has(c), 'not a known country code (ISO 3166-1 alpha-2)'),
  })
  .strict();

const KEY = 'studio';

/** Suggestions for the first-run wizard, from the machine's own time zone. */
export function suggestedSettings(): StudioSettings {
  const timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  const byZone: Record<string, { country: string; currency: string; language: StudioSettings['language'] }> = {
    'Asia/Shanghai': { country: 'CN', currency: 'CNY', language: 'zh-CN' },
    'Asia/Chongqing': { country: 'CN', currency: 'CNY', language: 'zh-CN' },
    'Asia/Ho_Chi_Minh': { country: 'VN', currency: 'VND', language: 'vi' },
    'Asia/Saigon': { country: 'VN', currency: 'VND', language: 'vi' },
  };
  const guess = byZone[timeZone] ?? { country: 'CN', currency: 'CNY', language: 'zh-CN' as const };
  return { studioName: '', timeZone: isTimeZone(timeZone) ? timeZone : 'UTC', ...guess };
}

/** The studio's own settings, chosen in the first-run wizard (A3). */
export class SettingsService {
  // Read on every phone number and request; parsed once, replaced on save.
  private cached: StudioSettings | null | undefined;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  /** Null until the first-run wizard has been completed. */
  get(): StudioSettings | null {
    if (this.cached !== undefined) return this.cached;
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    this.cached = row ? studioSettingsSchema.parse(JSON.parse(row.value)) : null;
    return this.cached;
  }

  require(): StudioSettings {
    const s = this.get();
    if (!s) throw new Error('studio settings missing: first-run setup not done');
    return s;
  }

  country(): CountryCode {
    return (this.get()?.country ?? 'CN') as CountryCode;
  }

  /** Validated by the caller (route) with studioSettingsSchema. Call inside a transaction with the audit. */
  save(actor: UserRef | null, settings: StudioSettings): StudioSettings {
    const before = this.get();
    this.db
      .prepare(
        `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      )
      .run(KEY, JSON.stringify(settings), isoNow(this.clock), actor?.id ?? null);
    // Dropped rather than set: if the surrounding transaction rolls back, the next read is right.
    this.cached = undefined;
    this.audit.record(actor, {
      action: before ? 'update' : 'create',
      entity: 'settings',
      summary: `studio settings ${before ? 'changed' : 'set'}`,
      detail: { before, after: settings },
    });
    return settings;
  }
}
