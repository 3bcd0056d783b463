import { createHash } from 'node:crypto';
import type { InboxMessage, UserRef } from '../../api-types.js';
import type { Db } from '../../db/connection.js';
import { statementCache } from '../../db/statements.js';
import { NotFoundError } from '../../errors.js';
import type { Clock } from '../../util/clock.js';
import type { SmsDeliver } from '../pdu/pdu-types.js';

interface InboxRow {
  id: number;
  from_number: string;
  customer_id: number | null;
  customer_no: string | null;
  customer_name: string | null;
  body: string;
  sent_at: string | null;
  received_at: string;
  parts_total: number;
  parts_received: number;
  complete: number;
  decode_error: string | null;
  read_at: string | null;
  read_by: number | null;
  read_by_name: string | null;
}

export type StoreResult =
  /** Already stored (the same PDU read again after a restart): nothing changed. */
  | { kind: 'duplicate' }
  /** Stored. `visible` when the message can be shown now (complete, or a single part). */
  | { kind: 'stored'; inboxId: number; visible: boolean; newlyComplete: boolean };

export interface InboxOptions {
  /** An incomplete long message is shown, marked incomplete, this long after its first part. */
  incompleteAfterMs: number;
  /** Parts of one long message are looked for among messages started this recently. */
  reassemblyWindowMs?: number;
}

const SELECT = `SELECT i.*, c.customer_no, c.name AS customer_name, u.display_name AS read_by_name
  FROM sms_inbox i
  LEFT JOIN customers c ON c.id = i.customer_id
  LEFT JOIN users u ON u.id = i.read_by`;

/** Shown: complete, or its wait for missing parts is over. */
const VISIBLE = `(i.complete = 1 OR i.show_after <= @now)`;

/** Stands for a part that never came, in the text of an incomplete message. */
export const MISSING_PART = '[…]';

/**
 * Received messages. Every PDU is stored keyed by its hash before the SIM copy is deleted, so
 * reading the SIM again after a crash stores nothing twice; long messages are reassembled here
 * (out of order, across restarts) and shown when complete or after a timeout.
 */
export class InboxStore {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly opt: InboxOptions,
  ) {
    this.sql = statementCache(db);
  }

  /** Stores a decoded SMS-DELIVER read from the SIM (or delivered inline). */
  storeDeliver(pduHex: string, pdu: SmsDeliver, customerId: number | null, e164: string | null): StoreResult {
    const hash = pduHash(pduHex);
    const now = this.now();
    const text = pdu.userData.text ?? (pdu.userData.data !== null ? `[data ${pdu.userData.data}]` : '');
    const sentAt = 'utc' in pdu.timestamp ? pdu.timestamp.utc : null;
    const concat = pdu.userData.concat;
    return this.db.transaction((): StoreResult => {
      if (this.sql(`SELECT 1 FROM sms_inbox_parts WHERE pdu_hash = ?`).get(hash)) return { kind: 'duplicate' };
      const from = pdu.originator.number;
      if (!concat || concat.total <= 1) {
        const id = this.insertMessage({ from, e164, customerId, body: text, sentAt, now, key: null, total: 1, received: 1, complete: true, decodeError: null });
        this.insertPart(id, 1, hash, pduHex, text, now);
        return { kind: 'stored', inboxId: id, visible: true, newlyComplete: true };
      }
      const key = `${from}|${concat.refBits}|${concat.ref}|${concat.total}`;
      const since = new Date(this.clock().getTime() - (this.opt.reassemblyWindowMs ?? 48 * 3600_000)).toISOString();
      const open = this.sql(
        `SELECT id FROM sms_inbox i WHERE concat_key = ? AND complete = 0 AND received_at >= ?
           AND NOT EXISTS (SELECT 1 FROM sms_inbox_parts p WHERE p.inbox_id = i.id AND p.seq = ?)
         ORDER BY id LIMIT 1`,
      ).get(key, since, concat.seq) as { id: number } | undefined;
      let id: number;
      if (open) {
        id = open.id;
        this.insertPart(id, concat.seq, hash, pduHex, text, now);
      } else {
        id = this.insertMessage({ from, e164, customerId, body: '', sentAt, now, key, total: concat.total, received: 0, complete: false, decodeError: null });
        this.insertPart(id, concat.seq, hash, pduHex, text, now);
      }
      const parts = this.sql(`SELECT seq, text FROM sms_inbox_parts WHERE inbox_id = ? ORDER BY seq`).all(id) as { seq: number; text: string }[];
      const complete = parts.length >= concat.total;
      const body = assemble(parts, concat.total);
      // The earliest centre time stamp stands for the message.
      this.sql(
        `UPDATE sms_inbox SET body = ?, parts_received = ?, complete = ?, sent_at = CASE WHEN sent_at IS NULL OR (? IS NOT NULL AND ? < sent_at) THEN ? ELSE sent_at END WHERE id = ?`,
      ).run(body, parts.length, complete ? 1 : 0, sentAt, sentAt, sentAt, id);
      const row = this.sql(`SELECT show_after FROM sms_inbox WHERE id = ?`).get(id) as { show_after: string };
      return { kind: 'stored', inboxId: id, visible: complete || row.show_after <= now, newlyComplete: complete };
    }).immediate();
  }

  /** A PDU that could not be decoded is kept, raw, with the reason: nothing received is lost. */
  storeUndecodable(pduHex: string, reason: string): StoreResult {
    const hash = pduHash(pduHex);
    const now = this.now();
    return this.db.transaction((): StoreResult => {
      if (this.sql(`SELECT 1 FROM sms_inbox_parts WHERE pdu_hash = ?`).get(hash)) return { kind: 'duplicate' };
      const id = this.insertMessage({ from: '?', e164: null, customerId: null, body: '', sentAt: null, now, key: null, total: 1, received: 1, complete: true, decodeError: reason });
      this.insertPart(id, 1, hash, pduHex, '', now);
      return { kind: 'stored', inboxId: id, visible: true, newlyComplete: true };
    }).immediate();
  }

  /**
   * Marks as announced the messages that have just become visible and not been announced:
   * complete ones, and incomplete ones whose wait is over. Returns their ids.
   */
  takeNewlyVisible(): number[] {
    const now = this.now();
    return this.db.transaction(() => {
      const rows = this.sql(`SELECT id FROM sms_inbox i WHERE announced = 0 AND ${VISIBLE}`).all({ now }) as { id: number }[];
      const mark = this.sql(`UPDATE sms_inbox SET announced = 1 WHERE id = ?`);
      for (const r of rows) mark.run(r.id);
      return rows.map((r) => r.id);
    }).immediate();
  }

  /** When the next incomplete message becomes visible (ISO), or null. */
  nextShowAfter(): string | null {
    const row = this.sql(`SELECT MIN(show_after) AS at FROM sms_inbox WHERE complete = 0 AND announced = 0`).get() as { at: string | null };
    return row.at;
  }

  get(id: number): InboxMessage {
    const row = this.sql(`${SELECT} WHERE i.id = ?`).get(id) as InboxRow | undefined;
    if (!row) throw new NotFoundError(`received SMS ${id}`);
    return toMessage(row);
  }

  list(opts: { limit: number; before?: number | undefined; customerId?: number | undefined; unread?: boolean | undefined }): { items: InboxMessage[]; nextBefore: number | null } {
    const where = [VISIBLE];
    const args: Record<string, string | number> = { now: this.now(), limit: opts.limit + 1 };
    if (opts.before !== undefined) (where.push('i.id < @before'), (args.before = opts.before));
    if (opts.customerId !== undefined) (where.push('i.customer_id = @customer'), (args.customer = opts.customerId));
    if (opts.unread) where.push('i.read_at IS NULL');
    const rows = this.sql(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY i.id DESC LIMIT @limit`).all(args) as InboxRow[];
    const page = rows.slice(0, opts.limit);
    return { items: page.map(toMessage), nextBefore: rows.length > opts.limit ? page[page.length - 1]!.id : null };
  }

  unreadCount(): number {
    const row = this.sql(`SELECT COUNT(*) AS n FROM sms_inbox i WHERE i.read_at IS NULL AND ${VISIBLE}`).get({ now: this.now() }) as { n: number };
    return row.n;
  }

  markRead(id: number, actor: UserRef | null): InboxMessage {
    const r = this.sql(`UPDATE sms_inbox SET read_at = ?, read_by = ? WHERE id = ? AND read_at IS NULL`).run(this.now(), actor?.id ?? null, id);
    if (r.changes === 0) this.get(id); // throws NotFound for a bad id; an already read one is fine
    return this.get(id);
  }

  /** Every part ever stored (for the crash test and support). */
  countParts(): number {
    return (this.sql(`SELECT COUNT(*) AS n FROM sms_inbox_parts`).get() as { n: number }).n;
  }

  private insertMessage(m: {
    from: string;
    e164: string | null;
    customerId: number | null;
    body: string;
    sentAt: string | null;
    now: string;
    key: string | null;
    total: number;
    received: number;
    complete: boolean;
    decodeError: string | null;
  }): number {
    const showAfter = m.complete ? m.now : new Date(this.clock().getTime() + this.opt.incompleteAfterMs).toISOString();
    const r = this.sql(
      `INSERT INTO sms_inbox (from_number, from_e164, customer_id, body, sent_at, received_at, concat_key, parts_total, parts_received, complete, show_after, decode_error)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(m.from, m.e164, m.customerId, m.body, m.sentAt, m.now, m.key, m.total, m.received, m.complete ? 1 : 0, showAfter, m.decodeError);
    return Number(r.lastInsertRowid);
  }

  private insertPart(inboxId: number, seq: number, hash: string, pdu: string, text: string, now: string): void {
    this.sql(`INSERT INTO sms_inbox_parts (inbox_id, seq, pdu_hash, pdu, text, received_at) VALUES (?, ?, ?, ?, ?, ?)`).run(inboxId, seq, hash, pdu, text, now);
  }

  private now(): string {
    return this.clock().toISOString();
  }
}

/**
 * The identity of a received PDU: the same bytes read twice (before and after a crash) are
 * one message. Two truly separate messages with the same sender, centre time stamp (to the
 * second) and text would also be one: the SMSC stamps each, so this does not happen in practice.
 */
export function pduHash(pduHex: string): string {
  return createHash('sha256').update(pduHex.trim().toUpperCase()).digest('hex');
}

/** The text of a long message from the parts that came, with a mark where one is missing. */
export function assemble(parts: readonly { seq: number; text: string }[], total: number): string {
  const bySeq = new Map(parts.map((p) => [p.seq, p.text]));
  let out = '';
  for (let seq = 1; seq <= total; seq++) out += bySeq.get(seq) ?? MISSING_PART;
  return out;
}

function toMessage(r: InboxRow): InboxMessage {
  return {
    id: r.id,
    from: r.from_number,
    customer: r.customer_id !== null && r.customer_no !== null ? { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name ?? '' } : null,
    body: r.body,
    sentAt: r.sent_at,
    receivedAt: r.received_at,
    partsTotal: r.parts_total,
    partsReceived: r.parts_received,
    complete: r.complete === 1,
    decodeError: r.decode_error,
    readAt: r.read_at,
    readBy: r.read_by !== null ? { id: r.read_by, name: r.read_by_name ?? '' } : null,
  };
}
