// What goes wrong in a studio: a disk too small or filling up during the copy, a card pulled out
// in the middle of a file (the FUSE driver killed) or between files (lazy unmount). In every case:
// no temporary file left, nothing partial under a final name, what was copied is recorded and
// verified, and ingesting the same card again finishes the job without storing anything twice.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestService, type IngestServiceOptions } from '../../src/ingest/ingest-service.js';
import { isTempName } from '../../src/ingest/copy/library-layout.js';
import { addCustomer, auditDisks, listFiles, mountSkipReason, rawLike, Scratch, silentLog, testDb, writeTree } from './engine-helpers.js';

const skip = mountSkipReason();
if (skip) console.warn(`SKIPPED engine-failures: ${skip}`);
const scratch = new Scratch('sb-ingest-fail-');
afterAll(() => scratch.cleanup());

const clock = () => new Date('2026-11-23T03:00:00Z');

async function setup(name: string, roots: { library: string; backup: string }, extra: Partial<IngestServiceOptions> = {}) {
  const db = testDb(scratch.path(`${name}/studio-box.db`));
  const customer = addCustomer(db, 'C000200', 'Vũ Mai');
  const service = new IngestService({ db, clock, log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'UTC', ...extra });
  await service.start();
  const run = async (sourceRoot: string, cardId = 'card-1') => service.waitForJob((await service.startJob({ sourceRoot, customerId: customer, cardId })).id);
  return { db, customer, service, run };
}

const tempsUnder = (root: string) => listFiles(root).filter((p) => isTempName(p.slice(p.lastIndexOf('/') + 1)));

describe.skipIf(!!skip)('ingest when things go wrong', () => {
  it('a disk without room for the card: refused before copying anything', async () => {
    const tree = scratch.folder('big-tree');
    writeTree(tree, { '100CANON': Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`IMG_${1000 + i}.CR2`, rawLike(2_000_000)])) });
    const roots = { library: scratch.ext4Disk('small-lib', 32).path, backup: scratch.folder('roomy-backup') };
    const { db, service, run } = await setup('precheck', roots);
    const job = await run(tree);
    expect(job).toMatchObject({ state: 'failed', errorCode: 'disk_full', filesCopied: 0 });
    expect(job.error).toMatch(/^The library disk has [\d.]+ MB free; this card needs [\d.]+ MB\. Nothing was copied\./);
    expect(listFiles(roots.library).filter((p) => !p.startsWith('lost+found'))).toEqual([]);
    expect(listFiles(roots.backup)).toEqual([]);
    await service.stop();
    db.close();
  });

  it('a disk that fills up during the copy: the job stops with a clear error, no temporary or partial file; after making room the same card finishes', async () => {
    const tree = scratch.folder('fill-tree');
    const files = writeTree(tree, { '100CANON': Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`IMG_${2000 + i}.CR2`, rawLike(1_500_000)])) });
    const roots = { library: scratch.ext4Disk('fill-lib', 64).path, backup: scratch.ext4Disk('fill-bak', 64).path };
    const filler = join(roots.backup, 'someone-elses-big-file');
    let filled = false;
    // Groups of two: the groups committed before the disk filled stay, the one being written goes.
    const { db, service, run } = await setup('fill', roots, {
      batch: { files: 2 },
      hooks: {
        // After the space check passed, something else fills the backup disk, leaving ~7 MB.
        point: (name) => {
          if (name !== 'job-planned' || filled) return;
          filled = true;
          const s = statfsSync(roots.backup);
          execFileSync('fallocate', ['-l', String(Number(s.bavail) * Number(s.bsize) - 7_000_000), filler]);
        },
      },
    });
    const job = await run(tree);
    expect(job).toMatchObject({ state: 'failed', errorCode: 'disk_full' });
    expect(job.error).toMatch(/^The backup disk is full: the copy stopped\. Make room and insert the card again\. \d+ new files copied/);
    expect(job.filesCopied).toBeGreaterThan(0);
    expect(job.filesCopied).toBeLessThan(files.length);
    expect(job.filesVerified).toBe(job.filesCopied);
    expect(tempsUnder(roots.library)).toEqual([]);
    expect(tempsUnder(roots.backup)).toEqual([]);
    const ignore = (rel: string) => rel.startsWith('lost+found') || rel === 'someone-elses-big-file';
    expect(auditDisks(db, roots, { ignore }).problems).toEqual([]);
    // Every name in originals is a complete, recorded file on both disks.
    const dir = 'C000200 Vũ Mai/2026-11-23 shoot/originals';
    expect(readdirSync(join(roots.library, dir)).sort()).toEqual(readdirSync(join(roots.backup, dir)).sort());
    expect(readdirSync(join(roots.library, dir))).toHaveLength(job.filesCopied);

    rmSync(filler);
    const again = await run(tree);
    expect(again).toMatchObject({ state: 'done', filesCopied: files.length - job.filesCopied, filesSkipped: job.filesCopied });
    expect(readdirSync(join(roots.library, dir))).toHaveLength(files.length);
    expect(auditDisks(db, roots, { ignore }).problems).toEqual([]);
    await service.stop();
    db.close();
  });

  it('a FAT card pulled out in the middle of a file (fusefat killed): interrupted with what was done; the card again finishes it', async () => {
    const tree = scratch.folder('pull-tree');
    const files = writeTree(tree, {
      '100CANON': { 'IMG_3000.CR2': rawLike(600_000), 'IMG_3001.CR2': rawLike(12_000_000), 'IMG_3002.CR2': rawLike(600_000), 'IMG_3003.JPG': rawLike(300_000) },
    });
    const img = scratch.fatImage('pull-card', tree, 48);
    let card = await scratch.mountFat(img, 'pull-card');
    const roots = { library: scratch.folder('pull-lib'), backup: scratch.folder('pull-bak') };
    const dir = join(roots.library, 'C000200 Vũ Mai/2026-11-23 shoot/originals');
    let watcher: NodeJS.Timeout | undefined;
    let pulled = false;
    const { db, service, run } = await setup('pull', roots, {
      hooks: {
        point: (name) => {
          if (name !== 'job-planned' || pulled) return;
          pulled = true;
          // Pull the card when the big file's temporary copy has 3 MB: mid-read (the first
          // file's temporaries may still wait for their group's commit).
          watcher = setInterval(() => {
            const big = readdirSync(dir).filter(isTempName).some((t) => statSync(join(dir, t), { throwIfNoEntry: false })?.size! >= 3 << 20);
            if (big && card.proc?.exitCode === null) {
              card.proc.kill('SIGKILL');
              clearInterval(watcher);
            }
          }, 2);
        },
      },
    });
    const job = await run(card.path);
    clearInterval(watcher);
    expect(card.proc?.signalCode).toBe('SIGKILL');
    expect(job).toMatchObject({ state: 'interrupted', errorCode: 'card_removed', filesTotal: 4, filesCopied: 1, filesVerified: 1, filesFailed: 0 });
    expect(job.error).toMatch(/^The card was removed during the copy\. 1 new files copied .* Insert the card again to finish\.$/);
    expect(tempsUnder(roots.library)).toEqual([]);
    expect(tempsUnder(roots.backup)).toEqual([]);
    expect(auditDisks(db, roots).problems).toEqual([]);
    card.unmount();

    card = await scratch.mountFat(img, 'pull-card-2');
    const again = await run(card.path);
    expect(again).toMatchObject({ state: 'done', filesCopied: 3, filesSkipped: 1, filesVerified: 3 });
    expect(service.listFiles(again.customerId).map((f) => [f.name, f.hash])).toEqual(files.map((f) => [f.relPath.split('/').pop(), f.hash]));
    expect(auditDisks(db, roots).problems).toEqual([]);
    await service.stop();
    card.unmount();
    db.close();
  });

  it('an exFAT card unmounted between files (lazy unmount): interrupted, then finished by the same card', async () => {
    const tree = scratch.folder('lazy-tree');
    const files = writeTree(tree, { '100NIKON': Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`DSC_${4000 + i}.NEF`, rawLike(500_000)])) });
    const img = scratch.exfatImage('lazy-card', tree, 48);
    let card = scratch.mountExfat(img, 'lazy-card');
    const roots = { library: scratch.folder('lazy-lib'), backup: scratch.folder('lazy-bak') };
    let pulled = false;
    // Committed file by file, so the card goes right after the third is stored.
    const { db, service, run } = await setup('lazy', roots, {
      batch: { files: 1 },
      hooks: {
        point: (name, info) => {
          if (name === 'file-recorded' && info.fileIndex === 3 && !pulled) {
            pulled = true;
            execFileSync('umount', ['-l', card.path]);
          }
        },
      },
    });
    const job = await run(card.path, 'exfat-5E1F');
    expect(job).toMatchObject({ state: 'interrupted', errorCode: 'card_removed', filesTotal: 8, filesVerified: job.filesCopied });
    // The card is read one file ahead of the commits: the file open when it went still finishes.
    expect([3, 4]).toContain(job.filesCopied);
    expect(auditDisks(db, roots).problems).toEqual([]);
    card.unmount();

    card = scratch.mountExfat(img, 'lazy-card-2');
    const again = await run(card.path, 'exfat-5E1F');
    expect(again).toMatchObject({ state: 'done', filesCopied: 8 - job.filesCopied, filesSkipped: job.filesCopied });
    expect(service.listFiles(again.customerId)).toHaveLength(files.length);
    expect(auditDisks(db, roots).problems).toEqual([]);
    await service.stop();
    card.unmount();
    db.close();
  });
});

describe('ingest refuses disks that are not there', () => {
  it('a disk root that does not exist is never created (it would be an unmounted disk); the box\'s own disk check can stop a job', async () => {
    const tree = scratch.folder('nodisk-tree');
    writeTree(tree, { '100CANON': { 'IMG_5000.CR2': rawLike(10_000) } });
    const roots = { library: scratch.folder('nodisk-lib'), backup: join(scratch.dir, 'unmounted-backup') };
    const { db, service, run } = await setup('nodisk', roots);
    const job = await run(tree);
    expect(job).toMatchObject({ state: 'failed', errorCode: 'disk_error', filesCopied: 0 });
    expect(job.error).toMatch(/^The backup disk is not there \(ENOENT.*\)\. Nothing was copied\.$/);
    expect(existsSync(roots.backup)).toBe(false);
    expect(listFiles(roots.library)).toEqual([]);
    await service.stop();
    db.close();

    const ok = { library: scratch.folder('check-lib'), backup: scratch.folder('check-bak') };
    const checked = await setup('check', ok, { checkDisks: async () => 'The backup disk is missing (label BACKUP not found); an admin can allow ingest without it.' });
    const refused = await checked.run(tree);
    expect(refused).toMatchObject({ state: 'failed', errorCode: 'disk_error', error: 'The backup disk is missing (label BACKUP not found); an admin can allow ingest without it.' });
    expect(listFiles(ok.library)).toEqual([]);
    await checked.service.stop();
    checked.db.close();
  });
});
