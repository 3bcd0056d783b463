import { AtClosedError, AtTimeoutError } from './errors.js';
import type { Urc } from './urc.js';

interface Waiter {
  match: (urc: Urc) => boolean;
  resolve: (urc: Urc) => void;
  reject: (e: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * Waiters for unsolicited events (a `+CDS` for a message reference, `SMS Ready` after a
 * reset): each has a matcher, a timeout and a description that the timeout error names.
 */
export class UrcWaiters {
  private readonly waiters = new Set<Waiter>();

  add(match: (urc: Urc) => boolean, timeoutMs: number, what: string): Promise<Urc> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters.delete(waiter);
          reject(new AtTimeoutError('unsolicited', what, timeoutMs));
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Settles every waiter whose matcher accepts the event (a throwing matcher does not). */
  dispatch(urc: Urc): void {
    for (const w of [...this.waiters]) {
      let hit = false;
      try {
        hit = w.match(urc);
      } catch {
        hit = false;
      }
      if (!hit) continue;
      this.waiters.delete(w);
      clearTimeout(w.timer);
      w.resolve(urc);
    }
  }

  rejectAll(reason: string): void {
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new AtClosedError('unsolicited', reason));
    }
    this.waiters.clear();
  }
}
