// Encrypted database backups on a real box: the passphrase is set by an admin and kept only in
// <dataDir>/secrets (0600), never in the API, database or audit log; new backups are encrypted
// (also the backup disk's copy); checking or restoring one asks for the passphrase; a wrong
// passphrase or a changed file is a clear 400 that stages nothing; the right one restores.
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupContentsInfo, BackupList, BackupRunResult, Customer } from '../../src/api-types.js';
import { MAGIC } from '../../src/backup/backup-crypto.js';
import { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

const PASS = 'Ảnh cưới 2026 — 陈家 backup';
const customersOf = (tb: TestBox) => tb.box.ctx.db.prepare('SELECT id, customer_no, name FROM customers ORDER BY id').all();

describe('encrypted database backups', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let dataDir: string;

  beforeAll(async () => {
    ({ tb, admin } = await startSetUpBox());
    dataDir = tb.dataDir;
    for (const name of ['Trần Văn An', '李华']) expect((await admin.post<Customer>('/api/customers', { name })).status).toBe(201);
  }, 60_000);
  afterAll(() => tb?.close());

  it('an admin sets the passphrase: kept only in secrets (0600), never in the API, database or audit log', async () => {
    const short = await admin.put('/api/backups/passphrase', { passphrase: 'short' });
    expect(short.status).toBe(400);
    expect(JSON.stringify(short.error)).toContain('passphrase');
    expect((await admin.put('/api/backups/passphrase', { passphrase: 'two\nlines here ok' })).status).toBe(400);
    expect((await admin.put('/api/backups/passphrase', {})).status).toBe(400);
    const r = await admin.put<{ passphraseSet: boolean }>('/api/backups/passphrase', { passphrase: PASS });
    expect(r.status, JSON.stringify(r.error)).toBe(200);
    expect(r.data).toEqual({ passphraseSet: true });
    const file = join(dataDir, 'secrets', 'backup.passphrase');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'secrets')).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8')).toBe(PASS);
    const list = await admin.get<BackupList>('/api/backups');
    expect(list.data.passphraseSet).toBe(true);
    expect(JSON.stringify(list.data)).not.toContain(PASS);
    const audit = await admin.get<unknown>('/api/audit?limit=50');
    expect(JSON.stringify(audit.data)).toContain('backup passphrase');
    expect(JSON.stringify(audit.data)).not.toContain(PASS);
    tb.box.ctx.db.pragma('wal_checkpoint(TRUNCATE)');
    for (const f of ['studio-box.db', 'studio-box.db-wal']) {
      const p = join(dataDir, f);
      if (existsSync(p)) expect(readFileSync(p).includes(Buffer.from(PASS))).toBe(false);
    }
  });

  it('new backups are encrypted (also on the backup disk); checking one asks for the passphrase; a wrong one or a changed file stages nothing', async () => {
    const b = await admin.post<BackupRunResult>('/api/backups');
    expect(b.status, JSON.stringify(b.error)).toBe(201);
    expect(b.data.name).toMatch(/^studio-box-db-\d{8}-\d{6}Z-v\d+\.sqlite\.gz\.enc$/);
    const local = join(dataDir, 'backups', b.data.name);
    expect(readFileSync(local).subarray(0, 8).equals(MAGIC)).toBe(true);
    expect(readFileSync(join(dataDir, 'backup', 'studio-box-database-backups', b.data.name)).equals(readFileSync(local))).toBe(true);
    const list = await admin.get<BackupList>('/api/backups');
    expect(list.data.items[0]).toMatchObject({ name: b.data.name, encrypted: true });

    const asked = await admin.get(`/api/backups/${b.data.name}`);
    expect(asked.status).toBe(400);
    expect(JSON.stringify(asked.error)).toMatch(/passphrase/);
    const wrong = await admin.post(`/api/backups/${b.data.name}/check`, { passphrase: 'not the passphrase at all' });
    expect(wrong.status).toBe(400);
    expect(JSON.stringify(wrong.error)).toMatch(/passphrase is wrong/);
    const ok = await admin.post<BackupContentsInfo>(`/api/backups/${b.data.name}/check`, { passphrase: PASS });
    expect(ok.status, JSON.stringify(ok.error)).toBe(200);
    expect(ok.data.customers).toBe(2);

    const noPass = await admin.post(`/api/backups/${b.data.name}/restore`, { confirm: b.data.name });
    expect(noPass.status).toBe(400);
    const wrongRestore = await admin.post(`/api/backups/${b.data.name}/restore`, { confirm: b.data.name, passphrase: 'not the passphrase at all' });
    expect(wrongRestore.status).toBe(400);
    // A changed byte deep in the file (a copy under another valid backup name).
    const bytes = readFileSync(local);
    bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0x10;
    const tampered = b.data.name.replace(/-\d{6}Z/, '-000001Z');
    writeFileSync(join(dataDir, 'backups', tampered), bytes);
    const bad = await admin.post(`/api/backups/${tampered}/restore`, { confirm: tampered, passphrase: PASS });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.error)).toMatch(/damaged or was changed/);
    expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(false);
    expect(existsSync(join(dataDir, 'before-restore'))).toBe(false);
  });

  it('with the right passphrase the restore brings back exactly the backed-up data', async () => {
    const list = await admin.get<BackupList>('/api/backups');
    const name = list.data.items.find((i) => i.encrypted && !i.name.includes('-000001Z'))!.name;
    const before = customersOf(tb);
    await admin.post('/api/customers', { name: 'Added after the encrypted backup' });
    const r = await admin.post<BackupContentsInfo>(`/api/backups/${name}/restore`, { confirm: name, passphrase: PASS });
    expect(r.status, JSON.stringify(r.error)).toBe(202);
    await tb.box.close();
    tb = await startTestBox({ dataDir });
    expect(customersOf(tb)).toEqual(before);
    // Turning encryption off: new backups are plain again; the passphrase file is gone.
    admin = new ApiClient(tb.url);
    expect((await admin.post('/api/auth/login', { username: 'admin', password: 'correct horse 1' })).status).toBe(200);
    expect((await admin.put('/api/backups/passphrase', { passphrase: null })).status).toBe(200);
    expect(existsSync(join(dataDir, 'secrets', 'backup.passphrase'))).toBe(false);
    const plain = await admin.post<BackupRunResult>('/api/backups');
    expect(plain.data.name).toMatch(/\.sqlite\.gz$/);
  }, 60_000);

  it('only admins', async () => {
    const anon = new ApiClient(tb.url);
    expect((await anon.put('/api/backups/passphrase', { passphrase: PASS })).status).toBe(401);
  });
});
