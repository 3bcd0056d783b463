// The box on the network (H6): its name and addresses for the status page, and renaming it
// through the configured command (on the Pi the root helper; here a script that records).
import { mkdtempSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetworkInfo } from '../../src/api-types.js';
import { lanAddresses, renameArgv } from '../../src/system/box-network.js';
import { userWith, type ApiClient } from '../helpers/http-client.js';
import { recordingCommand } from '../helpers/recording-command.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';

const scratch = mkdtempSync(join(tmpdir(), 'sb-net-'));
// Like the root helper: refuses one name with its own words, records the others.
const helper = recordingCommand(scratch, 'rename.sh', '"$2" = studio-refused');

let tb: TestBox;
let admin: ApiClient;
beforeAll(async () => {
  ({ tb, admin } = await startSetUpBox({ config: { system: { renameCommand: `${helper.path} set-hostname {name}` } } }));
});
afterAll(async () => {
  await tb.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe('GET /api/system/network', () => {
  it('tells a logged-in user the box’s name and addresses', async () => {
    const r = await admin.get<NetworkInfo>('/api/system/network');
    expect(r.status).toBe(200);
    expect(r.data.hostname).toBe(hostname());
    expect(r.data.renamable).toBe(true);
    expect(r.data.addresses.every((a) => a.address !== '127.0.0.1' && a.address !== '::1')).toBe(true);
  });
});

describe('PUT /api/system/name', () => {
  it('renames through the command, audited', async () => {
    const r = await admin.put<NetworkInfo>('/api/system/name', { name: 'studio-2' });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data.hostname).toBe('studio-2');
    expect(helper.calls()).toBe('set-hostname studio-2\n');
    const audit = await admin.get<{ items: { entity: string; action: string; detail: unknown }[] }>('/api/audit?limit=5&entity=box');
    expect(audit.data.items[0]).toMatchObject({ entity: 'box', action: 'update', detail: { name: 'studio-2', before: { name: hostname() } } });
  });

  it('refuses a name phones could not resolve, without running anything', async () => {
    for (const name of ['Studio', 'studio_2', '-studio', 'studio-', 'a'.repeat(64), 'x.local', '', 'a b', '{name}']) {
      const r = await admin.put('/api/system/name', { name });
      expect(r.status, name).toBe(400);
    }
    expect(helper.calls()).toBe('set-hostname studio-2\n');
  });

  it('says so when the helper refuses, and records nothing', async () => {
    const before = (await admin.get<{ items: unknown[] }>('/api/audit?limit=50&entity=box')).data.items.length;
    const r = await admin.put('/api/system/name', { name: 'studio-refused' });
    expect(r.status).toBe(502);
    expect(r.error).toMatchObject({ code: 'rename_failed', message: expect.stringContaining('root-helper: refused') });
    expect((await admin.get<{ items: unknown[] }>('/api/audit?limit=50&entity=box')).data.items).toHaveLength(before);
  });

  it('needs the settings right', async () => {
    const clerk = await userWith(admin, 'clerk', { customers: ['view'], settings: ['view'] });
    expect((await clerk.client.put('/api/system/name', { name: 'studio-3' })).status).toBe(403);
    expect((await clerk.client.get('/api/system/network')).status).toBe(200);
  });

  it('on a box without a rename command: 409, and the page is told it cannot rename', async () => {
    const other = await startSetUpBox();
    try {
      expect((await other.admin.get<NetworkInfo>('/api/system/network')).data.renamable).toBe(false);
      const r = await other.admin.put('/api/system/name', { name: 'studio-4' });
      expect(r.status).toBe(409);
      expect(r.error).toMatchObject({ code: 'rename_unavailable' });
    } finally {
      await other.tb.close();
    }
  });
});

describe('lanAddresses and renameArgv', () => {
  it('keeps addresses a person can type, IPv4 first, never loopback or link-local', () => {
    const v4 = (address: string, internal = false) => ({ address, family: 'IPv4' as const, internal, netmask: '', mac: '', cidr: null });
    const v6 = (address: string) => ({ address, family: 'IPv6' as const, internal: false, netmask: '', mac: '', cidr: null, scopeid: 0 });
    expect(lanAddresses({ lo: [v4('127.0.0.1', true)], wlan0: [v6('fe80::1'), v6('2001:db8::5'), v4('192.168.1.30')], eth0: [v4('192.168.1.20')] })).toEqual([
      { iface: 'eth0', address: '192.168.1.20', family: 'IPv4' },
      { iface: 'wlan0', address: '192.168.1.30', family: 'IPv4' },
      { iface: 'wlan0', address: '2001:db8::5', family: 'IPv6' },
    ]);
  });
  it('fills {name} after splitting: a name can never add an argument', () => {
    expect(renameArgv('sudo -n /x/root-helper set-hostname {name}', 'a b')).toEqual(['sudo', '-n', '/x/root-helper', 'set-hostname', 'a b']);
  });
});
