// When the scheduled automatic messages run: at the start of every hour on the studio's clock
// (node-cron in the settings' time zone, not the box's: a Pi's clock is often left in UTC), and
// once when the box starts. Each run sends what is due by then today (care/auto-sms.ts runDue),
// so a run missed while the box was off happens once at start, not once per missed hour, and
// the idempotency keys make the hourly repeats no-ops. A change of the time zone in the
// settings re-plans the task within a minute (util/zoned-cron.ts, shared with the scrub and reminders).
import type { Logger } from '../log.js';
import { ZonedCron } from '../util/zoned-cron.js';

export interface CareScheduleOptions {
  timeZone: () => string;
  log: Logger;
  run: () => void;
  /** Milliseconds between looks at the time zone (default 60000). */
  zoneCheckMs?: number;
}

export class CareSchedule {
  private readonly cron: ZonedCron;

  constructor(private readonly o: CareScheduleOptions) {
    this.cron = new ZonedCron({
      timeZone: o.timeZone,
      zoneCheckMs: o.zoneCheckMs,
      jobs: [{ pattern: '0 * * * *', name: 'care-sms', run: () => this.runSafely('hour') }],
    });
  }

  start(): void {
    this.cron.start();
    // What a stopped box missed today, once.
    this.runSafely('start');
  }

  async stop(): Promise<void> {
    await this.cron.stop();
  }

  nextRun(): Date | null {
    return this.cron.nextRun();
  }

  private runSafely(why: string): void {
    try {
      this.o.run();
    } catch (err) {
      this.o.log.error({ err, why }, 'scheduled automatic SMS run failed');
    }
  }
}
