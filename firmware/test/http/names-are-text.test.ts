// Names are text over the API (issue 11 item 10): a name, phone or other identifying field
// loses its invisible format characters, refuses control characters, and must show
// something; free-text notes keep what was typed. A refusal names the field and writes nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../../src/api-types.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { rowCount, startSetUpBox } from '../helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
});
afterAll(() => tb?.close());

const count = (table: string) => rowCount(tb, table);
const INVISIBLE = ['\u3164', '\u200B\u200B', '\u2800', '\u00A0\u3000', '\u202E', '\u115F\u1160'];

describe('customers', () => {
  it('an invisible name is refused with 400 naming it, and nothing is written', async () => {
    const before = [count('customers'), count('audit_log')];
    for (const name of INVISIBLE) {
      const r = await admin.post('/api/customers', { name });
      expect(r.status, JSON.stringify(name)).toBe(400);
      expect(r.error?.fields?.[0]?.path).toBe('name');
      expect(r.error?.fields?.[0]?.message).toMatch(/shows no visible characters|required/);
    }
    expect([count('customers'), count('audit_log')]).toEqual(before);
  });

  it('a NUL or escape in a name, phone, label or tag: 400 naming the field and the character', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: 'Mai\u0000' }, 'name'],
      [{ name: 'Mai', phones: [{ number: '138\u00001234 5678' }] }, 'phones.0.number'],
      [{ name: 'Mai', phones: [{ number: '138 1234 5678', label: 'mobile\u001b[31m' }] }, 'phones.0.label'],
      [{ name: 'Mai', tags: ['vip', '\u0007'] }, 'tags.1'],
      [{ name: 'Mai', area: 'Hà\u0000Nội' }, 'area'],
    ];
    for (const [body, path] of cases) {
      const r = await admin.post('/api/customers', body);
      expect(r.status, path).toBe(400);
      expect(r.error?.fields).toEqual([{ path, message: expect.stringMatching(/control character \(U\+00(00|1B|07)\)/) }]);
    }
  });

  it('drops zero-width and bidi characters from identifying fields, keeps them in notes', async () => {
    const r = await admin.post<Customer>('/api/customers', {
      name: '\u202ENg\u200Buyễn\u2069 Thị  Mai',
      phones: [{ number: '139\u200B0000\u20601111', label: '\uFEFFmobile' }],
      tags: ['v\u200Dip'],
      notes: 'call after 5\u200B pm \u202Eok',
    });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data.name).toBe('Nguyễn Thị Mai');
    expect(r.data.phones[0]).toMatchObject({ e164: '+8613900001111', label: 'mobile' });
    expect(r.data.tags).toEqual(['vip']);
    expect(r.data.notes).toBe('call after 5\u200B pm \u202Eok');
    // The look-alike finds the real one, and a search for the plain name finds it.
    expect((await admin.get(`/api/customers?q=${encodeURIComponent('Nguyễn Thị Mai')}`)).data.items.map((c: Customer) => c.id)).toContain(r.data.id);
  });

  it('an edit cannot make a name invisible either', async () => {
    const c = await admin.post<Customer>('/api/customers', { name: 'Lan' });
    const r = await admin.patch(`/api/customers/${c.data.id}`, { name: '\u3164' });
    expect(r.status).toBe(400);
    expect((await admin.get<Customer>(`/api/customers/${c.data.id}`)).data.name).toBe('Lan');
  });
});

describe('users, groups, card types, orders, the studio', () => {
  it('refuses invisible user, display, group, card type and studio names, and order titles', async () => {
    const g = await admin.post<{ id: number }>('/api/groups', { name: 'Desk' });
    const customer = await admin.post<Customer>('/api/customers', { name: 'Hoa' });
    const refusals: [string, string, Record<string, unknown>, string][] = [
      ['POST', '/api/users', { username: '\u3164\u3164', displayName: 'Ghost', password: 'ghost-password-1' }, 'username'],
      ['POST', '/api/users', { username: 'ghost', displayName: '\u200B', password: 'ghost-password-1' }, 'displayName'],
      ['PATCH', '/api/users/1', { displayName: '\u2800' }, 'displayName'],
      ['POST', '/api/groups', { name: '\u3164' }, 'name'],
      ['PATCH', `/api/groups/${g.data.id}`, { name: 'Desk\u0000' }, 'name'],
      ['POST', '/api/member-card-types', { name: '\u202E\u200B' }, 'name'],
      ['POST', `/api/customers/${customer.data.id}/orders`, { title: '\u3164', totalMinor: 100 }, 'title'],
      ['PUT', '/api/settings', { studioName: '\u3164', language: 'en', timeZone: 'Asia/Shanghai', currency: 'CNY', country: 'CN' }, 'studioName'],
    ];
    for (const [method, path, body, field] of refusals) {
      const r = await admin.call(method, path, body);
      expect(r.status, `${method} ${path}`).toBe(400);
      expect(r.error?.fields?.map((f) => f.path), `${method} ${path}`).toContain(field);
    }
    expect(count('users')).toBe(1);
  });

  it('cleans the names it accepts', async () => {
    const u = await admin.post('/api/users', { username: 'lan', displayName: ' Lan\u200B  Phạm\u202C ', password: 'lan-password-1' });
    expect(u.status, JSON.stringify(u.error)).toBe(201);
    expect(u.data.displayName).toBe('Lan Phạm');
    const t = await admin.post('/api/member-card-types', { name: 'Gold\u2066', note: 'keeps\u200Bthis' });
    expect(t.status, JSON.stringify(t.error)).toBe(201);
    expect(t.data).toMatchObject({ name: 'Gold', note: 'keeps\u200Bthis' });
  });

  it('the first-run wizard refuses an invisible admin or studio name', async () => {
    const fresh = await startTestBox();
    try {
      const client = new ApiClient(fresh.url);
      const r = await client.post('/api/setup', { ...SETUP, studioName: '\u3164', admin: { ...SETUP.admin, displayName: '\u200B' } });
      expect(r.status).toBe(400);
      expect(r.error?.fields?.map((f) => f.path).sort()).toEqual(['admin.displayName', 'studioName']);
      expect(rowCount(fresh, 'users')).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
