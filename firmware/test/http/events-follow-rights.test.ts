// An open /api/events stream follows the session and the rights: an event the user may no longer
// see is not sent, and logout, a change of rights or a disabled account end the stream at once
// (not at the next heartbeat, 15 s later).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group, User } from '../../src/api-types.js';
import { effectivePermissions } from '../../src/auth/permissions.js';
import { openEventStream } from '../helpers/event-stream.js';
import { waitFor } from '../helpers/wait-for.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let smsDesk: Group;
let plain: Group;

/** The admin's rights, for changing a group through the service. */
const ALL = effectivePermissions(true, []);
/** Well under the 15 s heartbeat that used to be the only check. */
const AT_ONCE_MS = 3000;

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
  smsDesk = (await admin.post<Group>('/api/groups', { name: 'SMS desk', permissions: { sms: ['view'], customers: ['view'] } })).data;
  plain = (await admin.post<Group>('/api/groups', { name: 'Plain', permissions: { customers: ['view'] } })).data;
});
afterAll(() => tb?.close());

let n = 0;
/** A new user in these groups, logged in, with their stream open and greeted. */
async function member(groupIds: number[]) {
  const username = `member${++n}`;
  const user = (await admin.post<User>('/api/users', { username, displayName: username, password: `${username}-password` })).data;
  await admin.patch(`/api/users/${user.id}`, { groupIds });
  const client = new ApiClient(tb.url);
  expect((await client.post('/api/auth/login', { username, password: `${username}-password` })).status).toBe(200);
  const stream = await openEventStream(tb.url, { cookie: client.sessionCookie! });
  await stream.waitFor((f) => f.event === 'hello');
  return { user, client, stream };
}

const publish = (type: string, data: unknown = {}) => tb.box.ctx.events.publish(type, data);

describe('the event stream follows the session and the rights', () => {
  it('checks the rights before each event: a right lost stops the very next event', async () => {
    const m = await member([smsDesk.id]);
    publish('sms.unread', { count: 1, mark: 'before' });
    await m.stream.waitFor((f) => f.event === 'sms.unread');
    // Rights changed behind the HTTP layer's back (no stream is ended): only the per-event check can catch it.
    tb.box.ctx.groups.update({ id: 1, name: 'Boss' }, ALL, smsDesk.id, { permissions: { customers: ['view'] } });
    publish('sms.unread', { count: 2, mark: 'after' });
    publish('customer.created', { id: 4242 });
    await m.stream.waitFor((f) => f.event === 'customer.created');
    expect(m.stream.frames.filter((f) => f.data?.includes('"after"'))).toEqual([]);
    tb.box.ctx.groups.update({ id: 1, name: 'Boss' }, ALL, smsDesk.id, { permissions: { sms: ['view'], customers: ['view'] } });
    await m.stream.close();
  });

  it('ends the stream when the session ended elsewhere (reset-password from the shell), at the next event', async () => {
    const m = await member([plain.id]);
    tb.box.ctx.db.prepare('DELETE FROM sessions WHERE user_id = ?').run(m.user.id);
    publish('customer.created', { id: 4343 });
    expect(await m.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    expect(m.stream.frames.filter((f) => f.event === 'customer.created')).toEqual([]);
  });

  it('ends the stream at once on logout', async () => {
    const m = await member([plain.id]);
    const other = await openEventStream(tb.url, { cookie: admin.sessionCookie! });
    await other.waitFor((f) => f.event === 'hello');
    expect((await m.client.post('/api/auth/logout')).status).toBe(204);
    expect(await m.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    expect(await other.endsWithin(100)).toBe(false);
    await other.close();
  });

  it('ends the members’ streams at once when a group’s rights change, and only theirs', async () => {
    const inGroup = await member([smsDesk.id]);
    const outside = await member([plain.id]);
    expect((await admin.patch(`/api/groups/${smsDesk.id}`, { permissions: { customers: ['view'] } })).status).toBe(200);
    expect(await inGroup.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    expect(await outside.stream.endsWithin(100)).toBe(false);
    // A rename changes nobody's rights: streams stay.
    const again = await openEventStream(tb.url, { cookie: inGroup.client.sessionCookie! });
    await again.waitFor((f) => f.event === 'hello');
    expect((await admin.patch(`/api/groups/${smsDesk.id}`, { name: 'SMS front desk' })).status).toBe(200);
    expect(await again.endsWithin(300)).toBe(false);
    // The reconnected stream carries the new rights: no SMS events.
    publish('sms.unread', { count: 3, mark: 'lost' });
    publish('customer.created', { id: 4444 });
    await again.waitFor((f) => f.event === 'customer.created');
    expect(again.frames.filter((f) => f.event?.startsWith('sms.'))).toEqual([]);
    await again.close();
    await outside.stream.close();
    await admin.patch(`/api/groups/${smsDesk.id}`, { permissions: { sms: ['view'], customers: ['view'] } });
  });

  it('ends a user’s streams at once when their groups change, and when they are disabled', async () => {
    const m = await member([smsDesk.id]);
    expect((await admin.patch(`/api/users/${m.user.id}`, { groupIds: [plain.id] })).status).toBe(200);
    expect(await m.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    const again = await openEventStream(tb.url, { cookie: m.client.sessionCookie! });
    await again.waitFor((f) => f.event === 'hello');
    expect((await admin.patch(`/api/users/${m.user.id}`, { disabled: true })).status).toBe(200);
    expect(await again.endsWithin(AT_ONCE_MS)).toBe(true);
    // And it cannot come back.
    expect((await fetch(new URL('/api/events', tb.url), { headers: { cookie: m.client.sessionCookie! } })).status).toBe(401);
  });

  it('ends a user’s streams at once when they are deleted, and the members’ when their group is deleted', async () => {
    const gone = await member([plain.id]);
    expect((await admin.delete(`/api/users/${gone.user.id}`)).status).toBe(204);
    expect(await gone.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    const temporary = (await admin.post<Group>('/api/groups', { name: 'Temporary', permissions: { sms: ['view'] } })).data;
    const inIt = await member([temporary.id, plain.id]);
    const outside = await member([plain.id]);
    expect((await admin.delete(`/api/groups/${temporary.id}`)).status).toBe(204);
    expect(await inIt.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    expect(await outside.stream.endsWithin(100)).toBe(false);
    await outside.stream.close();
    await waitFor(() => tb.box.ctx.streams.count === 0, 'the closed stream to be forgotten');
  });

  it('leaves no listener behind when streams are ended by the box', async () => {
    const before = tb.box.ctx.events.listenerCount;
    const m = await member([plain.id]);
    expect(tb.box.ctx.events.listenerCount).toBe(before + 1);
    await m.client.post('/api/auth/logout');
    expect(await m.stream.endsWithin(AT_ONCE_MS)).toBe(true);
    expect(tb.box.ctx.events.listenerCount).toBe(before);
    expect(tb.box.ctx.streams.count).toBe(0);
  });
});
