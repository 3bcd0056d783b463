// When the reminder run happens: at the top of every hour on the studio's clock (node-cron in the
// studio's time zone, not the box's — a Pi is often left in UTC, and a zone with a half-hour
// offset has its hours at :30 UTC). Rules have whole hours, so a reminder set for 09:00 is due
// at the 09:00 run. At start, a run missed while the box was off happens once — one run, not one
// per missed hour: a run plans everything from "now", so one is enough, and the table's UNIQUE
// key means it cannot duplicate what an earlier run wrote.
import type { Logger } from '../log.js';
import { ZonedCron } from '../util/zoned-cron.js';
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
  private readonly cron: ZonedCron;

  constructor(private readonly o: ReminderScheduleOptions) {
    this.cron = new ZonedCron({
      timeZone: o.timeZone,
      zoneCheckMs: o.zoneCheckMs,
      jobs: [{ pattern: REMINDER_PATTERN, name: 'reminders', run: () => this.runSafely() }],
    });
  }

  start(): void {
    const last = this.o.lastRunAt();
    const slot = lastSlot(this.o.clock(), this.o.timeZone());
    if (!last || last.getTime() < slot.getTime()) {
      this.o.log.info({ lastRun: last?.toISOString() ?? null }, 'reminder run missed while the box was off: running it now');
      this.runSafely();
    }
    this.cron.start();
  }

  async stop(): Promise<void> {
    await this.cron.stop();
  }

  nextRun(): Date | null {
    return this.cron.nextRun();
  }

  private runSafely(): void {
    try {
      this.o.run();
    } catch (err) {
      this.o.log.error({ err }, 'reminder run failed');
    }
  }
}
