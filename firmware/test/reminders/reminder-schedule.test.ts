// The reminder run's schedule: node-cron at the top of each hour on the studio's clock, and a
// run missed while the box was off made up once at start — no burst, no duplicate. A fake
// clock (vitest's fake timers move Date and setTimeout together) and a real service on SQLite.
import { pino } from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { ContactService } from '../../src/crm/contact-service.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { EventHub } from '../../src/events/event-hub.js';
import { lastSlot, ReminderSchedule } from '../../src/reminders/reminder-schedule.js';
import { ReminderService } from '../../src/reminders/reminder-service.js';

const log = pino({ level: 'silent' });
const clock = () => new Date();

afterEach(() => {
  vi.useRealTimers();
});

function box(zone: string) {
  const db = openDatabase(':memory:');
  migrate(db, migrations);
  const audit = new AuditLog(db, clock);
  const events = new EventHub(clock, log);
  const service = new ReminderService({ db, audit, events, contacts: new ContactService(db, audit, events, clock), clock, timeZone: () => zone, log });
  const runs: string[] = [];
  const schedule = () =>
    new ReminderSchedule({
      timeZone: () => zone,
      clock,
      log,
      lastRunAt: () => service.lastRunAt(),
      run: () => {
        runs.push(new Date().toISOString());
        service.run();
      },
    });
  const customer = (name: string, birthday: string) =>
    db
      .prepare(`INSERT INTO customers (customer_no, name, birthday, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, '', '', '')`)
      .run(`C${name}`, name, birthday);
  return { db, service, runs, schedule, customer };
}

describe('the reminder schedule', () => {
  it("runs at the top of each hour on the studio's clock: :30 UTC in Kolkata (UTC+05:30)", async () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T03:10:00Z') }); // 08:40 in Kolkata
    const b = box('Asia/Kolkata');
    b.service.run(); // ran this hour already: nothing to make up at start
    const s = b.schedule();
    s.start();
    expect(b.runs).toEqual([]);
    expect(s.nextRun()?.toISOString()).toBe('2026-06-01T03:30:00.000Z');
    await vi.advanceTimersByTimeAsync(3 * 3600_000);
    await s.stop();
    expect(b.runs).toEqual(['2026-06-01T03:30:00.000Z', '2026-06-01T04:30:00.000Z', '2026-06-01T05:30:00.000Z']);
  });

  it('a box off for three days makes up once at start, then keeps the hour; the birthday it missed planning is there once', async () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T00:05:00Z') }); // 08:05 in Shanghai
    const b = box('Asia/Shanghai');
    b.customer('Mai', '1990-06-04');
    let s = b.schedule();
    s.start(); // never ran: runs at once
    expect(b.runs).toEqual(['2026-06-01T00:05:00.000Z']);
    await vi.advanceTimersByTimeAsync(3600_000);
    await s.stop();
    expect(b.runs).toHaveLength(2); // 09:00 Shanghai
    const rows = () => b.db.prepare('SELECT kind, occurrence_date, due_at FROM reminders').all();
    expect(rows()).toEqual([{ kind: 'birthday', occurrence_date: '2026-06-04', due_at: '2026-06-04T01:00:00.000Z' }]);

    // Off from Jun 1 01:05 UTC to Jun 4 00:20 UTC (08:20 in Shanghai): 71 hourly runs missed.
    vi.setSystemTime(new Date('2026-06-04T00:20:00Z'));
    b.runs.length = 0;
    s = b.schedule();
    s.start();
    expect(b.runs).toEqual(['2026-06-04T00:20:00.000Z']);
    await vi.advanceTimersByTimeAsync(40 * 60_000);
    expect(b.runs).toEqual(['2026-06-04T00:20:00.000Z', '2026-06-04T01:00:00.000Z']);
    await s.stop();
    expect(rows()).toHaveLength(1);
    expect(b.service.today().items.map((r) => r.customer.name)).toEqual(['Mai']);
  });

  it('a restart within the hour of the last run does not run again', async () => {
    vi.useFakeTimers({ now: new Date('2026-06-01T02:00:00Z') });
    const b = box('UTC');
    const s1 = b.schedule();
    s1.start();
    await s1.stop();
    vi.setSystemTime(new Date('2026-06-01T02:59:59Z'));
    const s2 = b.schedule();
    s2.start();
    await s2.stop();
    expect(b.runs).toEqual(['2026-06-01T02:00:00.000Z']);
  });

  it('the last top of the hour, in whole-hour and half-hour zones', () => {
    const at = new Date('2026-06-01T03:10:42.500Z');
    expect(lastSlot(at, 'UTC').toISOString()).toBe('2026-06-01T03:00:00.000Z');
    expect(lastSlot(at, 'Asia/Kolkata').toISOString()).toBe('2026-06-01T02:30:00.000Z');
    expect(lastSlot(at, 'Asia/Shanghai').toISOString()).toBe('2026-06-01T03:00:00.000Z');
  });
});
