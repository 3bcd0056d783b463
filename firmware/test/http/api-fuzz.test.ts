// Fuzz over every route the API has (read from the express router, so a new route is covered
// without editing this file): whatever a logged-in admin's browser sends, the box never
// answers 500, and a refused request (4xx) changes nothing in the database.
import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/api-types.js';
import { createApp } from '../../src/http/app.js';
import { expressRoutes, type RouteInfo } from '../helpers/express-routes.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

/** Routes that are not request/response JSON and so are not fuzzed here; each says why. */
const NOT_FUZZED: Record<string, string> = {
  'GET /api/events': 'an event stream that stays open (tested in events.test.ts)',
};

/** Writes a refused request may make: the failed-login audit row, session bookkeeping, throttles. */
const VOLATILE_TABLES = /session|throttle|login/;

let tb: TestBox;
let admin: ApiClient;
let routes: RouteInfo[];

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  // Something for ids 1..3 to find, so requests get past "not found" into the body checks.
  for (const name of ['Nguyễn Thị Mai', '王小明', 'Lucy Chen']) {
    const c = await admin.post<Customer>('/api/customers', { name, phones: [{ number: `1381234${String(name.length).padStart(4, '0')}` }] });
    await admin.post(`/api/customers/${c.data.id}/orders`, { title: 'Wedding package', totalMinor: 100_00 });
  }
  await admin.post('/api/groups', { name: 'Front desk', permissions: { customers: ['view'] } });
  await admin.post('/api/member-card-types', { name: 'Gold' });
  routes = expressRoutes(createApp(tb.box.ctx)).filter((r) => r.path.startsWith('/api/'));
}, 60_000);
afterAll(() => tb?.close());

/**
 * Everything a refused request must leave as it was: every table's rows, and the files in the
 * data folder, as one digest per table (and one for the files), so a failure names what changed.
 */
function fingerprint(): Record<string, string> {
  const db = tb.box.ctx.db;
  const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`).all() as { name: string; sql: string }[];
  const virtual = tables.filter((t) => /^CREATE VIRTUAL/i.test(t.sql)).map((t) => t.name);
  const out: Record<string, string> = {};
  for (const { name } of tables) {
    if (VOLATILE_TABLES.test(name) || virtual.some((v) => name.startsWith(v + '_'))) continue;
    const where = name === 'audit_log' ? ` WHERE action <> 'login_failed'` : '';
    const rows = (db.prepare(`SELECT * FROM "${name}"${where}`).raw().all() as unknown[]).map((row) => JSON.stringify(row)).sort();
    out[name] = createHash('sha256').update(JSON.stringify(rows)).digest('hex');
  }
  // Files too: a refused upload must not leave a part-file behind (the database files change by themselves).
  const files = readdirSync(tb.dataDir, { recursive: true, withFileTypes: true })
    .filter((f) => f.isFile() && !/\.db(-wal|-shm|-journal)?$/.test(f.name))
    .map((f) => join(f.parentPath, f.name))
    .sort();
  out['(files in the data folder)'] = createHash('sha256').update(files.join('\n')).digest('hex');
  return out;
}

/** The tables (or files) whose digest differs. */
const changed = (a: Record<string, string>, b: Record<string, string>): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => a[k] !== b[k]).sort();

// Field names the API's schemas use, so bodies often have the right keys with wrong values.
const KEYS = [
  'name', 'phones', 'number', 'label', 'text', 'to', 'customerId', 'inReplyTo', 'q', 'limit', 'offset', 'before', 'state',
  'unread', 'amountMinor', 'totalMinor', 'title', 'method', 'reason', 'points', 'note', 'notes', 'tags', 'stage', 'stageDueAt',
  'birthday', 'gender', 'username', 'displayName', 'groupIds', 'permissions', 'description', 'cardNo', 'typeId', 'kind',
  'phone', 'excludeId', 'studioName', 'language', 'timeZone', 'currency', 'country', 'allowDuplicatePhone', 'weddingDate',
  'address', 'area', 'occupation', 'source', 'businessType', 'cardId', 'orderLabel', 'override', 'subfolder', 'order',
  'channel', 'outcome', 'at', 'customers', 'admin', 'password', 'entity', 'action', 'from', 'until', 'cardTypeId',
];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...KEYS) }, fc.string({ maxLength: 8 }), fc.constantFrom('__proto__', 'constructor'));
const scalar = fc.oneof(
  fc.string({ maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.constantFrom('', ' ', '\u0000', '\u202E', '\u200B', '1', '-1', '0', 'null', '2026-02-30', '13812345678', 'x'.repeat(5000)),
  fc.integer(),
  fc.constantFrom(0, -1, 1, 2, 3, 2 ** 53, -(2 ** 31), 1.5, 1e308),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.oneof({ weight: 3, arbitrary: scalar }, fc.array(scalar, { maxLength: 3 }), fc.dictionary(key, scalar, { maxKeys: 3 }));
const body = fc.oneof(
  { weight: 4, arbitrary: fc.dictionary(key, value, { maxKeys: 6 }).map((o) => JSON.stringify(o)) },
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)),
  fc.constantFrom('', '{', 'null', '[]', '"x"', '{"a":1}{', '\u0000', '{"__proto__":{"isAdmin":true}}'),
);
// Mostly JSON; sometimes what an upload route reads (a release, a spreadsheet) or no type at all,
// so the routes that take a file as the body are fuzzed past their content-type check too.
const contentType = fc.oneof(
  { weight: 6, arbitrary: fc.constant('application/json') },
  fc.constantFrom('application/octet-stream', 'text/csv', 'text/plain', null),
);
const rawBody = fc.oneof(body.map((b) => Buffer.from(b)), fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)));
const segment = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom('1', '2', '3') },
  fc.constantFrom('0', '-1', '999999', '1e3', '9007199254740993', '%ZZ', '%00', '%E0%A4%A', '..', '%2e%2e', 'abc', '1.5', ' 1'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.string({ unit: 'binary', maxLength: 8 }).map((s) => encodeURIComponent(s.replace(/[\uD800-\uDFFF]/g, ''))),
);
const query = fc.oneof(
  fc.constant(''),
  fc.dictionary(key, fc.oneof(scalar.map(String), fc.constantFrom('1', '20', '-5', 'true'))).map((o) => '?' + new URLSearchParams(o).toString()),
  fc.constantFrom('?q=%ZZ', '?limit=1e9&offset=-1', '?q[]=a&q[]=b', '?q=%00', '?customerId=abc', '?unread=maybe&state=nope'),
);

async function send(route: RouteInfo, path: string, q: string, payload: Buffer | null, type: string | null, cookie: string | null) {
  const res = await fetch(new URL(path + q, tb.url), {
    method: route.method,
    headers: { ...(cookie ? { cookie } : {}), origin: tb.url.replace(/\/$/, ''), ...(payload !== null && type ? { 'content-type': type } : {}) },
    body: payload,
  });
  const text = await res.text();
  return { status: res.status, text };
}

/**
 * Fuzzes every route with `numRuns` generated requests, sent with the session `cookie()` gives
 * (null: a stranger). Returns per route the statuses seen.
 */
async function fuzzEveryRoute(numRuns: number, cookie: () => Promise<string | null>): Promise<Map<string, Set<number>>> {
  const seen = new Map<string, Set<number>>();
  for (const route of routes.filter((r) => !(`${r.method} ${r.path}` in NOT_FUZZED))) {
    const statuses = new Set<number>();
    seen.set(`${route.method} ${route.path}`, statuses);
    await fc.assert(
      fc.asyncProperty(fc.array(segment, { minLength: 4, maxLength: 4 }), query, contentType, rawBody, async (segs, q, type, payload) => {
        let i = 0;
        const path = route.path.replace(/:[A-Za-z]+/g, () => segs[i++]!);
        const session = await cookie(); // (may log in again: before the fingerprint)
        const before = fingerprint();
        const r = await send(route, path, q, route.method === 'GET' || route.method === 'DELETE' ? null : payload, type, session);
        statuses.add(r.status);
        const what = `${route.method} ${path}${q} (${type}) ${JSON.stringify(payload.toString('latin1').slice(0, 200))} -> ${r.status} ${r.text.slice(0, 300)}`;
        expect(r.status, what).not.toBe(500);
        if (r.status >= 500) expect(JSON.parse(r.text).error.code, what).not.toBe('internal');
        if (r.status >= 400) expect(changed(before, fingerprint()), `a refused request changed the database: ${what}`).toEqual([]);
      }),
      { numRuns },
    );
  }
  return seen;
}

describe('API fuzz: never a 500, never a partial write', () => {
  it('covers every API route (or says why not)', () => {
    const names = routes.map((r) => `${r.method} ${r.path}`);
    expect(names.length).toBeGreaterThan(50);
    for (const skipped of Object.keys(NOT_FUZZED)) expect(names, `${skipped} is listed as not fuzzed but no longer exists`).toContain(skipped);
  });

  it('answers every generated request from a logged-in admin without a 500, and a 4xx writes nothing', async () => {
    const seen = await fuzzEveryRoute(20, async () => {
      // A fuzzed logout (or a lucky edit of the admin) ends the session: log in again.
      if ((await admin.get('/api/auth/me')).status === 401) await admin.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
      return admin.sessionCookie;
    });
    // The session held: every route was reached past the login and rights checks at least once.
    const neverReached = [...seen].filter(([, statuses]) => [...statuses].every((s) => s === 401 || s === 403)).map(([name]) => name);
    expect(neverReached).toEqual([]);
  }, 600_000);

  it('answers a stranger (no session) without a 500 either, and writes nothing but failed logins', async () => {
    await fuzzEveryRoute(6, async () => null);
  }, 600_000);
});
