// Database backup and restore (A2) on a real box: a backup taken while another connection
// writes is one consistent moment; it is copied to the backup disk; back up, change data,
// restore, and the box that starts again holds exactly the backed-up state. Damaged backups
// and one from newer software are refused; the CLI does the same.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackupContentsInfo, BackupList, BackupRunResult, Customer } from '../../src/api-types.js';
import { backupCommand } from '../../src/cli/backup-command.js';
import { loadConfig } from '../../src/config.js';
import { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import { startTestBox, type TestBox } from '../helpers/test-box.js';

const require = createRequire(import.meta.url);
const customersOf = (tb: TestBox) => tb.box.ctx.db.prepare('SELECT id, customer_no, name, updated_at FROM customers ORDER BY id').all();
const sink = () => {
  let text = '';
  return { stream: { write: (s: string) => ((text += s), true) } as unknown as NodeJS.WritableStream, text: () => text };
};

describe('database backup and restore', () => {
  let tb: TestBox;
  let admin: ApiClient;
  let dataDir: string;

  beforeAll(async () => {
    ({ tb, admin } = await startSetUpBox());
    dataDir = tb.dataDir;
    for (const name of ['Nguyễn Thị Mai', '王小明', 'Lucy Chen']) {
      const c = await admin.post<Customer>('/api/customers', { name });
      expect(c.status, JSON.stringify(c.error)).toBe(201);
    }
  }, 60_000);
  afterAll(() => tb?.close());

  it('"Back up now" writes a compressed backup named by time and schema version, also on the backup disk', async () => {
    const r = await admin.post<BackupRunResult>('/api/backups');
    expect(r.status, JSON.stringify(r.error)).toBe(201);
    expect(r.data).toMatchObject({ trigger: 'admin', backupDisk: 'ok', share: 'off', problems: [] });
    expect(r.data.name).toMatch(/^studio-box-db-\d{8}-\d{6}Z-v\d+\.sqlite\.gz$/);
    const local = join(dataDir, 'backups', r.data.name);
    const onDisk = join(dataDir, 'backup', 'studio-box-database-backups', r.data.name);
    expect(readFileSync(onDisk).equals(readFileSync(local))).toBe(true);
    expect(readFileSync(local).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    // No temporary file left beside it.
    expect(readdirSync(join(dataDir, 'backups')).filter((n) => n.startsWith('.'))).toEqual([]);
    const list = await admin.get<BackupList>('/api/backups');
    expect(list.data.items[0]).toMatchObject({ name: r.data.name, onBackupDisk: true });
    expect(list.data.nextScheduledAt).not.toBeNull();
    const what = await admin.get<BackupContentsInfo>(`/api/backups/${r.data.name}`);
    expect(what.data).toMatchObject({ customers: 3, orders: 0 });
  });

  it('a backup taken while another process writes is one consistent moment', async () => {
    // Another process writes customers ten to a transaction, as fast as it can: a consistent
    // copy holds a multiple of ten of them.
    const script = `
      const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
      const db = new Database(${JSON.stringify(join(dataDir, 'studio-box.db'))});
      db.pragma('busy_timeout = 10000');
      const now = new Date().toISOString();
      const insert = db.prepare('INSERT INTO customers (customer_no, name, stage_added_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
      let n = 0;
      const ten = db.transaction(() => { for (let i = 0; i < 10; i++, n++) insert.run('W' + String(n).padStart(7, '0'), 'Writer ' + n, now, now, now); });
      const end = Date.now() + 20000;
      while (Date.now() < end) { ten(); if (n === 3000) process.stdout.write('going\\n'); }
    `;
    const writer = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        writer.stdout.once('data', () => resolve());
        writer.once('exit', (code) => reject(new Error(`writer exited ${code}`)));
      });
      const results: BackupContentsInfo[] = [];
      for (let k = 0; k < 3; k++) {
        const r = await admin.post<BackupRunResult>('/api/backups');
        expect(r.status, JSON.stringify(r.error)).toBe(201);
        const what = await admin.get<BackupContentsInfo>(`/api/backups/${r.data.name}`);
        expect(what.status).toBe(200);
        results.push(what.data);
      }
      for (const w of results) expect((w.customers - 3) % 10).toBe(0);
      // The writer went on while the backups were taken.
      expect(results.at(-1)!.customers).toBeGreaterThan(results[0]!.customers);
    } finally {
      writer.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses a damaged backup, one from newer software, a wrong name and a restore without confirmation', async () => {
    const dir = join(dataDir, 'backups');
    const good = readdirSync(dir).filter((n) => n.endsWith('.gz')).sort().at(-1)!;
    const cut = 'studio-box-db-20200101-000000Z-v1.sqlite.gz';
    writeFileSync(join(dir, cut), readFileSync(join(dir, good)).subarray(0, 2000));
    const r1 = await admin.get(`/api/backups/${cut}`);
    expect(r1.status).toBe(400);
    expect(r1.error?.message).toMatch(/not gzip data, or cut short|damaged|not a database/);
    // A database from newer software (schema version 9999).
    const newer = 'studio-box-db-20200102-000000Z-v9999.sqlite.gz';
    const tmp = join(dataDir, 'run', 'newer.db');
    // A consistent copy of the live database (its newest pages may still be in the WAL file,
    // so copying the main file alone can miss tables under load).
    const live = new Database(join(dataDir, 'studio-box.db'), { readonly: true });
    live.prepare('VACUUM INTO ?').run(tmp);
    live.close();
    const d = new Database(tmp);
    d.prepare(`INSERT INTO schema_version (version, name, applied_at) VALUES (9999, 'future', '')`).run();
    d.close();
    writeFileSync(join(dir, newer), gzipSync(readFileSync(tmp)));
    const r2 = await admin.get(`/api/backups/${newer}`);
    expect(r2.status).toBe(400);
    expect(r2.error?.message).toMatch(/newer than this software/);
    expect((await admin.post(`/api/backups/${newer}/restore`, { confirm: newer })).status).toBe(400);
    expect((await admin.get('/api/backups/..%2Fstudio-box.db')).status).toBe(400);
    expect((await admin.get('/api/backups/studio-box-db-20190101-000000Z-v1.sqlite.gz')).status).toBe(404);
    const noConfirm = await admin.post(`/api/backups/${good}/restore`, { confirm: 'yes' });
    expect(noConfirm.status).toBe(400);
    expect(noConfirm.error?.message).toMatch(/^confirm: /);
    expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(false);
  });

  it('back up, change data, restore: the box starts again with exactly the backed-up data', async () => {
    const b = await admin.post<BackupRunResult>('/api/backups');
    const before = customersOf(tb);
    // Changes after the backup: a new customer, a renamed one.
    await admin.post('/api/customers', { name: 'Added after the backup' });
    const first = (before[0] as { id: number }).id;
    expect((await admin.patch(`/api/customers/${first}`, { name: 'Renamed after the backup' })).status).toBe(200);
    expect(customersOf(tb)).not.toEqual(before);

    const r = await admin.post<BackupContentsInfo>(`/api/backups/${b.data.name}/restore`, { confirm: b.data.name });
    expect(r.status, JSON.stringify(r.error)).toBe(202);
    expect(r.data.customers).toBe(before.length);
    // The switch happens at the next start (serve restarts in-process; the test box is started again).
    await tb.box.close();
    const again = await startTestBox({ dataDir });
    try {
      expect(customersOf(again)).toEqual(before);
      const asideDirs = readdirSync(join(dataDir, 'before-restore'));
      expect(asideDirs).toHaveLength(1);
      const old = new Database(join(dataDir, 'before-restore', asideDirs[0]!, 'studio-box.db'), { readonly: true });
      expect(old.prepare(`SELECT COUNT(*) FROM customers WHERE name = 'Added after the backup'`).pluck().get()).toBe(1);
      old.close();
      // Every session ends with a restore: the backup's sessions (logged out or ended by a password
      // reset since) do not come back to life, this admin's own included.
      expect((await fetch(new URL('/api/auth/me', again.url), { headers: { cookie: admin.sessionCookie! } })).status).toBe(401);
      const restored = new Database(join(dataDir, 'studio-box.db'), { readonly: true });
      expect(restored.prepare('SELECT COUNT(*) FROM sessions').pluck().get()).toBe(0);
      restored.close();
      // The admin still logs in (users came back with the data) and the box answers.
      const c = new ApiClient(again.url);
      expect((await c.post('/api/auth/login', { username: 'admin', password: 'correct horse 1' })).status).toBe(200);
      expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(false);
    } finally {
      await again.close();
    }
    tb = await startTestBox({ dataDir });
    admin = new ApiClient(tb.url);
    await admin.post('/api/auth/login', { username: 'admin', password: 'correct horse 1' });
  }, 60_000);

  it('the CLI backs up, lists, verifies and restores (staged for the next start)', async () => {
    const config = loadConfig({ env: {}, overrides: { dataDir, log: { level: 'silent' }, modem: { kind: 'none' } } });
    const out = sink();
    const err = sink();
    const io = { config, stdout: out.stream, stderr: err.stream };
    expect(await backupCommand(['now'], { yes: false, json: true }, io)).toBe(0);
    const made = JSON.parse(out.text().trim().split('\n').at(-1)!) as BackupRunResult;
    const file = join(dataDir, 'backups', made.name);
    const before = customersOf(tb);
    await admin.post('/api/customers', { name: 'After the CLI backup' });

    expect(await backupCommand(['list'], { yes: false, json: false }, io)).toBe(0);
    expect(out.text()).toContain(`${file}  (also on the backup disk)`);
    expect(await backupCommand(['verify', file], { yes: false, json: false }, io)).toBe(0);
    expect(out.text()).toMatch(new RegExp(`customers +${before.length}`));
    expect(await backupCommand(['verify', join(dataDir, 'studio-box.db')], { yes: false, json: false }, io)).toBe(1);
    expect(err.text()).toMatch(/not a Studio Box backup/);
    // Without --yes nothing is staged.
    expect(await backupCommand(['restore', file], { yes: false, json: false }, io)).toBe(2);
    expect(existsSync(join(dataDir, 'restore-pending.sqlite'))).toBe(false);
    expect(await backupCommand(['restore', file], { yes: true, json: false }, io)).toBe(0);
    await tb.close().catch(() => undefined);
    const again = await startTestBox({ dataDir });
    try {
      expect(customersOf(again)).toEqual(before);
    } finally {
      await again.close();
    }
  }, 60_000);
});
