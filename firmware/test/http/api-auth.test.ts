// Setup, login, sessions, permissions and the origin check, over real HTTP against the real daemon.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group, Me, User } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let now = new Date('2026-11-23T02:00:00Z');
const clock = () => now;
let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  tb = await startTestBox({ clock, config: { auth: { maxFailedLogins: 3, lockoutSeconds: 30, sessionIdleMinutes: 60, sessionMaxHours: 24 } } });
  admin = new ApiClient(tb.url);
});
afterAll(() => tb?.close());

async function login(username: string, password: string): Promise<ApiClient> {
  const c = new ApiClient(tb.url);
  const r = await c.post('/api/auth/login', { username, password });
  expect(r.status, JSON.stringify(r.error)).toBe(200);
  return c;
}

describe('first run', () => {
  it('before setup: the wizard is needed, health answers, everything else waits', async () => {
    const s = await admin.get('/api/setup');
    expect(s.data.needed).toBe(true);
    expect(s.data.defaults).toMatchObject({ language: expect.any(String), timeZone: expect.any(String) });
    expect((await admin.get('/api/health')).status).toBe(200);
    const c = await admin.get('/api/customers');
    expect(c.status).toBe(409);
    expect(c.error?.code).toBe('setup_needed');
    expect((await admin.post('/api/auth/login', { username: 'admin', password: 'whatever1' })).status).toBe(409);
  });

  it('a bad wizard form answers 400 with every bad field, and writes nothing', async () => {
    const r = await admin.post('/api/setup', { ...SETUP, currency: 'dollars', timeZone: 'Mars/Olympus', admin: { username: 'a', displayName: '', password: 'short' } });
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('validation');
    expect([...new Set(r.error?.fields?.map((f) => f.path))].sort()).toEqual(['admin.displayName', 'admin.password', 'admin.username', 'currency', 'timeZone']);
    expect((await admin.get('/api/setup')).data.needed).toBe(true);
  });

  it('creates the studio and the first admin, and logs them in with a strict cookie', async () => {
    const r = await admin.post<Me>('/api/setup', SETUP);
    expect(r.status).toBe(201);
    expect(r.data.user).toMatchObject({ username: 'admin', displayName: 'Boss', isAdmin: true });
    expect(r.data.settings).toEqual({ studioName: SETUP.studioName, language: 'en', timeZone: 'Asia/Shanghai', currency: 'CNY', country: 'CN' });
    const cookie = r.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect((await admin.get<Me>('/api/auth/me')).data.user.username).toBe('admin');
  });

  it('runs only once', async () => {
    const again = await new ApiClient(tb.url).post('/api/setup', { ...SETUP, admin: { ...SETUP.admin, username: 'intruder' } });
    expect(again.status).toBe(409);
    expect(again.error?.code).toBe('setup_done');
    expect((await admin.get('/api/setup')).data.needed).toBe(false);
  });
});

describe('login and sessions', () => {
  it('logs in and out', async () => {
    const c = await login('admin', SETUP.admin.password);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('says the same for a wrong password and an unknown user', async () => {
    const c = new ApiClient(tb.url);
    const a = await c.post('/api/auth/login', { username: 'admin', password: 'wrong password' });
    const b = await c.post('/api/auth/login', { username: 'nobody', password: 'wrong password' });
    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.error?.message).toBe(b.error?.message);
  });

  it('throttles repeated failures, even when the right password then comes', async () => {
    await admin.post('/api/users', { username: 'victim', displayName: 'Victim', password: 'victim-pass-1' });
    const c = new ApiClient(tb.url, null);
    // Other clients share the loopback address; use a user key of its own and check both keys.
    for (let i = 0; i < 3; i++) expect((await c.post('/api/auth/login', { username: 'victim', password: `guess ${i}` })).status).toBe(401);
    const locked = await c.post('/api/auth/login', { username: 'victim', password: 'victim-pass-1' });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(locked.error?.code).toBe('throttled');
    now = new Date(now.getTime() + 31_000);
    expect((await c.post('/api/auth/login', { username: 'victim', password: 'victim-pass-1' })).status).toBe(200);
  });

  it('ends a session left idle, and one past its absolute limit', async () => {
    const c = await login('admin', SETUP.admin.password);
    now = new Date(now.getTime() + 59 * 60_000);
    expect((await c.get('/api/auth/me')).status).toBe(200); // used: idle timer restarts
    now = new Date(now.getTime() + 59 * 60_000);
    expect((await c.get('/api/auth/me')).status).toBe(200);
    now = new Date(now.getTime() + 61 * 60_000);
    expect((await c.get('/api/auth/me')).status).toBe(401);

    const d = await login('admin', SETUP.admin.password);
    // Used every 50 minutes: never idle, but 30 x 50 min is past the 24 h limit.
    for (let i = 0; i < 30; i++) {
      now = new Date(now.getTime() + 50 * 60_000);
      if (i === 27) expect((await d.get('/api/auth/me')).status).toBe(200);
      else await d.get('/api/auth/me');
    }
    expect((await d.get('/api/auth/me')).status).toBe(401);
    admin = await login('admin', SETUP.admin.password);
  });

  it('refuses state changes from another origin or site', async () => {
    const evil = await admin.call('POST', '/api/groups', { name: 'Evil' }, { origin: 'http://attacker.example' });
    expect(evil.status).toBe(403);
    expect(evil.error?.code).toBe('bad_origin');
    expect((await admin.call('POST', '/api/groups', { name: 'Evil' }, { origin: 'null' })).status).toBe(403);
    expect((await admin.call('POST', '/api/groups', { name: 'Evil' }, { 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await admin.get<Group[]>('/api/groups')).data.map((g) => g.name)).not.toContain('Evil');
  });
});

describe('users, groups and permissions', () => {
  let frontDesk: Group;
  let cashier: Group;
  let lan: User;

  it('admin creates groups with per-feature rights', async () => {
    const f = await admin.post<Group>('/api/groups', { name: 'Front desk', permissions: { customers: ['view', 'add'] } });
    const c = await admin.post<Group>('/api/groups', { name: 'Cashier', permissions: { finance: ['view', 'add', 'print'], customers: ['view', 'edit'] } });
    expect([f.status, c.status]).toEqual([201, 201]);
    frontDesk = f.data;
    cashier = c.data;
    expect(cashier.permissions).toEqual({ customers: ['view', 'edit'], finance: ['view', 'add', 'print'] });
    expect((await admin.post('/api/groups', { name: 'front DESK' })).status).toBe(409);
    const bad = await admin.post('/api/groups', { name: 'X', permissions: { teleport: ['view'], customers: ['fly'] } });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.length).toBeGreaterThan(0);
  });

  it('a user in several groups gets the union of their rights', async () => {
    const r = await admin.post<User>('/api/users', { username: 'lan', displayName: 'Lan', password: 'lan-password-1', groupIds: [frontDesk.id, cashier.id] });
    expect(r.status).toBe(201);
    lan = r.data;
    expect(lan.createdBy?.name).toBe('Boss');
    expect((await admin.get<User>(`/api/users/${lan.id}`)).data).toEqual(lan);
    expect((await admin.get<Group>(`/api/groups/${cashier.id}`)).data.memberIds).toEqual([lan.id]);
    expect((await admin.get('/api/users/9999')).status).toBe(404);
    const c = await login('lan', 'lan-password-1');
    const me = (await c.get<Me>('/api/auth/me')).data;
    expect(me.permissions).toEqual({ customers: ['view', 'add', 'edit'], finance: ['view', 'add', 'print'] });
  });

  it('every route checks its right on the server', async () => {
    const c = await login('lan', 'lan-password-1');
    const created = await c.post('/api/customers', { name: 'Lê Văn Tám' });
    expect(created.status).toBe(201);
    expect((await c.get('/api/customers')).status).toBe(200);
    expect((await c.patch(`/api/customers/${created.data.id}`, { notes: 'VIP' })).status).toBe(200);
    const del = await c.delete(`/api/customers/${created.data.id}`);
    expect(del.status).toBe(403);
    expect(del.error?.code).toBe('forbidden');
    for (const [m, p] of [['GET', '/api/users'], ['GET', '/api/groups'], ['GET', '/api/audit'], ['POST', '/api/users'], ['PUT', '/api/settings'], ['DELETE', `/api/groups/${cashier.id}`]] as const) {
      expect((await c.call(m, p, m === 'GET' ? undefined : {})).status, `${m} ${p}`).toBe(403);
    }
    // Taking Lan out of Front desk removes "add" at once, without a new login.
    expect((await admin.patch(`/api/users/${lan.id}`, { groupIds: [cashier.id] })).status).toBe(200);
    expect((await c.post('/api/customers', { name: 'Nope' })).status).toBe(403);
    expect((await c.get('/api/customers')).status).toBe(200);
  });

  it('a user without groups can see nothing but themselves', async () => {
    await admin.post('/api/users', { username: 'temp', displayName: 'Temp', password: 'temp-password-1' });
    const c = await login('temp', 'temp-password-1');
    expect((await c.get<Me>('/api/auth/me')).data.permissions).toEqual({});
    expect((await c.get('/api/customers')).status).toBe(403);
    expect((await new ApiClient(tb.url).get('/api/customers')).status).toBe(401);
  });

  it('only an admin makes admins; nobody removes the last admin', async () => {
    const usersAdmin = await admin.post<Group>('/api/groups', { name: 'User managers', permissions: { users: ['view', 'add', 'edit', 'delete'] } });
    await admin.post('/api/users', { username: 'mgr', displayName: 'Manager', password: 'mgr-password-1', groupIds: [usersAdmin.data.id] });
    const mgr = await login('mgr', 'mgr-password-1');
    expect((await mgr.post('/api/users', { username: 'x2', displayName: 'X', password: 'x-password-1', isAdmin: true })).status).toBe(403);
    expect((await mgr.patch(`/api/users/${lan.id}`, { isAdmin: true })).status).toBe(403);
    const me = (await admin.get<Me>('/api/auth/me')).data.user;
    expect((await mgr.delete(`/api/users/${me.id}`)).status).toBe(403);
    expect((await admin.delete(`/api/users/${me.id}`)).status).toBe(409);
    expect((await admin.patch(`/api/users/${me.id}`, { isAdmin: false })).status).toBe(409);
  });

  it('disabling a user or resetting their password ends their sessions', async () => {
    const c = await login('lan', 'lan-password-1');
    expect((await admin.patch(`/api/users/${lan.id}`, { password: 'new-password-2' })).status).toBe(200);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    const d = await login('lan', 'new-password-2');
    expect((await admin.patch(`/api/users/${lan.id}`, { disabled: true })).status).toBe(200);
    expect((await d.get('/api/auth/me')).status).toBe(401);
    expect((await new ApiClient(tb.url).post('/api/auth/login', { username: 'lan', password: 'new-password-2' })).status).toBe(401);
  });

  it('settings are changed by those with the right, and validated', async () => {
    const bad = await admin.put('/api/settings', { studioName: '', language: 'fr', timeZone: 'UTC', currency: 'CNY', country: 'ZZ' });
    expect(bad.status).toBe(400);
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['country', 'language', 'studioName']);
    const ok = await admin.put('/api/settings', { ...SETUP, admin: undefined, language: 'vi' });
    expect(ok.status).toBe(200);
    expect((await admin.get('/api/settings')).data.language).toBe('vi');
  });
});

describe('audit log', () => {
  it('lists who did what, newest first, for admins, with paging and a filter', async () => {
    const page = await admin.get('/api/audit?limit=5');
    expect(page.status).toBe(200);
    expect(page.data.items).toHaveLength(5);
    expect(page.data.nextBefore).toBe(page.data.items[4].id);
    const ids = page.data.items.map((e: { id: number }) => e.id);
    expect([...ids].sort((a, b) => b - a)).toEqual(ids);
    const older = await admin.get(`/api/audit?limit=5&before=${page.data.nextBefore}`);
    expect(older.data.items[0].id).toBeLessThan(page.data.nextBefore);

    const all = (await admin.get('/api/audit?limit=500')).data.items as { action: string; entity: string; user: { name: string } | null; summary: string }[];
    const has = (action: string, entity: string, who: string | null) =>
      all.some((e) => e.action === action && e.entity === entity && (who === null ? e.user === null : e.user?.name === who));
    expect(has('setup', 'settings', 'Boss')).toBe(true);
    expect(has('create', 'user', 'Boss')).toBe(true);
    expect(has('create', 'group', 'Boss')).toBe(true);
    expect(has('login_failed', 'session', null)).toBe(true);
    expect(has('create', 'customer', 'Lan')).toBe(true);
    expect(has('update', 'customer', 'Lan')).toBe(true);
    expect(JSON.stringify(all)).not.toContain('new-password-2');

    const groupsOnly = (await admin.get('/api/audit?entity=group&limit=500')).data.items as { entity: string }[];
    expect(groupsOnly.length).toBeGreaterThan(0);
    expect(groupsOnly.every((e) => e.entity === 'group')).toBe(true);
  });
});
