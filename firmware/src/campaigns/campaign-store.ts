// Reading campaigns back (S3, S5): a campaign with its counts, its recipients page by page with
// the state of each one's SMS, and the rows the runner works from. Writes are in
// campaign-service.ts.
import type { Campaign, CampaignCounts, CampaignRecipient, CampaignState, ExclusionReason, OutboxState, RecipientState } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { NotFoundError } from '../errors.js';
import { segmentFilterSchema } from './segment-filter.js';

export interface CampaignRow {
  id: number;
  name: string;
  segment_id: number | null;
  filter: string;
  template_id: number | null;
  body: string;
  language: 'zh-CN' | 'vi' | 'en';
  state: CampaignState;
  send_at: string;
  build_cursor: number;
  built: 0 | 1;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
  finished_at: string | null;
}

interface RecipientRow {
  customer_id: number;
  customer_no: string | null;
  name: string | null;
  to_number: string | null;
  body: string | null;
  parts: number;
  state: 'pending' | 'queued' | 'excluded' | 'cancelled';
  reason: ExclusionReason | null;
  outbox_id: number | null;
  outbox_state: OutboxState | null;
  sent_at: string | null;
  delivered_at: string | null;
  error: string | null;
}

const SELECT = `SELECT k.*, u.display_name AS created_by_name FROM campaigns k LEFT JOIN users u ON u.id = k.created_by`;
/** A recipient's state as the records show it: its SMS's state once it is in the outbox. */
const STATE_SQL = `CASE WHEN r.state = 'queued' THEN COALESCE(o.state, 'cancelled') ELSE r.state END`;

export class CampaignStore {
  constructor(private readonly db: Db) {}

  row(id: number): CampaignRow {
    const r = this.db.prepare(`${SELECT} WHERE k.id = ?`).get(id) as CampaignRow | undefined;
    if (!r) throw new NotFoundError(`campaign ${id}`);
    return r;
  }

  rows(where: string, ...params: (string | number)[]): CampaignRow[] {
    return this.db.prepare(`${SELECT} WHERE ${where} ORDER BY k.send_at, k.id`).all(...params) as CampaignRow[];
  }

  /** Newest first. */
  list(limit: number): CampaignRow[] {
    return this.db.prepare(`${SELECT} ORDER BY k.id DESC LIMIT ?`).all(limit) as CampaignRow[];
  }

  counts(row: CampaignRow): CampaignCounts {
    const out: CampaignCounts = {
      recipients: 0, excluded: { opted_out: 0, no_phone: 0, invalid_phone: 0 }, pending: 0, queued: 0, sending: 0, sent: 0, delivered: 0,
      failed: 0, unknown: 0, cancelled: 0, partsSent: 0, replies: 0, optOuts: 0,
    };
    const groups = this.db
      .prepare(
        `SELECT ${STATE_SQL} AS s, r.reason, COUNT(*) AS n FROM campaign_recipients r LEFT JOIN sms_outbox o ON o.id = r.outbox_id
         WHERE r.campaign_id = ? GROUP BY 1, 2`,
      )
      .all(row.id) as { s: RecipientState; reason: ExclusionReason | null; n: number }[];
    for (const g of groups) {
      if (g.s === 'excluded') out.excluded[g.reason ?? 'no_phone'] += g.n;
      else {
        out[g.s] += g.n;
        out.recipients += g.n;
      }
    }
    out.partsSent = (this.db
      .prepare(`SELECT COUNT(*) AS n FROM sms_outbox o JOIN sms_outbox_parts p ON p.outbox_id = o.id WHERE o.campaign_id = ? AND p.sent_at IS NOT NULL`)
      .get(row.id) as { n: number }).n;
    out.replies = (this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM sms_inbox i WHERE i.received_at >= ? AND i.customer_id IN
           (SELECT customer_id FROM campaign_recipients WHERE campaign_id = ? AND state = 'queued')`,
      )
      .get(row.send_at, row.id) as { n: number }).n;
    out.optOuts = (this.db
      .prepare(
        `SELECT COUNT(*) AS n FROM sms_opt_outs x JOIN campaign_recipients r ON r.customer_id = x.customer_id
         WHERE r.campaign_id = ? AND r.state = 'queued' AND x.at >= ?`,
      )
      .get(row.id, row.send_at) as { n: number }).n;
    return out;
  }

  /** Parts still to go: recipients not yet in the outbox, and parts in the outbox not yet handed to the modem. */
  partsLeft(id: number): number {
    const pending = (this.db.prepare(`SELECT COALESCE(SUM(parts), 0) AS n FROM campaign_recipients WHERE campaign_id = ? AND state = 'pending'`).get(id) as { n: number }).n;
    const waiting = (this.db
      .prepare(`SELECT COUNT(*) AS n FROM sms_outbox o JOIN sms_outbox_parts p ON p.outbox_id = o.id WHERE o.campaign_id = ? AND o.state IN ('queued', 'sending') AND p.state = 'pending'`)
      .get(id) as { n: number }).n;
    return pending + waiting;
  }

  toCampaign(r: CampaignRow, finishBy: string | null): Campaign {
    return {
      id: r.id,
      name: r.name,
      segmentId: r.segment_id,
      filter: segmentFilterSchema.parse(JSON.parse(r.filter)),
      templateId: r.template_id,
      body: r.body,
      language: r.language,
      state: r.state,
      sendAt: r.send_at,
      createdAt: r.created_at,
      createdBy: r.created_by !== null ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
      finishedAt: r.finished_at,
      counts: this.counts(r),
      finishBy,
    };
  }

  /** One page of recipients by customer id, optionally in one state. */
  recipients(id: number, opts: { state?: RecipientState | undefined; after?: number | undefined; limit: number }): { items: CampaignRecipient[]; nextAfter: number | null } {
    const args: (string | number)[] = [id, opts.after ?? 0];
    let extra = '';
    if (opts.state) (extra = ` AND ${STATE_SQL} = ?`), args.push(opts.state);
    const rows = this.db
      .prepare(
        `SELECT r.*, c.customer_no, c.name, o.state AS outbox_state, o.sent_at, o.delivered_at, o.error
         FROM campaign_recipients r LEFT JOIN customers c ON c.id = r.customer_id LEFT JOIN sms_outbox o ON o.id = r.outbox_id
         WHERE r.campaign_id = ? AND r.customer_id > ?${extra} ORDER BY r.customer_id LIMIT ?`,
      )
      .all(...args, opts.limit + 1) as RecipientRow[];
    const page = rows.slice(0, opts.limit);
    return {
      items: page.map((r) => ({
        customer: { id: r.customer_id, customerNo: r.customer_no, name: r.name },
        to: r.to_number,
        text: r.body,
        parts: r.parts,
        state: r.state === 'queued' ? (r.outbox_state ?? 'cancelled') : r.state,
        reason: r.reason,
        outboxId: r.outbox_id,
        sentAt: r.sent_at,
        deliveredAt: r.delivered_at,
        error: r.error,
      })),
      nextAfter: rows.length > opts.limit ? page[page.length - 1]!.customer_id : null,
    };
  }
}
