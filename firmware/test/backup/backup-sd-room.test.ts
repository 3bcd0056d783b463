// Unpacking a backup stops before it would fill the SD card: the box's data folder on a small
// real ext4 (a loop-mounted image of 400 MB, so about 110 MB above the 256 MB reserve), a
// backup that unpacks to 200 MB (a sound Studio Box database with a big blob: a 200 KB
// upload) is refused with a 400 on `backup` naming the free room, nothing kept, no space
// taken; the box's own small backup is still checked and accepted. Needs root (mount), as CI.
import { execFileSync } from 'node:child_process';
import { createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip, gunzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError, BackupRunResult, BackupUploadInfo } from '../../src/api-types.js';
import type { ApiClient } from '../helpers/http-client.js';
import { startSetUpBox } from '../helpers/set-up-box.js';
import type { TestBox } from '../helpers/test-box.js';
import { waitFor } from '../helpers/wait-for.js';

const skip = process.getuid?.() !== 0 ? 'mounting an ext4 image needs root (CI runs as root)' : null;
if (skip) console.warn(`SKIPPED backup-sd-room: ${skip}`);

describe.skipIf(!!skip)('a backup that would fill the SD card is not unpacked', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'sb-sd-room-'));
  const img = join(scratch, 'sd.img');
  const mnt = join(scratch, 'sd');
  let mounted = false;
  let tb: TestBox;
  let admin: ApiClient;
  const free = () => {
    const s = statfsSync(mnt);
    return s.bavail * s.bsize;
  };
  const send = async (body: Buffer) => {
    const res = await fetch(new URL('/api/backups/upload?name=big.sqlite.gz', tb.url), {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', cookie: admin.sessionCookie!, origin: tb.url.replace(/\/$/, '') },
      body,
    });
    const json = (await res.json()) as { data?: BackupUploadInfo; error?: ApiError };
    return { status: res.status, data: json.data, error: json.error };
  };

  beforeAll(async () => {
    writeFileSync(img, '');
    execFileSync('truncate', ['-s', '400M', img]);
    execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', img]);
    mkdirSync(mnt);
    // `-o loop` attaches with autoclear: the unmount frees the loop device, never a neighbour's.
    execFileSync('mount', ['-o', 'loop', img, mnt]);
    mounted = true;
    ({ tb, admin } = await startSetUpBox({ dataDir: join(mnt, 'data') }));
  }, 60_000);
  afterAll(async () => {
    await tb?.close();
    if (mounted) execFileSync('umount', [mnt]);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('refuses a backup that unpacks past the free room less 256 MB, keeps nothing, and still takes a small one', async () => {
    const b = await admin.post<BackupRunResult>('/api/backups');
    expect(b.status, JSON.stringify(b.error)).toBe(201);
    const small = readFileSync(join(tb.dataDir, 'backups', b.data.name));
    const room = free() - 256 * 1024 * 1024;
    expect(room).toBeGreaterThan(50e6);
    expect(room).toBeLessThan(150e6);

    // The same database with a 200 MB blob: sound, but larger than the room once unpacked.
    const db = join(scratch, 'big.db');
    writeFileSync(db, gunzipSync(small));
    const d = new Database(db);
    d.exec('CREATE TABLE ballast (b BLOB)');
    d.prepare('INSERT INTO ballast VALUES (zeroblob(?))').run(200 * 1024 * 1024);
    d.close();
    await pipeline(createReadStream(db), createGzip({ level: 1 }), createWriteStream(`${db}.gz`));
    const big = readFileSync(`${db}.gz`);
    expect(big.length).toBeLessThan(2e6);

    execFileSync('sync', ['-f', mnt]);
    const before = free();
    const r = await send(big);
    expect(r.status, JSON.stringify(r.error)).toBe(400);
    expect(r.error?.fields?.[0]?.path).toBe('backup');
    expect(r.error?.fields?.[0]?.message).toMatch(/unpacks to more than the \d+ MB free on the box's SD card/);
    // Nothing kept: no upload, no half-unpacked database, the space given back.
    for (const d of ['backup-uploads', 'backup-check']) {
      const p = join(tb.dataDir, 'run', d);
      expect(existsSync(p) ? readdirSync(p) : [], d).toEqual([]);
    }
    expect(existsSync(join(tb.dataDir, 'restore-pending.sqlite'))).toBe(false);
    // ext4 gives freed blocks back when its journal commits (a sync commits it), and a file
    // unlinked while its writer's descriptor closes a moment later: polled, not at once.
    await waitFor(() => (execFileSync('sync', ['-f', mnt]), Math.abs(free() - before) < 8e6), 'the space given back', 15_000);

    const ok = await send(small);
    expect(ok.status, JSON.stringify(ok.error)).toBe(201);
    expect(ok.data?.contents).toMatchObject({ orders: 0 });
  }, 120_000);
});
