// /api/events over real HTTP: authenticated, pushes changes to every open screen, replays on reconnect.
import { migrations } from '../../src/db/migrations/index.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, ServerEvent } from '../../src/api-types.js';
import { openEventStream } from '../helpers/event-stream.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;

beforeAll(async () => {
  tb = await startTestBox();
  admin = new ApiClient(tb.url);
  await admin.post('/api/setup', SETUP);
});
afterAll(() => tb?.close());

const openStream = (headers: Record<string, string>) => openEventStream(tb.url, headers);

describe('server-sent events', () => {
  it('refuses a visitor who is not logged in', async () => {
    const res = await fetch(new URL('/api/events', tb.url));
    expect(res.status).toBe(401);
  });

  it('pushes a change made on one screen to every other open screen', async () => {
    // The box's own listeners (the caller cards follow orders, payments…) are there before any screen.
    const before = tb.box.ctx.events.listenerCount;
    const a = await openStream({ cookie: admin.sessionCookie! });
    const b = await openStream({ cookie: admin.sessionCookie! });
    expect(a.res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(a.res.headers.get('content-encoding')).toBeNull();
    await a.waitFor((f) => f.event === 'hello');
    await b.waitFor((f) => f.event === 'hello');
    const created = await admin.post('/api/customers', { name: 'Phạm Thu Trang' });
    for (const s of [a, b]) {
      const f = await s.waitFor((f) => f.event === 'customer.created');
      const e = JSON.parse(f.data!) as ServerEvent;
      expect(e).toMatchObject({ type: 'customer.created', data: { id: created.data.id } });
      expect(f.id).toBe(String(e.id));
    }
    expect(tb.box.ctx.events.listenerCount).toBe(before + 2);
    await a.close();
    await b.close();
    // Closed streams leave no listener behind.
    await new Promise((r) => setTimeout(r, 50));
    expect(tb.box.ctx.events.listenerCount).toBe(before);
  });

  it('replays what a reconnecting screen missed, from Last-Event-ID', async () => {
    const first = await admin.post('/api/customers', { name: 'Missed One' });
    const second = await admin.patch(`/api/customers/${first.data.id}`, { notes: 'x' });
    expect(second.status).toBe(200);
    const log = tb.box.ctx.events.since(0);
    const createdEvent = log.find((e) => e.type === 'customer.created' && (e.data as { id: number }).id === first.data.id)!;
    const s = await openStream({ cookie: admin.sessionCookie!, 'last-event-id': String(createdEvent.id - 1) });
    await s.waitFor((f) => f.event === 'customer.created' && f.id === String(createdEvent.id));
    await s.waitFor((f) => f.event === 'customer.updated');
    await s.close();
  });
});

describe('health', () => {
  it('answers a logged-in user with the state of db, modem, card slot and disks (strangers: less-for-strangers.test.ts)', async () => {
    const r = await admin.get<Health>('/api/health');
    expect(r.status).toBe(200);
    expect(r.data.status).toBe('ok');
    expect(r.data.db).toEqual({ state: 'ok', schemaVersion: migrations.length, error: null });
    expect(r.data.modem).toMatchObject({ state: 'down', kind: 'none', detail: 'no modem configured' });
    expect(r.data.cardSource).toMatchObject({ kind: 'folder', cardPresent: false });
    expect(r.data.disks.map((d) => [d.role, d.state])).toEqual([['library', 'ok'], ['backup', 'ok']]);
    expect(r.data.disks[0]!.freeBytes).toBeGreaterThan(0);
  });

  it('says degraded when a disk is gone', async () => {
    // A path below a plain file can be neither created nor mounted.
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'sb-disk-')), 'file');
    writeFileSync(notAFolder, '');
    const other = await startTestBox({ config: { disks: { backup: { path: join(notAFolder, 'backup') } } } });
    try {
      const otherAdmin = new ApiClient(other.url);
      await otherAdmin.post('/api/setup', SETUP);
      const r = await otherAdmin.get<Health>('/api/health');
      expect(r.data.status).toBe('degraded');
      expect(r.data.disks[1]).toMatchObject({ role: 'backup', state: 'down', error: expect.any(String) });
    } finally {
      await other.close();
      rmSync(dirname(notAFolder), { recursive: true, force: true });
    }
  });
});
