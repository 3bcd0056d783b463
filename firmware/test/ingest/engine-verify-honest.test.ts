// "Verified" only when the read-back provably came from the disk (issue 12 item 3). A backup
// disk formatted exFAT and mounted through FUSE (exfat-fuse) cannot prove it: its copies stay
// "copied, not yet verified", the job does not end 'done' (no "safe to remove"), and the error
// tells the admin which disk and what to do. Folder fsync errors are failures, except where the
// filesystem needs none (tmpfs).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { unverifiedReason } from '../../src/ingest/copy/disk-fs.js';
import { fsyncDir } from '../../src/ingest/copy/file-commit.js';
import { isProof } from '../../src/ingest/copy/read-back.js';
import { DestinationError } from '../../src/ingest/ingest-errors.js';
import { IngestService } from '../../src/ingest/ingest-service.js';
import { attachLoop, detachLoop } from '../helpers/loop-device.js';
import { addCustomer, mountSkipReason, rawLike, Scratch, sh, silentLog, testDb, writeTree } from './engine-helpers.js';

const skip = mountSkipReason();
if (skip) console.warn(`SKIPPED engine-verify-honest: ${skip}`);
const scratch = new Scratch('sb-verify-honest-');
afterAll(() => scratch.cleanup());

/** An exFAT image mounted read-write through exfat-fuse (on a loop device, as root needs). */
function exfatFuseDisk(name: string, sizeMiB: number): string {
  const img = scratch.path(`${name}.img`);
  sh('truncate', ['-s', `${sizeMiB}M`, img]);
  sh('mkfs.exfat', ['-L', 'BACKUP', img]);
  const dev = attachLoop(img);
  const mnt = scratch.folder(name);
  try {
    sh('mount.exfat-fuse', [dev, mnt]);
  } catch (err) {
    detachLoop(dev, img);
    throw err;
  }
  scratch.onCleanup(() => {
    execFileSync('umount', ['-l', mnt]);
    detachLoop(dev, img);
  });
  return mnt;
}

describe('which read-backs count as proof', () => {
  it('O_DIRECT on a kernel filesystem and a confirmed cache drop do; FUSE and an unconfirmed cache do not', () => {
    expect(isProof('direct')).toBe(true);
    expect(isProof('evicted')).toBe(true);
    expect(isProof('direct-fuse')).toBe(false);
    expect(isProof('cached')).toBe(false);
    const fuse = { devId: '0:52', mountpoint: '/mnt/backup', options: ['rw'], fsType: 'fuseblk', source: '/dev/sdb1', superOptions: [] };
    expect(unverifiedReason('backup', '/mnt/backup', 'direct-fuse', fuse)).toBe(
      "the backup disk (/mnt/backup) is mounted through FUSE (fuseblk): a read-back there cannot be proved to come from the disk. Format it ext4, or mount it with the kernel's own driver (exfat, ntfs3), to get verified copies.",
    );
    expect(unverifiedReason('library', '/mnt/lib', 'cached', { ...fuse, fsType: 'nfs4', source: 'nas:/photos' })).toMatch(
      /^the library disk \(\/mnt\/lib, nfs4, nas:\/photos\) refused direct reads \(O_DIRECT\) and its cache could not be proved dropped \(fincore\)/,
    );
  });
});

describe('folder fsync', () => {
  it('an error is a failure of the disk, unless the filesystem needs no folder fsync (tmpfs)', async () => {
    // procfs refuses fsync (EINVAL), like a driver that cannot make renames durable.
    const err = await fsyncDir('library', '/proc/self').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DestinationError);
    expect((err as DestinationError).message).toMatch(/^cannot sync folder \/proc\/self \(so its new names may not survive a power cut\): EINVAL/);
    const ram = mkdtempSync('/dev/shm/sb-verify-honest-');
    try {
      await expect(fsyncDir('backup', ram)).resolves.toBeUndefined();
    } finally {
      rmSync(ram, { recursive: true, force: true });
    }
  });
});

describe.skipIf(!!skip)('a backup disk that cannot prove its reads (exFAT through FUSE)', () => {
  it('copies stay "copied, not yet verified", the job does not say safe to remove, and says why', async () => {
    const card = scratch.folder('card');
    writeTree(card, { '100CANON': { 'IMG_0001.CR2': rawLike(400_000), 'IMG_0002.CR2': rawLike(500_000) } });
    const roots = { library: scratch.folder('library'), backup: exfatFuseDisk('backup', 64) };
    const db = testDb(scratch.path('data/studio-box.db'));
    scratch.onCleanup(() => db.close());
    const customer = addCustomer(db, 'C000900', 'Lý Hoa');
    const s = new IngestService({ db, clock: () => new Date('2026-11-23T03:00:00Z'), log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'UTC' });
    await s.start();
    const job = await s.waitForJob((await s.startJob({ sourceRoot: card, customerId: customer })).id);
    expect(job).toMatchObject({ state: 'failed', errorCode: 'not_verified', filesCopied: 2, filesVerified: 0, filesFailed: 0 });
    expect(job.error).toMatch(/^2 files were copied to both disks but not verified: the backup disk \(.*\) is mounted through FUSE \(fuseblk.*\).* Format it ext4, or mount it with the kernel's own driver \(exfat, ntfs3\), to get verified copies\. Keep the card until they are\./);
    const files = s.listFiles(customer);
    expect(files.map((f) => [f.state, f.verifyMethod])).toEqual([
      ['copied', 'direct-fuse'],
      ['copied', 'direct-fuse'],
    ]);
    expect(files[0]!.error).toMatch(/^copied, not yet verified: the backup disk/);
    // Reading back again without the card cannot prove it either: still copied.
    expect(await s.verifyUnverified()).toEqual({ verified: 0, failed: 0, unverified: 2 });
    expect(s.listFiles(customer).every((f) => f.state === 'copied')).toBe(true);
    await s.stop();
  });
});
