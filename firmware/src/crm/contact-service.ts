// Contact records (C3): each time the studio and a customer were in touch, with a note —
// written on the customer's page or from the caller-ID popup (then linked to the call). The
// newest one is the "last contact" on the caller's card (calls/caller-card.ts).
import { z } from 'zod';
import { CONTACT_CHANNELS, type ContactRecord, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { isoNow, type Clock } from '../util/clock.js';

export const NOTE_MAX = 2000;

/** The body of POST /api/customers/:id/contacts (the customer comes from the path). */
export const contactBodySchema = z
  .object({
    channel: z.enum(CONTACT_CHANNELS),
    note: z.string().trim().min(1, 'required').max(NOTE_MAX),
    at: z.iso.datetime({ offset: true }).optional(),
    callId: z.number().int().positive().nullable().optional(),
  })
  .strict();

const contactAddSchema = contactBodySchema.extend({ customerId: z.number().int().positive() }).strict();

export type ContactAddInput = z.input<typeof contactAddSchema>;

interface ContactRow {
  id: number;
  customer_id: number;
  at: string;
  channel: ContactRecord['channel'];
  note: string;
  call_id: number | null;
  created_at: string;
  created_by: number | null;
  created_by_name: string | null;
}

const SELECT = `SELECT r.*, u.display_name AS created_by_name FROM contact_records r LEFT JOIN users u ON u.id = r.created_by`;

export class ContactService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
  ) {
    this.sql = statementCache(db);
  }

  /** Writes a record and its audit line together. Unknown customer: 404; unknown call: 400. */
  add(actor: UserRef, raw: ContactAddInput): ContactRecord {
    const parsed = contactAddSchema.safeParse(raw);
    if (!parsed.success) {
      throw new ValidationError(parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
    }
    const input = parsed.data;
    const at = input.at ? new Date(input.at).toISOString() : isoNow(this.clock);
    const callId = input.callId ?? null;
    const id = this.db.transaction(() => {
      const customer = this.sql('SELECT customer_no, name FROM customers WHERE id = ?').get(input.customerId) as { customer_no: string; name: string } | undefined;
      if (!customer) throw new NotFoundError(`customer ${input.customerId}`);
      if (callId !== null && !this.sql('SELECT 1 FROM calls WHERE id = ?').get(callId)) {
        throw new ValidationError([{ path: 'callId', message: 'no such call' }]);
      }
      const res = this.sql(
        `INSERT INTO contact_records (customer_id, at, channel, note, call_id, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ).run(input.customerId, at, input.channel, input.note, callId, isoNow(this.clock), actor.id);
      const id = Number(res.lastInsertRowid);
      this.audit.record(actor, {
        action: 'create',
        entity: 'contact',
        entityId: id,
        summary: `contact record (${input.channel}) for customer ${customer.customer_no} ${customer.name} added`,
        detail: { customerId: input.customerId, channel: input.channel, note: input.note, at, callId },
      });
      return id;
    })();
    // The calls refresh the customer's card from this event (main.ts).
    this.events.publish('contact.added', { id, customerId: input.customerId });
    return this.get(id);
  }

  /** A customer's records, newest first. Unknown customer: 404. */
  list(customerId: number, limit: number): ContactRecord[] {
    if (!this.sql('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new NotFoundError(`customer ${customerId}`);
    const rows = this.sql(`${SELECT} WHERE r.customer_id = ? ORDER BY r.at DESC, r.id DESC LIMIT ?`).all(customerId, limit) as ContactRow[];
    return rows.map(toRecord);
  }

  /** The newest record of a customer, or null. */
  last(customerId: number): ContactRecord | null {
    const r = this.sql(`${SELECT} WHERE r.customer_id = ? ORDER BY r.at DESC, r.id DESC LIMIT 1`).get(customerId) as ContactRow | undefined;
    return r ? toRecord(r) : null;
  }

  private get(id: number): ContactRecord {
    const r = this.sql(`${SELECT} WHERE r.id = ?`).get(id) as ContactRow | undefined;
    if (!r) throw new NotFoundError(`contact record ${id}`);
    return toRecord(r);
  }
}

function toRecord(r: ContactRow): ContactRecord {
  return {
    id: r.id,
    customerId: r.customer_id,
    at: r.at,
    channel: r.channel,
    note: r.note,
    callId: r.call_id,
    createdAt: r.created_at,
    createdBy: userRef(r.created_by, r.created_by_name),
  };
}
