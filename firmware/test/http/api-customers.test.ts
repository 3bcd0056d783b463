// Customers over real HTTP: validation, phones, duplicates, search, record metadata, audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, CustomerPage, PhoneCheck, User } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let staff: ApiClient;

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  const g = await admin.post('/api/groups', { name: 'Front desk', permissions: { customers: ['view', 'add', 'edit'] } });
  await admin.post<User>('/api/users', { username: 'hoa', displayName: 'Hoa', password: 'hoa-password-1', groupIds: [g.data.id] });
  staff = new ApiClient(tb.url);
  await staff.post('/api/auth/login', { username: 'hoa', password: 'hoa-password-1' });
});
afterAll(() => tb?.close());

const names = async (c: ApiClient, q: string) => ((await c.get<CustomerPage>(`/api/customers?q=${encodeURIComponent(q)}`)).data.items.map((i) => i.name));
const rowCount = (table: string) => (tb.box.ctx.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('customers', () => {
  let hoa: Customer;

  it('creates a customer with every C1 field and normalised phones', async () => {
    const r = await staff.post<Customer>('/api/customers', {
      name: 'Trần Thị Hoa',
      phones: [{ number: '138 1234 5678', label: 'mobile' }, { number: '010-6552-9988', label: 'home' }, { number: '+86 138 1234 5678' }],
      gender: 'female',
      birthday: '1994-02-28',
      address: '12 Lý Thường Kiệt',
      area: 'Hoàn Kiếm',
      occupation: 'teacher',
      source: 'referral',
      businessType: 'wedding',
      weddingDate: '2027-05-01',
      notes: 'prefers mornings',
      tags: ['vip', 'wedding-2027'],
      stage: 'ordered',
      stageDueAt: '2026-12-01T02:00:00Z',
    });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    hoa = r.data;
    expect(hoa.customerNo).toMatch(/^C\d{6}$/);
    expect(hoa.phones).toEqual([
      { e164: '+8613812345678', display: '138 1234 5678', label: 'mobile' },
      { e164: '+861065529988', display: '010 6552 9988', label: 'home' },
    ]);
    expect(hoa).toMatchObject({ gender: 'female', birthday: '1994-02-28', businessType: 'wedding', tags: ['vip', 'wedding-2027'], stage: 'ordered', stageDueAt: '2026-12-01T02:00:00Z' });
    expect(hoa.createdBy?.name).toBe('Hoa');
    expect(hoa.updatedBy?.name).toBe('Hoa');
    expect(Date.parse(hoa.stageAddedAt)).toBeGreaterThan(Date.now() - 60_000);
  });

  it('answers a bad form with 400 naming each field, and writes nothing', async () => {
    const before = [rowCount('customers'), rowCount('customer_phones'), rowCount('customer_search'), rowCount('audit_log')];
    const r = await staff.post('/api/customers', {
      name: '  ',
      phones: [{ number: '139 0000 1111' }, { number: '12345' }],
      birthday: '2023-02-30',
      gender: 'dragon',
      stage: 'married',
      colour: 'blue',
    });
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('validation');
    expect(r.error?.fields?.map((f) => f.path).sort()).toEqual(['birthday', 'colour', 'gender', 'name', 'stage']);
    // Phones are checked once the shape is right: the valid first number must not be saved alone.
    const p = await staff.post('/api/customers', { name: 'Ok', phones: [{ number: '139 0000 1111' }, { number: '12345' }] });
    expect(p.status).toBe(400);
    expect(p.error?.fields).toEqual([{ path: 'phones.1.number', message: expect.stringMatching(/short|valid/) }]);
    expect([rowCount('customers'), rowCount('customer_phones'), rowCount('customer_search'), rowCount('audit_log')]).toEqual(before);
  });

  it('keeps an e-mail address (domain in lower case), finds the customer by it, and refuses one that is not', async () => {
    const r = await staff.post<Customer>('/api/customers', { name: 'Lê Thu', email: '  Thu.Le@Example.COM ' });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data.email).toBe('Thu.Le@example.com');
    expect((await staff.get<Customer>(`/api/customers/${r.data.id}`)).data.email).toBe('Thu.Le@example.com');
    expect(await names(staff, 'thu.le@exa')).toEqual(['Lê Thu']);
    expect(await names(staff, 'example.com')).toEqual(['Lê Thu']);

    const before = [rowCount('customers'), rowCount('audit_log')];
    for (const email of ['thu', 'thu@', '@example.com', 'thu le@example.com', 'thu@example', `${'x'.repeat(250)}@example.com`, 42]) {
      const bad = await staff.post('/api/customers', { name: 'Bad Mail', email });
      expect(bad.status, String(email)).toBe(400);
      expect(bad.error?.fields?.map((f) => f.path)).toEqual(['email']);
    }
    const badPatch = await staff.patch(`/api/customers/${r.data.id}`, { email: 'not an address', notes: 'kept?' });
    expect(badPatch.status).toBe(400);
    expect(badPatch.error?.fields?.map((f) => f.path)).toEqual(['email']);
    expect([rowCount('customers'), rowCount('audit_log')]).toEqual(before);
    expect((await staff.get<Customer>(`/api/customers/${r.data.id}`)).data).toMatchObject({ email: 'Thu.Le@example.com', notes: '' });

    // Changed, then cleared ('' and null both mean none); the search follows.
    expect((await staff.patch<Customer>(`/api/customers/${r.data.id}`, { email: 'thu@studio.vn' })).data.email).toBe('thu@studio.vn');
    expect(await names(staff, 'thu.le@exa')).toEqual([]);
    expect(await names(staff, 'thu@studio')).toEqual(['Lê Thu']);
    expect((await staff.patch<Customer>(`/api/customers/${r.data.id}`, { email: '' })).data.email).toBeNull();
    expect((await staff.patch<Customer>(`/api/customers/${r.data.id}`, { email: null })).data.email).toBeNull();
    expect(await names(staff, 'thu@studio')).toEqual([]);
    expect((await admin.delete(`/api/customers/${r.data.id}`)).status).toBe(204);
  });

  it('answers malformed JSON with 400', async () => {
    const r = await staff.call('POST', '/api/customers', '{"name": "x",', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.error?.code).toBe('validation');
  });

  it('flags a phone that already belongs to someone before saving, and saves on confirmation', async () => {
    const check = await staff.get<PhoneCheck>('/api/customers/phone-check?phone=%2B86%20138-1234-5678');
    expect(check.data.phone?.e164).toBe('+8613812345678');
    expect(check.data.matches).toEqual([{ e164: '+8613812345678', customerId: hoa.id, customerNo: hoa.customerNo, name: 'Trần Thị Hoa' }]);
    expect((await staff.get<PhoneCheck>(`/api/customers/phone-check?phone=13812345678&excludeId=${hoa.id}`)).data.matches).toEqual([]);
    expect((await staff.get<PhoneCheck>('/api/customers/phone-check?phone=12')).data).toMatchObject({ phone: null, error: expect.any(String) });

    const dup = await staff.post('/api/customers', { name: 'Husband', phones: [{ number: '008613812345678' }] });
    expect(dup.status).toBe(409);
    expect(dup.error?.code).toBe('duplicate_phone');
    expect(dup.error?.duplicates?.[0]).toMatchObject({ customerId: hoa.id, name: 'Trần Thị Hoa' });
    const saved = await staff.post<Customer>('/api/customers', { name: 'Husband', phones: [{ number: '008613812345678' }], allowDuplicatePhone: true });
    expect(saved.status).toBe(201);
    // Editing the husband later does not re-flag the number he already has.
    expect((await staff.patch(`/api/customers/${saved.data.id}`, { phones: saved.data.phones.map((p) => ({ number: p.e164 })), notes: 'x' })).status).toBe(200);
  });

  it('finds by name fragment in Chinese, Vietnamese with or without diacritics, and Latin', async () => {
    for (const [name, phone] of [['王小明', '13900001111'], ['Nguyễn Văn Đức', '+84 912 345 678'], ['Mary Smith', '+1 415 555 2671'], ['王芳', '13900002222']] as const) {
      expect((await staff.post('/api/customers', { name, phones: [{ number: phone }] })).status).toBe(201);
    }
    expect(await names(staff, '王')).toEqual(['王芳', '王小明']);
    expect(await names(staff, '小明')).toEqual(['王小明']);
    expect(await names(staff, 'tran thi')).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, 'Trần Thị')).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, 'THỊ HOA')).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, 'van duc')).toEqual(['Nguyễn Văn Đức']);
    expect(await names(staff, 'Đức')).toEqual(['Nguyễn Văn Đức']);
    expect(await names(staff, 'smi')).toEqual(['Mary Smith']);
    expect(await names(staff, hoa.customerNo)).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, `c${hoa.id}`)).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, 'C999999')).toEqual([]);
    expect(await names(staff, 'zz')).toEqual([]);
    expect(await names(staff, 'nobody at all')).toEqual([]);
  });

  it('finds by any part of any phone number', async () => {
    expect(await names(staff, '5678')).toEqual(['Nguyễn Văn Đức', 'Husband', 'Trần Thị Hoa']);
    expect(await names(staff, '138 1234 5678')).toEqual(['Husband', 'Trần Thị Hoa']);
    expect(await names(staff, '12345678')).toEqual(['Nguyễn Văn Đức', 'Husband', 'Trần Thị Hoa']);
    expect(await names(staff, '9988')).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, '010 6552')).toEqual(['Trần Thị Hoa']);
    expect(await names(staff, '0912')).toEqual(['Nguyễn Văn Đức']);
    expect(await names(staff, '+84 912')).toEqual(['Nguyễn Văn Đức']);
    expect(await names(staff, '5552671')).toEqual(['Mary Smith']);
    expect(await names(staff, '00002')).toEqual(['王芳']);
    expect(await names(staff, '77')).toEqual([]);
  });

  it('lists most recently changed first without a query, with paging', async () => {
    const all = (await staff.get<CustomerPage>('/api/customers?limit=200')).data;
    expect(all.items[0]?.name).toBe('王芳');
    expect(all.more).toBe(false);
    const page = (await staff.get<CustomerPage>('/api/customers?limit=2&offset=1')).data;
    expect(page.items.map((i) => i.id)).toEqual(all.items.slice(1, 3).map((i) => i.id));
    expect(page.more).toBe(true);
    expect((await staff.get('/api/customers?limit=0')).status).toBe(400);
  });

  it('an edit keeps who created it and records who changed it; a stage change restarts its clock', async () => {
    const r = await admin.patch<Customer>(`/api/customers/${hoa.id}`, { name: 'Trần Thị Hoà', stage: 'shot', phones: [{ number: '13812345678', label: 'mobile' }] });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.createdBy?.name).toBe('Hoa');
    expect(r.data.updatedBy?.name).toBe('Boss');
    expect(r.data.stage).toBe('shot');
    expect(r.data.stageAddedAt > hoa.stageAddedAt).toBe(true);
    expect(r.data.phones.map((p) => p.e164)).toEqual(['+8613812345678']);
    expect(r.data.tags).toEqual(['vip', 'wedding-2027']);
    expect(await names(staff, '9988')).toEqual([]);
    expect(await names(staff, 'tran thi hoa')).toEqual(['Trần Thị Hoà']);
    expect((await staff.patch(`/api/customers/${hoa.id}`, { stage: 'bogus' })).status).toBe(400);
    expect((await staff.patch('/api/customers/99999', { notes: 'x' })).status).toBe(404);
    expect((await staff.get('/api/customers/abc')).status).toBe(400);
  });

  it('deletes, and the customer is gone from search; the audit log keeps the story', async () => {
    expect((await staff.delete(`/api/customers/${hoa.id}`)).status).toBe(403);
    expect((await admin.delete(`/api/customers/${hoa.id}`)).status).toBe(204);
    expect((await admin.get(`/api/customers/${hoa.id}`)).status).toBe(404);
    expect(await names(staff, 'tran thi')).toEqual([]);
    expect(rowCount('customer_phones')).toBe(5);
    const log = (await admin.get(`/api/audit?entity=customer&limit=100`)).data.items.filter((e: { entityId: number }) => e.entityId === hoa.id);
    expect(log.map((e: { action: string; user: { name: string } }) => `${e.action} by ${e.user.name}`)).toEqual(['delete by Boss', 'update by Boss', 'create by Hoa']);
    expect(log[1].detail.before).toMatchObject({ name: 'Trần Thị Hoa', stage: 'ordered' });
  });
});
