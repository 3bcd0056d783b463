// A due reminder's SMS to the customer (C4 × S1): the kind's template in use (the studio's own,
// else the shipped default) in the studio's language, filled for the customer, with {date} the
// occurrence's date and {time} the appointment's local time where the kind has one (shoot,
// sample viewing: the order's; selection, pickup, stage due: the stage's due time), {order_no}
// the order's number for order kinds. Queued through the care SMS door with the reminder's
// idempotency key, so quiet hours hold it until morning and an opted-out customer gets none.
// Reminder SMS are not transactional: opt-out and quiet hours apply.
import type { Language, Order, ReminderKind } from '../api-types.js';
import type { CareServices } from '../care/care-services.js';
import { lacksEssential, renderTemplate } from '../care/template-render.js';
import type { Logger } from '../log.js';
import { parseIsoDate, wallClock } from '../util/local-time.js';
import { subjectTypeOf } from './reminder-rules.js';
import type { ReminderSmsRequest, ReminderSmsSender } from './reminder-service.js';

export interface ReminderSmsDeps {
  care: Pick<CareServices, 'sms' | 'templates' | 'valuesFor'>;
  order(id: number): Order | null;
  /** The customer's stage due time (UTC ISO) for selection, pickup and stage due. */
  stageDueAt(customerId: number): string | null;
  language(): Language;
  timeZone(): string;
  log: Logger;
}

/** The instant a kind's {time} reads, when it has one. */
function appointmentAt(d: ReminderSmsDeps, r: ReminderSmsRequest): string | null {
  if (subjectTypeOf(r.kind) === 'order') {
    const o = d.order(r.subjectId);
    return r.kind === 'shoot' ? (o?.serviceAt ?? null) : r.kind === 'sample_viewing' ? (o?.sampleAt ?? null) : null;
  }
  const withTime: ReminderKind[] = ['selection', 'pickup', 'stage_due'];
  return withTime.includes(r.kind) ? d.stageDueAt(r.customerId) : null;
}

export function reminderSmsSender(d: ReminderSmsDeps): ReminderSmsSender {
  return (r) => {
    const template = d.care.templates.inUse(r.kind, d.language());
    const at = appointmentAt(d, r);
    const wall = at ? wallClock(new Date(at), d.timeZone()) : null;
    const values = {
      ...d.care.valuesFor(r.customerId),
      date: parseIsoDate(r.occurrenceDate),
      time: wall ? { hour: wall.hour, minute: wall.minute } : null,
      ...(subjectTypeOf(r.kind) === 'order' ? { orderNo: d.order(r.subjectId)?.orderNo ?? null } : {}),
    };
    const rendered = renderTemplate(template.body, template.language, values);
    const lacking = lacksEssential(rendered);
    if (lacking.length) {
      // Never "your shoot is on  at ": staff still see the reminder.
      d.log.warn({ kind: r.kind, customerId: r.customerId, lacking }, 'reminder SMS not sent: the template needs what the customer lacks');
      return 'withheld';
    }
    const result = d.care.sms.queue({
      key: r.idempotencyKey, origin: 'reminder', purpose: r.kind, customerId: r.customerId, transactional: false,
      text: rendered.text, templateId: template.id,
    });
    // No phone yet: nothing written, a later run tries again once staff add one.
    return result.status === 'no-phone' ? 'later' : result.status === 'queued' ? 'queued' : 'withheld';
  };
}
