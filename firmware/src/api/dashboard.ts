import type { CustomerRef } from './calls.js';
import type { ComponentState, Registration, SimStatus } from './system.js';

// The home dashboard (R1, issue 20): what today holds, from the box's clock in the studio's zone.

/** An order on today's list: a shoot, a selection or a pickup. */
export interface DashboardOrder {
  id: number;
  orderNo: string;
  title: string;
  customer: CustomerRef;
  /** When it is due (the shoot, the sample viewing, the stage's due time), UTC ISO; null when the order has none. */
  at: string | null;
  /** Due before today began and still waiting. */
  overdue: boolean;
}

/** One of today's lists: how many there are, and the first of them by time. */
export interface DashboardList {
  count: number;
  items: DashboardOrder[];
}

/**
 * GET /api/dashboard: the parts of today the user may see; a part they may not see is null
 * (orders:view for the orders, finance:view for the takings). Unread SMS, calls to return,
 * reminders, card copies and disks come from their own routes, each with its own right.
 */
export interface Dashboard {
  /** The studio's today, YYYY-MM-DD, by the box's clock in the studio's zone. */
  today: string;
  timeZone: string;
  /** Today's shoots (the orders' service time today). */
  shoots: DashboardList | null;
  /** Selections: sample viewings booked today, and shot orders whose selection is due by today. */
  selections: DashboardList | null;
  /** Pickups: ready orders due to be picked up by today. */
  pickups: DashboardList | null;
  /** Today's takings so far: payments, top-ups and the cash book, all methods. */
  takings: { currency: string; totalMinor: number; closed: boolean } | null;
  modem: {
    state: ComponentState;
    sim: SimStatus | null;
    registration: Registration | null;
    operator: string | null;
    /** `+CSQ` rssi 0–31 (99 unknown) and the same as dBm; null when unknown. */
    csq: number | null;
    signalDbm: number | null;
  };
}

/** How many orders each of today's lists carries at most (the count is the whole). */
export const DASHBOARD_LIST_MAX = 8;
