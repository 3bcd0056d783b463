import type { CountryCode } from 'libphonenumber-js';
import type { InboxMessage, OutboxMessage, OutboxState, UserRef } from '../../api-types.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { CustomerService } from '../../crm/customer-service.js';
import { normalizePhone } from '../../crm/phone.js';
import type { Db } from '../../db/connection.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import type { EventHub } from '../../events/event-hub.js';
import type { Logger } from '../../log.js';
import type { Clock } from '../../util/clock.js';
import type { Modem } from '../modem.js';
import { InboxStore, type StoreResult } from './inbox-store.js';
import { OutboxStore } from './outbox-store.js';
import { SmsReceiver } from './sms-receiver.js';
import { SmsSender } from './sms-sender.js';

export interface SmsOptions {
  perMinute: number;
  maxAttempts: number;
  deliveryReports: boolean;
  incompleteAfterMinutes: number;
  retryBaseMs?: number;
  pollMs?: number;
  sweepMs?: number;
  /** How long AT+CMGS may take after the PDU. */
  cmgsTimeoutMs?: number;
}

export interface SendInput {
  /** A phone number as typed; or omitted with `customerId` (the customer's first phone). */
  to?: string | undefined;
  customerId?: number | undefined;
  text: string;
  inReplyTo?: number | undefined;
}

/** The longest text accepted: 10 parts of UCS-2 (an SMS longer than that is a letter). */
export const MAX_SMS_CHARS = 670;

/**
 * SMS for the rest of the box (H1, S4, S5): queue a message, read the outbox and inbox. The
 * sender and the receiver do the modem work in the background; every change is pushed to the
 * screens as an event (`sms.outbox`, `sms.received`, `sms.unread`).
 */
export class SmsService {
  readonly outbox: OutboxStore;
  readonly inbox: InboxStore;
  private readonly sender: SmsSender | null;
  private readonly receiver: SmsReceiver | null;
  private announceTimer: NodeJS.Timeout | null = null;
  private readonly receivedListeners: ((m: InboxMessage) => void)[] = [];

  constructor(
    db: Db,
    audit: AuditLog,
    private readonly events: EventHub,
    private readonly customers: CustomerService,
    private readonly country: () => CountryCode,
    private readonly clock: Clock,
    private readonly log: Logger,
    /** Null: a box without a modem still keeps (and can show) its outbox. */
    modem: Modem | null,
    opt: SmsOptions,
  ) {
    this.outbox = new OutboxStore(db, audit, clock);
    this.inbox = new InboxStore(db, clock, { incompleteAfterMs: opt.incompleteAfterMinutes * 60_000 });
    this.sender = modem
      ? new SmsSender(this.outbox, modem, log.child({ part: 'sender' }), clock, opt, (id) => this.outboxChanged(id))
      : null;
    this.receiver = modem
      ? new SmsReceiver(
          modem,
          this.inbox,
          this.outbox,
          log.child({ part: 'receiver' }),
          {
            lookup: (from) => this.lookup(from),
            stored: (r) => this.stored(r),
            report: (r) => this.outboxChanged(r.outboxId),
          },
          opt.sweepMs,
        )
      : null;
  }

  /** Recovers what a crash left (never re-sending), then starts sending and receiving. */
  start(): void {
    const recovered = this.outbox.recoverAfterRestart();
    if (recovered.unknown.length) this.log.warn({ ids: recovered.unknown }, 'SMS left in "sending" by the last run are now "unknown": staff decide');
    if (recovered.requeued.length) this.log.info({ ids: recovered.requeued }, 'long SMS stopped between parts: the rest is queued again');
    this.sender?.start();
    this.receiver?.start();
    this.scheduleAnnouncements();
  }

  async stop(): Promise<void> {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    await this.sender?.stop();
    await this.receiver?.stop();
  }

  /** Waits until the receiver has handled what it was told so far (tests, CLI). */
  async settled(): Promise<void> {
    await this.receiver?.idle();
  }

  send(input: SendInput, actor: UserRef | null): OutboxMessage {
    const text = input.text;
    const problems: { path: string; message: string }[] = [];
    if (text.trim() === '') problems.push({ path: 'text', message: 'empty' });
    if ([...text].length > MAX_SMS_CHARS) problems.push({ path: 'text', message: `longer than ${MAX_SMS_CHARS} characters` });
    let to: string | null = null;
    let customerId = input.customerId ?? null;
    // Checked here, not left to the foreign keys: a wrong id is the client's mistake (400 naming it).
    const customerKnown = customerId === null || exists(() => this.customers.get(customerId!));
    if (!customerKnown) problems.push({ path: 'customerId', message: 'no customer with this id' });
    if (input.inReplyTo !== undefined && !exists(() => this.inbox.get(input.inReplyTo!))) problems.push({ path: 'inReplyTo', message: 'no received message with this id' });
    if (input.to !== undefined && input.to.trim() !== '') {
      to = this.normalizeTo(input.to, problems);
    } else if (customerId !== null) {
      if (!customerKnown) throw new ValidationError(problems);
      const c = this.customers.get(customerId);
      to = c.phones[0]?.e164 ?? null;
      if (!to) problems.push({ path: 'to', message: 'the customer has no phone number' });
    } else {
      problems.push({ path: 'to', message: 'empty' });
    }
    if (problems.length || !to) throw new ValidationError(problems);
    if (customerId === null) customerId = this.customers.findByNumber(to)[0]?.id ?? null;
    const msg = this.outbox.enqueue({ to, body: text, customerId, inReplyTo: input.inReplyTo ?? null }, actor);
    this.events.publish('sms.outbox', { id: msg.id, state: msg.state, customerId });
    // Answering a message means it has been read.
    if (input.inReplyTo !== undefined) this.markRead(input.inReplyTo, actor);
    this.sender?.wake();
    return msg;
  }

  /** A message another part of the box wrote into the outbox (care/care-sms.ts): the screens hear of it, the sender looks now. */
  queued(m: OutboxMessage): void {
    this.events.publish('sms.outbox', { id: m.id, state: m.state, customerId: m.customer?.id ?? null });
    this.sender?.wake();
  }

  /** Called with each received message once it is complete (a stop-word reply opts out: care/). */
  onReceived(fn: (m: InboxMessage) => void): void {
    this.receivedListeners.push(fn);
  }

  resend(id: number, actor: UserRef | null): OutboxMessage {
    const m = this.outbox.resend(id, actor);
    this.outboxChanged(id);
    this.sender?.wake();
    return m;
  }

  cancel(id: number, actor: UserRef | null): OutboxMessage {
    const m = this.outbox.cancel(id, actor);
    this.outboxChanged(id);
    return m;
  }

  listOutbox(opts: { limit: number; before?: number | undefined; customerId?: number | undefined; state?: OutboxState | undefined }): { items: OutboxMessage[]; nextBefore: number | null } {
    return this.outbox.list(opts);
  }

  listInbox(opts: { limit: number; before?: number | undefined; customerId?: number | undefined; unread?: boolean | undefined }): { items: InboxMessage[]; nextBefore: number | null } {
    return this.inbox.list(opts);
  }

  markRead(id: number, actor: UserRef | null): InboxMessage {
    const m = this.inbox.markRead(id, actor);
    this.events.publish('sms.unread', { count: this.inbox.unreadCount() });
    return m;
  }

  unreadCount(): number {
    return this.inbox.unreadCount();
  }

  // ------------------------------------------------------------------ internals

  private normalizeTo(raw: string, problems: { path: string; message: string }[]): string | null {
    const compact = raw.replace(/[\s-]/g, '');
    // Operator service numbers (10086, 1900…) are short and not "valid" phone numbers.
    if (/^\d{3,8}$/.test(compact)) return compact;
    const r = normalizePhone(raw, this.country());
    if (!r.ok) {
      problems.push({ path: 'to', message: r.error });
      return null;
    }
    return r.phone.e164;
  }

  private lookup(from: string): { customerId: number | null; e164: string | null } {
    const r = normalizePhone(from, this.country());
    const matches = this.customers.findByNumber(from);
    return { customerId: matches[0]?.id ?? null, e164: r.ok ? r.phone.e164 : null };
  }

  private stored(r: StoreResult): void {
    if (r.kind === 'duplicate') return;
    // Lists on screen refresh; a late part may have completed a message shown incomplete.
    this.events.publish('sms.inbox', { id: r.inboxId, complete: r.newlyComplete });
    if (r.newlyComplete) {
      for (const fn of this.receivedListeners) {
        try {
          fn(this.inbox.get(r.inboxId));
        } catch (err) {
          this.log.error({ err, inboxId: r.inboxId }, 'a listener for received SMS failed');
        }
      }
    }
    this.announce();
    this.scheduleAnnouncements();
  }

  /** Tells the screens about messages that became visible (complete, or waited long enough). */
  private announce(): void {
    const ids = this.inbox.takeNewlyVisible();
    for (const id of ids) {
      const m = this.inbox.get(id);
      this.events.publish('sms.received', { id, from: m.from, customer: m.customer, complete: m.complete });
    }
    if (ids.length) this.events.publish('sms.unread', { count: this.inbox.unreadCount() });
  }

  /** A timer for the next incomplete long message that will be shown without its missing parts. */
  private scheduleAnnouncements(): void {
    if (this.announceTimer) clearTimeout(this.announceTimer);
    this.announceTimer = null;
    const at = this.inbox.nextShowAfter();
    if (!at) return;
    const ms = Math.max(0, Date.parse(at) - this.clock().getTime()) + 50;
    this.announceTimer = setTimeout(() => {
      this.announceTimer = null;
      try {
        this.announce();
      } catch (err) {
        this.log.error({ err }, 'announcing incomplete SMS failed');
      }
      this.scheduleAnnouncements();
    }, Math.min(ms, 2 ** 31 - 1));
    this.announceTimer.unref();
  }

  private outboxChanged(id: number): void {
    try {
      const m = this.outbox.get(id);
      this.events.publish('sms.outbox', { id, state: m.state, customerId: m.customer?.id ?? null, error: m.error });
    } catch (err) {
      this.log.error({ err, id }, 'could not publish an outbox change');
    }
  }
}

/** False when the lookup throws NotFound; any other error is the box's and goes on up. */
function exists(lookup: () => unknown): boolean {
  try {
    lookup();
    return true;
  } catch (err) {
    if (err instanceof NotFoundError) return false;
    throw err;
  }
}
