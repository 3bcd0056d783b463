// Who opted out of marketing and reminder SMS (issue 14.5). A reply of a stop word opts out
// every customer with the sender's number; staff can mark or clear it by hand. Every change
// is audited (with the reply that caused it).
import type { SmsOptOut, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError } from '../errors.js';
import { isoNow, type Clock } from '../util/clock.js';

interface Row {
  customer_id: number;
  at: string;
  via: 'sms' | 'staff';
  inbox_id: number | null;
  by_user: number | null;
  by_name: string | null;
}

export class OptOutStore {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  get(customerId: number): SmsOptOut | null {
    const r = this.sql(
      `SELECT o.*, u.display_name AS by_name FROM sms_opt_outs o LEFT JOIN users u ON u.id = o.by_user WHERE o.customer_id = ?`,
    ).get(customerId) as Row | undefined;
    if (!r) return null;
    return { customerId: r.customer_id, at: r.at, via: r.via, inboxId: r.inbox_id, by: r.by_user !== null ? { id: r.by_user, name: r.by_name ?? '' } : null };
  }

  /** A stop-word reply from these customers' number: each not yet opted out is, now. Returns those changed. */
  fromReply(customerIds: readonly number[], inboxId: number, from: string): number[] {
    return this.db
      .transaction(() => {
        const changed: number[] = [];
        for (const id of customerIds) {
          const r = this.sql(`INSERT INTO sms_opt_outs (customer_id, at, via, inbox_id) VALUES (?, ?, 'sms', ?) ON CONFLICT (customer_id) DO NOTHING`).run(id, isoNow(this.clock), inboxId);
          if (r.changes === 0) continue;
          changed.push(id);
          this.audit.record(null, { action: 'opt-out', entity: 'customer', entityId: id, summary: `opted out of marketing SMS by a reply from ${from}`, detail: { inboxId } });
        }
        return changed;
      })
      .immediate();
  }

  /** Staff mark (true) or clear (false) a customer's opt-out. */
  set(customerId: number, optedOut: boolean, actor: UserRef): SmsOptOut | null {
    this.db
      .transaction(() => {
        if (!this.sql(`SELECT 1 FROM customers WHERE id = ?`).get(customerId)) throw new NotFoundError(`customer ${customerId}`);
        const before = this.get(customerId);
        if (optedOut && !before) {
          this.sql(`INSERT INTO sms_opt_outs (customer_id, at, via, by_user) VALUES (?, ?, 'staff', ?)`).run(customerId, isoNow(this.clock), actor.id);
          this.audit.record(actor, { action: 'opt-out', entity: 'customer', entityId: customerId, summary: 'marked as opted out of marketing SMS' });
        } else if (!optedOut && before) {
          this.sql(`DELETE FROM sms_opt_outs WHERE customer_id = ?`).run(customerId);
          this.audit.record(actor, { action: 'opt-in', entity: 'customer', entityId: customerId, summary: 'takes marketing SMS again', detail: { before } });
        }
      })
      .immediate();
    return this.get(customerId);
  }
}
