// The ingest engine end to end on real filesystems: cards are FAT (fusefat) and exFAT
// (exfat-fuse) images mounted read-only, holding real JPEGs (sharp, with EXIF) and RAW-like
// files; the disks are folders on ext4. Every stored file is read back by the test too.
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import exifr from 'exifr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/connection.js';
import { bootId } from '../../src/ingest/ingest-lock.js';
import { IngestService, type IngestServiceOptions } from '../../src/ingest/ingest-service.js';
import type { IngestJob, IngestProgress } from '../../src/ingest/ingest-types.js';
import { addCustomer, auditDisks, cameraJpeg, hashFile, listFiles, mountSkipReason, rawLike, Scratch, silentLog, testDb, videoLike, writeTree, type CardFile, type Mounted } from './engine-helpers.js';

const skip = mountSkipReason();
if (skip) console.warn(`SKIPPED engine-ingest: ${skip}`);
const scratch = new Scratch('sb-ingest-');
afterAll(() => scratch.cleanup());

// 2026-11-23 10:00 in Hanoi.
const clock = () => new Date('2026-11-23T03:00:00Z');

describe.skipIf(!!skip)('card ingest', () => {
  let db: Db;
  let roots: { library: string; backup: string };
  let customer: number;
  let tree: string;
  let files: CardFile[];
  let fatImg: string;
  let card: Mounted;

  const service = async (extra: Partial<IngestServiceOptions> = {}) => {
    const s = new IngestService({ db, clock, log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'Asia/Ho_Chi_Minh', ...extra });
    await s.start();
    return s;
  };
  const run = async (s: IngestService, input: Parameters<IngestService['startJob']>[0]) => s.waitForJob((await s.startJob(input)).id);
  const folder = 'C000123 Nguyễn Thị Lan/2026-11-23 shoot';
  const originals = (root: string) => join(root, folder, 'originals');

  beforeAll(async () => {
    db = testDb(scratch.path('data/studio-box.db'));
    customer = addCustomer(db, 'C000123', 'Nguyễn Thị Lan');
    roots = { library: scratch.folder('library'), backup: scratch.folder('backup') };
    tree = scratch.folder('card-tree');
    const jpegs = await Promise.all([1, 2, 3, 4, 5].map((i) => cameraJpeg(i)));
    files = writeTree(
      tree,
      {
        '100CANON': { 'IMG_0001.JPG': jpegs[0]!, 'IMG_0002.JPG': jpegs[1]!, 'IMG_0002.CR2': rawLike(900_000), 'IMG_0003.CR2': rawLike(1_300_000), 'MVI_0004.MP4': videoLike(2_000_000) },
        // The camera's counter wrapped: the same names again in the next folder.
        '101CANON': { 'IMG_0001.JPG': jpegs[2]!, 'IMG_0001.CR2': rawLike(1_100_000), 'IMG_0005.JPG': jpegs[3]! },
      },
      { 'MISC/AUTPRINT.MRK': Buffer.from('[HDR]\n'), 'DCIM/100CANON/._IMG_0001.JPG': Buffer.alloc(4096) },
    );
    fatImg = scratch.fatImage('card', tree, 48);
    card = await scratch.mountFat(fatImg, 'card');
  }, 60_000);
  afterAll(() => db?.close());

  it('copies every photo and video to the library and the backup, reads both back, and records them', async () => {
    const s = await service();
    const events: { type: string; at: number; data: IngestJob | IngestProgress }[] = [];
    for (const type of ['job-started', 'progress', 'job-finished', 'job-failed'] as const) s.on(type, (d: IngestJob | IngestProgress) => events.push({ type, at: performance.now(), data: d }));
    const job = await run(s, { sourceRoot: card.path, customerId: customer, cardId: 'vfat-1234-ABCD', cardLabel: 'EOS_DIGITAL', userId: null });

    expect(job).toMatchObject({ state: 'done', folder, subfolder: 'originals', filesTotal: files.length, filesCopied: files.length, filesSkipped: 0, filesVerified: files.length, filesFailed: 0, error: null });
    expect(job.bytesTotal).toBe(files.reduce((a, f) => a + f.size, 0));
    for (const sub of ['originals', 'first-edits', 'refined', 'design']) {
      expect(existsSync(join(roots.library, folder, sub))).toBe(true);
      expect(existsSync(join(roots.backup, folder, sub))).toBe(true);
    }
    // Names kept; the second IMG_0001.JPG gets a suffix; nothing else from the card.
    const expected = ['IMG_0001 (2).JPG', 'IMG_0001.CR2', 'IMG_0001.JPG', 'IMG_0002.CR2', 'IMG_0002.JPG', 'IMG_0003.CR2', 'IMG_0005.JPG', 'MVI_0004.MP4'];
    expect(readdirSync(originals(roots.library)).sort()).toEqual(expected);
    expect(readdirSync(originals(roots.backup)).sort()).toEqual(expected);
    // Each copy has the card file's bytes (hashed here by another implementation).
    const byName: Record<string, CardFile> = {
      'IMG_0001.JPG': files[0]!,
      'IMG_0001 (2).JPG': files[5]!,
      'MVI_0004.MP4': files[4]!,
    };
    for (const [name, f] of Object.entries(byName)) {
      expect(hashFile(join(originals(roots.library), name))).toBe(f.hash);
      expect(hashFile(join(originals(roots.backup), name))).toBe(f.hash);
    }
    // A real JPEG with its EXIF, readable where the box put it.
    const exif = await exifr.parse(readFileSync(join(originals(roots.library), 'IMG_0001.JPG')));
    expect(exif).toMatchObject({ Make: 'Canon', Model: 'EOS R6' });

    const listed = s.listFiles(customer);
    expect(listed).toHaveLength(files.length);
    for (const f of listed) {
      expect(f).toMatchObject({ state: 'verified', customerId: customer, jobId: job.id, subfolder: 'originals', verifyMethod: 'direct', error: null });
      expect(f.libraryPath).toBe(`${folder}/originals/${f.name}`);
      expect(f.backupPath).toBe(f.libraryPath);
      expect(f.hash).toBe(hashFile(join(roots.library, f.libraryPath)));
    }
    expect(auditDisks(db, roots).problems).toEqual([]);

    // Events: started, progress with every field, finished; progress throttled.
    expect(events[0]?.type).toBe('job-started');
    expect(events.at(-1)).toMatchObject({ type: 'job-finished', data: { id: job.id, state: 'done' } });
    const progress = events.filter((e) => e.type === 'progress').map((e) => e.data as IngestProgress);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.at(-1)).toMatchObject({ jobId: job.id, files: files.length, totalFiles: files.length, totalBytes: job.bytesTotal, filesStored: files.length, filesVerified: files.length, filesToVerify: files.length });
    for (const p of progress) expect(Object.keys(p).sort()).toEqual(['bytes', 'files', 'filesStored', 'filesToVerify', 'filesVerified', 'jobId', 'mbPerSecond', 'phase', 'secondsLeft', 'totalBytes', 'totalFiles']);
    const forced = 3; // the first, each phase change, and the last are sent at once
    expect(progress.length).toBeLessThanOrEqual(forced + Math.ceil((events.at(-1)!.at - events[0]!.at) / 250) + 1);
    expect(s.getJob(job.id)).toEqual(job);
    expect(s.listJobs()[0]).toEqual(job);
    await s.stop();
  });

  it('re-inserting the same card copies nothing: each file is read and proved the same as the stored one by its hash', async () => {
    const s = await service();
    const before = listFiles(roots.library);
    let filesStored = 0;
    s.on('progress', (p) => (filesStored = Math.max(filesStored, p.filesStored)));
    const job = await run(s, { sourceRoot: card.path, customerId: customer, cardId: 'vfat-1234-ABCD' });
    expect(job).toMatchObject({ state: 'done', filesTotal: files.length, filesCopied: 0, bytesCopied: 0, filesSkipped: files.length, bytesSkipped: job.bytesTotal, filesVerified: 0 });
    expect(filesStored).toBe(0);
    expect(listFiles(roots.library)).toEqual(before);
    expect(listFiles(roots.backup)).toEqual(before);
    await s.stop();
  });

  it('the same photos from another card (exFAT, other card id) are recognised by size and hash and not stored twice', async () => {
    const img = scratch.exfatImage('card-ex', tree, 48);
    const ex = scratch.mountExfat(img, 'card-ex');
    const s = await service();
    const before = listFiles(roots.library);
    const job = await run(s, { sourceRoot: ex.path, customerId: customer, cardId: 'exfat-77AA' });
    expect(job).toMatchObject({ state: 'done', filesCopied: 0, filesSkipped: files.length });
    expect(listFiles(roots.library)).toEqual(before);
    expect(auditDisks(db, roots).problems).toEqual([]);
    // Now known by that card's identities too (each still proved by its hash when read again).
    const sources = db.prepare('SELECT COUNT(*) AS n FROM ingest_sources WHERE card_id = ?').get('exfat-77AA') as { n: number };
    expect(sources.n).toBe(files.length);
    await s.stop();
    ex.unmount();
  });

  it('files a person put in the folder are never overwritten: ours get a suffix (case-insensitive, like exFAT and SMB)', async () => {
    const other = addCustomer(db, 'C000124', 'Trần Văn Minh');
    const mine = join(roots.library, 'C000124 Trần Văn Minh', 'ORD-2026_0042', 'originals');
    const theirs = Buffer.from('a file staff copied here by hand');
    for (const root of [roots.library, roots.backup]) {
      const dir = join(root, 'C000124 Trần Văn Minh', 'ORD-2026_0042', 'originals');
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'img_0002.jpg'), theirs);
    }
    const s = await service();
    const job = await run(s, { sourceRoot: card.path, customerId: other, orderLabel: 'ORD-2026/0042', cardId: 'vfat-1234-ABCD' });
    expect(job).toMatchObject({ state: 'done', folder: 'C000124 Trần Văn Minh/ORD-2026_0042', filesCopied: files.length, orderLabel: 'ORD-2026/0042' });
    expect(readFileSync(join(mine, 'img_0002.jpg'))).toEqual(theirs);
    expect(existsSync(join(mine, 'IMG_0002 (2).JPG'))).toBe(true);
    expect(hashFile(join(mine, 'IMG_0002 (2).JPG'))).toBe(files[1]!.hash);
    expect(auditDisks(db, roots, { ignore: (rel) => rel.endsWith('/img_0002.jpg') }).problems).toEqual([]);
    // A renamed customer keeps their folder.
    db.prepare('UPDATE customers SET name = ? WHERE id = ?').run('Trần Minh', other);
    const again = await run(s, { sourceRoot: card.path, customerId: other, orderLabel: 'ORD-2026/0042' });
    expect(again.folder).toBe('C000124 Trần Văn Minh/ORD-2026_0042');
    await s.stop();
  });

  it('a copy that does not read back as written is an error on the file and the job; ingesting the card again repairs it', async () => {
    const third = addCustomer(db, 'C000125', 'Lê Hoa');
    // The library disk "corrupts" one file after it was written: bytes changed on disk.
    const s = await service({
      hooks: {
        beforeVerify: (item) => {
          if (!item.libraryPath.endsWith('/IMG_0003.CR2')) return;
          const fd = openSync(join(roots.library, item.libraryPath), 'r+');
          writeSync(fd, Buffer.from('CORRUPT!'), 0, 8, 1000);
          fsyncSync(fd);
          closeSync(fd);
        },
      },
    });
    const failed: IngestJob[] = [];
    s.on('job-failed', (j) => failed.push(j));
    const job = await run(s, { sourceRoot: card.path, customerId: third, cardId: 'vfat-1234-ABCD' });
    expect(job).toMatchObject({ state: 'failed', errorCode: 'verify_failed', filesCopied: files.length, filesVerified: files.length - 1, filesFailed: 1 });
    expect(job.error).toMatch(/1 files did not read back as written/);
    expect(failed.map((j) => j.id)).toEqual([job.id]);
    const bad = s.listFiles(third).find((f) => f.name === 'IMG_0003.CR2')!;
    expect(bad.state).toBe('mismatch');
    expect(bad.error).toMatch(/^library copy .*IMG_0003\.CR2 differs from what was written/);
    expect(s.jobProblems(job.id)).toEqual([expect.objectContaining({ code: 'verify_failed', sourcePath: 'DCIM/100CANON/IMG_0003.CR2', fileId: bad.id })]);
    await s.stop();

    // The card again: only the bad file is copied (over both copies, same names), then verified.
    const s2 = await service();
    const fixed = await run(s2, { sourceRoot: card.path, customerId: third, cardId: 'vfat-1234-ABCD' });
    expect(fixed).toMatchObject({ state: 'done', filesCopied: 1, filesSkipped: files.length - 1, filesVerified: 1, filesFailed: 0 });
    const good = s2.listFiles(third).find((f) => f.name === 'IMG_0003.CR2')!;
    expect(good).toMatchObject({ id: bad.id, state: 'verified', libraryPath: bad.libraryPath, error: null });
    expect(hashFile(join(roots.library, good.libraryPath))).toBe(files[3]!.hash);
    expect(s2.listFiles(third)).toHaveLength(files.length);
    expect(auditDisks(db, roots, { ignore: (rel) => rel.endsWith('/img_0002.jpg') }).problems).toEqual([]);
    await s2.stop();
  });

  it('a file that cannot be read while the card stays in is reported, the others are copied', async () => {
    const fourth = addCustomer(db, 'C000126', 'Phạm Thu');
    const dir = scratch.folder('plain-card');
    const plain = writeTree(dir, { '100NIKON': { 'DSC_0001.NEF': rawLike(300_000), 'DSC_0002.NEF': rawLike(300_000), 'DSC_0003.NEF': rawLike(300_000) } });
    const s = await service({
      hooks: {
        // After the card was listed, one file shrinks: what a failing card can do.
        point: (name) => {
          if (name === 'job-planned') truncateSync(join(dir, plain[1]!.relPath), 1000);
        },
      },
    });
    const job = await run(s, { sourceRoot: dir, customerId: fourth });
    expect(job).toMatchObject({ state: 'failed', errorCode: 'source_error', filesCopied: 2, filesVerified: 2, filesFailed: 1 });
    expect(s.jobProblems(job.id)).toEqual([expect.objectContaining({ code: 'source_error', sourcePath: 'DCIM/100NIKON/DSC_0002.NEF' })]);
    expect(s.listFiles(fourth).map((f) => f.name)).toEqual(['DSC_0001.NEF', 'DSC_0003.NEF']);
    expect(auditDisks(db, roots, { ignore: (rel) => rel.endsWith('/img_0002.jpg') }).problems).toEqual([]);
    await s.stop();
  });

  it('refuses a source inside a disk, an unknown customer, and a second process while one holds the ingest lock', async () => {
    const s = await service();
    await expect(s.startJob({ sourceRoot: roots.library, customerId: customer })).rejects.toMatchObject({ code: 'validation' });
    await expect(s.startJob({ sourceRoot: join(scratch.dir, 'nope'), customerId: customer })).rejects.toMatchObject({ code: 'validation' });
    await expect(s.startJob({ sourceRoot: card.path, customerId: 9999 })).rejects.toMatchObject({ code: 'not_found' });
    // Another live process holds the lock (pid 1 is alive; same boot).
    await s.stop();
    await expect(s.startJob({ sourceRoot: card.path, customerId: customer })).rejects.toMatchObject({ code: 'ingest_not_ready' });
    db.prepare(`INSERT INTO ingest_owner (id, pid, boot_id, what, since) VALUES (1, 1, ?, 'studio-box daemon', '2026-11-23T03:00:00Z')`).run(bootId());
    await expect(service()).rejects.toMatchObject({ code: 'ingest_busy', message: expect.stringMatching(/in use by studio-box daemon \(pid 1/) });
    // After a reboot (another boot id) the row is stale and taken over.
    db.prepare(`UPDATE ingest_owner SET boot_id = 'another-boot'`).run();
    const s2 = await service();
    await s2.stop();
    expect(db.prepare('SELECT COUNT(*) AS n FROM ingest_owner').get()).toEqual({ n: 0 });
  });

  it('random bytes named .JPG are still copied byte for byte (the engine never parses what it copies)', async () => {
    const fifth = addCustomer(db, 'C000127', 'Đỗ An');
    const dir = scratch.folder('odd-card');
    const odd = writeTree(dir, { '100MSDCF': { 'DSC00001.JPG': randomBytes(70_000), 'EMPTY.ARW': Buffer.alloc(0) } });
    const s = await service();
    const job = await run(s, { sourceRoot: dir, customerId: fifth });
    expect(job).toMatchObject({ state: 'done', filesCopied: 2, filesVerified: 2 });
    const got = s.listFiles(fifth);
    expect(got.map((f) => [f.name, f.size, f.hash])).toEqual([
      ['DSC00001.JPG', 70_000, odd[0]!.hash],
      ['EMPTY.ARW', 0, odd[1]!.hash],
    ]);
    await s.stop();
  });
});
