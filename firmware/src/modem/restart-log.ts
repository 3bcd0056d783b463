// The module's restarts by itself (issue 13.3): kept for the status page and the fault LED.
// Pure apart from the list it keeps; the clock is passed in.
import type { ModemRestarts } from '../api-types.js';
import type { ModemRestart } from './at/link.js';

/** This many restarts within 24 hours light the fault LED: the supply needs looking at. */
export const FREQUENT_RESTARTS = 3;
const DAY_MS = 24 * 3600_000;

export class RestartLog {
  private times: string[] = [];
  private total = 0;
  private lastSign: string | null = null;

  add(r: ModemRestart): void {
    this.times.push(r.at);
    this.total++;
    this.lastSign = r.sign;
  }

  summary(now: Date): ModemRestarts {
    const since = now.getTime() - DAY_MS;
    // Older ones are of no more use: the list stays small however long the box runs.
    this.times = this.times.filter((t) => Date.parse(t) > since);
    return { last24h: [...this.times], total: this.total, lastSign: this.lastSign, frequent: this.times.length >= FREQUENT_RESTARTS };
  }
}
