// What the placeholders hold for one customer: their name and gender, the store, their latest
// order and what they owe, their points. The automatic messages start from these and set what
// the event knows (the order, the payment, the appointment's date and time).
import type { Customer, TemplateValuesInfo } from '../api-types.js';
import type { Clock } from '../util/clock.js';
import { addDays, localDate, wallClock } from '../util/local-time.js';

export interface TemplateValueSources {
  customer(id: number): Customer;
  lastOrderNo(customerId: number): string | null;
  /** What the customer owes, per currency (the first non-zero one is shown). */
  unpaid(customerId: number): { amountMinor: number; currency: string }[];
  points(customerId: number): number | null;
  store(): string | null;
  storePhone(): string | null;
  timeZone(): string;
  clock: Clock;
}

export function valuesForCustomer(src: TemplateValueSources, customerId: number): TemplateValuesInfo {
  const c = src.customer(customerId);
  const tz = src.timeZone();
  const now = src.clock();
  // A sample appointment for the preview: the stage's due time when it is ahead, else tomorrow 10:00.
  const due = c.stageDueAt && Date.parse(c.stageDueAt) > now.getTime() ? new Date(c.stageDueAt) : null;
  const dueWall = due ? wallClock(due, tz) : null;
  const owed = src.unpaid(customerId).find((u) => u.amountMinor !== 0) ?? null;
  return {
    name: c.name,
    gender: c.gender,
    date: dueWall ? { year: dueWall.year, month: dueWall.month, day: dueWall.day } : addDays(localDate(now, tz), 1),
    time: dueWall ? { hour: dueWall.hour, minute: dueWall.minute } : { hour: 10, minute: 0 },
    store: src.store(),
    storePhone: src.storePhone(),
    orderNo: src.lastOrderNo(customerId),
    amountDue: owed ? { minor: owed.amountMinor, currency: owed.currency } : null,
    points: src.points(customerId),
  };
}
