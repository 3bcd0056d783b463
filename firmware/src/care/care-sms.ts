// The one door for SMS the box sends by itself (automatic messages S2, reminders C4, campaigns
// S3). Callers: the automatic messages (care/automatic-*.ts) and the reminder runs. In ONE
// IMMEDIATE transaction it
//   1. returns the message already queued under the idempotency key, if any (a run repeated
//      after a crash, a restart or a second process queues nothing twice);
//   2. for non-transactional messages (marketing, reminders): records a customer who opted out
//      as a withheld row (state 'cancelled', never sent, the key kept) and holds a message ready
//      in quiet hours until they end (the outbox's not-before time; held messages go out in the
//      morning in the order they were queued);
//   3. queues the outbox row with its origin, purpose, template and key.
// Transactional messages (a payment receipt, an appointment) ignore opt-out, and quiet hours
// unless the caller asks (`quietHours: true`: a scheduled appointment notice waits for 08:00).
import type { OutboxMessage, SmsOrigin } from '../api-types.js';
import type { CustomerService } from '../crm/customer-service.js';
import type { Db } from '../db/connection.js';
import { ValidationError } from '../errors.js';
import type { OutboxStore } from '../modem/sms/outbox-store.js';
import type { Clock } from '../util/clock.js';
import type { CareSettingsStore } from './care-settings.js';
import type { OptOutStore } from './opt-out-store.js';
import { quietUntil } from './quiet-hours.js';

export interface CareSmsInput {
  /** Idempotency key: rule, subject and occurrence, e.g. "reminder:birthday:42:2026-12-02". */
  key: string;
  origin: Exclude<SmsOrigin, 'manual'>;
  /** The reminder kind or automatic message, e.g. 'birthday', 'order-placed'. */
  purpose: string;
  /** The customer texted; null for a message to the studio itself (`to`: the owner's phone). */
  customerId: number | null;
  /** With customerId null: the studio's own number (E.164). No opt-out applies; it is not a customer. */
  to?: string;
  /** Receipts and appointment notices: sent even to an opted-out customer (and, by default, whatever the hour). */
  transactional: boolean;
  /** Held in quiet hours; default: not transactional. An appointment notice sent by a schedule is transactional and still waits for the morning. */
  quietHours?: boolean;
  /** The finished text (render a template first: care/template-render.ts). */
  text: string;
  templateId?: number | null;
  /** The moment the message is ready (a run's "now"); default the clock. */
  now?: Date;
}

export type CareSmsResult =
  /** Queued now; `heldUntil` (UTC ISO) when quiet hours hold it until the morning. */
  | { status: 'queued'; message: OutboxMessage; heldUntil: string | null }
  /** The key was used before: nothing new, the earlier message returned. */
  | { status: 'duplicate'; message: OutboxMessage }
  /** The customer opted out of marketing SMS: recorded (cancelled, with the reason), not sent. */
  | { status: 'opted-out'; message: OutboxMessage }
  /** The customer has no phone number: nothing written (a later run may try again). */
  | { status: 'no-phone' };

export interface CareSmsDeps {
  db: Db;
  outbox: OutboxStore;
  customers: CustomerService;
  optOuts: OptOutStore;
  settings: CareSettingsStore;
  timeZone: () => string;
  clock: Clock;
  /** A message was written: wake the sender, tell the screens. */
  onQueued: (m: OutboxMessage) => void;
}

export const OPTED_OUT_REASON = 'the customer opted out of marketing SMS';

export class CareSms {
  constructor(private readonly d: CareSmsDeps) {}

  queue(input: CareSmsInput): CareSmsResult {
    const problems = [];
    if (input.key.trim() === '' || input.key.length > 200) problems.push({ path: 'key', message: 'must be 1–200 characters' });
    if (input.text.trim() === '') problems.push({ path: 'text', message: 'empty' });
    if (input.purpose.trim() === '') problems.push({ path: 'purpose', message: 'empty' });
    if (problems.length) throw new ValidationError(problems);
    const now = input.now ?? this.d.clock();
    const result = this.d.db
      .transaction((): CareSmsResult => {
        const earlier = this.d.outbox.findByKey(input.key);
        if (earlier) return { status: 'duplicate', message: earlier };
        const customer = input.customerId === null ? null : this.d.customers.get(input.customerId);
        const to = customer ? customer.phones[0]?.e164 : input.to;
        if (!to) return { status: 'no-phone' };
        const common = {
          to, body: input.text, customerId: customer?.id ?? null, origin: input.origin, purpose: input.purpose,
          templateId: input.templateId ?? null, idempotencyKey: input.key,
        };
        if (customer && !input.transactional && this.d.optOuts.get(customer.id)) {
          return { status: 'opted-out', message: this.d.outbox.enqueue({ ...common, withheld: OPTED_OUT_REASON }, null) };
        }
        const held = !(input.quietHours ?? !input.transactional) ? null : quietUntil(now, this.d.settings.get().quietHours, this.d.timeZone());
        const heldUntil = held ? held.toISOString() : null;
        return { status: 'queued', message: this.d.outbox.enqueue({ ...common, notBefore: heldUntil }, null), heldUntil };
      })
      .immediate();
    if (result.status === 'queued' || result.status === 'opted-out') this.d.onQueued(result.message);
    return result;
  }
}
