// A backup or a restore cut short (a power cut, a kill) leaves its temporary files: an unpacked
// copy of the whole database among them. The backup folder's are removed when the next backup
// prunes; the data folder's (a restore being staged) when the box next starts. Only files
// untouched for an hour: a younger one may be another process's work in progress.
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeStaleTemps, STALE_TMP_AGE_MS } from '../../src/backup/db-backup.js';
import { startTestBox } from '../helpers/test-box.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const scratch = () => {
  const d = mkdtempSync(join(tmpdir(), 'sb-stale-temps-'));
  dirs.push(d);
  return d;
};
const put = (dir: string, name: string, ageMs: number, now = Date.now()) => {
  writeFileSync(join(dir, name), 'x'.repeat(100));
  const t = (now - ageMs) / 1000;
  utimesSync(join(dir, name), t, t);
};

describe('temporary files a cut-short backup or restore left', () => {
  it('removes only ours, only files, only those untouched for an hour', async () => {
    const dir = scratch();
    const now = new Date('2026-12-03T07:00:00Z');
    put(dir, '.studio-box-tmp-restore-0a1b2c3d4e', STALE_TMP_AGE_MS + 60_000, now.getTime());
    put(dir, '.studio-box-tmp-restore-0a1b2c3d4e-wal', STALE_TMP_AGE_MS + 60_000, now.getTime());
    put(dir, '.studio-box-tmp-backup-gz-ffffffffff', STALE_TMP_AGE_MS - 60_000, now.getTime()); // being written
    put(dir, 'studio-box.db', 10 * STALE_TMP_AGE_MS, now.getTime());
    put(dir, 'someone-elses.tmp', 10 * STALE_TMP_AGE_MS, now.getTime());
    mkdirSync(join(dir, '.studio-box-tmp-a-folder'));
    const removed = await removeStaleTemps(dir, now);
    expect(removed.sort()).toEqual(['.studio-box-tmp-restore-0a1b2c3d4e', '.studio-box-tmp-restore-0a1b2c3d4e-wal']);
    for (const keep of ['.studio-box-tmp-backup-gz-ffffffffff', 'studio-box.db', 'someone-elses.tmp', '.studio-box-tmp-a-folder']) expect(existsSync(join(dir, keep)), keep).toBe(true);
    expect(await removeStaleTemps(join(dir, 'no-such-folder'), now)).toEqual([]);
  });

  it('the box removes a cut-short restore\u2019s unpacked copy from its data folder when it starts', async () => {
    const dataDir = scratch();
    put(dataDir, '.studio-box-tmp-restore-5e6f7a8b9c', 2 * STALE_TMP_AGE_MS);
    put(dataDir, '.studio-box-tmp-restore-5e6f7a8b9c-shm', 2 * STALE_TMP_AGE_MS);
    put(dataDir, '.studio-box-tmp-restore-0000000001', 0); // a CLI restore staging right now
    const tb = await startTestBox({ dataDir });
    try {
      expect(existsSync(join(dataDir, '.studio-box-tmp-restore-5e6f7a8b9c'))).toBe(false);
      expect(existsSync(join(dataDir, '.studio-box-tmp-restore-5e6f7a8b9c-shm'))).toBe(false);
      expect(existsSync(join(dataDir, '.studio-box-tmp-restore-0000000001'))).toBe(true);
      expect(existsSync(join(dataDir, 'studio-box.db'))).toBe(true);
    } finally {
      await tb.close();
    }
  });
});
