// Automatic messages (S2): each on or off with its template (care settings, settings:edit).
// Events send at once — an order placed, a payment taken (with what is still owed), a forward
// stage move, a missed call from a known customer (once per customer per day) — and the clock
// sends the rest: the day before a shoot, a selection, a pickup or a calendar appointment (O3),
// and the birthday blessing,
// each at its hour on the studio's clock (care/care-schedule.ts runs `runDue` every hour and
// once at start). Every message carries an idempotency key, so a run repeated after a restart
// or a crash, or an event seen twice, queues nothing twice (care/care-sms.ts).
import type { AutoSmsKind, Language, Stage } from '../api-types.js';
import type { Db } from '../db/connection.js';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { addDays, atLocalTime, formatIsoDate, localDate, parseIsoDate, wallClock, type LocalDate } from '../util/local-time.js';
import { UNPAID } from '../till/arrears.js';
import { yearlyDates } from '../reminders/reminder-rules.js';
import type { CareSettingsStore } from './care-settings.js';
import type { CareSms, CareSmsResult } from './care-sms.js';
import { lacksEssential, renderTemplate, type TemplateValues } from './template-render.js';
import type { TemplateStore } from './template-store.js';

export interface AutoSmsDeps {
  db: Db;
  care: CareSms;
  templates: TemplateStore;
  settings: CareSettingsStore;
  valuesFor(customerId: number): TemplateValues;
  /** The studio's language (the templates') and time zone. */
  studio(): { language: Language; timeZone: string };
  clock: Clock;
  log: Logger;
}

/** How each kind is sent: receipts and appointment notices are transactional (they reach opted-out customers). */
const KIND: Record<AutoSmsKind, { transactional: boolean; quietHours: boolean }> = {
  order_placed: { transactional: true, quietHours: false },
  payment_taken: { transactional: true, quietHours: false },
  stage_changed: { transactional: true, quietHours: false },
  // Scheduled appointment notices: transactional, but a schedule set in the quiet hours waits for the morning.
  day_before_shoot: { transactional: true, quietHours: true },
  day_before_selection: { transactional: true, quietHours: true },
  day_before_pickup: { transactional: true, quietHours: true },
  // The calendar's appointments (O3): a reminder, so an opted-out customer gets none, and quiet hours hold it.
  day_before_appointment: { transactional: false, quietHours: true },
  // Money owed (the arrears): a reminder, so an opted-out customer gets none, and quiet hours hold it.
  balance_due: { transactional: false, quietHours: true },
  birthday_blessing: { transactional: false, quietHours: true },
  // An answer to the customer's own call, right after it.
  missed_call: { transactional: true, quietHours: false },
};

/** Stages entered going forward that tell the customer something (ordered: the order message does). */
const STAGE_NEWS = new Set<Stage>(['shot', 'selected', 'history']);

export type AutoResult = CareSmsResult | { status: 'off' } | { status: 'incomplete'; missing: string[] };

export class AutoSms {
  constructor(private readonly d: AutoSmsDeps) {}

  orderPlaced(order: { id: number; orderNo: string; customerId: number }): AutoResult {
    return this.send('order_placed', order.customerId, `auto:order_placed:${order.id}`, { orderNo: order.orderNo });
  }

  /** A payment (not a reversal) was recorded: the amount owed after it. */
  paymentTaken(p: { paymentId: number; customerId: number; orderNo: string; dueMinor: number; currency: string }): AutoResult {
    return this.send('payment_taken', p.customerId, `auto:payment_taken:${p.paymentId}`, { orderNo: p.orderNo, amountDue: { minor: p.dueMinor, currency: p.currency } });
  }

  /** The customer entered a stage (added at `addedAt`); going forward into shot/selected/history only. */
  stageChanged(c: { customerId: number; from: Stage; to: Stage; addedAt: string; dueAt: string | null; forward: boolean }): AutoResult {
    if (!c.forward || !STAGE_NEWS.has(c.to)) return { status: 'off' };
    const tz = this.d.studio().timeZone;
    const due = c.dueAt ? wallClock(new Date(c.dueAt), tz) : null;
    return this.send('stage_changed', c.customerId, `auto:stage_changed:${c.customerId}:${c.to}:${c.addedAt}`, {
      date: due ? { year: due.year, month: due.month, day: due.day } : null,
      time: due ? { hour: due.hour, minute: due.minute } : null,
    });
  }

  /** A missed call from a known customer: at most one answer per customer per studio day. */
  missedCall(customerId: number, at: Date): AutoResult {
    const day = formatIsoDate(localDate(at, this.d.studio().timeZone));
    return this.send('missed_call', customerId, `auto:missed_call:${customerId}:${day}`, {}, at);
  }

  /**
   * The scheduled kinds whose hour has come today (studio time): the day-before notices for
   * tomorrow's appointments and today's birthday blessings. Run every hour and once at start:
   * what a stopped box missed today goes once; keys make the repeats no-ops; a booking made
   * after the hour is told at the next run.
   */
  runDue(now: Date = this.d.clock()): { queued: number; considered: number } {
    const s = this.d.settings.get();
    const tz = this.d.studio().timeZone;
    const today = localDate(now, tz);
    const hour = wallClock(now, tz).hour;
    const tomorrow = addDays(today, 1);
    const from = atLocalTime(tomorrow, 0, 0, tz).toISOString();
    const to = atLocalTime(addDays(tomorrow, 1), 0, 0, tz).toISOString();
    let queued = 0;
    let considered = 0;
    const due = (k: AutoSmsKind) => s.automatic[k].enabled && hour >= s.automatic[k].hour;
    const take = (r: AutoResult) => {
      considered++;
      if (r.status === 'queued') queued++;
    };
    const at = (iso: string) => {
      const w = wallClock(new Date(iso), tz);
      return { date: { year: w.year, month: w.month, day: w.day }, time: { hour: w.hour, minute: w.minute } };
    };
    if (due('day_before_shoot')) {
      const rows = this.d.db.prepare(`SELECT id, customer_id, order_no, service_at FROM orders WHERE state = 'booked' AND service_at >= ? AND service_at < ? ORDER BY service_at, id`).all(from, to) as {
        id: number; customer_id: number; order_no: string; service_at: string;
      }[];
      for (const o of rows) take(this.send('day_before_shoot', o.customer_id, `auto:day_before_shoot:${o.id}:${o.service_at}`, { orderNo: o.order_no, ...at(o.service_at) }, now));
    }
    for (const [kind, stage] of [['day_before_selection', 'shot'], ['day_before_pickup', 'selected']] as const) {
      if (!due(kind)) continue;
      const rows = this.d.db.prepare(`SELECT id, stage_due_at FROM customers WHERE stage = ? AND stage_due_at >= ? AND stage_due_at < ? ORDER BY stage_due_at, id`).all(stage, from, to) as { id: number; stage_due_at: string }[];
      for (const c of rows) take(this.send(kind, c.id, `auto:${kind}:${c.id}:${c.stage_due_at}`, at(c.stage_due_at), now));
    }
    if (due('day_before_appointment')) {
      // Keyed by the appointment and its start: moved to another day, it is told again.
      const rows = this.d.db
        .prepare(`SELECT a.id, a.customer_id, a.starts_at, o.order_no FROM appointments a LEFT JOIN orders o ON o.id = a.order_id
                  WHERE a.state = 'booked' AND a.starts_at >= ? AND a.starts_at < ? ORDER BY a.starts_at, a.id`)
        .all(from, to) as { id: number; customer_id: number; starts_at: string; order_no: string | null }[];
      for (const a of rows) take(this.send('day_before_appointment', a.customer_id, `auto:day_before_appointment:${a.id}:${a.starts_at}`, { ...(a.order_no ? { orderNo: a.order_no } : {}), ...at(a.starts_at) }, now));
    }
    if (due('balance_due')) {
      // Keyed by the order and the studio day; the last key (its day) says when it was last told.
      const every = s.balanceDueEveryDays ?? 7;
      const rows = this.d.db.prepare(`${UNPAID} ORDER BY o.created_at, o.id`).all() as { id: number; customer_id: number; total_minor: number; paid: number; currency: string }[];
      const lastKey = this.d.db.prepare(`SELECT idempotency_key AS k FROM sms_outbox WHERE idempotency_key >= ? AND idempotency_key < ? ORDER BY idempotency_key DESC LIMIT 1`);
      const orderNo = this.d.db.prepare('SELECT order_no FROM orders WHERE id = ?').pluck();
      for (const o of rows) {
        const prefix = `auto:balance_due:${o.id}:`;
        const last = parseIsoDate(((lastKey.get(prefix, `auto:balance_due:${o.id};`) as { k: string } | undefined)?.k ?? '').slice(prefix.length));
        if (last && daysBetween(last, today) < every) continue;
        const values = { orderNo: orderNo.get(o.id) as string, amountDue: { minor: o.total_minor - o.paid, currency: o.currency } };
        take(this.send('balance_due', o.customer_id, `${prefix}${formatIsoDate(today)}`, values, now));
      }
    }
    if (due('birthday_blessing')) {
      // Solar birthdays by month and day (Feb 29 also on Feb 28 of a common year); lunar ones each checked.
      const md = `${String(today.month).padStart(2, '0')}-${String(today.day).padStart(2, '0')}`;
      const rows = this.d.db
        .prepare(`SELECT id, birthday, birthday_lunar FROM customers WHERE birthday IS NOT NULL AND (birthday_lunar = 1 OR substr(birthday, 6) IN (?, ?)) ORDER BY id`)
        .all(md, md === '02-28' ? '02-29' : md) as { id: number; birthday: string; birthday_lunar: number }[];
      for (const c of rows) {
        const b = parseIsoDate(c.birthday);
        if (!b || yearlyDates(b, c.birthday_lunar === 1, { from: today, to: today }).length === 0) continue;
        take(this.send('birthday_blessing', c.id, `auto:birthday_blessing:${c.id}:${formatIsoDate(today)}`, { date: today }, now));
      }
    }
    if (considered) this.d.log.info({ queued, considered }, 'scheduled automatic SMS run');
    return { queued, considered };
  }

  private send(kind: AutoSmsKind, customerId: number, key: string, extra: TemplateValues, now?: Date): AutoResult {
    const rule = this.d.settings.get().automatic[kind];
    if (!rule.enabled) return { status: 'off' };
    const language = this.d.studio().language;
    // The chosen template, unless it was deleted meanwhile: then the one in use for the purpose.
    const template = (rule.templateId !== null ? this.d.templates.find(rule.templateId) : null) ?? this.d.templates.inUse(kind, language);
    const r = renderTemplate(template.body, template.language, { ...this.d.valuesFor(customerId), ...extra });
    const lacking = lacksEssential(r);
    if (lacking.length) {
      this.d.log.warn({ kind, customerId, missing: lacking }, 'automatic SMS not sent: its template needs what this customer lacks');
      return { status: 'incomplete', missing: lacking };
    }
    return this.d.care.queue({
      key, origin: 'automatic', purpose: kind, customerId, text: r.text, templateId: template.id, ...KIND[kind], ...(now ? { now } : {}),
    });
  }
}

/** Whole days from a to b (studio dates). */
function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((Date.UTC(b.year, b.month - 1, b.day) - Date.UTC(a.year, a.month - 1, a.day)) / 86_400_000);
}
