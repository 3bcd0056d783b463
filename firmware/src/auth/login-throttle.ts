// Pure login throttling: which attempts may be checked, given past failures and the attempts
// being checked right now. No I/O: failures live in an injected store (SQLite on the box, so
// `studio-box reset-password` in another process can clear them; a Map in tests).
//
// An attempt takes a slot BEFORE the slow password hash and gives it back only on success
// (or when it was never checked): however many logins arrive together, no more than
// `maxFailures` guesses per (user name, address) are being checked or have failed in the window.
//
// Three counts, each with its own rule:
// - (user name, address): locked after `maxFailures` failures. This is the lock an attacker
//   at one address meets.
// - address: locked after ADDRESS_FACTOR times as many, over all user names: one front-desk
//   PC is shared by all the staff, and a colleague's typos must not lock everyone out, but a
//   client trying many user names still stops.
// - user name, over all addresses: NOT a lock-out (else anyone on the LAN could lock the admin
//   out). Past `maxFailures` the user name is "under attack": only an address that has not
//   failed for it may still try, one attempt at a time. A guesser with many addresses gets
//   one guess per new address; the real user at a clean desk still gets in.
// Each failure past a limit doubles that lock, up to an hour. A success clears the user name's
// counts (its own and its pairs at this address), never an address's.

export interface ThrottleOptions {
  maxFailures: number;
  lockoutSeconds: number;
}

export interface ThrottleEntry {
  failures: number;
  /** ms since the epoch; 0 when not locked. */
  lockedUntil: number;
  lastFailure: number;
}

export type ThrottleScope = 'pair' | 'address' | 'user';

export interface ThrottleKey {
  scope: ThrottleScope;
  /** Normalised user name; '' for an address's count. */
  username: string;
  /** '' for a user name's count. */
  address: string;
}

/** Where failures are kept. Reservations (attempts being checked) stay in memory. */
export interface ThrottleStore {
  get(key: ThrottleKey): ThrottleEntry | undefined;
  /** Writes entries (null deletes one), all at once: one database transaction per login. */
  save(changes: [ThrottleKey, ThrottleEntry | null][]): void;
  /** Forgets a user name's counts, its own and at every address (a password reset). */
  clearUser(username: string): void;
  /** Forgets entries whose last failure is before `before` and that are not locked at `now`. */
  prune(before: number, now: number): void;
}

/** One attempt's slot: exactly one of these ends it. */
export interface Reservation {
  /** The password was checked and was wrong (or the user unknown or disabled). */
  fail(): void;
  /** The password was right: the user name's counts are cleared. */
  succeed(): void;
  /** The password was never checked (the box was busy): the slot is given back uncounted. */
  release(): void;
}

export type ReserveResult = { ok: true; reservation: Reservation } | { ok: false; retryAfter: number };

export const ADDRESS_FACTOR = 4;
const MAX_LOCK_MS = 60 * 60 * 1000;
/** Failures older than this are forgotten. */
export const MEMORY_MS = 60 * 60 * 1000;
/** Told to a refused attempt whose fate depends on attempts still being checked. */
const BUSY_WAIT_S = 1;

export const normaliseUsername = (username: string): string => username.trim().toLowerCase();

export class MemoryThrottleStore implements ThrottleStore {
  private readonly map = new Map<string, ThrottleEntry>();
  get(key: ThrottleKey) {
    return this.map.get(keyString(key));
  }
  save(changes: [ThrottleKey, ThrottleEntry | null][]) {
    for (const [k, e] of changes) {
      if (e) this.map.set(keyString(k), { ...e });
      else this.map.delete(keyString(k));
    }
  }
  clearUser(username: string) {
    for (const k of [...this.map.keys()]) if (k.split('\u0000')[1] === username && !k.startsWith('address')) this.map.delete(k);
  }
  prune(before: number, now: number) {
    for (const [k, e] of this.map) if (e.lastFailure < before && e.lockedUntil <= now) this.map.delete(k);
  }
}

export class LoginThrottle {
  private readonly pending = new Map<string, number>();
  private failuresSincePrune = 0;

  constructor(
    private readonly opts: ThrottleOptions,
    private readonly store: ThrottleStore = new MemoryThrottleStore(),
    private readonly now: () => number = Date.now,
  ) {}

  /** Takes a slot for one password check, or says how many seconds to wait. Synchronous: nothing can slip in between. */
  reserve(username: string, address: string): ReserveResult {
    const t = this.now();
    const [pair, addr, user] = keysOf(username, address);
    const limit = this.opts.maxFailures;
    const pairE = this.entry(pair, t);
    const userE = this.entry(user, t);
    let wait = Math.max(this.wait(pair, pairE, limit, t), this.wait(addr, this.entry(addr, t), limit * ADDRESS_FACTOR, t));
    if (wait === 0 && this.wait(user, userE, limit, t) > 0) {
      // Under attack: a clean address may try, one attempt at a time; others wait out the user name's lock.
      const clean = pairE.failures === 0 && this.pendingOf(pair) === 0;
      if (!clean) wait = Math.max(secondsUntil(userE.lockedUntil, t), BUSY_WAIT_S);
      else if (this.pendingOf(user) > 0) wait = BUSY_WAIT_S;
    }
    if (wait > 0) return { ok: false, retryAfter: wait };
    for (const k of [pair, addr, user]) this.pending.set(keyString(k), this.pendingOf(k) + 1);
    let open = true;
    const end = (outcome: 'fail' | 'succeed' | 'release') => {
      if (!open) return;
      open = false;
      for (const k of [pair, addr, user]) this.unpend(k);
      if (outcome === 'fail') this.fail(pair, addr, user);
      if (outcome === 'succeed') this.store.save([[pair, null], [user, null]]);
    };
    return { ok: true, reservation: { fail: () => end('fail'), succeed: () => end('succeed'), release: () => end('release') } };
  }

  /** Forgets the user name's failures everywhere (password reset); addresses keep theirs. */
  clearUser(username: string): void {
    this.store.clearUser(normaliseUsername(username));
  }

  /** Seconds until this user name may be tried from this address without being refused; 0 when it may now. */
  retryAfter(username: string, address: string): number {
    const r = this.reserve(username, address);
    if (!r.ok) return r.retryAfter;
    r.reservation.release();
    return 0;
  }

  private fail(pair: ThrottleKey, addr: ThrottleKey, user: ThrottleKey): void {
    const t = this.now();
    this.store.save([
      [pair, this.counted(pair, this.opts.maxFailures, t)],
      [addr, this.counted(addr, this.opts.maxFailures * ADDRESS_FACTOR, t)],
      [user, this.counted(user, this.opts.maxFailures, t)],
    ]);
    if (++this.failuresSincePrune >= 100) {
      this.failuresSincePrune = 0;
      this.store.prune(t - MEMORY_MS, t);
    }
  }

  /** Seconds this count makes an attempt wait: locked, or its failures and attempts in flight reach the limit. */
  private wait(key: ThrottleKey, e: ThrottleEntry, limit: number, t: number): number {
    if (e.lockedUntil > t) return secondsUntil(e.lockedUntil, t);
    const pending = this.pendingOf(key);
    if (e.failures + pending < limit) return 0;
    // Past the limit and the lock served: one more attempt at a time (its failure locks again, longer).
    return e.failures >= limit && pending === 0 ? 0 : BUSY_WAIT_S;
  }

  /** The entry after one more failure. */
  private counted(key: ThrottleKey, limit: number, t: number): ThrottleEntry {
    const e = { ...this.entry(key, t) };
    e.failures += 1;
    e.lastFailure = t;
    const over = e.failures - limit;
    if (over >= 0) e.lockedUntil = t + Math.min(this.opts.lockoutSeconds * 1000 * 2 ** over, MAX_LOCK_MS);
    return e;
  }

  private entry(key: ThrottleKey, t: number): ThrottleEntry {
    const e = this.store.get(key);
    return e && (t - e.lastFailure < MEMORY_MS || e.lockedUntil > t) ? e : { failures: 0, lockedUntil: 0, lastFailure: 0 };
  }

  private pendingOf(key: ThrottleKey): number {
    return this.pending.get(keyString(key)) ?? 0;
  }

  private unpend(key: ThrottleKey): void {
    const k = keyString(key);
    const n = (this.pending.get(k) ?? 0) - 1;
    if (n > 0) this.pending.set(k, n);
    else this.pending.delete(k);
  }
}

const secondsUntil = (until: number, t: number): number => Math.max(0, Math.ceil((until - t) / 1000));

function keysOf(username: string, address: string): [ThrottleKey, ThrottleKey, ThrottleKey] {
  const u = normaliseUsername(username);
  return [
    { scope: 'pair', username: u, address },
    { scope: 'address', username: '', address },
    { scope: 'user', username: u, address: '' },
  ];
}

const keyString = (k: ThrottleKey): string => `${k.scope}\u0000${k.username}\u0000${k.address}`;
