// An imported list as a segment condition (S3, S6) through the API: customer numbers and phone
// numbers in any spelling the studio's country reads, repeated and unknown entries counted,
// a second phone of a customer, bad input (400 naming the field), the rights.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, SegmentListMatch } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
const people: Customer[] = [];

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  for (const c of [
    { name: 'Hoa', phones: [{ number: '13812345678' }] },
    { name: 'Fang', phones: [{ number: '13912345678' }, { number: '010 6552 9988' }] },
    { name: 'Mary' },
  ]) {
    const r = await admin.post<Customer>('/api/customers', c);
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    people.push(r.data);
  }
});
afterAll(async () => {
  await tb?.close();
});

describe('POST /api/segments/list', () => {
  it('names the customers of phone numbers and customer numbers; counts the unknown and the repeated', async () => {
    const [hoa, fang, mary] = people as [Customer, Customer, Customer];
    const r = await admin.post<SegmentListMatch>('/api/segments/list', {
      entries: ['+86 138 1234 5678', ` ${mary.customerNo} `, '"010-65529988"', '', '13812345678', '00000000000', 'nobody', '139 1234 5678'],
    });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({
      customerIds: [hoa.id, fang.id, mary.id].sort((a, b) => a - b),
      entries: 7,
      repeated: 2,
      unknownCount: 2,
      unknown: ['00000000000', 'nobody'],
    });
    // The ids are a filter: the count is theirs.
    const count = await admin.post<{ count: number }>('/api/segments/count', { filter: { customerIds: r.data.customerIds } });
    expect(count.data.count).toBe(3);
  });

  it('answers bad input with 400 naming the field; needs campaigns and customers view', async () => {
    expect((await admin.post('/api/segments/list', { entries: [] })).error?.fields?.map((f) => f.path)).toEqual(['entries']);
    expect((await admin.post('/api/segments/list', { entries: ['x'.repeat(101)] })).error?.fields?.map((f) => f.path)).toEqual(['entries.0']);
    expect((await admin.post('/api/segments/list', { entries: Array.from({ length: 10_001 }, (_, i) => String(i)) })).error?.fields?.map((f) => f.path)).toEqual(['entries']);
    expect((await admin.post('/api/segments/list', { lines: ['1'] })).status).toBe(400);
    const { client: noCustomers } = await userWith(admin, 'campaigner', { campaigns: ['view', 'add', 'edit'] });
    expect((await noCustomers.post('/api/segments/list', { entries: ['13812345678'] })).status).toBe(403);
    const { client: viewer } = await userWith(admin, 'viewer', { campaigns: ['view'], customers: ['view'] });
    expect((await viewer.post('/api/segments/list', { entries: ['13812345678'] })).status).toBe(200);
  });
});
