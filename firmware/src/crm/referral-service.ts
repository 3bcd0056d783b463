// Referrals (C3, old-for-new): who brought a customer, set on the customer; the referrer's page
// lists whom they brought. A customer cannot refer themselves nor be in a circle of referrals.
// The till's referral points (M2) hang on onReferred() and referrerOf() later: the hook is typed
// and called after the change is committed, never inside its transaction.
import { z } from 'zod';
import type { ReferralCustomer, ReferrerCount, Referrals, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';

export const referrerBodySchema = z.object({ referrerId: z.number().int().positive().nullable() }).strict();

/** What a listener of onReferred() is told, once the referral is saved. */
export interface ReferralSet {
  customer: ReferralCustomer;
  /** The new referrer, or null when it was cleared. */
  referrer: ReferralCustomer | null;
  /** The one before, or null. */
  previous: ReferralCustomer | null;
  actor: UserRef;
  at: string;
}
export type ReferralListener = (e: ReferralSet) => void;

/** Deeper chains than this are refused as if circular (and are not real referral chains). */
const MAX_CHAIN = 1000;

export class ReferralService {
  private readonly sql;
  private readonly listeners = new Set<ReferralListener>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly log: { warn(obj: object, msg: string): void },
  ) {
    this.sql = statementCache(db);
  }

  /** Called after each referral is set or cleared; returns the unsubscribe. A throwing listener is logged, not fatal. */
  onReferred(listener: ReferralListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Who brought this customer, or null. Unknown customer: 404. */
  referrerOf(customerId: number): ReferralCustomer | null {
    const r = this.sql('SELECT referred_by FROM customers WHERE id = ?').get(customerId) as { referred_by: number | null } | undefined;
    if (!r) throw new NotFoundError(`customer ${customerId}`);
    return r.referred_by === null ? null : this.brief(r.referred_by);
  }

  /** Both sides for a customer's page. */
  get(customerId: number): Referrals {
    const referrer = this.referrerOf(customerId);
    const referred = this.sql(`SELECT id, customer_no AS customerNo, name, referred_at AS since FROM customers WHERE referred_by = ? ORDER BY referred_at DESC, id DESC LIMIT 500`).all(customerId) as (ReferralCustomer & { since: string })[];
    return { referrer, referred };
  }

  set(actor: UserRef, customerId: number, referrerId: number | null): Referrals {
    let event: ReferralSet | null = null;
    this.db.transaction(() => {
      const customer = this.brief(customerId);
      if (!customer) throw new NotFoundError(`customer ${customerId}`);
      const previous = this.referrerOf(customerId);
      if ((previous?.id ?? null) === referrerId) return;
      let referrer: ReferralCustomer | null = null;
      if (referrerId !== null) {
        if (referrerId === customerId) throw new ValidationError([{ path: 'referrerId', message: 'a customer cannot refer themselves' }]);
        referrer = this.brief(referrerId);
        if (!referrer) throw new ValidationError([{ path: 'referrerId', message: 'no such customer' }]);
        if (this.chainReaches(referrerId, customerId)) throw new ValidationError([{ path: 'referrerId', message: `${referrer.name} was brought by this customer (directly or through others)` }]);
      }
      const now = isoNow(this.clock);
      this.sql('UPDATE customers SET referred_by = ?, referred_at = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(referrerId, referrerId === null ? null : now, now, actor.id, customerId);
      this.audit.record(actor, {
        action: 'update',
        entity: 'customer',
        entityId: customerId,
        summary: referrer ? `customer ${customer.customerNo} ${customer.name} referred by ${referrer.customerNo} ${referrer.name}` : `customer ${customer.customerNo} ${customer.name}: referrer removed`,
        detail: { changes: { referrerId }, before: { referrerId: previous?.id ?? null } },
      });
      event = { customer, referrer, previous, actor, at: now };
    })();
    if (event) {
      const e: ReferralSet = event;
      this.events.publish('customer.updated', { id: customerId });
      for (const id of [e.referrer?.id, e.previous?.id]) if (id) this.events.publish('customer.updated', { id });
      for (const listener of this.listeners) {
        try {
          listener(e);
        } catch (err) {
          this.log.warn({ err }, 'a referral listener failed');
        }
      }
    }
    return this.get(customerId);
  }

  /** Customers by how many they brought, most first. */
  top(limit: number): ReferrerCount[] {
    return this.sql(
      `SELECT r.id, r.customer_no AS customerNo, r.name, n.count FROM (SELECT referred_by, count(*) AS count FROM customers WHERE referred_by IS NOT NULL GROUP BY referred_by) n
       JOIN customers r ON r.id = n.referred_by ORDER BY n.count DESC, r.id LIMIT ?`,
    ).all(limit) as ReferrerCount[];
  }

  /** Whether following referrers up from `start` meets `target`. */
  private chainReaches(start: number, target: number): boolean {
    let at: number | null = start;
    for (let i = 0; at !== null && i < MAX_CHAIN; i++) {
      if (at === target) return true;
      at = (this.sql('SELECT referred_by FROM customers WHERE id = ?').get(at) as { referred_by: number | null } | undefined)?.referred_by ?? null;
    }
    return at !== null;
  }

  private brief(id: number): ReferralCustomer | null {
    return (this.sql('SELECT id, customer_no AS customerNo, name FROM customers WHERE id = ?').get(id) as ReferralCustomer | undefined) ?? null;
  }
}
