// Logins under attack, over real HTTP against the real daemon: parallel guessing, a remote
// lock-out of the admin, and the way back in from the box's shell. The flood of password checks
// is timed, so it runs alone: login-flood.alone.test.ts.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { loginFrom } from '../helpers/request-from.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

const root = join(import.meta.dirname, '../../..');
const AUTH = { maxFailedLogins: 5, lockoutSeconds: 60, sessionIdleMinutes: 60, sessionMaxHours: 24 };

let now = new Date('2026-11-23T02:00:00Z');
const clock = () => now;
let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  tb = await startTestBox({ clock, config: { auth: AUTH } });
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  for (const name of ['victim', 'desk', 'target', 'front']) await admin.post('/api/users', { username: name, displayName: name, password: `${name}-password-1` });
});
afterAll(() => tb?.close());

const failedLoginsFor = async (username: string): Promise<number> => {
  const items = (await admin.get('/api/audit?entity=session&limit=500')).data.items as { action: string; summary: string }[];
  return items.filter((e) => e.action === 'login_failed' && e.summary.startsWith(`failed login for "${username}"`)).length;
};

describe('parallel guessing', () => {
  it('checks no more than the allowed number of parallel guesses; the right password after them is refused', async () => {
    const burst = async (n: number) => {
      const statuses = (await Promise.all(Array.from({ length: n }, (_, i) => loginFrom(tb.url, '127.0.0.5', 'victim', `guess ${i}`)))).map((r) => r.status);
      // 401: checked and wrong; 429: the throttle; 503: the bound on hashes in flight (auth/hash-gate.ts).
      expect(statuses.filter((s) => s !== 401 && s !== 429 && s !== 503)).toEqual([]);
      return statuses;
    };
    const first = await burst(200);
    expect(first.filter((s) => s === 401).length).toBeLessThanOrEqual(AUTH.maxFailedLogins);
    // More bursts until the limit is reached: each checks at least one guess, and none goes past the limit.
    let checked = await failedLoginsFor('victim');
    for (let i = 0; checked < AUTH.maxFailedLogins && i < 20; i++) {
      await burst(50);
      checked = await failedLoginsFor('victim');
    }
    // Checked means hashed and logged: the audit log holds exactly the allowed number of failures.
    expect(checked).toBe(AUTH.maxFailedLogins);
    const right = await loginFrom(tb.url, '127.0.0.5', 'victim', 'victim-password-1');
    expect(right.status).toBe(429);
    expect(right.body.error?.code).toBe('throttled');
    expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    await burst(100);
    expect(await failedLoginsFor('victim')).toBe(AUTH.maxFailedLogins);
    // Once the lock is served, the right password gets in.
    now = new Date(now.getTime() + 61_000);
    expect((await loginFrom(tb.url, '127.0.0.5', 'victim', 'victim-password-1')).status).toBe(200);
  }, 120_000);
});

describe('the right password inside the burst', () => {
  it('200 parallel logins with the right one among them: never more than the allowed number checked, and the right one gets in only before the limit', async () => {
    let rounds = 0;
    for (; rounds < 20; rounds++) {
      const burst = Array.from({ length: 200 }, (_, i) => loginFrom(tb.url, '127.0.0.9', 'target', i === 199 - rounds ? 'target-password-1' : `guess ${rounds}-${i}`));
      const statuses = (await Promise.all(burst)).map((r) => r.status);
      expect(statuses.filter((s) => s !== 200 && s !== 401 && s !== 429 && s !== 503)).toEqual([]);
      expect(statuses.filter((s) => s === 200 || s === 401).length).toBeLessThanOrEqual(AUTH.maxFailedLogins);
      if (statuses.every((s) => s === 429)) break; // locked: nothing of this burst was checked
    }
    expect(rounds).toBeLessThan(20);
    // The box's own record, in the order the verdicts were given: no more than the limit of
    // failures since the last success, and no success once the limit was reached.
    const items = (await admin.get('/api/audit?entity=session&limit=500')).data.items as { id: number; action: string; summary: string }[];
    const verdicts = items
      .filter((e) => e.summary.startsWith('failed login for "target"') || e.summary.startsWith('target logged in'))
      .sort((a, b) => a.id - b.id)
      .map((e) => e.action);
    let failuresSinceSuccess = 0;
    for (const v of verdicts) {
      if (v === 'login') {
        expect(failuresSinceSuccess).toBeLessThan(AUTH.maxFailedLogins);
        failuresSinceSuccess = 0;
      } else expect(++failuresSinceSuccess).toBeLessThanOrEqual(AUTH.maxFailedLogins);
    }
    expect(failuresSinceSuccess).toBe(AUTH.maxFailedLogins);
    const right = await loginFrom(tb.url, '127.0.0.9', 'target', 'target-password-1');
    expect(right.status).toBe(429);
  }, 120_000);
});

describe('no remote lock-out', () => {
  it('guesses from another address do not lock the admin out of a desk that has not failed', async () => {
    for (let i = 0; i < AUTH.maxFailedLogins; i++) expect((await loginFrom(tb.url, '127.0.0.6', 'admin', `guess ${i}`)).status).toBe(401);
    expect((await loginFrom(tb.url, '127.0.0.6', 'admin', SETUP.admin.password)).status).toBe(429);
    expect((await loginFrom(tb.url, '127.0.0.1', 'admin', SETUP.admin.password)).status).toBe(200);
    // The attacker trying once per lock period keeps only themselves locked.
    now = new Date(now.getTime() + 61_000);
    expect((await loginFrom(tb.url, '127.0.0.6', 'admin', 'one more')).status).toBe(401);
    expect((await loginFrom(tb.url, '127.0.0.7', 'admin', SETUP.admin.password)).status).toBe(200);
  });

  it('behind a trusted TLS proxy, counts each client by the address the proxy forwards', async () => {
    const box = await startTestBox({ config: { auth: AUTH, http: { host: '127.0.0.1', port: 0, trustProxy: 'loopback' } } });
    try {
      const boss = new ApiClient(box.url);
      await boss.post('/api/setup', SETUP);
      const via = (client: string, password: string) =>
        new ApiClient(box.url).call('POST', '/api/auth/login', { username: 'admin', password }, { 'x-forwarded-for': client });
      for (let i = 0; i < AUTH.maxFailedLogins; i++) expect((await via('10.0.0.66', `guess ${i}`)).status).toBe(401);
      expect((await via('10.0.0.66', SETUP.admin.password)).status).toBe(429);
      expect((await via('10.0.0.10', SETUP.admin.password)).status).toBe(200);
    } finally {
      await box.close();
    }
  });

  it('studio-box reset-password, run from the shell while the daemon runs, clears the lock', async () => {
    for (let i = 0; i < AUTH.maxFailedLogins; i++) expect((await loginFrom(tb.url, '127.0.0.8', 'desk', `typo ${i}`)).status).toBe(401);
    expect((await loginFrom(tb.url, '127.0.0.8', 'desk', 'desk-password-1')).status).toBe(429);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'firmware/src/cli.ts'), 'reset-password', 'desk', '--data', tb.dataDir], {
      cwd: root,
      input: 'desk-password-2\n',
      encoding: 'utf8',
    });
    expect(cli.status, cli.stderr).toBe(0);
    expect((await loginFrom(tb.url, '127.0.0.8', 'desk', 'desk-password-2')).status).toBe(200);
    expect(cli.stdout).toMatch(/login lock cleared/);
  }, 60_000);
});

describe('an admin giving a new password', () => {
  it('clears that user name’s lock, as reset-password does', async () => {
    for (let i = 0; i < AUTH.maxFailedLogins; i++) expect((await loginFrom(tb.url, '127.0.0.10', 'front', `typo ${i}`)).status).toBe(401);
    expect((await loginFrom(tb.url, '127.0.0.10', 'front', 'front-password-1')).status).toBe(429);
    const users = (await admin.get('/api/users')).data as { id: number; username: string }[];
    const front = users.find((u) => u.username === 'front')!;
    expect((await admin.patch(`/api/users/${front.id}`, { password: 'front-password-2' })).status).toBe(200);
    expect((await loginFrom(tb.url, '127.0.0.10', 'front', 'front-password-2')).status).toBe(200);
  });
});

