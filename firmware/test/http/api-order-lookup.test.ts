// A customer's own order (O2) over real HTTP, not logged in: the order number and the last 4
// phone digits give only the stage and the next date; "no such order" and "wrong digits" are
// one answer; failed guesses are throttled per address; nothing of the customer reaches a URL
// or a log line; the Host and CSP rules still apply.
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, WorkflowStage } from '../../src/api-types.js';
import { recentLog } from '../../src/log-ring.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let order: Order;
let stages: WorkflowStage[];
const at = (address: string) => ({ 'x-forwarded-for': address });

beforeAll(async () => {
  // Behind a trusted proxy, so each test can speak from an address of its own.
  tb = await startTestBox({ config: { http: { host: '127.0.0.1', port: 0, trustProxy: 'loopback' }, log: { level: 'trace' } } });
  admin = new ApiClient(tb.url);
  expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
  const c = (await admin.post<Customer>('/api/customers', { name: 'Nguyễn Thị Mai', phones: [{ number: '13800138123' }, { number: '13900139456' }] })).data;
  order = (await admin.post<Order>(`/api/customers/${c.id}/orders`, { title: 'Wedding A', totalMinor: 880000 })).data;
  stages = (await admin.get<WorkflowStage[]>('/api/workflow/stages')).data;
  await admin.post(`/api/workflow/orders/${order.id}/move`, { stageId: stages.find((s) => s.key === 'retouching')!.id, dueAt: '2026-12-20T10:00:00Z' });
});
afterAll(() => tb?.close());

const ask = (body: unknown, address = '10.0.0.1') => new ApiClient(tb.url).call('POST', '/api/lookup', body, at(address));

describe('a customer looks up their order', () => {
  it('sees only the stage and the next date, with any of their phones', async () => {
    for (const digits of ['8123', '9456']) {
      const r = await ask({ orderNo: order.orderNo, phoneLast4: digits });
      expect(r.status, JSON.stringify(r.error)).toBe(200);
      expect(r.data).toEqual({ status: 'open', stageKey: 'retouching', stageName: '', nextAt: '2026-12-20T10:00:00.000Z' });
    }
    // As people type it: no dash, spaces.
    expect((await ask({ orderNo: order.orderNo.replace('-', ' '), phoneLast4: '8123' })).status).toBe(200);
  });

  it('"no such order" and "wrong digits" are the same answer', async () => {
    const wrong = await ask({ orderNo: order.orderNo, phoneLast4: '0000' }, '10.0.0.2');
    const none = await ask({ orderNo: '19990101-001', phoneLast4: '8123' }, '10.0.0.2');
    expect(wrong.status).toBe(404);
    expect(none.status).toBe(404);
    expect(wrong.error).toEqual(none.error);
    expect(JSON.stringify(wrong.error)).not.toContain('Mai');
  });

  it('bad input is a 400 naming the field', async () => {
    const r = await ask({ orderNo: order.orderNo, phoneLast4: '12a4' }, '10.0.0.3');
    expect(r.status).toBe(400);
    expect(r.error?.message).toContain('phoneLast4');
    expect((await ask({ phoneLast4: '1234' }, '10.0.0.3')).error?.message).toContain('orderNo');
    expect((await ask({ orderNo: order.orderNo, phoneLast4: '8123', name: 'x' }, '10.0.0.3')).status).toBe(400);
  });

  it('failed guesses are throttled per address; another address and the right answer are not blocked', async () => {
    const guesser = '10.0.0.9';
    // At most 5 failures for one order number (fewer when other addresses have failed for it too).
    let tries = 0;
    while ((await ask({ orderNo: order.orderNo, phoneLast4: String(1000 + tries) }, guesser)).status === 404) tries++;
    expect(tries).toBeLessThanOrEqual(5);
    const locked = await ask({ orderNo: order.orderNo, phoneLast4: '8123' }, guesser);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    // The customer at home is not locked out by the guesser.
    expect((await ask({ orderNo: order.orderNo, phoneLast4: '8123' }, '10.0.0.10')).status).toBe(200);
    // The guesser's address also stops guessing other order numbers after 4 × 5 failures.
    let last = 0;
    for (let i = 0; i < 25 && last !== 429; i++) last = (await ask({ orderNo: `20260101-${String(i).padStart(3, '0')}`, phoneLast4: '1111' }, '10.0.0.11')).status;
    expect(last).toBe(429);
  });

  it('puts nothing of the customer in a URL or a log line', async () => {
    await ask({ orderNo: order.orderNo, phoneLast4: '8123' }, '10.0.0.12');
    await ask({ orderNo: order.orderNo, phoneLast4: '7777' }, '10.0.0.12');
    const lines = JSON.stringify(recentLog.recent('trace'));
    expect(lines).not.toContain(order.orderNo);
    expect(lines).not.toContain('8123');
    expect(lines).not.toContain('7777');
    // GET is not an answer: the route takes no query.
    expect((await new ApiClient(tb.url).get(`/api/lookup?orderNo=${order.orderNo}&phoneLast4=8123`)).status).toBe(404);
  });

  it('the Host and CSP rules still apply', async () => {
    const port = new URL(tb.url).port;
    const wrongHost = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/api/lookup', method: 'POST', headers: { host: 'evil.example', 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify({ orderNo: order.orderNo, phoneLast4: '8123' }));
    });
    expect(wrongHost).toBe(421);
    const foreign = await new ApiClient(tb.url, 'http://evil.example').call('POST', '/api/lookup', { orderNo: order.orderNo, phoneLast4: '8123' });
    expect(foreign.status).toBe(403);
    const page = await fetch(new URL('/#/lookup', tb.url));
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
  });
});
