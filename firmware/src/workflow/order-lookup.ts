// A customer looks up their own order (O2, public, no login): the order number and the last 4
// digits of one of their phones give the order's stage and next date, nothing else. "No such
// order" and "wrong digits" are one answer (null), reached by the same work, so a guesser
// learns nothing about which order numbers exist. Guesses are throttled per address by the
// caller (http/routes/core/lookup-routes.ts), with the login's rules keyed by the order number.
import { z } from 'zod';
import type { OrderLookupAnswer, OrderState } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';

export const lookupSchema = z
  .object({
    orderNo: z.string().trim().min(1, 'required').max(40),
    phoneLast4: z.string().trim().regex(/^\d{4}$/, 'the last 4 digits of your phone number'),
  })
  .strict();

/** An order number as people type it: spaces and a missing dash forgiven ("20261123 001", "20261123001"). */
export function normaliseOrderNo(raw: string): string {
  const digits = raw.replace(/[\s-]/g, '');
  return /^\d{9,}$/.test(digits) ? `${digits.slice(0, 8)}-${digits.slice(8)}` : raw.trim();
}

interface Row {
  state: OrderState;
  stage_key: string | null;
  stage_name: string | null;
  stage_due_at: string | null;
  phones: string | null;
}

export class OrderLookup {
  private readonly sql;
  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  find(orderNo: string, phoneLast4: string): OrderLookupAnswer | null {
    const r = this.sql(
      `SELECT o.state, s.key AS stage_key, s.name AS stage_name, o.stage_due_at,
          (SELECT group_concat(p.e164, ' ') FROM customer_phones p WHERE p.customer_id = o.customer_id) AS phones
       FROM orders o LEFT JOIN workflow_stages s ON s.id = o.stage_id WHERE o.order_no = ?`,
    ).get(normaliseOrderNo(orderNo)) as Row | undefined;
    const phones = (r?.phones ?? '0000').split(' ');
    const matches = phones.some((p) => p.replace(/\D/g, '').endsWith(phoneLast4));
    if (!r || !matches) return null;
    const status = r.state === 'cancelled' ? 'cancelled' : r.state === 'delivered' ? 'done' : 'open';
    return {
      status,
      stageKey: r.stage_name ? null : r.stage_key,
      stageName: r.stage_name ?? '',
      nextAt: status === 'open' ? r.stage_due_at : null,
    };
  }
}
