// When the scrub runs by itself: node-cron patterns in the studio's time zone (settings), not
// the box's (a Pi's clock is often left in UTC).
//   start  - a new pass (default Sunday 01:00)
//   night  - each night a scheduled pass the morning paused goes on (default 01:00 daily)
//   day    - each morning a scheduled pass still reading pauses (default 06:00 daily)
// So a library too large for one night is read over several, always at night. Runs an admin or
// `studio-box scrub` started are not paused by the morning. The time zone is looked at every
// minute: a change in the settings re-plans the tasks.
import cron from 'node-cron';
import type { Logger } from '../log.js';
import { ZonedCron } from '../util/zoned-cron.js';

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
  private readonly cron: ZonedCron;

  constructor(private readonly o: ScrubScheduleOptions) {
    const wrap = (what: string, fn: () => void) => () => {
      try {
        fn();
      } catch (err) {
        this.o.log.error({ err, what }, 'scheduled scrub step failed');
      }
    };
    const c = o.config;
    this.cron = new ZonedCron({
      timeZone: o.timeZone,
      zoneCheckMs: o.zoneCheckMs,
      // The start task comes first: nextStart() reads it.
      jobs: [
        { pattern: c.start, name: 'scrub-start', run: wrap('start', o.onStart) },
        { pattern: c.night, name: 'scrub-night', run: wrap('night', o.onNight) },
        { pattern: c.day, name: 'scrub-day', run: wrap('day', o.onDay) },
      ],
      onPlanned: (timezone) => this.o.log.info({ timezone, next: this.nextStart()?.toISOString() }, 'scrub schedule planned'),
    });
  }

  start(): void {
    if (!this.o.config.enabled) return;
    this.cron.start();
  }

  async stop(): Promise<void> {
    await this.cron.stop();
  }

  /** When the next new pass starts; null when the schedule is off. */
  nextStart(): Date | null {
    return this.cron.nextRun(0);
  }
}
