import { describe, expect, it } from 'vitest';
import { ADDRESS_FACTOR, LoginThrottle } from '../../src/auth/login-throttle.js';

describe('login throttle', () => {
  const setup = () => {
    let now = 1_000_000;
    const t = new LoginThrottle({ maxFailures: 3, lockoutSeconds: 10 }, () => now);
    return { t, advance: (ms: number) => (now += ms) };
  };

  it('locks a user name after the allowed failures, from any address, then frees it', () => {
    const { t, advance } = setup();
    t.fail('lan', 'pc1');
    t.fail('Lan', 'pc2');
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
    t.fail('lan ', 'pc3');
    expect(t.retryAfter('lan', 'pc9')).toBe(10);
    expect(t.retryAfter('hoa', 'pc1')).toBe(0);
    advance(9_000);
    expect(t.retryAfter('lan', 'pc1')).toBe(1);
    advance(1_000);
    expect(t.retryAfter('lan', 'pc1')).toBe(0);
  });

  it('doubles the lock for each further failure, capped at an hour', () => {
    const { t } = setup();
    for (let i = 0; i < 4; i++) t.fail('k', 'a');
    expect(t.retryAfter('k', 'b')).toBe(20);
    for (let i = 0; i < 20; i++) t.fail('k', 'a');
    expect(t.retryAfter('k', 'b')).toBe(3600);
  });

  it('locks an address trying many user names, but only after many more failures', () => {
    const { t } = setup();
    const names = Array.from({ length: 3 * ADDRESS_FACTOR }, (_, i) => `user${i}`);
    for (const n of names.slice(0, -1)) t.fail(n, 'pc1');
    expect(t.retryAfter('someone-else', 'pc1')).toBe(0);
    t.fail(names.at(-1)!, 'pc1');
    expect(t.retryAfter('someone-else', 'pc1')).toBe(10);
    expect(t.retryAfter('someone-else', 'pc2')).toBe(0);
  });

  it('a success clears the user name’s count only', () => {
    const { t } = setup();
    for (let i = 0; i < 3; i++) t.fail('lan', 'pc1');
    t.succeed('LAN');
    expect(t.retryAfter('lan', 'pc2')).toBe(0);
    for (let i = 0; i < 2; i++) t.fail('lan', 'pc1');
    expect(t.retryAfter('lan', 'pc2')).toBe(0);
  });

  it('forgets failures older than an hour', () => {
    const { t, advance } = setup();
    t.fail('k', 'a');
    t.fail('k', 'a');
    advance(61 * 60_000);
    t.fail('k', 'a');
    expect(t.retryAfter('k', 'a')).toBe(0);
  });
});
