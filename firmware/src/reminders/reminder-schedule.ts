// When the reminder run happens: at the top of every hour on the studio's clock (node-cron in the
// studio's time zone, not the box's — a Pi is often left in UTC, and a zone with a half-hour
// offset has its hours at :30 UTC). Rules have whole hours, so a reminder set for 09:00 is due
// at the 09:00 run. At start, a run missed while the box was off happens once — one run, not one
// per missed hour: a run plans everything from "now", so one is enough, and the table's UNIQUE
// key means it cannot duplicate what an earlier run wrote.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';
import type { Clock } from '../util/clock.js';
import { wallClock } from '../util/local-time.js';

export const REMINDER_PATTERN = '0 * * * *';

export interface ReminderScheduleOptions {
  timeZone: () => string;
  clock: Clock;
  log: Logger;
  /** When the last run started, from the table (null: never). */
  lastRunAt: () => Date | null;
  run: () => void;
  /** Milliseconds between looks at the time zone (default 60000). */
  zoneCheckMs?: number;
}

/** The latest top of an hour on the studio's clock at or before `now`. */
export function lastSlot(now: Date, timeZone: string): Date {
  const w = wallClock(now, timeZone);
  return new Date(Math.floor(now.getTime() / 1000) * 1000 - (w.minute * 60 + w.second) * 1000);
}

export class ReminderSchedule {
  private task: ScheduledTask | null = null;
  private zone: string | null = null;
  private zoneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ReminderScheduleOptions) {}

  start(): void {
    const last = this.o.lastRunAt();
    const slot = lastSlot(this.o.clock(), this.o.timeZone());
    if (!last || last.getTime() < slot.getTime()) {
      this.o.log.info({ lastRun: last?.toISOString() ?? null }, 'reminder run missed while the box was off: running it now');
      this.runSafely();
    }
    this.plan();
    this.zoneTimer = setInterval(() => {
      if (this.o.timeZone() !== this.zone) this.plan();
    }, this.o.zoneCheckMs ?? 60_000);
    this.zoneTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.zoneTimer) clearInterval(this.zoneTimer);
    this.zoneTimer = null;
    const t = this.task;
    this.task = null;
    await t?.destroy();
  }

  nextRun(): Date | null {
    return this.task?.getNextRun() ?? null;
  }

  private runSafely(): void {
    try {
      this.o.run();
    } catch (err) {
      this.o.log.error({ err }, 'reminder run failed');
    }
  }

  private plan(): void {
    void this.task?.destroy();
    const timezone = this.o.timeZone();
    this.zone = timezone;
    this.task = cron.schedule(REMINDER_PATTERN, () => this.runSafely(), { timezone, noOverlap: true, unref: true, name: 'reminders' });
  }
}
