// Pure login throttling, keyed by user name and by client address separately, so that
// neither guessing many passwords for one user nor one user per try from one client works.
// After `maxFailures` failures a key is locked for `lockoutSeconds`; every further failure
// while counting doubles the lock, up to an hour. A success clears the user-name key only.

export interface ThrottleOptions {
  maxFailures: number;
  lockoutSeconds: number;
}

interface Entry {
  failures: number;
  lockedUntil: number;
  lastFailure: number;
}

const MAX_LOCK_MS = 60 * 60 * 1000;
/** Failures older than this are forgotten. */
const MEMORY_MS = 60 * 60 * 1000;

export class LoginThrottle {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds to wait before another try is allowed for any of the keys, or 0. */
  retryAfter(keys: string[]): number {
    const t = this.now();
    let wait = 0;
    for (const k of keys) {
      const e = this.entries.get(k);
      if (e && e.lockedUntil > t) wait = Math.max(wait, Math.ceil((e.lockedUntil - t) / 1000));
    }
    return wait;
  }

  fail(keys: string[]): void {
    const t = this.now();
    for (const k of keys) {
      const prev = this.entries.get(k);
      const e = prev && t - prev.lastFailure < MEMORY_MS ? prev : { failures: 0, lockedUntil: 0, lastFailure: t };
      e.failures += 1;
      e.lastFailure = t;
      const over = e.failures - this.opts.maxFailures;
      if (over >= 0) e.lockedUntil = t + Math.min(this.opts.lockoutSeconds * 1000 * 2 ** over, MAX_LOCK_MS);
      this.entries.set(k, e);
    }
    this.prune(t);
  }

  succeed(key: string): void {
    this.entries.delete(key);
  }

  private prune(t: number): void {
    if (this.entries.size < 10_000) return;
    for (const [k, e] of this.entries) if (t - e.lastFailure > MEMORY_MS && e.lockedUntil < t) this.entries.delete(k);
  }
}
