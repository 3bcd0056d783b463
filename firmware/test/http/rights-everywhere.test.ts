// Every API route, read from the express router (a route added tomorrow is covered without
// editing this file): a stranger gets 401, a logged-in user without rights 403, and a request
// naming another Host (DNS rebinding) 421, before any handler runs. The few routes open to
// strangers or to every logged-in user are named here with the reason, and the test fails if
// one of them disappears.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { expressRoutes, type RouteInfo } from '../helpers/express-routes.js';
import { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

/** Open without a session. */
const PUBLIC: Record<string, string> = {
  'GET /api/health': 'monitoring: ok/degraded per part only (less-for-strangers.test.ts)',
  'GET /api/setup': 'the wizard and the login screen: after setup only "done" (less-for-strangers.test.ts)',
  'POST /api/setup': 'the first-run wizard; once set up, 409 (api-auth.test.ts)',
  'POST /api/auth/login': 'logging in',
  'POST /api/auth/logout': 'ends the session it carries, if any',
  'POST /api/lookup': "a customer's own order by its number and the phone's last 4 digits (O2); throttled like logins (api-order-lookup.test.ts)",
};

/** Open to every logged-in user, whatever their rights. */
const ANY_LOGIN: Record<string, string> = {
  'GET /api/auth/me': 'who am I and what may I do',
  'GET /api/events': 'the event stream: each event filtered by the rights (events-follow-rights.test.ts)',
  'GET /api/dashboard': "today's parts, each only for the right that reads it (dashboard.test.ts)",
  'GET /api/settings': "the studio's name, language, zone and currency every screen needs",
  'GET /api/scrub/alarm': 'the banner count of "no good copy" alarms on every screen; names nobody',
  'GET /api/system/network': "the box's name and addresses, shown in the header to reach it from a phone",
  'GET /api/system/leds': "the front panel's lights, which anyone at the desk sees on the box, and why: counts and states, no names or texts (led-panel.test.ts)",
};

let tb: TestBox;
let admin: ApiClient;
let routes: RouteInfo[];
let nobody: ApiClient;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  expect((await admin.post('/api/users', { username: 'nobody', displayName: 'No rights', password: 'nobody-password-1' })).status).toBe(201);
  nobody = new ApiClient(tb.url);
  expect((await nobody.post('/api/auth/login', { username: 'nobody', password: 'nobody-password-1' })).status).toBe(200);
  routes = expressRoutes(createApp(tb.box.ctx)).filter((r) => r.path.startsWith('/api/'));
}, 60_000);
afterAll(() => tb?.close());

const name = (r: RouteInfo) => `${r.method} ${r.path}`;
const pathOf = (r: RouteInfo) => r.path.replace(/:[A-Za-z]+/g, '1');
const bodyOf = (r: RouteInfo) => (r.method === 'GET' || r.method === 'DELETE' ? undefined : {});

/** node:http, because fetch will not send a Host header of our choosing. */
function withHost(r: RouteInfo, host: string, cookie: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: tb.box.port, method: r.method, path: pathOf(r), headers: { host, cookie, origin: `http://${host}`, 'content-type': 'application/json' } },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(bodyOf(r) ? '{}' : undefined);
  });
}

describe('every API route checks who asks', () => {
  it('names only routes that exist as open', () => {
    const names = routes.map(name);
    expect(names.length).toBeGreaterThan(50);
    for (const listed of [...Object.keys(PUBLIC), ...Object.keys(ANY_LOGIN)]) expect(names, `${listed} is listed but no longer exists`).toContain(listed);
  });

  it('a stranger gets 401 from every route but the public ones', async () => {
    const open: string[] = [];
    for (const r of routes.filter((x) => !(name(x) in PUBLIC))) {
      const res = await new ApiClient(tb.url).call(r.method, pathOf(r), bodyOf(r));
      if (res.status !== 401) open.push(`${name(r)} -> ${res.status}`);
    }
    expect(open).toEqual([]);
  }, 120_000);

  it('a user without rights gets 403 from every route but the public and any-login ones', async () => {
    const open: string[] = [];
    for (const r of routes.filter((x) => !(name(x) in PUBLIC) && !(name(x) in ANY_LOGIN))) {
      const res = await nobody.call(r.method, pathOf(r), bodyOf(r));
      if (res.status !== 403) open.push(`${name(r)} -> ${res.status} ${res.error?.message ?? ''}`);
    }
    expect(open).toEqual([]);
    // The session held throughout (a 401 above would be a logged-out user, not a rights check).
    expect((await nobody.get('/api/auth/me')).status).toBe(200);
  }, 120_000);

  it('a request naming another Host gets 421 from every route, even with an admin session', async () => {
    const cookie = admin.sessionCookie!;
    const answered: string[] = [];
    for (const r of routes) {
      const status = await withHost(r, 'rebind.attacker.test', cookie);
      if (status !== 421) answered.push(`${name(r)} -> ${status}`);
    }
    expect(answered).toEqual([]);
    expect((await admin.get('/api/auth/me')).status).toBe(200);
  }, 120_000);
});
