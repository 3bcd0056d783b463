// Appointments (O3): the calendar, the check (warnings and the nearest free slots, from the pure
// clash-rules.ts), booking, moving and cancelling, each audited. A booking with warnings (a clash
// of room or person, a day off, outside working hours, in the past) is refused with 409
// appointment_clash carrying the check, unless staff give an override reason: then it is booked
// and the reason and the warnings are kept on the row and in the audit log.
import { DEFAULT_SETUP, type Appointment, type AppointmentCalendar, type AppointmentCheck, type AppointmentKind, type Post, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { userRef } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { AppError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import type { Clock } from '../util/clock.js';
import { addDays, atLocalTime, compareDates, formatIsoDate, localDate, parseIsoDate } from '../util/local-time.js';
import type { AppointmentInputParsed } from './appointment-schemas.js';
import type { AppointmentSettingsStore } from './appointment-settings.js';
import { checkBooking, DEFAULT_SLOT_SEARCH, findSlots, type Booking, type StudioCalendar } from './clash-rules.js';

/** The calendar answers at most this many days at once (six weeks: a month grid). */
export const CALENDAR_MAX_DAYS = 42;
const DAY = 86400_000;

/** 409 appointment_clash: the warnings and the nearest free slots ride along. */
export class ClashError extends AppError {
  constructor(readonly clash: AppointmentCheck) {
    super(409, 'appointment_clash', `the appointment has warnings (${clash.warnings.map((w) => w.type).join(', ')}): choose an offered slot, or book it anyway with overrideReason`);
  }
}

interface Row {
  id: number;
  kind: AppointmentKind;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  order_id: number | null;
  order_no: string | null;
  room_id: number | null;
  room_name: string | null;
  starts_at: string;
  ends_at: string;
  setup_before: number;
  setup_after: number;
  note: string;
  state: 'booked' | 'cancelled';
  override_reason: string | null;
  updated_at: string;
  updated_by: number | null;
  updated_by_name: string | null;
}

const SELECT = `SELECT a.id, a.kind, a.customer_id, c.customer_no, c.name AS customer_name, a.order_id, o.order_no, a.room_id, r.name AS room_name,
    a.starts_at, a.ends_at, a.setup_before, a.setup_after, a.note, a.state, a.override_reason, a.updated_at, a.updated_by, u.display_name AS updated_by_name
  FROM appointments a JOIN customers c ON c.id = a.customer_id LEFT JOIN orders o ON o.id = a.order_id LEFT JOIN rooms r ON r.id = a.room_id
  LEFT JOIN users u ON u.id = a.updated_by`;

export class AppointmentService {
  private readonly sql;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
    readonly settings: AppointmentSettingsStore,
  ) {
    this.sql = statementCache(db);
  }

  /** The booked appointments touching the studio days from..to, filtered by room or person. */
  calendar(q: { from?: string | undefined; to?: string | undefined; room?: number | undefined; person?: number | undefined }): AppointmentCalendar {
    const tz = this.timeZone();
    const today = localDate(this.clock(), tz);
    const from = q.from ? parseIsoDate(q.from)! : today;
    const to = q.to ? parseIsoDate(q.to)! : from;
    if (compareDates(to, from) < 0) throw new ValidationError([{ path: 'to', message: 'must not be before from' }]);
    if (compareDates(to, addDays(from, CALENDAR_MAX_DAYS - 1)) > 0) throw new ValidationError([{ path: 'to', message: `at most ${CALENDAR_MAX_DAYS} days after from` }]);
    const rows = this.sql(`${SELECT} WHERE a.state = 'booked' AND a.starts_at < ? AND a.ends_at > ? ORDER BY a.starts_at, a.id`).all(
      atLocalTime(addDays(to, 1), 0, 0, tz).toISOString(),
      atLocalTime(from, 0, 0, tz).toISOString(),
    ) as Row[];
    let items = this.toAppointments(rows);
    if (q.room !== undefined) items = items.filter((a) => a.room?.id === q.room);
    if (q.person !== undefined) items = items.filter((a) => a.people.some((p) => p.userId === q.person));
    const s = this.settings.get();
    const people = (this.sql('SELECT id, display_name AS name FROM users WHERE disabled = 0 ORDER BY display_name, id').all() as UserRef[]).map((u) => ({ id: u.id, name: u.name }));
    return { from: formatIsoDate(from), to: formatIsoDate(to), today: formatIsoDate(today), timeZone: tz, items, rooms: s.rooms, people, workingHours: s.workingHours, daysOff: s.daysOff };
  }

  get(id: number): Appointment {
    const r = this.sql(`${SELECT} WHERE a.id = ?`).get(id) as Row | undefined;
    if (!r) throw new NotFoundError(`appointment ${id}`);
    return this.toAppointments([r])[0]!;
  }

  /** The warnings a booking would get, and (when there are any) the nearest free slots. */
  check(input: AppointmentInputParsed, id = 0): AppointmentCheck {
    this.assertReferences(input, id);
    return this.checkBooking(this.bookingOf(input, id));
  }

  book(actor: UserRef, input: AppointmentInputParsed): Appointment {
    const id = this.db
      .transaction(() => {
        this.assertReferences(input, 0);
        const b = this.bookingOf(input, 0);
        const check = this.checkBooking(b);
        const override = this.overrideOf(check, input.overrideReason);
        const now = this.clock().toISOString();
        const r = this.sql(
          `INSERT INTO appointments (kind, customer_id, order_id, room_id, starts_at, ends_at, setup_before, setup_after, note, override_reason, created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(input.kind, input.customerId, input.orderId ?? null, input.roomId ?? null, iso(b.start), iso(b.end), b.setupBefore, b.setupAfter, input.note ?? '', override, now, actor.id, now, actor.id);
        const id = Number(r.lastInsertRowid);
        this.writePeople(id, input.people);
        const after = this.get(id);
        this.audit.record(actor, {
          action: 'create', entity: 'appointment', entityId: id,
          summary: `${input.kind} for ${after.customer.customerNo} ${after.customer.name} at ${after.startsAt}${override ? ` despite ${check.warnings.map((w) => w.type).join(', ')} (${override})` : ''}`,
          detail: { after, ...(override ? { warnings: check.warnings, overrideReason: override } : {}) },
        });
        return id;
      })
      .immediate();
    this.events.publish('appointments.changed', { id });
    return this.get(id);
  }

  /** A whole change (the form) or a move (drag: the same fields, other times). */
  update(actor: UserRef, id: number, input: AppointmentInputParsed): Appointment {
    this.db
      .transaction(() => {
        const before = this.get(id);
        if (before.state === 'cancelled') throw new AppError(409, 'appointment_cancelled', `appointment ${id} is cancelled`);
        this.assertReferences(input, id, before.room?.id ?? null);
        const b = this.bookingOf(input, id);
        const check = this.checkBooking(b);
        const override = this.overrideOf(check, input.overrideReason);
        this.sql(
          `UPDATE appointments SET kind = ?, customer_id = ?, order_id = ?, room_id = ?, starts_at = ?, ends_at = ?, setup_before = ?, setup_after = ?, note = ?,
             override_reason = ?, updated_at = ?, updated_by = ? WHERE id = ?`,
        ).run(input.kind, input.customerId, input.orderId ?? null, input.roomId ?? null, iso(b.start), iso(b.end), b.setupBefore, b.setupAfter, input.note ?? '', override, this.clock().toISOString(), actor.id, id);
        this.sql('DELETE FROM appointment_people WHERE appointment_id = ?').run(id);
        this.writePeople(id, input.people);
        const after = this.get(id);
        const moved = before.startsAt !== after.startsAt || before.endsAt !== after.endsAt;
        this.audit.record(actor, {
          action: moved ? 'move' : 'update', entity: 'appointment', entityId: id,
          summary: `${after.kind} of ${after.customer.customerNo} ${after.customer.name}${moved ? `: ${before.startsAt} → ${after.startsAt}` : ' changed'}${override ? ` despite ${check.warnings.map((w) => w.type).join(', ')} (${override})` : ''}`,
          detail: { before, after, ...(override ? { warnings: check.warnings, overrideReason: override } : {}) },
        });
      })
      .immediate();
    this.events.publish('appointments.changed', { id });
    return this.get(id);
  }

  cancel(actor: UserRef, id: number, reason: string | undefined): Appointment {
    this.db
      .transaction(() => {
        const before = this.get(id);
        if (before.state === 'cancelled') return;
        this.sql("UPDATE appointments SET state = 'cancelled', updated_at = ?, updated_by = ? WHERE id = ?").run(this.clock().toISOString(), actor.id, id);
        this.audit.record(actor, {
          action: 'cancel', entity: 'appointment', entityId: id,
          summary: `${before.kind} of ${before.customer.customerNo} ${before.customer.name} at ${before.startsAt} cancelled${reason ? `: ${reason}` : ''}`,
          detail: { before, reason: reason ?? null },
        });
      })
      .immediate();
    this.events.publish('appointments.changed', { id });
    return this.get(id);
  }

  /** No warnings: null. Warnings and no reason: 409 with the check. Warnings and a reason: the reason. */
  private overrideOf(check: AppointmentCheck, reason: string | undefined): string | null {
    if (check.warnings.length === 0) return null;
    if (!reason) throw new ClashError(check);
    return reason;
  }

  private checkBooking(b: Booking): AppointmentCheck {
    const others = this.bookingsNear(b.start - (DEFAULT_SLOT_SEARCH.days + 1) * DAY, b.end + (DEFAULT_SLOT_SEARCH.days + 1) * DAY);
    const cal = this.studioCalendar();
    const now = this.clock().getTime();
    const warnings = checkBooking(b, others, cal, now);
    if (!warnings.length) return { warnings, clashesWith: [], slots: [] };
    const ids = [...new Set(warnings.flatMap((w) => ('appointmentId' in w ? [w.appointmentId] : [])))];
    const clashesWith = ids.map((i) => this.get(i));
    const slots = findSlots(b, others, cal, now).map((s) => ({ startsAt: iso(s.start), endsAt: iso(s.end) }));
    return { warnings, clashesWith, slots };
  }

  private studioCalendar(): StudioCalendar {
    const s = this.settings.get();
    return { timeZone: this.timeZone(), workingHours: s.workingHours, daysOff: new Set(s.daysOff) };
  }

  private bookingsNear(from: number, to: number): Booking[] {
    const rows = this.sql(
      `SELECT a.id, a.starts_at, a.ends_at, a.setup_before, a.setup_after, a.room_id, group_concat(p.user_id) AS people
       FROM appointments a LEFT JOIN appointment_people p ON p.appointment_id = a.id
       WHERE a.state = 'booked' AND a.starts_at < ? AND a.ends_at > ? GROUP BY a.id`,
    ).all(iso(to + 240 * 60_000), iso(from - 240 * 60_000)) as { id: number; starts_at: string; ends_at: string; setup_before: number; setup_after: number; room_id: number | null; people: string | null }[];
    return rows.map((r) => ({
      id: r.id, start: Date.parse(r.starts_at), end: Date.parse(r.ends_at), setupBefore: r.setup_before, setupAfter: r.setup_after, roomId: r.room_id,
      people: r.people ? r.people.split(',').map(Number) : [],
    }));
  }

  private bookingOf(input: AppointmentInputParsed, id: number): Booking {
    const d = DEFAULT_SETUP[input.kind];
    return {
      id, start: Date.parse(input.startsAt), end: Date.parse(input.endsAt), setupBefore: input.setupBefore ?? d.before, setupAfter: input.setupAfter ?? d.after,
      roomId: input.roomId ?? null, people: input.people.map((p) => p.userId),
    };
  }

  /** 400s naming the field: the customer, their order, an active room (a retired one only where it already was), active people. */
  private assertReferences(input: AppointmentInputParsed, id: number, roomBefore: number | null = null): void {
    const problems: { path: string; message: string }[] = [];
    if (!this.sql('SELECT 1 FROM customers WHERE id = ?').get(input.customerId)) problems.push({ path: 'customerId', message: `there is no customer ${input.customerId}` });
    if (input.orderId != null) {
      const o = this.sql('SELECT customer_id FROM orders WHERE id = ?').get(input.orderId) as { customer_id: number } | undefined;
      if (!o) problems.push({ path: 'orderId', message: `there is no order ${input.orderId}` });
      else if (o.customer_id !== input.customerId) problems.push({ path: 'orderId', message: `order ${input.orderId} is another customer's` });
    }
    if (input.roomId != null) {
      const r = this.sql('SELECT active FROM rooms WHERE id = ?').get(input.roomId) as { active: number } | undefined;
      if (!r) problems.push({ path: 'roomId', message: `there is no room ${input.roomId}` });
      else if (r.active !== 1 && !(id && roomBefore === input.roomId)) problems.push({ path: 'roomId', message: `room ${input.roomId} is retired` });
    }
    input.people.forEach((p, i) => {
      if (!this.sql('SELECT 1 FROM users WHERE id = ? AND disabled = 0').get(p.userId)) problems.push({ path: `people.${i}.userId`, message: `there is no active user ${p.userId}` });
    });
    if (problems.length) throw new ValidationError(problems);
  }

  private writePeople(id: number, people: { userId: number; post: Post }[]): void {
    for (const p of people) this.sql('INSERT INTO appointment_people (appointment_id, user_id, post) VALUES (?, ?, ?)').run(id, p.userId, p.post);
  }

  private toAppointments(rows: Row[]): Appointment[] {
    if (!rows.length) return [];
    const people = new Map<number, Appointment['people']>();
    const ids = rows.map((r) => r.id);
    // In chunks: SQLite's variable limit.
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const ps = this.db
        .prepare(`SELECT p.appointment_id, p.user_id, u.display_name AS name, p.post FROM appointment_people p JOIN users u ON u.id = p.user_id WHERE p.appointment_id IN (${chunk.map(() => '?').join(',')}) ORDER BY u.display_name, p.user_id`)
        .all(...chunk) as { appointment_id: number; user_id: number; name: string; post: Post }[];
      for (const p of ps) {
        const list = people.get(p.appointment_id) ?? [];
        list.push({ userId: p.user_id, name: p.name, post: p.post });
        people.set(p.appointment_id, list);
      }
    }
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
      order: r.order_id !== null ? { id: r.order_id, orderNo: r.order_no ?? '' } : null,
      room: r.room_id !== null ? { id: r.room_id, name: r.room_name ?? '' } : null,
      people: people.get(r.id) ?? [],
      startsAt: r.starts_at,
      endsAt: r.ends_at,
      setupBefore: r.setup_before,
      setupAfter: r.setup_after,
      note: r.note,
      state: r.state,
      overrideReason: r.override_reason,
      updatedAt: r.updated_at,
      updatedBy: userRef(r.updated_by, r.updated_by_name),
    }));
  }
}

const iso = (ms: number) => new Date(ms).toISOString();
