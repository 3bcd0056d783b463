// The till's settings (M2, M3): the points rules in the order they apply, what points are worth
// when they pay a bill, and the top-up bonuses. One zod schema gives the type, the defaults and
// the validation; kept as one row of the settings table, audited on every change.
import { z } from 'zod';
import type { UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { check } from '../membership/membership-schemas.js';
import { isoNow, type Clock } from '../util/clock.js';
import { POINTS_OPS } from './points-rules.js';

const count = (max: number) => z.number().int().min(0).max(max);
const ymd = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date, YYYY-MM-DD');

export const pointsRuleSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(80),
    op: z.enum(POINTS_OPS),
    when: z
      .object({
        on: z.enum(['bill', 'topup']).optional(),
        birthday: z.enum(['day', 'month']).optional(),
        weekdays: z.array(z.number().int().min(0).max(6)).max(7).optional(),
        hours: z.object({ from: count(24), to: count(24) }).strict().optional(),
        from: ymd.optional(),
        to: ymd.optional(),
        cardTypeIds: z.array(z.number().int().positive()).max(50).optional(),
      })
      .strict()
      .default({}),
    perMinor: z.number().int().min(1).max(1e13).optional(),
    points: count(10_000_000).optional(),
    factorPct: count(10_000).optional(),
    max: count(10_000_000).optional(),
  })
  .strict()
  .refine((r) => r.op !== 'per_amount' || (r.perMinor !== undefined && r.points !== undefined), { message: 'per_amount needs perMinor and points', path: ['perMinor'] })
  .refine((r) => r.op !== 'add' || r.points !== undefined, { message: 'add needs points', path: ['points'] })
  .refine((r) => r.op !== 'multiply' || r.factorPct !== undefined, { message: 'multiply needs factorPct', path: ['factorPct'] })
  .refine((r) => r.op !== 'cap' || r.max !== undefined, { message: 'cap needs max', path: ['max'] });

export const tillSettingsSchema = z
  .object({
    pointsRules: z.array(pointsRuleSchema).max(50).default([]),
    /** `points` points pay `minor` of a bill (100 points = 1.00 CNY: { points: 100, minor: 100 }). */
    redeem: z.object({ points: z.number().int().min(1).max(1e6), minor: z.number().int().min(1).max(1e9) }).strict().default({ points: 100, minor: 100 }),
    /** Top-up bonuses: paying at least payMinor adds bonusMinor (the largest that fits applies). */
    /** Points the referrer's card earns when a customer they brought pays their first bill in full; 0 = off. */
    referralPoints: count(1_000_000).default(0),
    topUpBonuses: z.array(z.object({ payMinor: z.number().int().min(1).max(1e13), bonusMinor: z.number().int().min(0).max(1e13) }).strict()).max(20).default([]),
  })
  .strict();

export type TillSettings = z.output<typeof tillSettingsSchema>;

const KEY = 'till';

/** The bonus a top-up of `payMinor` earns: the bonus of the largest threshold it reaches. */
export function topUpBonus(bonuses: TillSettings['topUpBonuses'], payMinor: number): number {
  let best: { payMinor: number; bonusMinor: number } | null = null;
  for (const b of bonuses) if (payMinor >= b.payMinor && (!best || b.payMinor > best.payMinor)) best = b;
  return best?.bonusMinor ?? 0;
}

/** Points needed to pay `amountMinor` at the redeem rate, rounded up (a point is never split). */
export function pointsToPay(redeem: TillSettings['redeem'], amountMinor: number): number {
  return Number((BigInt(amountMinor) * BigInt(redeem.points) + BigInt(redeem.minor) - 1n) / BigInt(redeem.minor));
}

export class TillSettingsService {
  private cached: TillSettings | undefined;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  get(): TillSettings {
    if (this.cached) return this.cached;
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as { value: string } | undefined;
    this.cached = tillSettingsSchema.parse(row ? JSON.parse(row.value) : {});
    return this.cached;
  }

  save(actor: UserRef, raw: unknown): TillSettings {
    const value = check(tillSettingsSchema, raw);
    this.db.transaction(() => {
      const before = this.get();
      this.db
        .prepare(
          `INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?)
           ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
        )
        .run(KEY, JSON.stringify(value), isoNow(this.clock), actor.id);
      this.cached = undefined;
      this.audit.record(actor, { action: 'update', entity: 'till_settings', summary: 'till settings changed (points rules, redeem rate, referral points, top-up bonuses)', detail: { before, after: value } });
    })();
    return this.get();
  }
}
