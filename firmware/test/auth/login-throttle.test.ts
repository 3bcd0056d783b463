// The login throttle's rules, over both stores: the Map and the database the box uses.
import { describe, expect, it } from 'vitest';
import { ADDRESS_FACTOR, LoginThrottle, MemoryThrottleStore, type Reservation, type ThrottleStore } from '../../src/auth/login-throttle.js';
import { SqliteThrottleStore } from '../../src/auth/throttle-store.js';
import { openDatabase } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';

const stores: [string, () => ThrottleStore][] = [
  ['memory', () => new MemoryThrottleStore()],
  [
    'database',
    () => {
      const db = openDatabase(':memory:');
      migrate(db, migrations);
      return new SqliteThrottleStore(db);
    },
  ],
];

describe.each(stores)('login throttle (%s store)', (_name, makeStore) => {
  const setup = (maxFailures = 3) => {
    let now = 1_000_000;
    const store = makeStore();
    const t = new LoginThrottle({ maxFailures, lockoutSeconds: 10 }, store, () => now);
    const take = (user: string, addr: string): Reservation => {
      const r = t.reserve(user, addr);
      if (!r.ok) throw new Error(`refused ${user}@${addr} for ${r.retryAfter} s`);
      return r.reservation;
    };
    const fail = (user: string, addr: string) => take(user, addr).fail();
    return { t, store, take, fail, advance: (ms: number) => (now += ms) };
  };

  it('locks a user name at one address after the allowed failures, then frees it', () => {
    const { t, fail, advance } = setup();
    fail('lan', 'pc1');
    fail('Lan', 'pc1');
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
    fail('lan ', 'pc1');
    expect(t.retryAfter('lan', 'pc1')).toBe(10);
    expect(t.retryAfter('hoa', 'pc1')).toBe(0);
    advance(9_000);
    expect(t.retryAfter('lan', 'pc1')).toBe(1);
    advance(1_000);
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
  });

  it('counts attempts being checked: however many arrive together, only the allowed number are checked', () => {
    const { t } = setup();
    const results = Array.from({ length: 200 }, () => t.reserve('admin', 'pc1'));
    const taken = results.filter((r) => r.ok);
    expect(taken).toHaveLength(3);
    expect(results.slice(3).every((r) => !r.ok && r.retryAfter === 1)).toBe(true);
    for (const r of taken) if (r.ok) r.reservation.fail();
    expect(t.retryAfter('admin', 'pc1')).toBe(10);
  });

  it('gives back a slot that was never checked, and one that succeeded, uncounted', () => {
    const { t, take, fail } = setup();
    const a = take('lan', 'pc1');
    const b = take('lan', 'pc1');
    fail('lan', 'pc1');
    expect(t.reserve('lan', 'pc1').ok).toBe(false);
    a.release();
    a.fail(); // a reservation ends once: a late fail after release counts nothing
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
    b.succeed();
    for (let i = 0; i < 2; i++) fail('lan', 'pc1');
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
  });

  it('a user name locked by failures elsewhere does not lock out an address that has not failed', () => {
    const { t, take, fail } = setup();
    // An attacker at "evil" fails three times: the user name is under attack.
    for (let i = 0; i < 3; i++) fail('admin', 'evil');
    expect(t.retryAfter('admin', 'evil')).toBe(10);
    // The real admin at a clean desk may still try, one attempt at a time.
    const desk = take('admin', 'desk');
    expect(t.reserve('admin', 'laptop')).toEqual({ ok: false, retryAfter: 1 });
    desk.succeed();
    expect(t.retryAfter('admin', 'laptop')).toBe(0);
    expect(t.retryAfter('admin', 'evil')).toBe(10);
  });

  it('under attack, each new address gets one guess; an address that failed waits out the lock', () => {
    const { t, fail } = setup();
    for (let i = 0; i < 3; i++) fail('admin', 'evil1');
    fail('admin', 'evil2');
    expect(t.retryAfter('admin', 'evil2')).toBe(20);
    fail('admin', 'evil3');
    expect(t.retryAfter('admin', 'evil3')).toBe(40);
    expect(t.retryAfter('admin', 'desk')).toBe(0);
  });

  it('doubles the lock for each further failure, capped at an hour', () => {
    const { t, fail, advance } = setup();
    for (let i = 0; i < 3; i++) fail('k', 'a');
    advance(10_000);
    fail('k', 'a'); // the lock served, one more try: it fails and locks longer
    expect(t.retryAfter('k', 'a')).toBe(20);
    // 40, 80 … 2560 s, then the hour's cap.
    for (let i = 0; i < 8; i++) {
      advance(t.retryAfter('k', 'a') * 1000);
      fail('k', 'a');
    }
    expect(t.retryAfter('k', 'a')).toBe(3600);
  });

  it('locks an address trying many user names, but only after many more failures', () => {
    const { t, fail } = setup();
    const names = Array.from({ length: 3 * ADDRESS_FACTOR }, (_, i) => `user${i}`);
    for (const n of names.slice(0, -1)) fail(n, 'pc1');
    expect(t.retryAfter('someone-else', 'pc1')).toBe(0);
    fail(names.at(-1)!, 'pc1');
    expect(t.retryAfter('someone-else', 'pc1')).toBe(10);
    expect(t.retryAfter('someone-else', 'pc2')).toBe(0);
  });

  it('a success clears the user name’s counts, not the address’s', () => {
    const { t, take, fail } = setup();
    for (let i = 0; i < 2; i++) fail('lan', 'pc1');
    take('LAN', 'pc1').succeed();
    for (let i = 0; i < 2; i++) fail('lan', 'pc1');
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
    // The address still remembers the four failures.
    for (let i = 0; i < 3 * ADDRESS_FACTOR - 5; i++) fail(`u${i}`, 'pc1');
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
    fail('x', 'pc1');
    expect(t.retryAfter('lan', 'pc1')).toBe(10);
  });

  it('clearing a user name (password reset) frees it at every address', () => {
    const { t, fail } = setup();
    for (let i = 0; i < 3; i++) fail('admin', 'desk');
    fail('admin', 'evil'); // a clean address's one guess while the name is locked
    expect(t.retryAfter('admin', 'desk')).toBeGreaterThan(0);
    expect(t.retryAfter('admin', 'evil')).toBeGreaterThan(0);
    t.clearUser(' Admin');
    expect(t.retryAfter('admin', 'desk')).toBe(0);
    expect(t.retryAfter('admin', 'evil')).toBe(0);
  });

  it('forgets failures older than an hour', () => {
    const { t, fail, advance } = setup();
    fail('k', 'a');
    fail('k', 'a');
    advance(61 * 60_000);
    fail('k', 'a');
    expect(t.retryAfter('k', 'a')).toBe(0);
  });

  it('keeps failures in the store, so a new throttle (a restart) sees them', () => {
    const { store, fail } = setup();
    for (let i = 0; i < 3; i++) fail('k', 'a');
    const again = new LoginThrottle({ maxFailures: 3, lockoutSeconds: 10 }, store, () => 1_000_000);
    expect(again.retryAfter('k', 'a')).toBe(10);
    expect(again.retryAfter('k', 'b')).toBe(0);
  });
});
