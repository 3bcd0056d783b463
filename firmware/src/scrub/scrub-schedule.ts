// When the scrub runs by itself: node-cron patterns in the studio's time zone (settings), not
// the box's (a Pi's clock is often left in UTC).
//   start  - a new pass (default Sunday 01:00)
//   night  - each night a scheduled pass the morning paused goes on (default 01:00 daily)
//   day    - each morning a scheduled pass still reading pauses (default 06:00 daily)
// So a library too large for one night is read over several, always at night. Runs an admin or
// `studio-box scrub` started are not paused by the morning. The time zone is looked at every
// minute: a change in the settings re-plans the tasks.
import cron, { type ScheduledTask } from 'node-cron';
import type { Logger } from '../log.js';

export interface ScrubScheduleConfig {
  enabled: boolean;
  start: string;
  night: string;
  day: string;
}

export interface ScrubScheduleOptions {
  config: ScrubScheduleConfig;
  timeZone: () => string;
  log: Logger;
  onStart: () => void;
  onNight: () => void;
  onDay: () => void;
  /** Milliseconds between looks at the time zone (default 60000). */
  zoneCheckMs?: number;
}

/** "path: message" for a bad pattern, or null. */
export function cronProblem(pattern: string): string | null {
  const v = cron.validateDetailed(pattern);
  return v.valid ? null : v.errors.map((e) => `${e.field}: ${e.message}`).join('; ') || 'not a cron pattern';
}

export class ScrubSchedule {
  private tasks: ScheduledTask[] = [];
  private zone: string | null = null;
  private zoneTimer: NodeJS.Timeout | null = null;

  constructor(private readonly o: ScrubScheduleOptions) {}

  start(): void {
    if (!this.o.config.enabled) return;
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

  /** When the next new pass starts; null when the schedule is off. */
  nextStart(): Date | null {
    return this.tasks[0]?.getNextRun() ?? null;
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
    const wrap = (what: string, fn: () => void) => () => {
      try {
        fn();
      } catch (err) {
        this.o.log.error({ err, what }, 'scheduled scrub step failed');
      }
    };
    const c = this.o.config;
    const opts = { timezone, noOverlap: true, unref: true } as const;
    this.tasks = [
      cron.schedule(c.start, wrap('start', this.o.onStart), { ...opts, name: 'scrub-start' }),
      cron.schedule(c.night, wrap('night', this.o.onNight), { ...opts, name: 'scrub-night' }),
      cron.schedule(c.day, wrap('day', this.o.onDay), { ...opts, name: 'scrub-day' }),
    ];
    this.o.log.info({ timezone, next: this.nextStart()?.toISOString() }, 'scrub schedule planned');
  }
}
