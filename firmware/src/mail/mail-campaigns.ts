// Group e-mail campaigns (S6): the estimate (who gets it, who is skipped and why, three
// previews), the campaign written with every recipient's personalised e-mail in one transaction,
// its progress and its recipients. The sending is mail-sender.ts's.
import { z } from 'zod';
import {
  LANGUAGES,
  MAIL_RECIPIENT_STATES,
  type Language,
  type MailCampaign,
  type MailCampaignEstimate,
  type MailPreview,
  type MailRecipient,
  type RunningCampaign,
  type MailRecipientState,
  type SegmentFilter,
  type TemplateValuesInfo,
  type UserRef,
} from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import { renderTemplate, unknownPlaceholders } from '../care/template-render.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { segmentFilterSchema } from '../campaigns/segment-filter.js';
import { segmentMailSql } from '../campaigns/segment-sql.js';
import type { SegmentStore } from '../campaigns/segment-store.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';
import { lineText } from '../util/text-schemas.js';

export const mailCampaignSchema = z
  .object({
    segmentId: z.number().int().positive().nullable().optional(),
    filter: segmentFilterSchema.optional(),
    subject: lineText(200).pipe(z.string().min(1, 'required')),
    body: z.string().max(20_000).refine((s) => s.trim() !== '', 'required'),
    language: z.enum(LANGUAGES).optional(),
    requestKey: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, '8-64 letters, digits, - or _').optional(),
  })
  .strict();
export type MailCampaignBody = z.output<typeof mailCampaignSchema>;

export const recipientQuery = z.object({
  state: z.enum(MAIL_RECIPIENT_STATES).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
  offset: z.coerce.number().int().min(0).default(0),
});

interface Chosen {
  id: number;
  name: string;
  email: string | null;
  opted_out: number;
}

interface Plan {
  chosen: number;
  recipients: Chosen[];
  skipped: MailCampaign['skipped'];
}

interface CampaignRow {
  id: number;
  subject: string;
  body: string;
  language: Language;
  audience: string;
  state: MailCampaign['state'];
  chosen: number;
  skipped_no_email: number;
  skipped_opted_out: number;
  skipped_duplicate: number;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
  finished_at: string | null;
}

export interface MailCampaignDeps {
  db: Db;
  audit: AuditLog;
  events: EventHub;
  clock: Clock;
  language: () => Language;
  valuesFor: (customerId: number) => TemplateValuesInfo;
  /** Why the sender waits (server unreachable), or null. */
  waiting: () => MailCampaign['waiting'];
  /** The group SMS's saved segments: the same filters choose e-mail recipients. */
  segments: Pick<SegmentStore, 'get'>;
  /** New recipients are queued: start sending. */
  kick: () => void;
}

const SELECT = `SELECT m.*, u.display_name AS created_by_name FROM mail_campaigns m LEFT JOIN users u ON u.id = m.created_by`;

export class MailCampaigns {
  private readonly sql;

  constructor(private readonly d: MailCampaignDeps) {
    this.sql = statementCache(d.db);
  }

  /** The filter asked for: a saved segment's, or the one given (400 naming the field otherwise). */
  private audience(input: MailCampaignBody): { segmentId: number | null; filter: SegmentFilter } {
    const segmentId = input.segmentId ?? null;
    if (segmentId === null) {
      if (!input.filter) throw new ValidationError([{ path: 'filter', message: 'give a segment (segmentId) or a filter' }]);
      return { segmentId, filter: input.filter };
    }
    try {
      return { segmentId, filter: this.d.segments.get(segmentId).filter };
    } catch (err) {
      if (err instanceof NotFoundError) throw new ValidationError([{ path: 'segmentId', message: 'no segment with this id' }]);
      throw err;
    }
  }

  /** Chosen customers without an address or opted out are skipped and counted; an address gets one e-mail. */
  private plan(filter: SegmentFilter): Plan {
    const { sql, params } = segmentMailSql(filter, this.d.clock());
    const rows = this.d.db.prepare(sql).all(...params) as Chosen[];
    const skipped = { noEmail: 0, optedOut: 0, duplicateEmail: 0 };
    const seen = new Set<string>();
    const recipients: Chosen[] = [];
    for (const r of rows) {
      if (!r.email) skipped.noEmail++;
      else if (r.opted_out) skipped.optedOut++;
      else if (seen.has(r.email.toLowerCase())) skipped.duplicateEmail++;
      else {
        seen.add(r.email.toLowerCase());
        recipients.push(r);
      }
    }
    return { chosen: rows.length, recipients, skipped };
  }

  private render(input: MailCampaignBody, c: Chosen): MailPreview {
    const lang = input.language ?? this.d.language();
    const values = this.d.valuesFor(c.id);
    return { customerId: c.id, name: c.name, email: c.email!, subject: renderTemplate(input.subject, lang, values).text, body: renderTemplate(input.body, lang, values).text };
  }

  estimate(input: MailCampaignBody): MailCampaignEstimate {
    const p = this.plan(this.audience(input).filter);
    return {
      chosen: p.chosen,
      recipients: p.recipients.length,
      skipped: p.skipped,
      previews: p.recipients.slice(0, 3).map((c) => this.render(input, c)),
      unknownPlaceholders: [...new Set([...unknownPlaceholders(input.subject), ...unknownPlaceholders(input.body)])],
    };
  }

  /**
   * The campaign and every recipient's e-mail, in one transaction: a restart finds all of it or
   * none. The same requestKey again answers the campaign it made (201 only the first time).
   */
  create(actor: UserRef, input: MailCampaignBody): { campaign: MailCampaign; created: boolean } {
    const lang = input.language ?? this.d.language();
    let created = false;
    const id = this.d.db.transaction(() => {
      if (input.requestKey) {
        const had = this.sql('SELECT id FROM mail_campaigns WHERE request_key = ?').get(input.requestKey) as { id: number } | undefined;
        if (had) return had.id;
      }
      const audience = this.audience(input);
      const p = this.plan(audience.filter);
      if (p.recipients.length === 0) throw new ConflictError('none of the chosen customers can get an e-mail (no address, or opted out)', 'no_recipients');
      const now = isoNow(this.d.clock);
      const res = this.sql(
        `INSERT INTO mail_campaigns (request_key, subject, body, language, audience, state, chosen, skipped_no_email, skipped_opted_out, skipped_duplicate, created_at, created_by)
         VALUES (?, ?, ?, ?, ?, 'sending', ?, ?, ?, ?, ?, ?)`,
      ).run(input.requestKey ?? null, input.subject, input.body, lang, JSON.stringify(audience), p.chosen, p.skipped.noEmail, p.skipped.optedOut, p.skipped.duplicateEmail, now, actor.id);
      const id = Number(res.lastInsertRowid);
      const add = this.sql(`INSERT INTO mail_recipients (campaign_id, customer_id, name, email, idempotency_key, subject, body, state) VALUES (?, ?, ?, ?, ?, ?, ?, 'queued')`);
      for (const c of p.recipients) {
        const m = this.render({ ...input, language: lang }, c);
        add.run(id, c.id, c.name, c.email, `mail:${id}:${c.id}`, m.subject, m.body);
      }
      this.d.audit.record(actor, {
        action: 'create',
        entity: 'mail_campaign',
        entityId: id,
        summary: `group e-mail "${input.subject}" to ${p.recipients.length} customers (${p.skipped.noEmail} without an address, ${p.skipped.optedOut} opted out skipped)`,
        detail: { ...audience, subject: input.subject, language: lang, recipients: p.recipients.length, skipped: p.skipped },
      });
      created = true;
      return id;
    })();
    if (created) {
      this.d.events.publish('campaign.mail', { id });
      this.d.kick();
    }
    return { campaign: this.get(id), created };
  }

  cancel(actor: UserRef, id: number): MailCampaign {
    this.d.db.transaction(() => {
      const c = this.get(id);
      if (c.state !== 'sending') throw new ConflictError(`this campaign is ${c.state}`, 'campaign_finished');
      const n = this.sql(`UPDATE mail_recipients SET state = 'cancelled' WHERE campaign_id = ? AND state = 'queued'`).run(id).changes;
      this.sql(`UPDATE mail_campaigns SET state = 'cancelled', finished_at = ? WHERE id = ?`).run(isoNow(this.d.clock), id);
      this.d.audit.record(actor, { action: 'cancel', entity: 'mail_campaign', entityId: id, summary: `group e-mail "${c.subject}" cancelled; ${n} not sent`, detail: { notSent: n } });
    })();
    this.d.events.publish('campaign.mail', { id });
    return this.get(id);
  }

  get(id: number): MailCampaign {
    const r = this.sql(`${SELECT} WHERE m.id = ?`).get(id) as CampaignRow | undefined;
    if (!r) throw new NotFoundError(`mail campaign ${id}`);
    return this.toCampaign(r);
  }

  list(limit: number): MailCampaign[] {
    return (this.sql(`${SELECT} ORDER BY m.id DESC LIMIT ?`).all(limit) as CampaignRow[]).map((r) => this.toCampaign(r));
  }

  /** Sends still going, for the progress on every page; finishBy at `perMinute` from now. */
  running(perMinute: number): RunningCampaign[] {
    const now = this.d.clock().getTime();
    return (this.sql(`${SELECT} WHERE m.state = 'sending' ORDER BY m.id`).all() as CampaignRow[]).map((r) => {
      const n = this.toCampaign(r).counts;
      const queued = n.queued + n.sending;
      return {
        kind: 'mail', id: r.id, name: r.subject, queued, sent: n.sent, delivered: null, failed: n.failed + n.unknown,
        total: queued + n.sent + n.failed + n.unknown + n.cancelled, finishBy: new Date(now + Math.ceil((queued * 60_000) / perMinute)).toISOString(),
      };
    });
  }

  recipients(id: number, q: z.output<typeof recipientQuery>): MailRecipient[] {
    this.get(id);
    const rows = (q.state
      ? this.sql(`SELECT * FROM mail_recipients WHERE campaign_id = ? AND state = ? ORDER BY id LIMIT ? OFFSET ?`).all(id, q.state, q.limit, q.offset)
      : this.sql(`SELECT * FROM mail_recipients WHERE campaign_id = ? ORDER BY id LIMIT ? OFFSET ?`).all(id, q.limit, q.offset)) as {
      id: number;
      customer_id: number | null;
      name: string;
      email: string;
      state: MailRecipientState;
      reason: MailRecipient['reason'];
      detail: string;
      sent_at: string | null;
    }[];
    return rows.map((r) => ({ id: r.id, customerId: r.customer_id, name: r.name, email: r.email, state: r.state, reason: r.reason, detail: r.detail, sentAt: r.sent_at }));
  }

  private toCampaign(r: CampaignRow): MailCampaign {
    const counts = Object.fromEntries(MAIL_RECIPIENT_STATES.map((s) => [s, 0])) as Record<MailRecipientState, number>;
    for (const c of this.sql('SELECT state, count(*) AS n FROM mail_recipients WHERE campaign_id = ? GROUP BY state').all(r.id) as { state: MailRecipientState; n: number }[]) counts[c.state] = c.n;
    return {
      id: r.id,
      subject: r.subject,
      body: r.body,
      language: r.language,
      ...storedAudience(r.audience),
      state: r.state,
      chosen: r.chosen,
      skipped: { noEmail: r.skipped_no_email, optedOut: r.skipped_opted_out, duplicateEmail: r.skipped_duplicate },
      counts,
      waiting: r.state === 'sending' ? this.d.waiting() : null,
      createdAt: r.created_at,
      createdBy: userRef(r.created_by, r.created_by_name),
      finishedAt: r.finished_at,
    };
  }
}

/** The stored audience: `{ segmentId, filter }`; one saved before segments (`{ kind: 'ids' | 'filter' }`) read as the filter it was. */
export function storedAudience(json: string): { segmentId: number | null; filter: SegmentFilter } {
  const a = JSON.parse(json) as { segmentId?: number | null; filter?: unknown; kind?: string; ids?: number[]; stage?: string; businessType?: string; tag?: string; area?: string };
  if (a.kind === undefined) return { segmentId: a.segmentId ?? null, filter: segmentFilterSchema.parse(a.filter ?? {}) };
  if (a.kind === 'ids') return { segmentId: null, filter: segmentFilterSchema.parse({ customerIds: a.ids }) };
  return {
    segmentId: null,
    filter: segmentFilterSchema.parse({
      ...(a.stage ? { stages: [a.stage] } : {}),
      ...(a.businessType ? { businessTypes: [a.businessType] } : {}),
      ...(a.tag ? { tags: [a.tag] } : {}),
      ...(a.area ? { areas: [a.area] } : {}),
    }),
  };
}
