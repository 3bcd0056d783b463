// Privilege boundaries over real HTTP: managing users is not being admin (nobody grants a right
// they do not hold), changing groups is its own right, and reading is not writing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS, FEATURES, type Group, type InboxMessage, type Me, type User } from '../../src/api-types.js';
import { ApiClient, SETUP, userWith } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
const groups: Record<string, Group> = {};
let cashier: User;
let clerk: User;

const USERS_ALL = { users: ['view', 'add', 'edit', 'delete'], customers: ['view'] };

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  const group = async (name: string, permissions: Record<string, string[]>) => {
    const r = await admin.post<Group>('/api/groups', { name, permissions });
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    groups[name] = r.data;
  };
  await group('Finance', { finance: ['view', 'add'], customers: ['view'] });
  await group('Viewers', { customers: ['view'] });
  await group('Everything', Object.fromEntries(FEATURES.map((f) => [f, [...ACTIONS]])));
  cashier = (await admin.post<User>('/api/users', { username: 'cashier', displayName: 'Cashier', password: 'cashier-password-1', groupIds: [groups.Finance!.id] })).data;
  clerk = (await admin.post<User>('/api/users', { username: 'clerk', displayName: 'Clerk', password: 'clerk-password-1', groupIds: [groups.Viewers!.id] })).data;
});
afterAll(() => tb?.close());

const expectForbidden = (r: { status: number; error?: { code: string; message: string } }, lacking?: RegExp) => {
  expect(r.status, JSON.stringify(r.error)).toBe(403);
  expect(r.error?.code).toBe('forbidden');
  if (lacking) expect(r.error?.message).toMatch(lacking);
};

describe('the users right is not admin', () => {
  let mgr: { client: ApiClient; user: User };
  beforeAll(async () => {
    mgr = await userWith(admin, 'mgr', USERS_ALL);
  });

  it('a user manager cannot create, change or delete groups (that needs the groups right)', async () => {
    expectForbidden(await mgr.client.post('/api/groups', { name: 'Mine', permissions: { finance: ['view'] } }), /"add" right on "groups"/);
    expectForbidden(await mgr.client.post('/api/groups', { name: 'Harmless' }));
    expectForbidden(await mgr.client.patch(`/api/groups/${groups.Viewers!.id}`, { permissions: { finance: ['view', 'add', 'edit', 'delete'] } }));
    expectForbidden(await mgr.client.delete(`/api/groups/${groups.Finance!.id}`));
    // Reading groups stays open to them: the users screen puts people in groups.
    expect((await mgr.client.get('/api/groups')).status).toBe(200);
    expect((await admin.get<Group>(`/api/groups/${groups.Viewers!.id}`)).data.permissions).toEqual({ customers: ['view'] });
    expect((await admin.get<Group[]>('/api/groups')).data.map((g) => g.name)).not.toContain('Mine');
  });

  it('cannot put themselves in a more powerful group', async () => {
    expectForbidden(await mgr.client.patch(`/api/users/${mgr.user.id}`, { groupIds: [groups.Finance!.id] }), /finance: view, finance: add/);
    expectForbidden(await mgr.client.patch(`/api/users/${mgr.user.id}`, { groupIds: [groups.Everything!.id] }));
    expect((await mgr.client.get<Me>('/api/auth/me')).data.permissions).toEqual(USERS_ALL);
  });

  it('cannot put another user in a group with rights they lack', async () => {
    expectForbidden(await mgr.client.patch(`/api/users/${clerk.id}`, { groupIds: [groups.Viewers!.id, groups.Finance!.id] }), /finance/);
    expect((await admin.get<User>(`/api/users/${clerk.id}`)).data.groupIds).toEqual([groups.Viewers!.id]);
  });

  it('cannot create a user in a more powerful group, nor an admin', async () => {
    for (const g of ['Finance', 'Everything']) {
      expectForbidden(await mgr.client.post('/api/users', { username: `new-${g}`, displayName: g, password: 'some-password-1', groupIds: [groups[g]!.id] }));
    }
    expectForbidden(await mgr.client.post('/api/users', { username: 'new-admin', displayName: 'A', password: 'some-password-1', isAdmin: true }));
    expect((await admin.get<User[]>('/api/users')).data.map((u) => u.username).filter((n) => n.startsWith('new-'))).toEqual([]);
  });

  it('cannot take over a user who holds more: no new password, no disabling, no deleting', async () => {
    expectForbidden(await mgr.client.patch(`/api/users/${cashier.id}`, { password: 'taken-over-1' }), /cashier has rights you do not hold/);
    expectForbidden(await mgr.client.patch(`/api/users/${cashier.id}`, { disabled: true }));
    expectForbidden(await mgr.client.patch(`/api/users/${cashier.id}`, { groupIds: [] }));
    expectForbidden(await mgr.client.delete(`/api/users/${cashier.id}`));
    expect((await new ApiClient(tb.url).post('/api/auth/login', { username: 'cashier', password: 'cashier-password-1' })).status).toBe(200);
  });

  it('cannot hand out a larger discount limit than their own (a group with the same rights but a bigger limit)', async () => {
    // The limit is a group's, like its rights: a group with no right the manager lacks can still allow 50 % off.
    const generous = (await admin.post<Group>('/api/groups', { name: 'Generous', permissions: { customers: ['view'] }, discountLimitPct: 50 })).data;
    const own = (await admin.get<User>(`/api/users/${mgr.user.id}`)).data.groupIds;
    expectForbidden(await mgr.client.patch(`/api/users/${mgr.user.id}`, { groupIds: [...own, generous.id] }), /discount.*50%.*0%/);
    expectForbidden(await mgr.client.patch(`/api/users/${clerk.id}`, { groupIds: [generous.id] }), /discount/);
    expectForbidden(await mgr.client.post('/api/users', { username: 'new-generous', displayName: 'G', password: 'some-password-1', groupIds: [generous.id] }), /discount/);
    // Nor take over a user who may give more off (a new password would hand them that limit).
    const giver = (await admin.post<User>('/api/users', { username: 'giver', displayName: 'Giver', password: 'giver-password-1', groupIds: [generous.id] })).data;
    expectForbidden(await mgr.client.patch(`/api/users/${giver.id}`, { password: 'taken-over-1' }), /giver may give discounts up to 50%/);
    expectForbidden(await mgr.client.delete(`/api/users/${giver.id}`));
    expect((await mgr.client.get<Me>('/api/auth/me')).data.discountLimitPct).toBe(0);
    expect((await admin.get<User>(`/api/users/${clerk.id}`)).data.groupIds).toEqual([groups.Viewers!.id]);
    expect((await new ApiClient(tb.url).post('/api/auth/login', { username: 'giver', password: 'giver-password-1' })).status).toBe(200);
  });

  it('still manages users within their own rights', async () => {
    const made = await mgr.client.post<User>('/api/users', { username: 'helper', displayName: 'Helper', password: 'helper-password-1', groupIds: [groups.Viewers!.id] });
    expect(made.status, JSON.stringify(made.error)).toBe(201);
    expect((await mgr.client.patch(`/api/users/${clerk.id}`, { displayName: 'Clerk Two', password: 'clerk-password-2' })).status).toBe(200);
    expect((await mgr.client.patch(`/api/users/${made.data.id}`, { groupIds: [] })).status).toBe(200);
    expect((await mgr.client.delete(`/api/users/${made.data.id}`)).status).toBe(204);
  });
});

describe('the groups right', () => {
  let keeper: { client: ApiClient; user: User };
  beforeAll(async () => {
    keeper = await userWith(admin, 'keeper', { groups: ['view', 'add', 'edit', 'delete'], users: ['view'], customers: ['view', 'add'] });
  });

  it('is held by nobody but admins unless granted', async () => {
    expect((await admin.get<Me>('/api/auth/me')).data.permissions.groups).toEqual([...ACTIONS]);
    for (const g of ['Finance', 'Viewers']) expect(groups[g]!.permissions.groups).toBeUndefined();
  });

  it('lets a holder make groups only from rights they hold', async () => {
    expectForbidden(await keeper.client.post('/api/groups', { name: 'Money', permissions: { finance: ['view'] } }), /finance: view/);
    expectForbidden(await keeper.client.post('/api/groups', { name: 'Auditors', permissions: { audit: ['view'] } }));
    const ok = await keeper.client.post<Group>('/api/groups', { name: 'Front', permissions: { customers: ['view', 'add'] } });
    expect(ok.status, JSON.stringify(ok.error)).toBe(201);
    expectForbidden(await keeper.client.patch(`/api/groups/${ok.data.id}`, { permissions: { customers: ['view', 'add', 'delete'] } }), /customers: delete/);
    expectForbidden(await keeper.client.patch(`/api/groups/${ok.data.id}`, { permissions: { settings: ['edit'] } }));
    expect((await keeper.client.patch(`/api/groups/${ok.data.id}`, { permissions: { customers: ['view'] } })).status).toBe(200);
    expect((await keeper.client.delete(`/api/groups/${ok.data.id}`)).status).toBe(204);
  });

  it('does not let a holder change or delete a group that holds more than they do', async () => {
    expectForbidden(await keeper.client.patch(`/api/groups/${groups.Finance!.id}`, { name: 'Renamed' }), /group Finance has rights you do not hold/);
    expectForbidden(await keeper.client.patch(`/api/groups/${groups.Finance!.id}`, { permissions: {} }));
    expectForbidden(await keeper.client.delete(`/api/groups/${groups.Everything!.id}`));
    expect((await admin.get<Group>(`/api/groups/${groups.Finance!.id}`)).data).toMatchObject({ name: 'Finance', permissions: { finance: ['view', 'add'] } });
  });

  it('admins still do everything', async () => {
    const r = await admin.patch<Group>(`/api/groups/${groups.Viewers!.id}`, { permissions: { customers: ['view'], audit: ['view'] } });
    expect(r.status).toBe(200);
    expect((await admin.patch(`/api/users/${cashier.id}`, { groupIds: [groups.Everything!.id] })).status).toBe(200);
  });
});

describe('read is not write', () => {
  it('marking an inbox SMS read needs sms edit; sms view only reads', async () => {
    const stored = tb.box.ctx.sms.inbox.storeUndecodable('0011', 'test message');
    const [m] = (await admin.get<{ items: InboxMessage[] }>('/api/sms/inbox')).data.items;
    expect(m?.readAt).toBeNull();
    expect(stored).toBeDefined();
    const viewer = await userWith(admin, 'smsviewer', { sms: ['view'] });
    expect((await viewer.client.get('/api/sms/inbox')).status).toBe(200);
    expectForbidden(await viewer.client.post(`/api/sms/inbox/${m!.id}/read`), /"edit" right on "sms"/);
    expect((await admin.get<{ items: InboxMessage[] }>('/api/sms/inbox')).data.items[0]!.readAt).toBeNull();
    const editor = await userWith(admin, 'smseditor', { sms: ['view', 'edit'] });
    const read = await editor.client.post<InboxMessage>(`/api/sms/inbox/${m!.id}/read`);
    expect(read.status).toBe(200);
    expect(read.data.readAt).not.toBeNull();
  });
});
