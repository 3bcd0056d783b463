// The System page's API (H6): the computer's readings and the daemon's recent log, for admins.
// On this computer (no Pi, no systemd) each reading is either there or says why not; the log
// is the daemon's own ring. The readers themselves are tested in ../system/host-readers.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostStatus, LogRead, Reading } from '../../src/api-types.js';
import { recentLog } from '../../src/log-ring.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

let tb: TestBox;
let admin: ApiClient;
beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox());
});
afterAll(async () => {
  await tb.close();
});

const isReading = (r: Reading<unknown>) =>
  r.available ? r.value !== undefined : (r.reason === 'absent' || r.reason === 'failed') && typeof r.detail === 'string' && r.detail.length > 0;

describe('GET /api/system/host', () => {
  it('gives an admin every reading, each there or saying why not', async () => {
    const r = await admin.get<HostStatus>('/api/system/host');
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.data.daemonUptimeSeconds).toBeGreaterThanOrEqual(0);
    for (const k of ['systemUptimeSeconds', 'temperature', 'throttle', 'memory', 'load'] as const) expect(isReading(r.data[k]), `${k}: ${JSON.stringify(r.data[k])}`).toBe(true);
    // The laptop's disks are folders: no device, so no SMART.
    expect(r.data.smart).toEqual([
      { role: 'library', health: { available: false, reason: 'absent', detail: 'the disk is not connected' } },
      { role: 'backup', health: { available: false, reason: 'absent', detail: 'the disk is not connected' } },
    ]);
  });

  it('is for admins only', async () => {
    const manager = await userWith(admin, 'manager', { settings: ['view', 'edit'] });
    expect((await manager.client.get('/api/system/host')).status).toBe(403);
    expect((await manager.client.get('/api/system/log')).status).toBe(403);
    expect((await manager.client.get('/api/system/log.txt')).status).toBe(403);
  });
});

describe('GET /api/system/log', () => {
  it('returns the daemon’s own lines off systemd, filtered by level, oldest first', async () => {
    const tag = `t${Date.now()}`;
    recentLog.add({ at: '2026-12-02T09:00:00.000Z', level: 'info', text: `${tag} info` });
    recentLog.add({ at: '2026-12-02T09:00:01.000Z', level: 'warn', text: `${tag} warn` });
    recentLog.add({ at: '2026-12-02T09:00:02.000Z', level: 'error', text: `${tag} error` });
    const all = await admin.get<LogRead>('/api/system/log');
    expect(all.status).toBe(200);
    expect(all.data.source).toBe('memory');
    expect(all.data.entries.filter((e) => e.text.startsWith(tag)).map((e) => e.level)).toEqual(['info', 'warn', 'error']);
    const warn = await admin.get<LogRead>('/api/system/log?level=warn&limit=2');
    expect(warn.data.entries.map((e) => e.text)).toEqual([`${tag} warn`, `${tag} error`]);
  });

  it('downloads the same lines as a text file', async () => {
    const res = await fetch(new URL('/api/system/log.txt?level=error&limit=1', admin.baseUrl), { headers: { cookie: admin.sessionCookie! } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="?studio-box-log-[\d-]+\.txt"?$/);
    expect(await res.text()).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z ERROR .+\n$/);
  });

  it('refuses a level or limit it does not know, naming the field', async () => {
    for (const [q, field] of [['level=verbose', 'level'], ['limit=0', 'limit'], ['limit=abc', 'limit'], ['limit=5000', 'limit'], ['since=1', 'since']] as const) {
      const r = await admin.get(`/api/system/log?${q}`);
      expect(r.status, q).toBe(400);
      expect(JSON.stringify(r.error), q).toContain(field);
    }
  });
});
