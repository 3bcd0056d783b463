// The copy order is the card's order (folder, then numeric-aware name), never the order a
// filesystem's readdir happens to return: name order on FAT, hash order on ext4, newest first on
// tmpfs. A test that passes on one of them and fails on another is the bug this file guards
// against: folders are listed here in many shuffled orders through the scan's readdir seam.
import type { Dirent } from 'node:fs';
import { readdir } from 'node:fs/promises';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { IngestService } from '../../src/ingest/ingest-service.js';
import { cardOrder, scanSource } from '../../src/ingest/card/source-scan.js';
import { addCustomer, rawLike, Scratch, silentLog, testDb, writeTree } from './engine-helpers.js';

const scratch = new Scratch('sb-ingest-order-');
afterAll(() => scratch.cleanup());

/** The real listing of a folder, in an order chosen by `seed` (a deterministic shuffle). */
function shuffledReaddir(seed: number): (dir: string) => Promise<Dirent[]> {
  let s = seed >>> 0 || 1;
  const next = () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  return async (dir) => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (let i = entries.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [entries[i], entries[j]] = [entries[j]!, entries[i]!];
    }
    return entries;
  };
}

// Written in an order that is neither name nor reverse-name order.
const SPEC = {
  '101CANON': { 'IMG_0010.CR2': rawLike(3000), 'IMG_0002.CR2': rawLike(3000) },
  '100CANON': { 'IMG_0010.JPG': rawLike(3000), 'IMG_0009.JPG': rawLike(3000), 'IMG_0100.JPG': rawLike(3000), 'img_0011.jpg': rawLike(3000) },
  '99CANON': { 'IMG_9999.JPG': rawLike(3000) },
};
const EXPECTED = [
  'DCIM/99CANON/IMG_9999.JPG',
  'DCIM/100CANON/IMG_0009.JPG',
  'DCIM/100CANON/IMG_0010.JPG',
  'DCIM/100CANON/img_0011.jpg',
  'DCIM/100CANON/IMG_0100.JPG',
  'DCIM/101CANON/IMG_0002.CR2',
  'DCIM/101CANON/IMG_0010.CR2',
];

describe('cardOrder', () => {
  it('folder before name, numbers by value, a folder’s own files before its sub-folders’', () => {
    const paths = ['DCIM/100CANON/SUB/A.JPG', 'DCIM/100CANON/IMG_10.JPG', 'DCIM/100CANON_B/IMG_1.JPG', 'DCIM/100CANON/IMG_9.JPG', 'DCIM/99X/Z.JPG', 'TOP.JPG'];
    expect([...paths].sort(cardOrder)).toEqual(['TOP.JPG', 'DCIM/99X/Z.JPG', 'DCIM/100CANON/IMG_9.JPG', 'DCIM/100CANON/IMG_10.JPG', 'DCIM/100CANON/SUB/A.JPG', 'DCIM/100CANON_B/IMG_1.JPG']);
  });

  it('is a total order: any permutation sorts to the same list', () => {
    const seg = fc.stringMatching(/^[A-Za-z0-9_.]{1,6}$/);
    const path = fc.array(seg, { minLength: 1, maxLength: 3 }).map((a) => a.join('/'));
    fc.assert(
      fc.property(fc.uniqueArray(path, { maxLength: 12 }), fc.nat(), (paths, seed) => {
        const shuffled = [...paths].sort((a, b) => ((seed ^ a.length * 31 ^ b.charCodeAt(0)) & 1 ? -1 : 1) || 0);
        expect([...shuffled].sort(cardOrder)).toEqual([...paths].sort(cardOrder));
        const sorted = [...paths].sort(cardOrder);
        for (let i = 1; i < sorted.length; i++) expect(cardOrder(sorted[i - 1]!, sorted[i]!)).toBeLessThan(0);
      }),
    );
  });
});

describe('scanning a card', () => {
  const card = scratch.folder('card');
  writeTree(card, SPEC);

  it('lists in card order however the filesystem orders its folders', async () => {
    for (let seed = 1; seed <= 40; seed++) {
      const files = await scanSource(card, { readdir: shuffledReaddir(seed) });
      expect(files.map((f) => f.relPath), `seed ${seed}`).toEqual(EXPECTED);
    }
    expect((await scanSource(card)).map((f) => f.relPath)).toEqual(EXPECTED);
  });

  it('the engine copies and records in that order, with a shuffled listing', async () => {
    const db = testDb(scratch.path('data/studio-box.db'));
    try {
      const customer = addCustomer(db, 'C000500', 'Order Test');
      for (const seed of [7, 8]) {
        const roots = { library: scratch.folder(`lib-${seed}`), backup: scratch.folder(`bak-${seed}`) };
        const s = new IngestService({ db, clock: () => new Date('2026-11-23T03:00:00Z'), log: silentLog, libraryRoot: roots.library, backupRoot: roots.backup, timeZone: () => 'UTC', hooks: { listFolder: shuffledReaddir(seed) } });
        await s.start();
        const job = await s.waitForJob((await s.startJob({ sourceRoot: card, customerId: customer, orderLabel: `run ${seed}` })).id);
        await s.stop();
        expect(job.state).toBe('done');
        const rows = db.prepare('SELECT source_path AS p FROM ingest_files f JOIN ingest_sources s ON s.file_id = f.id WHERE f.job_id = ? ORDER BY f.id').all(job.id) as { p: string }[];
        if (seed === 7) expect(rows.map((r) => r.p)).toEqual(EXPECTED);
        else expect(job.filesSkipped).toBe(EXPECTED.length);
      }
    } finally {
      db.close();
    }
  });
});
