// kill -9 of the daemon while it mirrors (its process group, smbclient with it, as systemd ends what
// is left of the unit when its main process dies), then a new worker finishes: every file on the share byte-identical
// to the library, no temporary name left, nothing marked that is not there.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import type { Db } from '../../src/db/connection.js';
import { MirrorService } from '../../src/mirror/mirror-service.js';
import { addCustomer, listFiles, rawLike, Scratch, silentLog } from '../ingest/engine-helpers.js';
import { ingestCard } from '../scrub/scrub-helpers.js';
import { waitFor } from '../helpers/wait-for.js';
import { SMB_PASSWORD, SMB_USER, smbdSkipReason, type Smbd } from './smbd-harness.js';
import { mirrorBed } from './mirror-bed.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED mirror-kill: ${skip}`);
const scratch = new Scratch('sb-mirror-kill-');
const clock = () => new Date();

async function bundleChild(): Promise<string> {
  const esbuild = await import('esbuild');
  const dir = join(import.meta.dirname, '../../../node_modules/.cache/studio-box-tests');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `mirror-child-${process.pid}.mjs`);
  await esbuild.build({ entryPoints: [join(import.meta.dirname, 'mirror-child.ts')], bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile: out, logLevel: 'warning' });
  scratch.onCleanup(() => rmSync(out, { force: true }));
  return out;
}

// Files go up in groups of 8 (mirror worker), so a kill lands after whole groups: enough files
// that work is left after the last kill even if the worker finishes one more group before it.
const FILES = 40;

describe.skipIf(!!skip)('kill -9 while mirroring', () => {
  let smbd: Smbd;
  let db: Db;
  let dataDir: string;
  let roots: { library: string; backup: string };

  beforeAll(async () => {
    ({ smbd, db, dataDir, roots } = await mirrorBed(scratch));
    const big: Record<string, Buffer> = {};
    for (let i = 0; i < FILES; i++) big[`ảnh cưới ${i}.CR2`] = rawLike(1_000_000 + i * 1000);
    await ingestCard(db, roots, addCustomer(db, '0099', 'Lê Văn Tám 李'), scratch.folder('card'), 0, big);
  }, 120_000);
  afterAll(async () => {
    db?.close();
    await smbd?.cleanup();
    scratch.cleanup();
  });

  it('a new worker finishes; every file byte-identical, no temporary names', async () => {
    const setup = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: silentLog, dataDir, libraryRoot: roots.library, smb: { nameResolveOrder: 'host' } });
    await setup.saveShare({ id: 1, name: 'admin' }, { address: '//127.0.0.1/photos', port: smbd.port, user: SMB_USER, domain: '', password: SMB_PASSWORD, enabled: true });
    const bundle = await bundleChild();
    const mirrored = () => (db.prepare(`SELECT COUNT(*) FROM mirror_files WHERE state = 'mirrored'`).pluck().get() as number);
    // Killed after some files, several times, wherever it is (often inside an upload).
    for (const after of [2, 10, 18]) {
      const child = spawn(process.execPath, [bundle, dataDir, roots.library], { stdio: ['ignore', 'pipe', 'inherit'], detached: true });
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      await new Promise<void>((resolve, reject) => {
        child.stdout!.once('data', () => resolve());
        child.once('exit', (code) => reject(new Error(`child exited ${code}`)));
      });
      await waitFor(() => mirrored() >= after, `${after} mirrored`, 60_000, 5);
      process.kill(-child.pid!, 'SIGKILL');
      await exited;
      // Its process group (smbclient too) is gone, as systemd would leave it.
      await waitFor(() => {
        try {
          process.kill(-child.pid!, 0);
          return false;
        } catch {
          return true;
        }
      }, 'the killed group gone', 10_000);
    }
    expect(mirrored()).toBeLessThan(FILES);
    const rows = db.prepare('SELECT id, library_path FROM ingest_files ORDER BY id').all() as { id: number; library_path: string }[];
    // Whatever is marked mirrored is on the share in full.
    for (const r of db.prepare(`SELECT remote_path, size FROM mirror_files WHERE state = 'mirrored'`).all() as { remote_path: string; size: number }[]) {
      expect(readFileSync(join(smbd.photos, r.remote_path)).length).toBe(r.size);
    }
    const finish = new MirrorService({ db, audit: new AuditLog(db, clock), clock, log: silentLog, dataDir, libraryRoot: roots.library, worker: { idlePollMs: 200 }, smb: { nameResolveOrder: 'host' } });
    await finish.start();
    try {
      await waitFor(() => finish.status().queueFiles === 0 && finish.status().state === 'idle', 'all mirrored', 120_000);
    } finally {
      await finish.stop();
    }
    for (const r of rows) {
      const shared = join(smbd.photos, r.library_path);
      expect(existsSync(shared), r.library_path).toBe(true);
      expect(readFileSync(shared).equals(readFileSync(join(roots.library, r.library_path))), r.library_path).toBe(true);
    }
    expect(listFiles(smbd.photos).filter((p) => p.includes('.studio-box-'))).toEqual([]);
  }, 240_000);
});
