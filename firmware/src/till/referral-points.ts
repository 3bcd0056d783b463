// Referral points (M2, old-for-new): when a customer someone brought (crm/referral-service.ts)
// pays a bill in full for the first time, the referrer's card earns the studio's referral
// points (till settings `referralPoints`; 0 = off). Decided: "paid in full", not "first
// payment": a deposit that is later refunded earns nothing. Runs inside the payment's
// transaction (PaymentService.afterAppend), so the points land with the payment or not at all.
//
// Exactly once per referred customer, ever: referral_awards' key is the referred customer
// (migration 033). A bill reversed and paid again, a second bill, or a referrer changed later
// never earns again. With no active card on the referrer's side the award is still recorded
// (0 points, with the reason), so a card issued later does not earn for an old bill.
import type { OrderWithMoney as Order, UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import type { Clock } from '../util/clock.js';
import type { PointsEarning } from './points-earning.js';
import type { TillSettings } from './till-settings.js';

export class ReferralPoints {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
    private readonly settings: () => TillSettings,
    private readonly points: PointsEarning,
  ) {
    this.sql = statementCache(db);
  }

  /** After a payment line on `order` (inside its transaction): awards when this is the referred customer's first bill paid in full. */
  afterPayment(actor: UserRef, order: Order): void {
    const award = this.settings().referralPoints;
    if (award === 0) return;
    const c = this.sql(
      `SELECT cu.referred_by, r.customer_no AS referrer_no, r.name AS referrer_name FROM customers cu
       JOIN customers r ON r.id = cu.referred_by WHERE cu.id = ?`,
    ).get(order.customer.id) as { referred_by: number; referrer_no: string; referrer_name: string } | undefined;
    if (!c) return;
    if (this.sql('SELECT 1 FROM referral_awards WHERE referred_customer_id = ?').get(order.customer.id)) return;
    if (!this.sql('SELECT 1 FROM bills WHERE order_id = ?').get(order.id)) return;
    const { due } = this.sql('SELECT o.total_minor - COALESCE((SELECT SUM(amount_minor) FROM payments WHERE order_id = o.id), 0) AS due FROM orders o WHERE o.id = ?').get(
      order.id,
    ) as { due: number };
    if (due > 0) return;
    const card = this.points.cardOfCustomer(c.referred_by);
    const now = this.clock().toISOString();
    const reason = `referral: brought ${order.customer.customerNo} ${order.customer.name} (order ${order.orderNo} paid)`.slice(0, 200);
    let entryId: number | null = null;
    if (card) {
      entryId = Number(
        this.sql(
          `INSERT INTO points_entries (card_id, delta, kind, reason, reverses, at, created_by, created_by_name, payment_id, bill_id)
           VALUES (?, ?, 'earn', ?, NULL, ?, ?, ?, NULL, NULL)`,
        ).run(card.id, award, reason, now, actor.id, actor.name).lastInsertRowid,
      );
    }
    const note = card ? '' : `${c.referrer_no} ${c.referrer_name} had no active card`;
    this.sql('INSERT INTO referral_awards (referred_customer_id, referrer_customer_id, order_id, points_entry_id, points, note, at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
      order.customer.id,
      c.referred_by,
      order.id,
      entryId,
      card ? award : 0,
      note,
      now,
    );
    this.audit.record(actor, {
      action: 'create',
      entity: 'referral_award',
      entityId: order.customer.id,
      summary: card
        ? `${award} referral points to card ${card.card_no} of ${c.referrer_no} ${c.referrer_name} for bringing ${order.customer.customerNo} ${order.customer.name}`
        : `no referral points for bringing ${order.customer.customerNo} ${order.customer.name}: ${note}`,
      detail: { referredCustomerId: order.customer.id, referrerCustomerId: c.referred_by, orderId: order.id, cardId: card?.id ?? null, points: card ? award : 0, pointsEntryId: entryId },
    });
  }
}
