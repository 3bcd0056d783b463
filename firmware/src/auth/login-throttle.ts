// Pure login throttling. Failures are counted per user name and per client address.
// A user name is locked after `maxFailures` failures: guessing one account's password stops.
// An address is locked only after ADDRESS_FACTOR times as many: one front-desk PC is shared by
// all the staff, and a colleague's typos must not lock everyone out, but a client trying many
// user names still stops. Each further failure while counting doubles the lock, up to an hour.
// A success clears the user name's count only.

export interface ThrottleOptions {
  maxFailures: number;
  lockoutSeconds: number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

export const ADDRESS_FACTOR = 4;
const MAX_LOCK_MS = 60 * 60 * 1000;
/** Failures older than this are forgotten. */
const MEMORY_MS = 60 * 60 * 1000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before this user name may try again from this address, or 0. */
  retryAfter(username: string, address: string): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys(username, address)) {
      const e = this.entries.get(k);
      if (e && e.lockedUntil > t) wait = Math.max(wait, Math.ceil((e.lockedUntil - t) / 1000));
    }
    return wait;
  }

  fail(username: string, address: string): void {
    const t = this.now();
    const [userKey, addrKey] = keys(username, address);
    this.count(userKey, this.opts.maxFailures, t);
    this.count(addrKey, this.opts.maxFailures * ADDRESS_FACTOR, t);
    this.prune(t);
  }

  succeed(username: string): void {
    this.entries.delete(keys(username, '')[0]);
  }

  private count(key: string, limit: number, t: number): void {
    const prev = this.entries.get(key);
    const e = prev && t - prev.lastFailure < MEMORY_MS ? prev : { failures: 0, lockedUntil: 0, lastFailure: t };
    e.failures += 1;
    e.lastFailure = t;
    const over = e.failures - limit;
    if (over >= 0) e.lockedUntil = t + Math.min(this.opts.lockoutSeconds * 1000 * 2 ** over, MAX_LOCK_MS);
    this.entries.set(key, e);
  }

  private prune(t: number): void {
    if (this.entries.size < 10_000) return;
    for (const [k, e] of this.entries) if (t - e.lastFailure > MEMORY_MS && e.lockedUntil < t) this.entries.delete(k);
  }
}

const keys = (username: string, address: string): [string, string] => [`user:${username.trim().toLowerCase()}`, `addr:${address}`];
