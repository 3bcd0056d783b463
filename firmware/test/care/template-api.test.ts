// Templates over the API (S1): the `templates` right in the permission matrix, validation that
// names the field, the template in use per purpose and language, and the preview's values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Order, SmsTemplate, TemplateValuesInfo } from '../../src/api-types.js';
import { DEFAULT_TEMPLATES } from '../../src/care/default-templates.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let hoa: Customer;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
  hoa = (await admin.post<Customer>('/api/customers', { name: 'Trần Thị Hoa', gender: 'female', phones: [{ number: '138 1234 5678' }] })).data;
});
afterAll(() => tb?.close());

describe('templates', () => {
  it('are created, changed and deleted with the templates right (audited); the newest for a purpose and language is in use', async () => {
    const store = tb.box.ctx.care.templates;
    expect(store.inUse('shoot', 'vi')).toEqual({ id: null, body: DEFAULT_TEMPLATES.shoot.vi, language: 'vi' });
    const r = await admin.post<SmsTemplate>('/api/care/templates', { name: 'Lịch chụp', purpose: 'shoot', language: 'vi', body: 'Chào {title} {name}, hẹn {time} ngày {date}.' });
    expect(r.status).toBe(201);
    expect(r.data).toMatchObject({ name: 'Lịch chụp', purpose: 'shoot', language: 'vi', createdBy: { name: 'Boss' } });
    expect(store.inUse('shoot', 'vi')).toEqual({ id: r.data.id, body: 'Chào {title} {name}, hẹn {time} ngày {date}.', language: 'vi' });
    expect(store.inUse('shoot', 'en').id).toBeNull();
    const p = await admin.patch<SmsTemplate>(`/api/care/templates/${r.data.id}`, { body: 'Hẹn {title} {name} lúc {time}.' });
    expect(p.status).toBe(200);
    expect(p.data.body).toBe('Hẹn {title} {name} lúc {time}.');
    expect((await admin.get<SmsTemplate[]>('/api/care/templates')).data.map((x) => x.id)).toEqual([r.data.id]);
    expect((await admin.call('DELETE', `/api/care/templates/${r.data.id}`)).status).toBe(204);
    expect(store.inUse('shoot', 'vi').id).toBeNull();
    expect((await admin.get(`/api/care/templates/${r.data.id}`)).status).toBe(404);
    const audit = tb.box.ctx.db.prepare(`SELECT action FROM audit_log WHERE entity = 'sms_template' ORDER BY id`).all() as { action: string }[];
    expect(audit.map((a) => a.action)).toEqual(['create', 'update', 'delete']);
  });

  it('refuse bad input naming the field, and write nothing', async () => {
    const before = rowCount(tb, 'sms_templates');
    const bad = async (body: unknown, path: string, message: RegExp) => {
      const r = await admin.post('/api/care/templates', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.error?.fields?.find((f) => f.path === path)?.message, JSON.stringify(r.error)).toMatch(message);
    };
    const ok = { name: 'x', purpose: 'general', language: 'en', body: 'Hi {name}' };
    await bad({ ...ok, body: 'Hi {nmae}' }, 'body', /unknown placeholder \{nmae\}/);
    await bad({ ...ok, body: '   ' }, 'body', /empty/);
    await bad({ ...ok, body: 'x'.repeat(671) }, 'body', /longer than 670/);
    await bad({ ...ok, purpose: 'spam' }, 'purpose', /.+/);
    await bad({ ...ok, language: 'fr' }, 'language', /.+/);
    await bad({ ...ok, name: '' }, 'name', /required/);
    const extra = await admin.post('/api/care/templates', { ...ok, extra: 1 });
    expect(extra.status).toBe(400);
    expect(extra.error?.message).toMatch(/extra/);
    expect((await admin.patch('/api/care/templates/999999', { body: 'x' })).status).toBe(404);
    expect(rowCount(tb, 'sms_templates')).toBe(before);
  });

  it('need their right: viewing is not changing, and the preview also needs customers:view', async () => {
    const reader = (await userWith(admin, 'reader', { templates: ['view'] })).client;
    expect((await reader.get('/api/care/templates')).status).toBe(200);
    expect((await reader.post('/api/care/templates', { name: 'x', purpose: 'general', language: 'en', body: 'x' })).status).toBe(403);
    expect((await reader.get(`/api/care/template-values?customerId=${hoa.id}`)).status).toBe(403);
    const none = (await userWith(admin, 'nobody', { customers: ['view'] })).client;
    expect((await none.get('/api/care/templates')).status).toBe(403);
  });

  it('preview values: the customer, the store, the latest order and what is owed, their points', async () => {
    await admin.put('/api/care/settings', { quietHours: { start: '21:00', end: '08:00' }, storePhone: '021 5555 0101' });
    const v0 = (await admin.get<TemplateValuesInfo>(`/api/care/template-values?customerId=${hoa.id}`)).data;
    expect(v0).toMatchObject({ name: 'Trần Thị Hoa', gender: 'female', store: 'Ánh Dương Studio', storePhone: '021 5555 0101', orderNo: null, amountDue: null, points: null, time: { hour: 10, minute: 0 } });
    const o = (await admin.post<Order>(`/api/customers/${hoa.id}/orders`, { title: 'Wedding', totalMinor: 880000 })).data;
    const v = (await admin.get<TemplateValuesInfo>(`/api/care/template-values?customerId=${hoa.id}`)).data;
    expect(v).toMatchObject({ orderNo: o.orderNo, amountDue: { minor: 880000, currency: 'CNY' } });
    expect((await admin.get('/api/care/template-values?customerId=999999')).status).toBe(404);
    expect((await admin.get('/api/care/template-values?customerId=x')).status).toBe(400);
  });
});
