// Restoring from an uploaded backup file (A2, issue 16 item 4 "or uploads one"): the file is
// streamed to disk, checked (integrity, schema version) and shown before anything changes;
// bad uploads — not a backup, cut short, a wrong passphrase, newer software, too big, empty,
// JSON — get a 400 naming the field and change nothing (no file kept, nothing staged, the
// database as it was). A good one restores exactly the backed-up state at the next start.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, BackupContentsInfo, BackupRunResult, BackupUploadInfo, Customer } from '../../src/api-types.js';
import { ApiClient, userWith } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

/** The largest upload this box takes: small, so "too big" is cheap to send. */
const MAX_MB = 0.5;
const customersOf = (tb: TestBox) => tb.box.ctx.db.prepare('SELECT id, customer_no, name, updated_at FROM customers ORDER BY id').all();

describe('restore from an uploaded backup file', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let dataDir: string;
  const uploadsDir = () => join(dataDir, 'run', 'backup-uploads');
  const leftInUploads = () => (existsSync(uploadsDir()) ? readdirSync(uploadsDir()) : []);

  /** POSTs bytes (or a stream, sent chunked without a length) as the admin's browser would. */
  async function send(body: Buffer | Readable, o: { name?: string; type?: string; client?: ApiClient } = {}): Promise<{ status: number; data: BackupUploadInfo; error: ApiError | undefined }> {
    const c = o.client ?? admin;
    const url = new URL(`/api/backups/upload${o.name ? `?name=${encodeURIComponent(o.name)}` : ''}`, c.baseUrl);
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': o.type ?? 'application/octet-stream', cookie: c.sessionCookie!, origin: c.baseUrl.replace(/\/$/, '') },
      body: body instanceof Readable ? (Readable.toWeb(body) as ReadableStream) : body,
      ...(body instanceof Readable ? { duplex: 'half' } : {}),
    } as RequestInit);
    const json = (await res.json()) as { data?: BackupUploadInfo; error?: ApiError };
    return { status: res.status, data: json.data!, error: json.error };
  }

  /** Nothing changed: no upload kept, nothing staged, the same customers. */
  function expectNothingChanged(before: unknown[]): void {
    expect(leftInUploads()).toEqual([]);
    expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(false);
    expect(customersOf(tb)).toEqual(before);
  }

  beforeAll(async () => {
    ({ tb, admin } = await startSetUpBox({ config: { backup: { maxUploadMB: MAX_MB } } }));
    dataDir = tb.dataDir;
    for (const name of ['Phạm Văn Đức', '李娜']) expect((await admin.post<Customer>('/api/customers', { name })).status).toBe(201);
  }, 60_000);
  afterAll(() => tb?.close());

  it('refuses what is not a sound backup of this software, and changes nothing', async () => {
    const b = await admin.post<BackupRunResult>('/api/backups');
    expect(b.status, JSON.stringify(b.error)).toBe(201);
    const good = readFileSync(join(dataDir, 'backups', b.data.name));
    const before = customersOf(tb);
    const refused = async (body: Buffer | Readable, field: string, message: RegExp, o: { type?: string } = {}) => {
      const r = await send(body, o);
      expect(r.status, JSON.stringify(r.error)).toBe(400);
      expect(r.error?.fields?.[0]?.path).toBe(field);
      expect(r.error?.fields?.[0]?.message).toMatch(message);
      expectNothingChanged(before);
    };
    // Not a backup at all: a photo's first bytes; a gzip of something else.
    await refused(Buffer.from([0xff, 0xd8, 0xff, 0xe0, ...Buffer.from('JFIF not a backup')]), 'backup', /not a Studio Box backup/);
    await refused(gzipSync(Buffer.from('hello, not a database')), 'backup', /not a database|not a Studio Box database/);
    // Cut short.
    await refused(good.subarray(0, Math.floor(good.length / 2)), 'backup', /cut short|damaged|not a database/);
    // From newer software: schema version 9999.
    const tmp = join(dataDir, 'run', 'newer.db');
    writeFileSync(tmp, gunzipSync(good));
    const d = new Database(tmp);
    d.prepare(`INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', '')`).run();
    d.close();
    await refused(gzipSync(readFileSync(tmp)), 'backup', /newer than this software/);
    // Too big: by its length, refused before a byte is stored; sent without a length, counted.
    await refused(Buffer.alloc(MAX_MB * 1e6 + 1), 'backup', /larger than a backup may be/);
    await refused(Readable.from((function* () {
      for (let i = 0; i < 10; i++) yield Buffer.alloc(100_000, i);
    })()), 'backup', /larger than a backup may be/);
    await refused(Buffer.alloc(0), 'backup', /empty/);
    // A form or JSON instead of the file itself.
    await refused(Buffer.from('{"a":1}'), '(body)', /the backup file itself/, { type: 'application/json' });
  }, 60_000);

  it('only an admin may upload or restore one', async () => {
    const { client } = await userWith(admin, 'frontdesk', { customers: ['view', 'edit'] });
    const r = await send(Buffer.from('x'), { client });
    expect(r.status).toBe(403);
    expect((await client.post('/api/backups/uploads/0123456789abcdef01234567/restore', { confirm: '0123456789abcdef01234567' })).status).toBe(403);
    expect(leftInUploads()).toEqual([]);
    // Ids are the box's own: not a path, not a guess.
    expect((await admin.post('/api/backups/uploads/..%2F..%2Fstudio-box.db/check', {})).status).toBe(400);
    expect((await admin.post('/api/backups/uploads/0123456789abcdef01234567/check', {})).status).toBe(404);
  });

  it('an encrypted upload asks for its passphrase; a wrong one keeps the upload for another try, and a restore needs the id repeated', async () => {
    expect((await admin.put('/api/backups/passphrase', { passphrase: 'lantern harbour 1987' })).status).toBe(200);
    const b = await admin.post<BackupRunResult>('/api/backups');
    expect(b.data.name).toMatch(/\.enc$/);
    expect((await admin.put('/api/backups/passphrase', { passphrase: null })).status).toBe(200);
    const before = customersOf(tb);
    const u = await send(readFileSync(join(dataDir, 'backups', b.data.name)), { name: b.data.name });
    expect(u.status, JSON.stringify(u.error)).toBe(201);
    expect(u.data).toMatchObject({ encrypted: true, contents: null, name: b.data.name });
    expect(u.data.at).toBe(new Date(Date.parse(u.data.at!)).toISOString());
    const base = `/api/backups/uploads/${u.data.id}`;
    const wrong = await admin.post(`${base}/check`, { passphrase: 'not the passphrase' });
    expect(wrong.status).toBe(400);
    expect(wrong.error?.fields?.[0]?.path).toBe('passphrase');
    expect((await admin.post(`${base}/restore`, { confirm: u.data.id, passphrase: 'not the passphrase' })).status).toBe(400);
    expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(false);
    expect(leftInUploads()).toEqual([u.data.id]);
    const right = await admin.post<BackupContentsInfo>(`${base}/check`, { passphrase: 'lantern harbour 1987' });
    expect(right.status, JSON.stringify(right.error)).toBe(200);
    expect(right.data).toMatchObject({ customers: before.length, orders: 0 });
    const noConfirm = await admin.post(`${base}/restore`, { confirm: b.data.name, passphrase: 'lantern harbour 1987' });
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.error?.fields?.[0]?.path).toBe('confirm');
    // Not restored after all: cancelled, and gone.
    expect((await admin.delete(base)).status).toBe(204);
    expect(leftInUploads()).toEqual([]);
    expect((await admin.post(`${base}/check`, { passphrase: 'lantern harbour 1987' })).status).toBe(404);
    expectNothingChanged(before);
  });

  it('back up, change data, upload the backup and restore: the box starts again with exactly the backed-up data', async () => {
    const b = await admin.post<BackupRunResult>('/api/backups');
    const before = customersOf(tb);
    await admin.post('/api/customers', { name: 'Added after the backup' });
    expect(customersOf(tb)).not.toEqual(before);
    // A copy from elsewhere (the share, a stick), renamed on the way: its date is then unknown.
    const u = await send(readFileSync(join(dataDir, 'backups', b.data.name)), { name: 'copy of backup.sqlite.gz' });
    expect(u.status, JSON.stringify(u.error)).toBe(201);
    expect(u.data).toMatchObject({ encrypted: false, name: null, at: null, contents: { customers: before.length, orders: 0 } });
    const r = await admin.post<BackupContentsInfo>(`/api/backups/uploads/${u.data.id}/restore`, { confirm: u.data.id });
    expect(r.status, JSON.stringify(r.error)).toBe(202);
    expect(leftInUploads()).toEqual([]);
    expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(true);
    await tb.box.close();
    const again = await startTestBox({ dataDir, config: { backup: { maxUploadMB: MAX_MB } } });
    try {
      expect(customersOf(again)).toEqual(before);
      const aside = readdirSync(join(dataDir, 'before-restore'));
      expect(aside).toHaveLength(1);
      const old = new Database(join(dataDir, 'before-restore', aside[0]!, 'studio-box.db'), { readonly: true });
      expect(old.prepare(`SELECT COUNT(*) FROM customers WHERE name = 'Added after the backup'`).pluck().get()).toBe(1);
      // The restore is in the audit log of the database kept aside.
      expect(old.prepare(`SELECT summary FROM audit_log WHERE action = 'restore'`).pluck().get()).toMatch(/uploaded file/);
      old.close();
      expect((await fetch(new URL('/api/auth/me', again.url), { headers: { cookie: admin.sessionCookie! } })).status).toBe(401);
    } finally {
      await again.close();
    }
    tb = await startTestBox({ dataDir, config: { backup: { maxUploadMB: MAX_MB } } });
  }, 60_000);
});
