// The admin's shared-folder settings and "Test", through the API of a real box, against a real
// smbd on loopback: every step's reason when it fails, and the password kept out of the
// database, the audit log and the API.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ShareSettings, ShareTestResult } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { SMB_PASSWORD, SMB_USER, Smbd, smbdSkipReason } from './smbd-harness.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED share-test: ${skip}`);

// The box finds hosts by DNS only here: NetBIOS broadcasts would leave the machine.
const BOX_CONFIG = { mirror: { nameResolveOrder: 'host', retryBaseSeconds: 0.2, retryCapSeconds: 1 } };

describe.skipIf(!!skip)('shared folder settings and Test against a real smbd', () => {
  let smbd: Smbd;
  let tb: TestBox;
  let admin: ApiClient;
  const good = () => ({ address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: 'STUDIO', password: SMB_PASSWORD });
  const test = async (body: Record<string, unknown>) => {
    const r = await admin.post<ShareTestResult>('/api/mirror/share/test', body);
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    return r.data;
  };
  const stepStates = (r: ShareTestResult) => r.steps.map((s) => `${s.step}:${s.state}${s.problem ? `:${s.problem}` : ''}`);

  beforeAll(async () => {
    smbd = new Smbd();
    await smbd.start();
    ({ tb, admin } = await startSetUpBox({ config: BOX_CONFIG }));
  }, 60_000);
  afterAll(async () => {
    await tb?.close();
    await smbd?.cleanup();
  });

  it('finds the host, logs in, lists, writes and deletes a probe file, and leaves nothing behind', async () => {
    const r = await test(good());
    expect(stepStates(r)).toEqual(['host:ok', 'login:ok', 'list:ok', 'write:ok', 'delete:ok']);
    expect(r.ok).toBe(true);
    expect(readdirSync(smbd.photos)).toEqual([]);
    // The unsaved password's temporary file is gone too.
    expect(readdirSync(join(tb.dataDir, 'secrets')).filter((n) => n.startsWith('test-'))).toEqual([]);
  });

  it('a folder inside the share that does not exist yet is made by the test', async () => {
    const r = await test({ ...good(), address: '//127.0.0.1/photos/Studio Box 照片 ảnh' });
    expect(r.ok, r.message).toBe(true);
    expect(readdirSync(join(smbd.photos, 'Studio Box 照片 ảnh'))).toEqual([]);
  });

  it('a wrong password: the host is found, the login fails as bad credentials', async () => {
    const r = await test({ ...good(), password: 'not the password' });
    expect(stepStates(r)).toEqual(['host:ok', 'login:failed:bad_credentials', 'list:skipped', 'write:skipped', 'delete:skipped']);
    expect(r.message).toMatch(/password was refused/);
  });

  it('a share that does not exist', async () => {
    const r = await test({ ...good(), address: '//127.0.0.1/nosuchshare' });
    expect(r.problem).toBe('share_not_found');
    expect(r.steps[1]).toMatchObject({ step: 'login', state: 'failed' });
  });

  it('a host that is down (nothing listens on the port)', async () => {
    const r = await test({ ...good(), port: smbd.port + 1 === 65536 ? 1 : smbd.port + 1 });
    expect(stepStates(r)[0]).toBe('host:failed:host_down');
  });

  it('a host that no name service knows', async () => {
    const r = await test({ ...good(), address: '//no-such-pc.invalid/photos' });
    expect(stepStates(r)[0]).toBe('host:failed:unknown_host');
  });

  it('a read-only share: listing works, writing the probe fails as read-only', async () => {
    const r = await test({ ...good(), address: '//127.0.0.1/locked' });
    expect(stepStates(r)).toEqual(['host:ok', 'login:ok', 'list:ok', 'write:failed:read_only', 'delete:skipped']);
  });

  it('a full share: writing the probe fails as disk full', async (ctx) => {
    if (!smbd.mountSmall()) ctx.skip();
    writeFileSync(join(smbd.small, 'filler'), Buffer.alloc(2 * 1024 * 1024 - 4096 * 2));
    try {
      // The probe is small: fill the rest of the tmpfs to the last block.
      for (let i = 0; ; i++) writeFileSync(join(smbd.small, `f${i}`), Buffer.alloc(4096));
    } catch {
      /* full */
    }
    const r = await test({ ...good(), address: '//127.0.0.1/small' });
    expect(stepStates(r)[3]).toBe('write:failed:disk_full');
  });

  it('bad input is refused with the field named', async () => {
    const r = await admin.put('/api/mirror/share', { ...good(), address: 'PC-NAME Photos' });
    expect(r.status).toBe(400);
    expect(r.error?.message).toMatch(/^address: /);
    const nl = await admin.put('/api/mirror/share', { ...good(), password: 'a\nb' });
    expect(nl.status).toBe(400);
    expect(nl.error?.message).toMatch(/^password: /);
  });

  it('saves the settings; the password only the daemon can read, never in the API, database or audit log', async () => {
    const first = await admin.put<ShareSettings>('/api/mirror/share', { ...good(), address: '\\\\127.0.0.1\\photos' });
    expect(first.status, JSON.stringify(first.error)).toBe(200);
    expect(first.data).toEqual({ address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: 'STUDIO', enabled: true, passwordSet: true });
    expect(JSON.stringify(first.data)).not.toContain(SMB_PASSWORD);

    const auth = join(tb.dataDir, 'secrets', 'share.auth');
    expect(statSync(auth).mode & 0o777).toBe(0o600);
    expect(statSync(join(tb.dataDir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(readFileSync(auth, 'utf8')).toContain(`password = ${SMB_PASSWORD}`);

    // Saved again without a password: the stored one is kept, and Test uses it.
    const again = await admin.put<ShareSettings>('/api/mirror/share', { address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: 'STUDIO' });
    expect(again.data.passwordSet).toBe(true);
    expect((await test({ address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: 'STUDIO' })).ok).toBe(true);

    const got = await admin.get('/api/mirror/share');
    expect(JSON.stringify(got.data)).not.toContain(SMB_PASSWORD);
    const audit = await admin.get('/api/audit?entity=mirror_share');
    expect(audit.status).toBe(200);
    expect(JSON.stringify(audit.data)).toContain('//127.0.0.1/photos');
    expect(JSON.stringify(audit.data)).not.toContain(SMB_PASSWORD);
    tb.box.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of readdirSync(tb.dataDir).filter((n) => n.startsWith('studio-box.db'))) {
      expect(readFileSync(join(tb.dataDir, f)).includes(Buffer.from(SMB_PASSWORD)), f).toBe(false);
    }
  });

  it('a database backup goes to the share too, byte for byte, beside the customers\' folders', async () => {
    const r = await admin.post('/api/backups');
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ share: 'ok', backupDisk: 'ok', problems: [] });
    const onShare = join(smbd.photos, 'Studio Box database backups', r.data.name);
    expect(readFileSync(onShare).equals(readFileSync(join(tb.dataDir, 'backups', r.data.name)))).toBe(true);
    expect(readdirSync(join(smbd.photos, 'Studio Box database backups')).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('only an admin sees or changes the share; staff with photo rights see the mirror status', async () => {
    const staff = await userWith(admin, 'mirrorstaff', { ingest: ['view'] });
    expect((await staff.client.get('/api/mirror/share')).status).toBe(403);
    expect((await staff.client.put('/api/mirror/share', good())).status).toBe(403);
    expect((await staff.client.post('/api/mirror/share/test', good())).status).toBe(403);
    const st = await staff.client.get('/api/mirror');
    expect(st.status).toBe(200);
    expect(st.data.share).toBe('//127.0.0.1/photos');
  });
});
