// The care SMS parts built together (composition root helper): settings, opt-outs, the
// idempotent queue, and the stop-word replies that opt a customer out.
import type { AuditLog } from '../audit/audit-log.js';
import type { CustomerService } from '../crm/customer-service.js';
import type { Db } from '../db/connection.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log.js';
import type { SmsService } from '../modem/sms/sms-service.js';
import type { Clock } from '../util/clock.js';
import { CareSettingsStore } from './care-settings.js';
import { CareSms } from './care-sms.js';
import { OptOutStore } from './opt-out-store.js';
import { isStopReply } from './stop-words.js';

export interface CareServices {
  settings: CareSettingsStore;
  optOuts: OptOutStore;
  /** The one door for SMS the box sends by itself (reminders, automatic messages). */
  sms: CareSms;
}

export interface CareDeps {
  db: Db;
  audit: AuditLog;
  events: EventHub;
  customers: CustomerService;
  sms: SmsService;
  timeZone: () => string;
  clock: Clock;
  log: Logger;
}

export function createCareServices(d: CareDeps): CareServices {
  const settings = new CareSettingsStore(d.db, d.audit, d.clock);
  const optOuts = new OptOutStore(d.db, d.audit, d.clock);
  const sms = new CareSms({
    db: d.db, outbox: d.sms.outbox, customers: d.customers, optOuts, settings, timeZone: d.timeZone, clock: d.clock,
    onQueued: (m) => d.sms.queued(m),
  });
  // A stop word alone in a reply opts out every customer with the sender's number.
  d.sms.onReceived((m) => {
    if (!isStopReply(m.body)) return;
    const ids = d.customers.findByNumber(m.from).map((c) => c.id);
    if (ids.length === 0) return;
    const changed = optOuts.fromReply(ids, m.id, m.from);
    for (const customerId of changed) d.events.publish('customer.optOut', { customerId, optedOut: true });
    if (changed.length) d.log.info({ customers: changed, inboxId: m.id }, 'opted out of marketing SMS by reply');
  });
  return { settings, optOuts, sms };
}
