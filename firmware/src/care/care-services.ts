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
import type { CallEnded, Language, TemplateValuesInfo } from '../api-types.js';
import { AutoSms } from './auto-sms.js';
import { CareSchedule } from './care-schedule.js';

export interface CareServices {
  settings: CareSettingsStore;
  optOuts: OptOutStore;
  /** The one door for SMS the box sends by itself (reminders, automatic messages). */
  sms: CareSms;
  templates: TemplateStore;
  /** What the placeholders hold for a customer (the live preview; the automatic messages' start). */
  valuesFor(customerId: number): TemplateValuesInfo;
  /** The automatic messages (S2): events call it; the schedule runs its day-before and birthday ones. */
  auto: AutoSms;
  schedule: CareSchedule;
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
  /** The studio's language: automatic messages use its templates. */
  language: () => Language;
  /** A payment taken: its order's number, what is still owed after it, the currency. */
  paymentFacts: (orderId: number) => { orderNo: string; dueMinor: number; currency: string };
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
  const valuesFor = (id: number) => valuesForCustomer(sources, id);
  const auto = new AutoSms({
    db: d.db, care: sms, templates, settings, valuesFor, clock: d.clock, log: d.log,
    studio: () => ({ language: d.language(), timeZone: d.timeZone() }),
  });
  const schedule = new CareSchedule({ timeZone: d.timeZone, log: d.log, run: () => auto.runDue() });
  // A payment taken answers with a receipt; a missed call from a known customer with an apology.
  d.events.subscribe((e) => {
    const data = e.data as { orderId?: number; customerId?: number; paymentId?: number } | null;
    try {
      if (e.type === 'payment.changed' && data && typeof data.paymentId === 'number' && typeof data.orderId === 'number' && typeof data.customerId === 'number') {
        auto.paymentTaken({ paymentId: data.paymentId, customerId: data.customerId, ...d.paymentFacts(data.orderId) });
      } else if (e.type === 'call.ended') {
        const c = e.data as CallEnded;
        if (c.outcome === 'missed' && c.customerId !== null) auto.missedCall(c.customerId, new Date(c.endedAt));
      }
    } catch (err) {
      d.log.error({ err, event: e.type }, 'automatic SMS for an event failed');
    }
  });
  return { settings, optOuts, sms, templates, valuesFor, auto, schedule };
}
