// The mirror queue against a real smbd on loopback: cards copied by the real ingest engine,
// then mirrored with their names (Chinese, Vietnamese, spaces, a semicolon) intact and every
// byte the same; smbd stopped mid-queue (files wait, the log is not flooded), started again
// (they catch up by themselves); a wrong password; a file missing in the library; "Mirror
// everything again"; a new worker on the same database goes on where the old one was.
import { existsSync, readFileSync, rmSync, truncateSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MirrorStatus } from '../../src/api-types.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import type { Db } from '../../src/db/connection.js';
import { MirrorService } from '../../src/mirror/mirror-service.js';
import { addCustomer, cameraJpeg, listFiles, Scratch } from '../ingest/engine-helpers.js';
import { ingestCard, type StoredRow } from '../scrub/scrub-helpers.js';
import { waitFor } from '../helpers/wait-for.js';
import { SMB_PASSWORD, SMB_USER, smbdSkipReason, type Smbd } from './smbd-harness.js';
import { mirrorBed } from './mirror-bed.js';

const skip = smbdSkipReason();
if (skip) console.warn(`SKIPPED mirror-queue: ${skip}`);
const scratch = new Scratch('sb-mirror-');
const clock = () => new Date();
const ADMIN = { id: 1, name: 'admin' };

describe.skipIf(!!skip)('mirror queue to a real smbd', () => {
  let smbd: Smbd;
  let db: Db;
  let dataDir: string;
  let roots: { library: string; backup: string };
  let customer: number;
  const logLines: { msg: string; level: number }[] = [];
  const log = pino({ level: 'debug' }, { write: (s: string) => void logLines.push(JSON.parse(s) as { msg: string; level: number }) });
  let mirror: MirrorService;
  let cards = 0;

  const service = () =>
    new MirrorService({ db, audit: new AuditLog(db, clock), clock, log, dataDir, libraryRoot: roots.library, worker: { retryBaseMs: 200, retryCapMs: 1000, idlePollMs: 300, fileRetryMs: 60_000 }, smb: { nameResolveOrder: 'host', timeoutSeconds: 10 } });
  const settings = (password = SMB_PASSWORD) => ({ address: '//127.0.0.1/photos/Studio Box', port: smbd.port, user: SMB_USER, domain: 'STUDIO', password, enabled: true });
  const onShare = (rel: string) => join(smbd.photos, 'Studio Box', rel);
  const rows = (): StoredRow[] => db.prepare('SELECT id, library_path, backup_path, hash, size FROM ingest_files ORDER BY id').all() as StoredRow[];
  const status = (): MirrorStatus => mirror.status();
  const card = async (n: number, extra: Record<string, Buffer> = {}) => ingestCard(db, roots, customer, scratch.path(`card${++cards}`), n, extra);
  /** Every stored file on the share, byte for byte, and no temporary name left anywhere. */
  const expectAllOnShare = () => {
    for (const r of rows()) {
      expect(existsSync(onShare(r.library_path)), r.library_path).toBe(true);
      expect(readFileSync(onShare(r.library_path)).equals(readFileSync(join(roots.library, r.library_path))), r.library_path).toBe(true);
    }
    expect(listFiles(smbd.photos).filter((p) => p.includes('.studio-box-'))).toEqual([]);
  };

  beforeAll(async () => {
    ({ smbd, db, dataDir, roots } = await mirrorBed(scratch));
    customer = addCustomer(db, '0042', 'Nguyễn Thị Ánh 陈美 ');
  }, 60_000);
  afterAll(async () => {
    await mirror?.stop();
    db?.close();
    await smbd?.cleanup();
    scratch.cleanup();
  });

  it('mirrors every stored file with its name intact, byte for byte, in the library layout', async () => {
    await card(3, { 'ảnh cưới 01.JPG': await cameraJpeg(1), '婚纱 照片.JPG': await cameraJpeg(2), 'a;b c.JPG': await cameraJpeg(3) });
    mirror = service();
    await mirror.start();
    expect(status().state).toBe('off');
    await mirror.saveShare(ADMIN, settings());
    await waitFor(() => status().queueFiles === 0 && status().state === 'idle', 'status().queueFiles === 0 && status().state === "idle"', 60_000);
    expect(status()).toMatchObject({ share: '//127.0.0.1/photos/Studio Box', mirroredFiles: 6, failedFiles: 0, queueBytes: 0, lastError: null, etaSeconds: 0 });
    expect(status().lastSuccessAt).not.toBeNull();
    expectAllOnShare();
    expect(rows().map((r) => r.library_path).some((p) => p.includes('婚纱 照片.JPG') && p.startsWith('0042 Nguyễn Thị Ánh 陈美'))).toBe(true);
  });

  it('while the PC is off the queue waits without flooding the log, and catches up by itself when it is back', async () => {
    await smbd.stop();
    const warnsBefore = logLines.filter((l) => l.level >= 40).length;
    await card(4);
    mirror.wake();
    await waitFor(() => status().state === 'waiting' && status().lastError?.problem === 'host_down', 'status().state === "waiting" && status().lastError?.problem === "host_down"', 30_000);
    expect(status().queueFiles).toBe(4);
    expect(status().nextTryAt).not.toBeNull();
    // Several tries at 200 ms doubling to 1 s…
    await new Promise((r) => setTimeout(r, 3000));
    expect(status().queueFiles).toBe(4);
    // …one warning.
    expect(logLines.filter((l) => l.level >= 40).length - warnsBefore).toBe(1);
    await smbd.start();
    await waitFor(() => status().queueFiles === 0, 'status().queueFiles === 0', 60_000);
    expect(status().lastError).toBeNull();
    expect(logLines.some((l) => /answers again/.test(l.msg))).toBe(true);
    expectAllOnShare();
  });

  it('a wrong password: nothing is marked, the reason is shown; the right one and it goes on', async () => {
    await mirror.saveShare(ADMIN, settings('wrong password'));
    await card(2);
    mirror.wake();
    await waitFor(() => status().lastError?.problem === 'bad_credentials', 'status().lastError?.problem === "bad_credentials"', 30_000);
    expect(status().queueFiles).toBe(2);
    await mirror.saveShare(ADMIN, settings());
    await waitFor(() => status().queueFiles === 0, 'status().queueFiles === 0', 60_000);
    expectAllOnShare();
    // Neither password, right or wrong, is in any log line (debug included) of all the above.
    expect(logLines.length).toBeGreaterThan(0);
    const all = logLines.map((l) => JSON.stringify(l)).join('\n');
    expect(all).not.toContain(SMB_PASSWORD);
    expect(all).not.toContain('wrong password');
  });

  it('a file missing from the library fails alone; the others go on', async () => {
    const before = rows().length;
    await mirror.stop();
    await card(3);
    const added = rows().slice(before);
    rmSync(join(roots.library, added[1]!.library_path));
    mirror = service();
    await mirror.start();
    await waitFor(() => status().state === 'idle' && status().queueFiles === 1, 'status().state === "idle" && status().queueFiles === 1', 60_000);
    expect(status().failedFiles).toBe(1);
    expect(existsSync(onShare(added[0]!.library_path))).toBe(true);
    expect(existsSync(onShare(added[2]!.library_path))).toBe(true);
    expect(status().lastError).toBeNull();
    expect(logLines.some((l) => /could not be mirrored/.test(l.msg))).toBe(true);
    // Put back (the scrub would do it from the backup disk): mirrored at its next try.
    db.prepare('UPDATE mirror_files SET next_try_at = ? WHERE file_id = ?').run(new Date(0).toISOString(), added[1]!.id);
    const back = readFileSync(join(roots.backup, added[1]!.backup_path));
    await import('node:fs/promises').then((fs) => fs.writeFile(join(roots.library, added[1]!.library_path), back));
    mirror.wake();
    await waitFor(() => status().queueFiles === 0, 'status().queueFiles === 0', 60_000);
    expectAllOnShare();
  });

  it('"Mirror everything again" copies what went missing or short on the share and keeps the rest', async () => {
    const all = rows();
    unlinkSync(onShare(all[0]!.library_path));
    truncateSync(onShare(all[1]!.library_path), 10);
    const untouched = onShare(all[2]!.library_path);
    const mtime = (await import('node:fs')).statSync(untouched).mtimeMs;
    expect(mirror.recheckAll(ADMIN).files).toBe(all.length);
    await waitFor(() => status().queueFiles === 0, 'status().queueFiles === 0', 60_000);
    expectAllOnShare();
    expect((await import('node:fs')).statSync(untouched).mtimeMs).toBe(mtime);
  });
});
