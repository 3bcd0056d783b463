// Reminders (C4): the run that plans every kind's occurrences into the table, the today list and
// the calendar, and the one-click actions (done, snooze, "called them"), each audited.
import {
  REMINDER_KINDS,
  type Reminder,
  type ReminderDays,
  type ReminderKind,
  type ReminderRange,
  type ReminderRules,
  type RemindersToday,
  type UserRef,
} from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { ContactService } from '../crm/contact-service.js';
import type { Db } from '../db/connection.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { Logger } from '../log.js';
import { isoNow, type Clock } from '../util/clock.js';
import { AFTER_SALES_DAYS, PLAN_HORIZON_DAYS, planOccurrences, studioDay } from './reminder-rules.js';
import { ReminderSettings } from './reminder-settings.js';
import { ReminderStore, type ReconcileResult } from './reminder-store.js';

/** The most reminders today's list answers at once (the badge counts them all). */
export const TODAY_LIST_MAX = 500;

/** A due reminder whose kind texts the customer. */
export interface ReminderSmsRequest {
  kind: ReminderKind;
  customerId: number;
  subjectId: number;
  occurrenceDate: string;
  /** rule, subject, occurrence date: the outbox's UNIQUE key makes a second queueing a no-op. */
  idempotencyKey: string;
}

/**
 * Queues the customer's SMS for a reminder through the kind's template, in the caller's
 * transaction: 'queued'; 'withheld' when it must not go (opted out, the template lacks a value;
 * recorded, not tried again); 'later' when it cannot go yet (no phone: tried at the next run).
 * The reminder shows to staff whatever the answer.
 */
export type ReminderSmsSender = (r: ReminderSmsRequest) => 'queued' | 'withheld' | 'later';

export interface ReminderServiceOptions {
  db: Db;
  audit: AuditLog;
  events: EventHub;
  contacts: ContactService;
  clock: Clock;
  timeZone: () => string;
  log: Logger;
  /** Null until SMS templates exist on the box: reminders then only show to staff. */
  sms?: ReminderSmsSender | null;
}

export function reminderSmsKey(kind: ReminderKind, subjectId: number, occurrenceDate: string): string {
  return `reminder:${kind}:${subjectId}:${occurrenceDate}`;
}

export class ReminderService {
  readonly settings: ReminderSettings;
  private readonly store: ReminderStore;

  constructor(private readonly o: ReminderServiceOptions) {
    this.settings = new ReminderSettings(o.db, o.audit, o.clock);
    this.store = new ReminderStore(o.db);
  }

  /**
   * One run: plan every enabled kind from today to the horizon, write the occurrences (a run
   * repeated adds nothing), then queue the SMS of those now due. Publishes `reminders.changed`
   * when the table changed, so that badges re-read.
   */
  run(): ReconcileResult & { sms: number } {
    const started = this.o.clock();
    const tz = this.o.timeZone();
    const now = started.toISOString();
    const rules = this.settings.get();
    // A delivered order is visited AFTER_SALES_DAYS later: older deliveries cannot be ahead.
    const deliveredSince = new Date(started.getTime() - (AFTER_SALES_DAYS + 2) * 86400_000).toISOString();
    const planned = planOccurrences(rules, this.store.customerDates(), this.store.orderDates(deliveredSince), { now: started, timeZone: tz, horizonDays: PLAN_HORIZON_DAYS });
    const today = studioDay(started, tz).today;
    const result = this.store.reconcile(planned, now, today);
    const sms = this.queueSms(rules, now, today);
    this.store.recordRun(now, isoNow(this.o.clock), result);
    if (result.added || result.removed || sms) this.o.events.publish('reminders.changed', { count: this.todayCount().count });
    this.o.log.info({ ...result, sms, ms: this.o.clock().getTime() - started.getTime() }, 'reminder run');
    return { ...result, sms };
  }

  lastRunAt(): Date | null {
    const at = this.store.lastRunAt();
    return at ? new Date(at) : null;
  }

  private queueSms(rules: ReminderRules, now: string, today: string): number {
    const send = this.o.sms;
    if (!send) return 0;
    const kinds = REMINDER_KINDS.filter((k) => rules[k].enabled && rules[k].sms);
    let queued = 0;
    for (const r of this.store.smsDue(kinds, now, today)) {
      try {
        // The outbox row, its idempotency key and the reminder's mark land together.
        this.o.db.transaction(() => {
          const answer = send({ ...r, idempotencyKey: reminderSmsKey(r.kind, r.subjectId, r.occurrenceDate) });
          if (answer === 'queued') queued++;
          if (answer !== 'later') this.store.markSmsQueued(r.id, now);
        })();
      } catch (err) {
        // One customer's bad data must not stop the others; the next run tries again.
        this.o.log.error({ err, reminder: r.id }, 'queueing a reminder SMS failed');
      }
    }
    return queued;
  }

  today(): RemindersToday {
    const now = this.o.clock();
    const tz = this.o.timeZone();
    const day = studioDay(now, tz);
    const t = this.store.today(now.toISOString(), day, TODAY_LIST_MAX);
    return { today: day.today, timeZone: tz, count: t.count, items: t.items };
  }

  /** The badge's count alone (cheaper than the list). */
  todayCount(): { today: string; count: number } {
    const now = this.o.clock();
    const day = studioDay(now, this.o.timeZone());
    return { today: day.today, count: this.store.todayCount(now.toISOString(), day) };
  }

  range(from: string, to: string, limit: number): ReminderRange {
    return { from, to, timeZone: this.o.timeZone(), ...this.store.range(from, to, limit) };
  }

  days(from: string, to: string): ReminderDays {
    return { from, to, timeZone: this.o.timeZone(), days: this.store.days(from, to) };
  }

  get(id: number): Reminder {
    const r = this.store.get(id);
    if (!r) throw new NotFoundError(`reminder ${id}`);
    return r;
  }

  done(actor: UserRef, id: number): Reminder {
    return this.change(actor, id, 'done', null, 'done');
  }

  /** Off today's list until `until` (in the future), then back until done. */
  snooze(actor: UserRef, id: number, until: string): Reminder {
    const at = new Date(until);
    if (at.getTime() <= this.o.clock().getTime()) throw new ValidationError([{ path: 'until', message: 'must be in the future' }]);
    return this.change(actor, id, 'snoozed', at.toISOString(), 'snooze');
  }

  /** Open again (a reminder marked done by mistake). */
  reopen(actor: UserRef, id: number): Reminder {
    return this.change(actor, id, 'open', null, 'reopen');
  }

  /**
   * "Called them": a phone contact record for the customer (C3) and the reminder done, together.
   * Needs contacts:add as well (the route checks).
   */
  called(actor: UserRef, id: number, note: string | undefined, label: string): Reminder {
    return this.o.db.transaction(() => {
      const r = this.get(id);
      if (r.state === 'done') throw new ConflictError('this reminder is already done', 'reminder_done');
      this.o.contacts.add(actor, { customerId: r.customer.id, channel: 'phone', note: note?.trim() || label });
      return this.change(actor, id, 'done', null, 'called');
    })();
  }

  private change(actor: UserRef, id: number, state: Reminder['state'], snoozedUntil: string | null, action: string): Reminder {
    const after = this.o.db.transaction(() => {
      const before = this.get(id);
      const now = isoNow(this.o.clock);
      this.store.setState(id, state, actor.id, now, snoozedUntil);
      this.o.audit.record(actor, {
        action: `reminder_${action}`,
        entity: 'reminder',
        entityId: id,
        summary: `${before.kind} reminder for ${before.customer.customerNo} ${before.customer.name} (${before.occurrenceDate}): ${action}`,
        detail: { kind: before.kind, customerId: before.customer.id, occurrenceDate: before.occurrenceDate, before: { state: before.state, snoozedUntil: before.snoozedUntil }, after: { state, snoozedUntil } },
      });
      return this.get(id);
    })();
    this.o.events.publish('reminders.changed', { count: this.todayCount().count });
    return after;
  }

  /** Saves kinds' settings and re-plans at once (open reminders not yet due follow the new hour). */
  saveRules(actor: UserRef, patch: Parameters<ReminderSettings['save']>[1]): ReminderRules {
    const changed = this.o.db.transaction(() => this.settings.save(actor, patch))();
    if (changed.length) this.run();
    return this.settings.get();
  }
}
