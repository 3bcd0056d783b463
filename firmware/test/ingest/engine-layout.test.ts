import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  candidateName,
  customerFolderName,
  jobFolder,
  localDate,
  MAX_FILE_CHARS,
  MAX_FOLDER_CHARS,
  nameKey,
  orderFolderName,
  pickFreeName,
  sanitizeFileName,
  sanitizeName,
  splitExtension,
  tempName,
  isTempName,
} from '../../src/ingest/copy/library-layout.js';
import { isMediaFile } from '../../src/ingest/card/source-scan.js';

const FORBIDDEN = /["*/:<>?\\|\u0000-\u001f\u007f]/;

describe('library layout', () => {
  it('names the customer folder by number and name, and the order folder by label or shoot date', () => {
    expect(customerFolderName({ customerNo: 'C000123', name: 'Nguyễn Thị Lan' })).toBe('C000123 Nguyễn Thị Lan');
    expect(customerFolderName({ customerNo: 'C000124', name: 'Lan / Minh: "wedding"?' })).toBe('C000124 Lan _ Minh_ _wedding__');
    // 23:30 UTC on the 22nd is already the 23rd in Hanoi.
    const at = new Date('2026-11-22T23:30:00Z');
    expect(orderFolderName(null, at, 'Asia/Ho_Chi_Minh')).toBe('2026-11-23 shoot');
    expect(orderFolderName('  ', at, 'UTC')).toBe('2026-11-22 shoot');
    expect(orderFolderName('ORD-2026/0042', at, 'UTC')).toBe('ORD-2026_0042');
    expect(localDate(at, 'America/New_York')).toBe('2026-11-22');
    expect(jobFolder('C000123 Lan', '2026-11-23 shoot')).toBe('C000123 Lan/2026-11-23 shoot');
  });

  it('keeps file names and adds a suffix before the extension on a clash', () => {
    expect(sanitizeFileName('IMG_0001.JPG')).toBe('IMG_0001.JPG');
    expect(candidateName('IMG_0001.JPG', 1)).toBe('IMG_0001.JPG');
    expect(candidateName('IMG_0001.JPG', 2)).toBe('IMG_0001 (2).JPG');
    expect(candidateName('README', 3)).toBe('README (3)');
    expect(candidateName('archive.tar.gz', 2)).toBe('archive.tar (2).gz');
    const taken = new Set(['img_0001.jpg', 'img_0001 (2).jpg'].map(nameKey));
    // Case-insensitive like exFAT/NTFS/SMB: IMG_0001.JPG is taken by img_0001.jpg.
    expect(pickFreeName('IMG_0001.JPG', (c) => taken.has(nameKey(c)))).toBe('IMG_0001 (3).JPG');
    expect(pickFreeName('IMG_0002.JPG', (c) => taken.has(nameKey(c)))).toBe('IMG_0002.JPG');
  });

  it('makes names that FAT, exFAT, NTFS and SMB accept', () => {
    expect(sanitizeName('CON')).toBe('_CON');
    expect(sanitizeFileName('aux.jpg')).toBe('_aux.jpg');
    expect(sanitizeName('name. . ')).toBe('name');
    expect(sanitizeName('...')).toBe('_');
    expect(sanitizeName('')).toBe('_');
    expect(sanitizeName('a\tb\nc')).toBe('a_b_c');
    expect(sanitizeFileName('photo.JPG.')).toBe('photo.JPG');
    expect(sanitizeFileName('we?rd*.cr3')).toBe('we_rd_.cr3');
    // NFD (as macOS sends it) becomes NFC.
    expect(sanitizeName('Nguye\u0302\u0303n')).toBe('Nguyễn');
    const long = '婚纱照'.repeat(60);
    const s = sanitizeFileName(`${long}.CR3`);
    expect(s.endsWith('.CR3')).toBe(true);
    expect([...s].length).toBeLessThanOrEqual(MAX_FILE_CHARS);
    expect(Buffer.byteLength(s)).toBeLessThanOrEqual(240);
    expect(candidateName(s, 12).endsWith(' (12).CR3')).toBe(true);
    expect([...candidateName(s, 12)].length).toBeLessThanOrEqual(MAX_FILE_CHARS);
    expect(Buffer.byteLength(candidateName(s, 12))).toBeLessThanOrEqual(240);
  });

  it('sanitizes any string into a valid, stable name (property)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 300 }), fc.string({ unit: fc.constantFrom('婚', '纱', 'ễ', ' ', '.', '/', 'a', '😀'), maxLength: 200 })), (raw) => {
        for (const [s, max] of [
          [sanitizeName(raw), MAX_FOLDER_CHARS],
          [sanitizeFileName(raw), MAX_FILE_CHARS],
        ] as const) {
          expect(s.length).toBeGreaterThan(0);
          expect(s).not.toMatch(FORBIDDEN);
          expect(s).not.toMatch(/[. ]$/);
          expect(s).not.toMatch(/^ /);
          expect(s === '.' || s === '..').toBe(false);
          expect([...s].length).toBeLessThanOrEqual(max);
          expect(Buffer.byteLength(s)).toBeLessThanOrEqual(240);
        }
        // Idempotent: a sanitized name is kept as it is.
        expect(sanitizeName(sanitizeName(raw))).toBe(sanitizeName(raw));
        expect(sanitizeFileName(sanitizeFileName(raw))).toBe(sanitizeFileName(raw));
      }),
      { numRuns: 2000 },
    );
  });

  it('splits extensions and recognises temporary and media names', () => {
    expect(splitExtension('IMG_0001.JPG')).toEqual(['IMG_0001', '.JPG']);
    expect(splitExtension('.hidden')).toEqual(['.hidden', '']);
    expect(splitExtension('trailing.')).toEqual(['trailing.', '']);
    expect(isTempName(tempName(12, 3))).toBe(true);
    expect(isTempName('IMG_0001.JPG')).toBe(false);
    for (const n of ['IMG_0001.JPG', 'a.cr3', 'B.NEF', 'c.ARW', 'd.heic', 'e.MP4', 'f.mov', 'g.dng', 'h.RAF']) expect(isMediaFile(n)).toBe(true);
    for (const n of ['._IMG_0001.JPG', 'AUTPRINT.MRK', 'EOS_DIGITAL', 'x.txt', 'CANONMSC', '.jpg']) expect(isMediaFile(n)).toBe(false);
  });
});
