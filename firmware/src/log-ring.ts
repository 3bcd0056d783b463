// The daemon's last log lines kept in memory, for the System page when the journal is not
// there (a laptop, `npm start`): a fixed ring, oldest dropped first. Filled by the logger
// (log.ts) whatever its output format.
import type { LogEntry, LogLevelName } from './api-types.js';

export const LEVEL_RANK: Record<LogLevelName, number> = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60 };

const NAME_OF: Record<number, LogLevelName> = { 10: 'trace', 20: 'debug', 30: 'info', 40: 'warn', 50: 'error', 60: 'fatal' };
export const levelName = (n: number): LogLevelName => NAME_OF[n] ?? (n >= 60 ? 'fatal' : n >= 50 ? 'error' : n >= 40 ? 'warn' : n >= 30 ? 'info' : 'debug');

export class LogRing {
  private readonly items: (LogEntry | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity = 500) {
    this.items = new Array<LogEntry | undefined>(capacity);
  }

  add(entry: LogEntry): void {
    this.items[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  /** The newest `limit` entries at `minLevel` or above, oldest first. */
  recent(minLevel: LogLevelName = 'debug', limit = this.capacity): LogEntry[] {
    const out: LogEntry[] = [];
    const floor = LEVEL_RANK[minLevel];
    for (let i = 1; i <= this.count && out.length < limit; i++) {
      const e = this.items[(this.next - i + this.capacity) % this.capacity]!;
      if (LEVEL_RANK[e.level] >= floor) out.push(e);
    }
    return out.reverse();
  }
}

/** The daemon's own ring (one logger per process). */
export const recentLog = new LogRing(500);
