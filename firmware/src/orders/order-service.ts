// Orders (O1): what a customer bought (a package, a service), its automatic number, its place
// in the workflow (order-states.ts), and what is still owed on it. The money itself is the
// payments ledger's (finance/payment-service.ts); this service asks it through `paidOf`, so
// each module owns its tables. An order is never deleted: it is cancelled.
import { z } from 'zod';
import { lineText, nameText } from '../util/text-schemas.js';
import { ORDER_STATES, type CallerCard, type CustomerOrders, type OrderWithMoney as Order, type OrderCreateInput, type OrderPatchInput, type OrderState, type UserRef } from '../api-types.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Db } from '../db/connection.js';
import { meta, metaColumns, metaJoins, type MetaRow } from '../db/record-meta.js';
import { statementCache } from '../db/statements.js';
import { ConflictError, NotFoundError, ValidationError } from '../errors.js';
import type { EventHub } from '../events/event-hub.js';
import { formatMinor } from '../finance/money.js';
import type { Clock } from '../util/clock.js';
import { localDay, orderNumber } from './order-number.js';
import { whyNot } from './order-states.js';

/** 100 billion in major units: far above any studio's order, far below 2^53. */
export const MAX_TOTAL_MINOR = 1e13;

const text = (max: number) => z.string().trim().max(max);
const fields = {
  title: nameText(200),
  // z.number().int() accepts only safe integers: 12.5, 1e300 and NaN are refused.
  totalMinor: z.number().int().min(0).max(MAX_TOTAL_MINOR),
  serviceAt: z.iso.datetime({ offset: true }).nullable(),
  sampleAt: z.iso.datetime({ offset: true }).nullable(),
  staff: lineText(100),
  note: text(2000),
};

/** The body of POST /api/customers/:id/orders (the customer comes from the path). */
export const orderCreateSchema = z
  .object({ title: fields.title, totalMinor: fields.totalMinor, serviceAt: fields.serviceAt.optional(), sampleAt: fields.sampleAt.optional(), staff: fields.staff.optional(), note: fields.note.optional() })
  .strict();

/** PATCH /api/orders/:id: any of the fields, at least one. */
export const orderPatchSchema = z
  .object(fields)
  .partial()
  .strict()
  // Only when the fields themselves are fine: an unknown key alone is not also "nothing to change".
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change', when: (ctx) => ctx.issues.length === 0 });

/** POST /api/orders/:id/state. */
export const orderStateSchema = z.object({ state: z.enum(ORDER_STATES) }).strict();

interface OrderRow extends MetaRow {
  id: number;
  order_no: string;
  customer_id: number;
  customer_no: string;
  customer_name: string;
  title: string;
  state: OrderState;
  state_changed_at: string;
  total_minor: number;
  currency: string;
  service_at: string | null;
  sample_at: string | null;
  staff: string;
  note: string;
}

const SELECT = `SELECT o.id, o.order_no, o.customer_id, c.customer_no, c.name AS customer_name, o.title, o.state,
    o.state_changed_at, o.total_minor, o.currency, o.service_at, o.sample_at, o.staff, o.note, ${metaColumns('o')}
  FROM orders o JOIN customers c ON c.id = o.customer_id ${metaJoins('o')}`;

// Patchable fields and their columns.
const COLUMNS = { title: 'title', totalMinor: 'total_minor', serviceAt: 'service_at', sampleAt: 'sample_at', staff: 'staff', note: 'note' } as const satisfies Record<keyof OrderPatchInput, string>;

export interface Studio {
  currency: string;
  timeZone: string;
}

/** Says why an order's total may not be changed by hand (e.g. a bill set it), or null. */
export type TotalGuard = (order: Order) => ConflictError | null;

/** Told inside the order's own transaction (the workflow's stage follows: workflow-service.ts); a throw undoes the change. */
export interface OrderFollower {
  created(orderId: number, nowIso: string): void;
  stateChanged(orderId: number, from: OrderState, to: OrderState, nowIso: string, actor: UserRef): void;
}

export class OrderService {
  private readonly sql;
  private readonly totalGuards: TotalGuard[] = [];
  private readonly followers: OrderFollower[] = [];

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly events: EventHub,
    private readonly clock: Clock,
    /** Read per order: setup or settings may change the currency and time zone. */
    private readonly studio: () => Studio,
    /** Net paid per order id, from the payments ledger; 0 for an order without lines. */
    private readonly paidOf: (orderIds: number[]) => Map<number, number>,
    /** Told after an order is made (the customer's stage follows: main.ts). */
    private readonly afterCreate: (actor: UserRef, order: Order) => void = () => {},
    /** Told after an order changes state (the customer's stage follows: main.ts). */
    private readonly afterState: (actor: UserRef, order: Order) => void = () => {},
  ) {
    this.sql = statementCache(db);
  }

  /**
   * A new order, booked, in the studio's currency. Its number is counted in the same IMMEDIATE
   * transaction as the insert, so two desks making orders at once get -001 and -002.
   */
  create(actor: UserRef, customerId: number, raw: OrderCreateInput): Order {
    const input = checked(orderCreateSchema, raw);
    const serviceAt = utc(input.serviceAt);
    const sampleAt = utc(input.sampleAt);
    let orderNo = '';
    const id = this.db
      .transaction(() => {
        const customer = this.sql('SELECT customer_no, name FROM customers WHERE id = ?').get(customerId) as { customer_no: string; name: string } | undefined;
        if (!customer) throw new NotFoundError(`customer ${customerId}`);
        const now = this.clock();
        const iso = now.toISOString();
        const { currency, timeZone } = this.studio();
        const day = localDay(now, timeZone);
        const { last } = this.sql(
          'INSERT INTO order_numbers (day, last) VALUES (?, 1) ON CONFLICT (day) DO UPDATE SET last = last + 1 RETURNING last',
        ).get(day) as { last: number };
        orderNo = orderNumber(day, last);
        const res = this.sql(
          `INSERT INTO orders (order_no, customer_id, title, state, state_changed_at, total_minor, currency, service_at, sample_at, staff, note,
             created_at, created_by, updated_at, updated_by)
           VALUES (?, ?, ?, 'booked', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(orderNo, customerId, input.title, iso, input.totalMinor, currency, serviceAt, sampleAt, input.staff ?? '', input.note ?? '', iso, actor.id, iso, actor.id);
        const id = Number(res.lastInsertRowid);
        for (const f of this.followers) f.created(id, iso);
        this.audit.record(actor, {
          action: 'create',
          entity: 'order',
          entityId: id,
          summary: `order ${orderNo} "${input.title}" (${formatMinor(input.totalMinor, currency)}) for customer ${customer.customer_no} ${customer.name} created`,
          detail: { orderNo, customerId, title: input.title, totalMinor: input.totalMinor, currency, serviceAt, sampleAt, staff: input.staff ?? '', note: input.note ?? '' },
        });
        return id;
      })
      .immediate();
    this.events.publish('order.changed', { id, customerId });
    const order = this.get(id);
    this.afterCreate(actor, order);
    return order;
  }

  get(id: number): Order {
    const r = this.sql(`${SELECT} WHERE o.id = ?`).get(id) as OrderRow | undefined;
    if (!r) throw new NotFoundError(`order ${id}`);
    return toOrder(r, this.paidOf([id]).get(id) ?? 0);
  }

  /** A customer's orders, newest first, and what they owe per currency. Unknown customer: 404. */
  listForCustomer(customerId: number): CustomerOrders {
    this.assertCustomer(customerId);
    const rows = this.sql(`${SELECT} WHERE o.customer_id = ? ORDER BY o.id DESC`).all(customerId) as OrderRow[];
    const paid = this.paidOf(rows.map((r) => r.id));
    const orders = rows.map((r) => toOrder(r, paid.get(r.id) ?? 0));
    return { orders, unpaid: owed(orders.map((o) => ({ dueMinor: o.dueMinor, currency: o.currency }))) };
  }

  /** Another module that keeps something per order in step with it (the workflow's stage). */
  addFollower(f: OrderFollower): void {
    this.followers.push(f);
  }

  /** Another module's say over a changed total (the till: a billed order's total is its bill's). */
  addTotalGuard(guard: TotalGuard): void {
    this.totalGuards.push(guard);
  }

  /** Changes the order's details. A cancelled order is not edited (reopen it first); the total never drops below what is paid. */
  patch(actor: UserRef, id: number, raw: OrderPatchInput): Order {
    const input = checked(orderPatchSchema, raw);
    const values: Partial<Record<keyof typeof COLUMNS, string | number | null>> = { ...input };
    if (input.serviceAt !== undefined) values.serviceAt = utc(input.serviceAt);
    if (input.sampleAt !== undefined) values.sampleAt = utc(input.sampleAt);
    const before = this.db
      .transaction(() => {
        const before = this.get(id);
        if (before.state === 'cancelled') throw new ConflictError(`order ${before.orderNo} is cancelled; reopen it before changing it`, 'order_cancelled');
        if (input.totalMinor !== undefined && input.totalMinor !== before.totalMinor) {
          for (const guard of this.totalGuards) {
            const refused = guard(before);
            if (refused) throw refused;
          }
        }
        if (input.totalMinor !== undefined && input.totalMinor < before.paidMinor) {
          throw new ConflictError(
            `the total of order ${before.orderNo} cannot be ${formatMinor(input.totalMinor, before.currency)}: ` +
              `${formatMinor(before.paidMinor, before.currency)} is already paid (reverse a payment first)`,
            'total_below_paid',
          );
        }
        const sets: string[] = [];
        const args: (string | number | null)[] = [];
        for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
          const v = values[key];
          if (v === undefined) continue;
          sets.push(`${column} = ?`);
          args.push(v);
        }
        const now = this.clock().toISOString();
        this.sql(`UPDATE orders SET ${sets.join(', ')}, updated_at = ?, updated_by = ? WHERE id = ?`).run(...args, now, actor.id, id);
        const was = Object.fromEntries(Object.keys(values).map((k) => [k, before[k as keyof typeof COLUMNS]]));
        this.audit.record(actor, {
          action: 'update',
          entity: 'order',
          entityId: id,
          summary: `order ${before.orderNo} changed (${Object.keys(values).join(', ')})`,
          detail: { changes: values, before: was },
        });
        return before;
      })
      .immediate();
    this.events.publish('order.changed', { id, customerId: before.customer.id });
    return this.get(id);
  }

  /**
   * Moves the order in the workflow. Refused moves (order-states.ts) are 409 bad_state_move;
   * an order with money on it is not cancelled until the payments are reversed (the money
   * would otherwise vanish from what is owed while still being in the till).
   */
  setState(actor: UserRef, id: number, to: OrderState): Order {
    const { state } = checked(orderStateSchema, { state: to });
    const before = this.db
      .transaction(() => {
        const before = this.get(id);
        const reason = whyNot(before.state, state);
        if (reason) throw new ConflictError(`order ${before.orderNo} cannot move from ${before.state} to ${state}: ${reason}`, 'bad_state_move');
        if (state === 'cancelled' && before.paidMinor !== 0) {
          throw new ConflictError(
            `order ${before.orderNo} has ${formatMinor(before.paidMinor, before.currency)} paid on it: reverse the payments first, then cancel`,
            'order_has_payments',
          );
        }
        const now = this.clock().toISOString();
        this.sql('UPDATE orders SET state = ?, state_changed_at = ?, updated_at = ?, updated_by = ? WHERE id = ?').run(state, now, now, actor.id, id);
        for (const f of this.followers) f.stateChanged(id, before.state, state, now, actor);
        this.audit.record(actor, {
          action: 'state',
          entity: 'order',
          entityId: id,
          summary: `order ${before.orderNo}: ${before.state} → ${state}`,
          detail: { from: before.state, to: state },
        });
        return before;
      })
      .immediate();
    this.events.publish('order.changed', { id, customerId: before.customer.id });
    const order = this.get(id);
    this.afterState(actor, order);
    return order;
  }

  /**
   * The order the caller's card shows: the newest not cancelled, else the newest cancelled.
   * Runs on every ring, so it is one query on orders_customer (a customer has few orders).
   */
  lastForCard(customerId: number): CallerCard['lastOrder'] {
    const r = this.sql(
      `SELECT id, order_no, title, state, service_at, created_at FROM orders WHERE customer_id = ?
       ORDER BY state = 'cancelled', id DESC LIMIT 1`,
    ).get(customerId) as Pick<OrderRow, 'id' | 'order_no' | 'title' | 'state' | 'service_at' | 'created_at'> | undefined;
    return r ? { id: r.id, orderNo: r.order_no, title: r.title, state: r.state, at: r.service_at ?? r.created_at } : null;
  }

  /** What the customer owes over their orders not cancelled, per currency; only non-zero sums. */
  unpaidOf(customerId: number): { amountMinor: number; currency: string }[] {
    const rows = this.sql(`SELECT id, total_minor, currency FROM orders WHERE customer_id = ? AND state <> 'cancelled'`).all(customerId) as Pick<
      OrderRow,
      'id' | 'total_minor' | 'currency'
    >[];
    if (!rows.length) return [];
    const paid = this.paidOf(rows.map((r) => r.id));
    return owed(rows.map((r) => ({ dueMinor: r.total_minor - (paid.get(r.id) ?? 0), currency: r.currency })));
  }

  /** Whether the customer has any order, cancelled or not (such a customer is kept). */
  hasOrders(customerId: number): boolean {
    return this.sql('SELECT 1 FROM orders WHERE customer_id = ? LIMIT 1').get(customerId) !== undefined;
  }

  private assertCustomer(customerId: number): void {
    if (!this.sql('SELECT 1 FROM customers WHERE id = ?').get(customerId)) throw new NotFoundError(`customer ${customerId}`);
  }
}

function toOrder(r: OrderRow, paidMinor: number): Order {
  return {
    id: r.id,
    orderNo: r.order_no,
    customer: { id: r.customer_id, customerNo: r.customer_no, name: r.customer_name },
    title: r.title,
    state: r.state,
    totalMinor: r.total_minor,
    currency: r.currency,
    paidMinor,
    // A cancelled order owes nothing (it is cancelled only once its payments are reversed).
    dueMinor: r.state === 'cancelled' ? 0 : r.total_minor - paidMinor,
    serviceAt: r.service_at,
    sampleAt: r.sample_at,
    staff: r.staff,
    note: r.note,
    stateChangedAt: r.state_changed_at,
    ...meta(r),
  };
}

/** Sums of what is due per currency, in first-seen order, leaving out the zero sums. */
function owed(items: { dueMinor: number; currency: string }[]): { amountMinor: number; currency: string }[] {
  const sums = new Map<string, number>();
  for (const i of items) sums.set(i.currency, (sums.get(i.currency) ?? 0) + i.dueMinor);
  return [...sums].filter(([, amountMinor]) => amountMinor !== 0).map(([currency, amountMinor]) => ({ amountMinor, currency }));
}

/** An ISO time with an offset, as UTC ISO (how every time is stored). */
function utc(iso: string | null | undefined): string | null {
  return typeof iso === 'string' ? new Date(iso).toISOString() : null;
}

/**
 * The service checks its input itself (the routes have already, but the CLI and tests call
 * the service directly), with the same 400 the routes give.
 */
function checked<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input ?? {});
  if (r.success) return r.data;
  throw new ValidationError(r.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(body)', message: i.message })));
}
