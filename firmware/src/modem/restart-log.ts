// The module's restarts by itself (issue 13.3): kept for the status page and the fault LED,
// across restarts of the daemon too (restart-store.ts keeps them in the database). The logic
// here is pure apart from the records it is given; the clock is passed in.
import type { ModemRestarts } from '../api-types.js';
import type { ModemRestart } from './at/link.js';

/** This many restarts within 24 hours light the fault LED: the supply needs looking at. */
export const FREQUENT_RESTARTS = 3;
const DAY_MS = 24 * 3600_000;
/** Restarts older than this are forgotten (the newest is always kept: it carries the count). */
export const KEEP_RESTARTS_MS = 30 * DAY_MS;

/** One restart: `n` counts them (1, 2, 3…) since the box began, so the newest `n` is the total. */
export interface RestartRecord {
  n: number;
  at: string;
  sign: string;
}

/** Where restarts are kept: in memory, or in the database (restart-store.ts). */
export interface RestartRecords {
  /** Adds one (numbered after the newest) and forgets those before `forgetBefore` but the newest. */
  add(at: string, sign: string, forgetBefore: string): void;
  /** The times (ISO) after `since`, oldest first, and the newest restart of all. */
  read(since: string): { recent: string[]; last: RestartRecord | null };
}

export class MemoryRestartRecords implements RestartRecords {
  private rows: RestartRecord[] = [];

  add(at: string, sign: string, forgetBefore: string): void {
    const n = (this.rows.at(-1)?.n ?? 0) + 1;
    this.rows = [...this.rows.filter((r) => r.at >= forgetBefore), { n, at, sign }];
  }

  read(since: string): { recent: string[]; last: RestartRecord | null } {
    return { recent: this.rows.filter((r) => r.at > since).map((r) => r.at), last: this.rows.at(-1) ?? null };
  }
}

export class RestartLog {
  constructor(private readonly records: RestartRecords = new MemoryRestartRecords()) {}

  add(r: ModemRestart): void {
    this.records.add(r.at, r.sign, new Date(Date.parse(r.at) - KEEP_RESTARTS_MS).toISOString());
  }

  summary(now: Date): ModemRestarts {
    const { recent, last } = this.records.read(new Date(now.getTime() - DAY_MS).toISOString());
    return { last24h: recent, total: last?.n ?? 0, lastAt: last?.at ?? null, lastSign: last?.sign ?? null, frequent: recent.length >= FREQUENT_RESTARTS };
  }
}
