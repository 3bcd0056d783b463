// A client's mistake gets a 4xx naming what was wrong, never a 500, and writes nothing.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let customer: Customer;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  customer = (await admin.post<Customer>('/api/customers', { name: 'Lê Văn Nam', phones: [{ number: '13812345678' }] })).data;
});
afterAll(() => tb?.close());

const count = (table: string) => rowCount(tb, table);
const raw = async (path: string, init: RequestInit = {}) => {
  const res = await fetch(new URL(path, tb.url), { ...init, headers: { cookie: admin.sessionCookie!, ...(init.headers as Record<string, string>) } });
  return { status: res.status, body: (await res.json()) as { error?: { code: string; message: string; fields?: { path: string; message: string }[] } } };
};

describe('no 500 for a client mistake', () => {
  it('an SMS to an unknown customer or in reply to an unknown message: 400 naming the field, nothing queued', async () => {
    const before = [count('sms_outbox'), count('audit_log')];
    const a = await admin.post('/api/sms', { to: '13812345678', customerId: 99_999, text: 'hi' });
    expect(a.status).toBe(400);
    expect(a.error?.fields).toEqual([{ path: 'customerId', message: 'no customer with this id' }]);
    const b = await admin.post('/api/sms', { to: '13812345678', inReplyTo: 99_999, text: 'hi' });
    expect(b.status).toBe(400);
    expect(b.error?.fields).toEqual([{ path: 'inReplyTo', message: 'no received message with this id' }]);
    const c = await admin.post('/api/sms', { customerId: 99_999, text: 'hi' });
    expect(c.status).toBe(400);
    expect(c.error?.fields?.map((f) => f.path)).toEqual(['customerId']);
    expect([count('sms_outbox'), count('audit_log')]).toEqual(before);
    // The right ones still work.
    const ok = await admin.post('/api/sms', { customerId: customer.id, text: 'hi' });
    expect(ok.status, JSON.stringify(ok.error)).toBe(201);
  });

  it('a path with a bad %-escape: 400 naming the address', async () => {
    for (const path of ['/api/customers/%ZZ', '/api/customers/%E0%A4%A', '/api/orders/%']) {
      const r = await raw(path);
      expect(r.status, path).toBe(400);
      expect(r.body.error?.code).toBe('validation');
      expect(r.body.error?.fields?.[0]?.path).toBe('(url)');
    }
  });

  it('a body whose Content-Encoding lies: 400 saying it cannot be decompressed; a real gzip body works', async () => {
    for (const encoding of ['gzip', 'deflate', 'br']) {
      const r = await raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body: 'garbage' });
      expect(r.status, encoding).toBe(400);
      expect(r.body.error?.fields?.[0]).toMatchObject({ path: '(body)', message: expect.stringContaining('cannot be decompressed') });
    }
    const good = await raw('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
      body: gzipSync(JSON.stringify({ username: SETUP.admin.username, password: SETUP.admin.password })),
    });
    expect(good.status).toBe(200);
    // A gzip bomb (10 MB of spaces in 10 kB) is measured after inflating: 413, not 10 MB parsed.
    const bomb = await raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: gzipSync(Buffer.alloc(10_000_000, ' ')) });
    expect(bomb.status).toBe(413);
    const unsupported = await raw('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': 'zstd-ish' }, body: '{}' });
    expect(unsupported.status).toBe(415);
  });

  it('a search with NUL or another control character: 400 naming q; one with a zero-width space finds the name', async () => {
    for (const q of ['a\u0000b', '\u0000', 'Nam\u001b[2J', '"\u0000"']) {
      const r = await raw(`/api/customers?q=${encodeURIComponent(q)}`);
      expect(r.status, JSON.stringify(q)).toBe(400);
      expect(r.body.error?.fields?.[0]?.path).toBe('q');
      expect(r.body.error?.fields?.[0]?.message).toMatch(/control character \(U\+00(00|1B)\)/);
    }
    const found = await admin.get(`/api/customers?q=${encodeURIComponent('Na\u200Bm')}`);
    expect(found.status).toBe(200);
    expect(found.data.items.map((c: Customer) => c.id)).toEqual([customer.id]);
  });
});
