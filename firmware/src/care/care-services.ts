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
import { TemplateStore } from './template-store.js';
import { valuesForCustomer, type TemplateValueSources } from './template-values.js';
import type { TemplateValuesInfo } from '../api-types.js';

export interface CareServices {
  settings: CareSettingsStore;
  optOuts: OptOutStore;
  /** The one door for SMS the box sends by itself (reminders, automatic messages). */
  sms: CareSms;
  templates: TemplateStore;
  /** What the placeholders hold for a customer (the live preview; the automatic messages' start). */
  valuesFor(customerId: number): TemplateValuesInfo;
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
  /** The customer's facts the placeholders show (orders, what is owed, points, the store's name). */
  facts: Pick<TemplateValueSources, 'lastOrderNo' | 'unpaid' | 'points' | 'store'>;
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
  const templates = new TemplateStore(d.db, d.audit, d.clock);
  const sources: TemplateValueSources = {
    ...d.facts,
    customer: (id) => d.customers.get(id),
    storePhone: () => settings.get().storePhone || null,
    timeZone: d.timeZone,
    clock: d.clock,
  };
  return { settings, optOuts, sms, templates, valuesFor: (id) => valuesForCustomer(sources, id) };
}
