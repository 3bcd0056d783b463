import type { OutboxMessage, OutboxPart, OutboxState, SmsOrigin, UserRef } from '../../api-types.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Db } from '../../db/connection.js';
import { statementCache } from '../../db/statements.js';
import { ConflictError, NotFoundError } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import { smsParts } from '../pdu/split-text.js';
import { deriveMessageState, partError } from './message-state.js';

interface OutboxRow {
  id: number;
  customer_id: number | null;
  customer_no: string | null;
  customer_name: string | null;
  in_reply_to: number | null;
  to_number: string;
  body: string;
  encoding: 'gsm7' | 'ucs2';
  parts_total: number;
  concat_ref: number | null;
  state: OutboxState;
  attempts: number;
  next_attempt_at: string;
  error: string | null;
  error_code: number | null;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
  sent_at: string | null;
  delivered_at: string | null;
  origin: SmsOrigin;
  purpose: string | null;
  template_id: number | null;
  campaign_id: number | null;
}

interface PartRow {
  outbox_id: number;
  seq: number;
  state: OutboxPart['state'];
  mr: number | null;
  sent_at: string | null;
  report_at: string | null;
  report_status: number | null;
  report_text: string | null;
}

/** What the sender needs to send a message: its text, the parts still to go, the reference. */
export interface DueMessage {
  id: number;
  to: string;
  body: string;
  partsTotal: number;
  concatRef: number | null;
  attempts: number;
  /** Parts not yet sent (`pending`), in order. */
  pendingSeqs: number[];
}

export interface EnqueueInput {
  to: string;
  body: string;
  customerId?: number | null;
  inReplyTo?: number | null;
  /** Where it came from (default 'manual') and what for (a reminder kind, an automatic message). */
  origin?: SmsOrigin;
  purpose?: string | null;
  templateId?: number | null;
  /** Messages the box queues by itself: a second enqueue with the same key is refused by the UNIQUE index. */
  idempotencyKey?: string | null;
  /** Not sent before this UTC ISO time (quiet hours); default now. */
  notBefore?: string | null;
  /** Recorded, never sent, with this reason (the customer opted out): the row keeps its key. */
  withheld?: string | null;
  /** The group send (S3) it belongs to. */
  campaignId?: number | null;
}

/** A message whose reference a status report named, with the part it reported on. */
export interface ReportResult {
  outboxId: number;
  seq: number;
  state: OutboxState;
}

const SELECT = `SELECT o.*, c.customer_no, c.name AS customer_name, u.display_name AS created_by_name
  FROM sms_outbox o
  LEFT JOIN customers c ON c.id = o.customer_id
  LEFT JOIN users u ON u.id = o.created_by`;

/** Delivery reports are matched against parts sent within this window (TP-MR wraps at 256). */
const REPORT_WINDOW_MS = 7 * 24 * 3600_000;

/**
 * The outbox table and every state change of a message. Each change is one IMMEDIATE
 * transaction (the CLI writes the same tables from another process: a deferred one that
 * reads first could not take the write lock later and would fail at once), and
 * the database runs synchronous=FULL: a part marked `sending` is on disk before the modem
 * sees AT+CMGS, so a crash can never make the box forget it may have sent something.
 */
export class OutboxStore {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  enqueue(input: EnqueueInput, actor: UserRef | null): OutboxMessage {
    const info = smsParts(input.body);
    const now = this.now();
    const origin = input.origin ?? 'manual';
    const withheld = input.withheld ?? null;
    const id = this.db.transaction(() => {
      const concatRef = info.parts > 1 && !withheld ? this.nextConcatRef() : null;
      const r = this.sql(
        `INSERT INTO sms_outbox (customer_id, in_reply_to, to_number, body, encoding, parts_total, concat_ref, state, error,
           next_attempt_at, created_at, created_by, updated_at, updated_by, origin, purpose, template_id, idempotency_key, campaign_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        input.customerId ?? null, input.inReplyTo ?? null, input.to, input.body, info.encoding, info.parts, concatRef,
        withheld ? 'cancelled' : 'queued', withheld, input.notBefore ?? now, now, actor?.id ?? null, now, actor?.id ?? null,
        origin, input.purpose ?? null, input.templateId ?? null, input.idempotencyKey ?? null, input.campaignId ?? null,
      );
      const id = Number(r.lastInsertRowid);
      const part = this.sql(`INSERT INTO sms_outbox_parts (outbox_id, seq, state) VALUES (?, ?, 'pending')`);
      for (let seq = 1; seq <= info.parts; seq++) part.run(id, seq);
      const what = origin === 'manual' ? 'SMS' : `${origin} SMS${input.purpose ? ` (${input.purpose})` : ''}`;
      this.audit.record(actor, {
        action: 'create',
        entity: 'sms',
        entityId: id,
        summary: withheld
          ? `${what} to ${input.to} not sent: ${withheld}`
          : `${what} to ${input.to} queued (${info.parts} part${info.parts > 1 ? 's' : ''})${input.notBefore && input.notBefore > now ? ` for ${input.notBefore}` : ''}`,
        detail: { to: input.to, customerId: input.customerId ?? null, parts: info.parts, encoding: info.encoding, origin, purpose: input.purpose ?? null, key: input.idempotencyKey ?? null },
      });
      return id;
    }).immediate();
    return this.get(id);
  }

  /** The message queued under an idempotency key, or null. */
  findByKey(key: string): OutboxMessage | null {
    const row = this.sql(`SELECT id FROM sms_outbox WHERE idempotency_key = ?`).get(key) as { id: number } | undefined;
    return row ? this.get(row.id) : null;
  }

  get(id: number): OutboxMessage {
    const row = this.sql(`${SELECT} WHERE o.id = ?`).get(id) as OutboxRow | undefined;
    if (!row) throw new NotFoundError(`outgoing SMS ${id}`);
    return this.toMessage(row, this.partsOf([id]).get(id) ?? []);
  }

  list(opts: { limit: number; before?: number | undefined; customerId?: number | undefined; state?: OutboxState | undefined }): { items: OutboxMessage[]; nextBefore: number | null } {
    const where: string[] = [];
    const args: (string | number)[] = [];
    if (opts.before !== undefined) (where.push('o.id < ?'), args.push(opts.before));
    if (opts.customerId !== undefined) (where.push('o.customer_id = ?'), args.push(opts.customerId));
    if (opts.state !== undefined) (where.push('o.state = ?'), args.push(opts.state));
    const rows = this.sql(`${SELECT} ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY o.id DESC LIMIT ?`).all(...args, opts.limit + 1) as OutboxRow[];
    const page = rows.slice(0, opts.limit);
    const parts = this.partsOf(page.map((r) => r.id));
    return {
      items: page.map((r) => this.toMessage(r, parts.get(r.id) ?? [])),
      nextBefore: rows.length > opts.limit ? page[page.length - 1]!.id : null,
    };
  }

  /** The oldest queued message whose time has come, or null. */
  nextDue(): DueMessage | null {
    const row = this.sql(
      `SELECT id, to_number, body, parts_total, concat_ref, attempts FROM sms_outbox
       WHERE state = 'queued' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT 1`,
    ).get(this.now()) as Pick<OutboxRow, 'id' | 'to_number' | 'body' | 'parts_total' | 'concat_ref' | 'attempts'> | undefined;
    if (!row) return null;
    const pending = this.sql(`SELECT seq FROM sms_outbox_parts WHERE outbox_id = ? AND state = 'pending' ORDER BY seq`).all(row.id) as { seq: number }[];
    return {
      id: row.id,
      to: row.to_number,
      body: row.body,
      partsTotal: row.parts_total,
      concatRef: row.concat_ref,
      attempts: row.attempts,
      pendingSeqs: pending.map((p) => p.seq),
    };
  }

  /** When the next queued message becomes due (ISO), or null when none is queued. */
  nextDueAt(): string | null {
    const row = this.sql(`SELECT MIN(next_attempt_at) AS at FROM sms_outbox WHERE state = 'queued'`).get() as { at: string | null };
    return row.at;
  }

  /** Parts handed to the modem in the last minute (the rate limit counts parts: each is an SMS). */
  partsSentSince(sinceIso: string): number {
    const row = this.sql(`SELECT COUNT(*) AS n FROM sms_outbox_parts WHERE sent_at >= ?`).get(sinceIso) as { n: number };
    return row.n;
  }

  /** Oldest send time among parts sent since `sinceIso` (the rate limit's window start). */
  oldestSentSince(sinceIso: string): string | null {
    const row = this.sql(`SELECT MIN(sent_at) AS at FROM sms_outbox_parts WHERE sent_at >= ?`).get(sinceIso) as { at: string | null };
    return row.at;
  }

  /** Marks the part (and its message) `sending`. Called before AT+CMGS; committed when it returns. False: cancelled meanwhile. */
  markSending(id: number, seq: number, firstOfAttempt: boolean): boolean {
    const now = this.now();
    return this.db.transaction(() => {
      // Only a message still queued (or being sent) goes out: another process (the CLI) may
      // have cancelled it since it was picked.
      const r = this.sql(`UPDATE sms_outbox SET state = 'sending', attempts = attempts + ?, updated_at = ? WHERE id = ? AND state IN ('queued', 'sending')`).run(firstOfAttempt ? 1 : 0, now, id);
      if (r.changes === 0) return false;
      this.setPart(id, seq, 'sending', { sent_at: null });
      return true;
    }).immediate();
  }

  /** The modem accepted the part: `+CMGS: <mr>`. The message is `sent` once every part is (or what its parts say). */
  markSent(id: number, seq: number, mr: number | null): OutboxState {
    const now = this.now();
    return this.db.transaction(() => {
      this.sql(`UPDATE sms_outbox_parts SET state = 'sent', mr = ?, sent_at = ?, report_at = NULL, report_status = NULL, report_text = NULL WHERE outbox_id = ? AND seq = ?`).run(mr, now, id, seq);
      return this.settle(id);
    }).immediate();
  }

  /** The modem refused the part and said it did not send it: back to the queue for later. */
  markRetry(id: number, seq: number, error: string, code: number | null, nextAttemptAt: string): void {
    this.db.transaction(() => {
      this.setPart(id, seq, 'pending', {});
      this.sql(`UPDATE sms_outbox SET state = 'queued', error = ?, error_code = ?, next_attempt_at = ?, updated_at = ? WHERE id = ?`).run(error, code, nextAttemptAt, this.now(), id);
      this.settle(id);
    }).immediate();
  }

  /** Refused for good (or out of attempts): the message is `failed` with the modem's words (naming the part of a long one). */
  markFailed(id: number, seq: number, error: string, code: number | null): void {
    this.db.transaction(() => {
      this.setPart(id, seq, 'failed', {});
      const total = (this.sql(`SELECT parts_total FROM sms_outbox WHERE id = ?`).get(id) as { parts_total: number }).parts_total;
      this.sql(`UPDATE sms_outbox SET error = ?, error_code = ?, updated_at = ? WHERE id = ?`).run(partError(seq, total, error), code, this.now(), id);
      this.settle(id);
    }).immediate();
  }

  /** No answer to AT+CMGS: it may have gone out. A person decides (resend or cancel). */
  markUnknown(id: number, seq: number, error: string): void {
    this.db.transaction(() => {
      this.setPart(id, seq, 'unknown', {});
      this.sql(`UPDATE sms_outbox SET error = ?, error_code = NULL, updated_at = ? WHERE id = ?`).run(error, this.now(), id);
      this.settle(id);
    }).immediate();
  }

  /**
   * Writes the state the message's parts give it (message-state.ts), with `sent_at` /
   * `delivered_at` the first time it gets there. Runs inside the caller's transaction.
   */
  private settle(id: number): OutboxState {
    const msg = this.sql(`SELECT state, error, error_code FROM sms_outbox WHERE id = ?`).get(id) as { state: OutboxState; error: string | null; error_code: number | null } | undefined;
    if (!msg) throw new NotFoundError(`outgoing SMS ${id}`);
    const parts = this.sql(`SELECT seq, state, report_status, report_text FROM sms_outbox_parts WHERE outbox_id = ?`).all(id) as Pick<PartRow, 'seq' | 'state' | 'report_status' | 'report_text'>[];
    const d = deriveMessageState({
      state: msg.state,
      error: msg.error,
      errorCode: msg.error_code,
      parts: parts.map((p) => ({ seq: p.seq, state: p.state, reportStatus: p.report_status, reportText: p.report_text })),
    });
    if (d.state !== msg.state || d.error !== msg.error || d.errorCode !== msg.error_code) {
      const now = this.now();
      this.sql(
        `UPDATE sms_outbox SET state = ?, error = ?, error_code = ?, updated_at = ?,
           sent_at = CASE WHEN ? IN ('sent', 'delivered') THEN COALESCE(sent_at, ?) ELSE sent_at END,
           delivered_at = CASE WHEN ? = 'delivered' THEN COALESCE(delivered_at, ?) ELSE delivered_at END
         WHERE id = ?`,
      ).run(d.state, d.error, d.errorCode, now, d.state, now, d.state, now, id);
    }
    return d.state;
  }

  /**
   * At start-up, before the sender runs: a part left `sending` was handed to the modem, or was
   * about to be, when the box stopped. Nobody knows whether it went out, so it is never re-sent
   * by itself. Returns the ids made `unknown`.
   */
  recoverAfterRestart(): { unknown: number[]; requeued: number[] } {
    return this.db.transaction(() => {
      const now = this.now();
      const rows = this.sql(`SELECT DISTINCT outbox_id AS id FROM sms_outbox_parts WHERE state = 'sending'`).all() as { id: number }[];
      const unknown = rows.map((r) => r.id);
      for (const id of unknown) {
        this.sql(`UPDATE sms_outbox_parts SET state = 'unknown' WHERE outbox_id = ? AND state = 'sending'`).run(id);
        this.sql(
          `UPDATE sms_outbox SET state = 'unknown', error = 'the box stopped while sending: it may or may not have gone out', error_code = NULL, updated_at = ? WHERE id = ?`,
        ).run(now, id);
      }
      // A long message stopped between parts: the parts handed over are `sent`, the rest were
      // never given to the modem and go out as usual. One with nothing left to send (stranded
      // by an older version) gets the final state its parts give it.
      const between = this.sql(`SELECT id FROM sms_outbox WHERE state = 'sending'`).all() as { id: number }[];
      const requeued: number[] = [];
      for (const { id } of between) {
        this.sql(`UPDATE sms_outbox SET state = 'queued', updated_at = ? WHERE id = ?`).run(now, id);
        if (this.settle(id) === 'queued') requeued.push(id);
      }
      return { unknown, requeued };
    }).immediate();
  }

  /**
   * A status report for message reference `mr`: the most recent part sent with it (within a
   * week) takes the report. Temporary states (`pending`) are recorded but change nothing.
   */
  applyReport(mr: number, outcome: 'delivered' | 'pending' | 'failed' | 'unknown', status: number, text: string): ReportResult | null {
    const since = new Date(this.clock().getTime() - REPORT_WINDOW_MS).toISOString();
    return this.db.transaction(() => {
      const part = this.sql(
        `SELECT outbox_id, seq FROM sms_outbox_parts WHERE mr = ? AND sent_at >= ? AND state IN ('sent', 'delivered', 'failed')
         ORDER BY sent_at DESC, outbox_id DESC LIMIT 1`,
      ).get(mr, since) as { outbox_id: number; seq: number } | undefined;
      if (!part) return null;
      const now = this.now();
      // A temporary report (SMSC still trying) changes nothing; a final one sets the part.
      const partState = outcome === 'delivered' ? 'delivered' : outcome === 'failed' ? 'failed' : null;
      this.sql(
        `UPDATE sms_outbox_parts SET report_at = ?, report_status = ?, report_text = ?, state = COALESCE(?, state) WHERE outbox_id = ? AND seq = ?`,
      ).run(now, status, text, partState, part.outbox_id, part.seq);
      const state = this.settle(part.outbox_id);
      return { outboxId: part.outbox_id, seq: part.seq, state };
    }).immediate();
  }

  /**
   * Staff decided: send again what is not known to have gone out (parts `unknown`, `failed` or
   * still `pending`). Parts the modem accepted are not sent twice.
   */
  resend(id: number, actor: UserRef | null): OutboxMessage {
    const before = this.get(id);
    if (!['unknown', 'failed'].includes(before.state)) throw new ConflictError(`message ${id} is ${before.state}: only an unknown or failed message can be sent again`);
    const now = this.now();
    this.db.transaction(() => {
      this.sql(
        `UPDATE sms_outbox_parts SET state = 'pending', report_at = NULL, report_status = NULL, report_text = NULL WHERE outbox_id = ? AND state IN ('unknown', 'failed', 'pending')`,
      ).run(id);
      this.sql(`UPDATE sms_outbox SET state = 'queued', attempts = 0, next_attempt_at = ?, updated_at = ?, updated_by = ? WHERE id = ?`).run(now, now, actor?.id ?? null, id);
      this.audit.record(actor, { action: 'resend', entity: 'sms', entityId: id, summary: `SMS ${id} to ${before.to} sent again (was ${before.state})` });
    }).immediate();
    return this.get(id);
  }

  /** Staff decided not to send (a queued message), or to leave an unknown/failed one as it is. */
  cancel(id: number, actor: UserRef | null): OutboxMessage {
    const before = this.get(id);
    if (!['queued', 'unknown', 'failed'].includes(before.state)) throw new ConflictError(`message ${id} is ${before.state}: it cannot be cancelled`);
    const now = this.now();
    this.db.transaction(() => {
      // A guard against the sender picking it up in between: only these states change.
      const r = this.sql(`UPDATE sms_outbox SET state = 'cancelled', updated_at = ?, updated_by = ? WHERE id = ? AND state IN ('queued', 'unknown', 'failed')`).run(now, actor?.id ?? null, id);
      if (r.changes === 0) throw new ConflictError(`message ${id} changed meanwhile; look again`);
      this.audit.record(actor, { action: 'cancel', entity: 'sms', entityId: id, summary: `SMS ${id} to ${before.to} cancelled (was ${before.state})` });
    }).immediate();
    return this.get(id);
  }

  /** Counts by state, for the status page and the CLI. */
  counts(): Record<OutboxState, number> {
    const out = { queued: 0, sending: 0, sent: 0, delivered: 0, failed: 0, unknown: 0, cancelled: 0 } as Record<OutboxState, number>;
    for (const r of this.sql(`SELECT state, COUNT(*) AS n FROM sms_outbox GROUP BY state`).all() as { state: OutboxState; n: number }[]) out[r.state] = r.n;
    return out;
  }

  // The 8-bit concatenation reference: a counter that survives restarts, so two long messages
  // to the same phone never share a reference (the phone would splice them together).
  private nextConcatRef(): number {
    const row = this.sql(`SELECT value FROM sms_counters WHERE name = 'concat_ref'`).get() as { value: number } | undefined;
    const next = ((row?.value ?? Math.floor(Math.random() * 256)) + 1) % 256;
    this.sql(`INSERT INTO sms_counters (name, value) VALUES ('concat_ref', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value`).run(next);
    return next;
  }

  private setPart(id: number, seq: number, state: OutboxPart['state'], extra: { sent_at?: null }): void {
    const r = this.sql(`UPDATE sms_outbox_parts SET state = ?${'sent_at' in extra ? ', sent_at = NULL' : ''} WHERE outbox_id = ? AND seq = ?`).run(state, id, seq);
    if (r.changes !== 1) throw new Error(`outbox ${id} has no part ${seq}`);
  }

  private partsOf(ids: number[]): Map<number, PartRow[]> {
    const out = new Map<number, PartRow[]>();
    if (ids.length === 0) return out;
    const rows = this.sql(`SELECT * FROM sms_outbox_parts WHERE outbox_id IN (${ids.map(() => '?').join(',')}) ORDER BY outbox_id, seq`).all(...ids) as PartRow[];
    for (const r of rows) {
      const list = out.get(r.outbox_id) ?? [];
      list.push(r);
      out.set(r.outbox_id, list);
    }
    return out;
  }

  private toMessage(r: OutboxRow, parts: PartRow[]): OutboxMessage {
    return {
      id: r.id,
      to: r.to_number,
      customer: r.customer_id !== null && r.customer_no !== null ? { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name ?? '' } : null,
      inReplyTo: r.in_reply_to,
      body: r.body,
      encoding: r.encoding,
      partsTotal: r.parts_total,
      state: r.state,
      attempts: r.attempts,
      nextAttemptAt: r.state === 'queued' ? r.next_attempt_at : null,
      error: r.error,
      createdAt: r.created_at,
      createdBy: r.created_by !== null ? { id: r.created_by, name: r.created_by_name ?? '' } : null,
      sentAt: r.sent_at,
      deliveredAt: r.delivered_at,
      origin: r.origin,
      purpose: r.purpose,
      templateId: r.template_id,
      campaignId: r.campaign_id,
      parts: parts.map((p) => ({ seq: p.seq, state: p.state, mr: p.mr, sentAt: p.sent_at, report: p.report_text, reportAt: p.report_at })),
    };
  }

  private now(): string {
    return this.clock().toISOString();
  }
}
