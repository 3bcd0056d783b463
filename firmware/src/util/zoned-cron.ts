// node-cron tasks on the studio's clock: the time zone comes from the settings, not the box (a
// Pi's clock is often left in UTC). The zone is looked at every `zoneCheckMs` (default a minute)
// and a change re-plans every task. Shared by the scrub's, the automatic messages' and the
// reminders' schedules; what each does at start (catching up a missed run, or not) stays with
// them, because it differs. Jobs must not throw: each caller logs its own failures.
import cron, { type ScheduledTask } from 'node-cron';

export interface ZonedJob {
  pattern: string;
  /** node-cron task name. */
  name: string;
  run: () => void;
}

export interface ZonedCronOptions {
  timeZone: () => string;
  jobs: readonly ZonedJob[];
  /** Milliseconds between looks at the time zone (default 60000). */
  zoneCheckMs?: number;
  /** Called after each (re-)plan with the zone planned in. */
  onPlanned?: (timezone: string) => void;
}

export class ZonedCron {
  private tasks: ScheduledTask[] = [];
  private zone: string | null = null;
  private zoneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ZonedCronOptions) {}

  start(): void {
    this.plan();
    this.zoneTimer = setInterval(() => {
      if (this.o.timeZone() !== this.zone) this.plan();
    }, this.o.zoneCheckMs ?? 60_000);
    this.zoneTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.zoneTimer) clearInterval(this.zoneTimer);
    this.zoneTimer = null;
    await this.clear();
  }

  /** The next run of job `index` (in the order given); null when not started or stopped. */
  nextRun(index = 0): Date | null {
    return this.tasks[index]?.getNextRun() ?? null;
  }

  private async clear(): Promise<void> {
    const old = this.tasks;
    this.tasks = [];
    for (const t of old) await t.destroy();
  }

  private plan(): void {
    void this.clear();
    const timezone = this.o.timeZone();
    this.zone = timezone;
    this.tasks = this.o.jobs.map((j) => cron.schedule(j.pattern, j.run, { timezone, noOverlap: true, unref: true, name: j.name }));
    this.o.onPlanned?.(timezone);
  }
}
