// When the scheduled automatic messages run: at the start of every hour on the studio's clock
// (node-cron in the settings' time zone, not the box's: a Pi's clock is often left in UTC), and
// once when the box starts. Each run sends what is due by then today (care/auto-sms.ts runDue),
// so a run missed while the box was off happens once at start, not once per missed hour, and
// the idempotency keys make the hourly repeats no-ops. A change of the time zone in the
// settings re-plans the task within a minute (as the scrub's schedule does).
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';

export interface CareScheduleOptions {
  timeZone: () => string;
  log: Logger;
  run: () => void;
  /** Milliseconds between looks at the time zone (default 60000). */
  zoneCheckMs?: number;
}

export class CareSchedule {
  private task: ScheduledTask | null = null;
  private zone: string | null = null;
  private zoneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: CareScheduleOptions) {}

  start(): void {
    this.plan();
    this.zoneTimer = setInterval(() => {
      if (this.o.timeZone() !== this.zone) this.plan();
    }, this.o.zoneCheckMs ?? 60_000);
    this.zoneTimer.unref();
    // What a stopped box missed today, once.
    this.runSafely('start');
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

  private runSafely(why: string): void {
    try {
      this.o.run();
    } catch (err) {
      this.o.log.error({ err, why }, 'scheduled automatic SMS run failed');
    }
  }

  private plan(): void {
    const old = this.task;
    void old?.destroy();
    const timezone = this.o.timeZone();
    this.zone = timezone;
    this.task = cron.schedule('0 * * * *', () => this.runSafely('hour'), { timezone, noOverlap: true, unref: true, name: 'care-sms' });
  }
}
