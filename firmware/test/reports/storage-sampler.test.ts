// The daily storage sample (R1 disk growth) on a fake clock: one a studio day (Shanghai: the
// day turns at 16:00 UTC), the first of the day kept, a disk that is down sampled as empty, the
// library's stored files counted; and one taken at start.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ComponentState } from '../../src/api-types.js';
import { openDatabase, type Db } from '../../src/db/connection.js';
import { migrate } from '../../src/db/migrate.js';
import { migrations } from '../../src/db/migrations/index.js';
import { createLogger } from '../../src/log.js';
import { StorageSampler } from '../../src/reports/storage-sampler.js';
import { waitFor } from '../helpers/wait-for.js';

let dir: string;
let db: Db;
let now = Date.parse('2026-03-01T15:59:00Z');
let backup: { state: ComponentState; freeBytes: number | null; totalBytes: number | null } = { state: 'ok', freeBytes: 600, totalBytes: 1000 };
const disks = async () => [{ role: 'library' as const, state: 'ok' as const, freeBytes: 700, totalBytes: 1000 }, { role: 'backup' as const, ...backup }];
const samples = () => db.prepare('SELECT day, at, library_used, library_free, backup_used, backup_free, photos FROM storage_samples ORDER BY day').all();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'storage-sampler-'));
  db = openDatabase(join(dir, 'db.sqlite'));
  migrate(db, migrations);
});
afterAll(() => {
  db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const sampler = () => new StorageSampler({ db, clock: () => new Date(now), timeZone: () => 'Asia/Shanghai', disks, log: createLogger('silent') });

describe('the storage sampler', () => {
  it("takes one sample a studio day, the day's first", async () => {
    const s = sampler();
    expect(await s.sample()).toBe(true);
    now = Date.parse('2026-03-01T15:59:59Z');
    expect(await s.sample()).toBe(false);
    expect(samples()).toEqual([{ day: '2026-03-01', at: '2026-03-01T15:59:00.000Z', library_used: 300, library_free: 700, backup_used: 400, backup_free: 600, photos: 0 }]);
    // 00:00 in Shanghai: a new day; the backup disk is away.
    now = Date.parse('2026-03-01T16:00:00Z');
    backup = { state: 'down', freeBytes: null, totalBytes: null };
    expect(await s.sample()).toBe(true);
    expect(samples()[1]).toEqual({ day: '2026-03-02', at: '2026-03-01T16:00:00.000Z', library_used: 300, library_free: 700, backup_used: null, backup_free: null, photos: 0 });
  });

  it('samples once at start (a box off at midnight), and stops', async () => {
    now = Date.parse('2026-03-05T02:00:00Z');
    const s = sampler();
    s.start();
    try {
      await waitFor(() => samples().length === 3, 'the start sample');
      expect(samples()[2]).toMatchObject({ day: '2026-03-05' });
    } finally {
      await s.stop();
    }
  });
});
