// Contact records (C3) over real HTTP: add, list newest first, validation, rights, the call
// link, the audit line written with the record, and records going with their customer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage, ContactRecord, Customer, User } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith as newUser } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
/** contacts: view and add. */
let desk: ApiClient;
/** contacts: view only. */
let viewer: ApiClient;
/** customers only, no contacts. */
let other: ApiClient;
let hoa: Customer;

/** A logged-in client with these rights (helpers/http-client.ts). */
const userWith = async (name: string, permissions: Record<string, string[]>): Promise<ApiClient> => (await newUser(admin, name, permissions)).client;

const rowCount = (table: string) => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  desk = await userWith('lan', { customers: ['view'], contacts: ['view', 'add'] });
  viewer = await userWith('minh', { contacts: ['view'] });
  other = await userWith('tuan', { customers: ['view', 'add', 'edit'] });
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', phones: [{ number: '138 1234 5678' }] })).data;
});
afterAll(() => tb?.close());

describe('contact records', () => {
  it('adds a record and lists it, newest first, with who wrote it', async () => {
    const first = await desk.post<ContactRecord>(`/api/customers/${hoa.id}/contacts`, {
      channel: 'visit',
      note: '  came to see the sample album  ',
      at: '2026-03-01T10:00:00+08:00',
    });
    expect(first.status, JSON.stringify(first.error)).toBe(201);
    expect(first.data).toMatchObject({ customerId: hoa.id, channel: 'visit', note: 'came to see the sample album', at: '2026-03-01T02:00:00.000Z', callId: null });
    expect(first.data.createdBy?.name).toBe('lan');

    const second = await desk.post<ContactRecord>(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'wants to move the shoot to Sunday' });
    expect(second.status).toBe(201);
    // Without `at`, the contact is now.
    expect(Date.parse(second.data.at)).toBeGreaterThan(Date.now() - 60_000);

    const list = await viewer.get<ContactRecord[]>(`/api/customers/${hoa.id}/contacts`);
    expect(list.status).toBe(200);
    expect(list.data.map((r) => r.note)).toEqual(['wants to move the shoot to Sunday', 'came to see the sample album']);
    expect((await viewer.get<ContactRecord[]>(`/api/customers/${hoa.id}/contacts?limit=1`)).data.map((r) => r.id)).toEqual([second.data.id]);
    expect(tb.box.ctx.contacts.last(hoa.id)?.id).toBe(second.data.id);
  });

  it('writes the audit line with the record', async () => {
    const r = await desk.post<ContactRecord>(`/api/customers/${hoa.id}/contacts`, { channel: 'wechat', note: 'sent the price list' });
    const log = (await admin.get<AuditPage>('/api/audit?entity=contact&limit=10')).data.items.find((e) => e.entityId === r.data.id);
    expect(log).toMatchObject({ action: 'create', entity: 'contact', user: { name: 'lan' } });
    expect(log?.summary).toContain(hoa.customerNo);
    expect(log?.detail).toMatchObject({ customerId: hoa.id, channel: 'wechat', note: 'sent the price list' });
  });

  it('answers a bad record with 400 naming each field, and writes nothing', async () => {
    const before = [rowCount('contact_records'), rowCount('audit_log')];
    const bad = await desk.post(`/api/customers/${hoa.id}/contacts`, { channel: 'fax', note: '   ', at: 'yesterday', colour: 'blue' });
    expect(bad.status).toBe(400);
    expect(bad.error?.code).toBe('validation');
    expect(bad.error?.fields?.map((f) => f.path).sort()).toEqual(['at', 'channel', 'colour', 'note']);
    const long = await desk.post(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'x'.repeat(2001) });
    expect(long.status).toBe(400);
    expect(long.error?.fields?.map((f) => f.path)).toEqual(['note']);
    expect((await desk.post(`/api/customers/${hoa.id}/contacts`, { channel: 'phone' })).status).toBe(400);
    const noCall = await desk.post(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'x', callId: 4242 });
    expect(noCall.status).toBe(400);
    expect(noCall.error?.fields?.map((f) => f.path)).toEqual(['callId']);
    expect((await desk.post('/api/customers/99999/contacts', { channel: 'phone', note: 'x' })).status).toBe(404);
    expect((await desk.get('/api/customers/99999/contacts')).status).toBe(404);
    expect((await desk.get('/api/customers/abc/contacts')).status).toBe(400);
    expect((await desk.get(`/api/customers/${hoa.id}/contacts?limit=0`)).status).toBe(400);
    expect([rowCount('contact_records'), rowCount('audit_log')]).toEqual(before);
    // 2000 characters is allowed.
    expect((await desk.post(`/api/customers/${hoa.id}/contacts`, { channel: 'other', note: 'y'.repeat(2000) })).status).toBe(201);
  });

  it('needs contacts:view to read and contacts:add to write', async () => {
    const before = rowCount('contact_records');
    expect((await viewer.post(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'x' })).status).toBe(403);
    expect((await other.post(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'x' })).status).toBe(403);
    expect((await other.get(`/api/customers/${hoa.id}/contacts`)).status).toBe(403);
    expect((await new ApiClient(tb.url).get(`/api/customers/${hoa.id}/contacts`)).status).toBe(401);
    expect(rowCount('contact_records')).toBe(before);
  });

  it('links a record to its call; the record outlives the call row and goes with its customer', async () => {
    const db = tb.box.ctx.db;
    db.prepare(`INSERT INTO calls (id, line, number, e164, customer_id, state, started_at) VALUES (777, 'gsm', '13812345678', '+8613812345678', ?, 'ringing', ?)`).run(hoa.id, new Date().toISOString());
    const r = await desk.post<ContactRecord>(`/api/customers/${hoa.id}/contacts`, { channel: 'phone', note: 'called about the album', callId: 777 });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data.callId).toBe(777);
    db.prepare('DELETE FROM calls WHERE id = 777').run();
    expect((await desk.get<ContactRecord[]>(`/api/customers/${hoa.id}/contacts`)).data.find((x) => x.id === r.data.id)?.callId).toBeNull();

    expect((await admin.delete(`/api/customers/${hoa.id}`)).status).toBe(204);
    expect((db.prepare('SELECT COUNT(*) AS n FROM contact_records WHERE customer_id = ?').get(hoa.id) as { n: number }).n).toBe(0);
  });
});
