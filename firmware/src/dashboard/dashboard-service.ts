// The home dashboard (R1, issue 20): today's shoots, selections and pickups from the orders and
// their workflow due times, today's takings, the modem's signal and SIM. "Today" is the studio's
// day by the box's clock in the studio's zone, never the browser's. Each part only for a user
// with its right: the others get null. Plain SQL over the orders' indexes (orders_state,
// orders_stage); the lists are short, their counts whole.
import { can } from '../auth/permissions.js';
import { DASHBOARD_LIST_MAX, type Dashboard, type DashboardList, type ModemStatus, type PermissionMap } from '../api-types.js';
import type { Db } from '../db/connection.js';
import { statementCache } from '../db/statements.js';
import type { DayClosing } from '../till/day-closing.js';
import type { Clock } from '../util/clock.js';
import { formatIsoDate, localDate } from '../util/local-time.js';

interface Row {
  id: number;
  order_no: string;
  title: string;
  customer_id: number;
  customer_no: string;
  name: string;
  at: string | null;
}

const LIVE_STATES = "('booked', 'shot', 'selected', 'in_production', 'ready', 'delivered')";
const ORDER_COLUMNS = 'o.id, o.order_no, o.title, o.customer_id, c.customer_no, c.name';

export class DashboardService {
  private readonly sql;

  constructor(
    db: Db,
    private readonly clock: Clock,
    private readonly timeZone: () => string,
    private readonly closing: DayClosing,
    private readonly modemStatus: () => ModemStatus,
  ) {
    this.sql = statementCache(db);
  }

  today(permissions: PermissionMap): Dashboard {
    const tz = this.timeZone();
    const today = formatIsoDate(localDate(this.clock(), tz));
    const day = this.closing.range(today);
    const orders = can(permissions, 'orders', 'view');
    return {
      today,
      timeZone: tz,
      shoots: orders ? this.shoots(day.from, day.to) : null,
      selections: orders ? this.selections(day.from, day.to) : null,
      pickups: orders ? this.byPhase('ready', day.from, day.to) : null,
      takings: can(permissions, 'finance', 'view') ? this.takings(today) : null,
      modem: this.modem(),
    };
  }

  /** Orders whose shoot is today, not cancelled (the earlier states through orders_state). */
  private shoots(from: string, to: string): DashboardList {
    const rows = this.sql(
      `SELECT ${ORDER_COLUMNS}, o.service_at AS at FROM orders o JOIN customers c ON c.id = o.customer_id
       WHERE o.state IN ${LIVE_STATES} AND o.service_at >= ? AND o.service_at < ? ORDER BY o.service_at, o.id`,
    ).all(from, to) as Row[];
    return list(rows, from);
  }

  /**
   * Sample viewings booked today, and orders shot whose selection (the stage after the shoot)
   * is due by the end of today, overdue ones included; one line per order.
   */
  private selections(from: string, to: string): DashboardList {
    const viewings = this.sql(
      `SELECT ${ORDER_COLUMNS}, o.sample_at AS at, s.phase, o.stage_due_at FROM orders o JOIN customers c ON c.id = o.customer_id
       LEFT JOIN workflow_stages s ON s.id = o.stage_id
       WHERE o.state IN ${LIVE_STATES} AND o.sample_at >= ? AND o.sample_at < ?`,
    ).all(from, to) as (Row & { phase: string | null; stage_due_at: string | null })[];
    const due = this.phase('shot', to);
    const alsoDue = viewings.filter((v) => v.phase === 'shot' && v.stage_due_at !== null && v.stage_due_at < to).length;
    const seen = new Set(viewings.map((r) => r.id));
    const rows = [...viewings, ...due.rows.filter((r) => !seen.has(r.id))];
    rows.sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || a.id - b.id);
    return list(rows, from, viewings.length + due.count - alsoDue);
  }

  private byPhase(phase: string, from: string, to: string): DashboardList {
    const due = this.phase(phase, to);
    return list(due.rows, from, due.count);
  }

  /** Orders in a stage of this phase due before `to` (orders_stage: stage, due time): how many, the first by due time. */
  private phase(phase: string, to: string): { count: number; rows: Row[] } {
    const where = `FROM workflow_stages s JOIN orders o ON o.stage_id = s.id AND o.stage_due_at < ? WHERE s.phase = ? AND o.state <> 'cancelled'`;
    const count = (this.sql(`SELECT COUNT(*) AS n ${where}`).get(to, phase) as { n: number }).n;
    const rows = this.sql(
      `SELECT ${ORDER_COLUMNS}, o.stage_due_at AS at ${where.replace('WHERE', 'JOIN customers c ON c.id = o.customer_id WHERE')} ORDER BY o.stage_due_at, o.id LIMIT ${DASHBOARD_LIST_MAX}`,
    ).all(to, phase) as Row[];
    return { count, rows };
  }

  private takings(today: string): Dashboard['takings'] {
    const t = this.closing.takings(today);
    return { currency: t.currency, totalMinor: t.lines.reduce((s, l) => s + l.expectedMinor, 0), closed: t.closed !== null };
  }

  private modem(): Dashboard['modem'] {
    const m = this.modemStatus();
    const i = m.info;
    return { state: m.state, sim: i?.sim ?? null, registration: i?.registration ?? null, operator: i?.operator ?? null, csq: i?.csq ?? null, signalDbm: i?.signalDbm ?? null };
  }
}

function list(rows: Row[], from: string, count = rows.length): DashboardList {
  return {
    count,
    items: rows.slice(0, DASHBOARD_LIST_MAX).map((r) => ({
      id: r.id,
      orderNo: r.order_no,
      title: r.title,
      customer: { id: r.customer_id, customerNo: r.customer_no, name: r.name },
      at: r.at,
      overdue: r.at !== null && r.at < from,
    })),
  };
}
