// Less for strangers (issue 11 item 9): without a session /api/health says only ok/degraded
// per part, and /api/setup after setup only that it is done (with what the login screen
// shows anyway); paths, sizes, ports, labels, errors and the version need a login.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Health, PublicHealth, SetupState } from '../../src/api-types.js';
import { VERSION } from '../../src/version.js';
import { ApiClient, SETUP } from '../helpers/http-client.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
let stranger: ApiClient;

beforeAll(async () => {
  tb = await startTestBox();
  stranger = new ApiClient(tb.url);
  admin = new ApiClient(tb.url);
  // A card in the slot, so the full answer has a label and a path to hide.
  const card = join(tb.box.ctx.config.cardSource.path, 'EOS_DIGITAL');
  mkdirSync(join(card, 'DCIM'), { recursive: true });
  writeFileSync(join(card, 'DCIM', 'IMG_0001.JPG'), 'x');
});
afterAll(() => tb?.close());

describe('GET /api/setup', () => {
  it('before setup: the wizard gets its suggested values', async () => {
    const s = await stranger.get<SetupState>('/api/setup');
    expect(s.data).toMatchObject({ needed: true, defaults: { language: expect.any(String), timeZone: expect.any(String) } });
  });

  it("after setup: only that it is done, and the login screen's studio name and language", async () => {
    expect((await admin.post('/api/setup', SETUP)).status).toBe(201);
    const s = await stranger.get<SetupState>('/api/setup');
    expect(s.data).toEqual({ needed: false, login: { studioName: SETUP.studioName, language: SETUP.language } });
    expect(JSON.stringify(s.data)).not.toMatch(/timeZone|currency|country|Asia\/Shanghai|CNY/);
  });
});

describe('GET /api/health', () => {
  it('without a session: ok/degraded per part, nothing about where or what', async () => {
    const h = await stranger.get<PublicHealth>('/api/health');
    expect(h.status).toBe(200);
    expect(h.data).toEqual({
      status: 'ok', // a box set up without a modem is not unhealthy for it
      db: { state: 'ok' },
      modem: { state: 'down' },
      cardSource: { state: expect.any(String) },
      disks: [
        { role: 'library', state: 'ok' },
        { role: 'backup', state: 'ok' },
      ],
      landline: null,
    });
    const text = JSON.stringify(h.data);
    expect(text).not.toContain(tb.dataDir);
    expect(text).not.toContain(VERSION);
    expect(text).not.toMatch(/EOS_DIGITAL|freeBytes|totalBytes|port|path|version|uptime|schemaVersion/);
  });

  it('for a logged-in user: the whole picture the status page shows', async () => {
    const h = await admin.get<Health>('/api/health');
    expect(h.data.version).toBe(VERSION);
    expect(h.data.disks[0]).toMatchObject({ role: 'library', path: expect.stringContaining(tb.dataDir), freeBytes: expect.any(Number) });
    expect(h.data.db.schemaVersion).toBeGreaterThan(0);
    expect(h.data.cardSource.path).toContain(tb.dataDir);
  });

  it('a session that ended gets the short answer again', async () => {
    const other = new ApiClient(tb.url);
    await other.post('/api/auth/login', { username: SETUP.admin.username, password: SETUP.admin.password });
    expect((await other.get<Health>('/api/health')).data.version).toBe(VERSION);
    await other.post('/api/auth/logout');
    expect((await other.get<Health>('/api/health')).data).not.toHaveProperty('version');
  });
});
