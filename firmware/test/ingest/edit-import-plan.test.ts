import { describe, expect, it } from 'vitest';
import { isEditTarget, planEditImport } from '../../src/ingest/photos/edit-import-plan.js';

const names = (plan: ReturnType<typeof planEditImport>) => plan.files.map((f) => (f.action === 'copy' ? f.name : `skip:${f.reason}`));

describe('planEditImport', () => {
  it('keeps free names, suffixes clashes with existing files case-insensitively', () => {
    const plan = planEditImport('refined', [{ name: 'IMG_0001.jpg' }, { name: 'IMG_0002.jpg' }, { name: 'img_0003.JPG' }], [{ name: 'IMG_0002.JPG' }, { name: 'IMG_0003.jpg' }, { name: 'IMG_0003 (2).jpg' }]);
    expect(names(plan)).toEqual(['IMG_0001.jpg', 'IMG_0002 (2).jpg', 'img_0003 (3).JPG']);
    expect(plan.files.map((f) => f.action === 'copy' && f.renamed)).toEqual([false, true, true]);
    expect(plan).toMatchObject({ target: 'refined', copies: 3, skips: 0 });
  });

  it('clashes inside the batch too (two retouchers, same file name)', () => {
    const plan = planEditImport('first-edits', [{ name: 'a/IMG_0001.jpg' }, { name: 'b/IMG_0001.jpg' }, { name: 'c\\img_0001.JPG' }], []);
    expect(names(plan)).toEqual(['IMG_0001.jpg', 'IMG_0001 (2).jpg', 'img_0001 (3).JPG']);
  });

  it('skips system files and files already in the folder or earlier in the batch (same hash)', () => {
    const plan = planEditImport(
      'design',
      [{ name: '._page1.psd' }, { name: 'page1.psd', hash: 'AA11' }, { name: 'page1 copy.psd', hash: 'aa11' }, { name: 'page2.psd', hash: 'bb22' }, { name: 'Thumbs.db' }, { name: 'page2-again.psd', hash: 'bb22' }],
      [{ name: 'cover.psd', hash: 'cc33' }, { name: 'old.psd', hash: 'aa11' }],
    );
    expect(plan.files).toEqual([
      { input: '._page1.psd', action: 'skip', reason: 'system-file' },
      { input: 'page1.psd', action: 'skip', reason: 'already-there', sameAs: 'old.psd' },
      { input: 'page1 copy.psd', action: 'skip', reason: 'already-there', sameAs: 'old.psd' },
      { input: 'page2.psd', action: 'copy', name: 'page2.psd', renamed: false },
      { input: 'Thumbs.db', action: 'skip', reason: 'system-file' },
      { input: 'page2-again.psd', action: 'skip', reason: 'duplicate-in-batch', sameAs: 'page2.psd' },
    ]);
    expect(plan).toMatchObject({ copies: 1, skips: 5 });
  });

  it('makes names Windows-safe (the library is read over SMB) and marks them renamed', () => {
    const plan = planEditImport('refined', [{ name: 'C:\\fakepath\\bride: final?.jpg' }, { name: 'CON.jpg' }, { name: 'final.jpg. ' }], []);
    const got = names(plan);
    expect(got[0]).toBe('bride_ final_.jpg');
    expect(got[1]).not.toBe('CON.jpg');
    expect(got[2]).not.toMatch(/[. ]$/); // Windows drops trailing dots and spaces
    expect(plan.files.every((f) => f.action === 'copy' && f.renamed)).toBe(true);
  });

  it('the same input gives the same plan; a planned name is never planned twice', () => {
    const incoming = Array.from({ length: 50 }, (_, i) => ({ name: i % 3 === 0 ? 'IMG.JPG' : i % 3 === 1 ? 'img.jpg' : `IMG (${i % 5}).jpg` }));
    const existing = [{ name: 'IMG.jpg' }, { name: 'IMG (2).JPG' }];
    const a = planEditImport('refined', incoming, existing);
    expect(planEditImport('refined', incoming, existing)).toEqual(a);
    const keys = [...names(a), ...existing.map((e) => e.name)].map((s) => s.toLowerCase());
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('isEditTarget accepts the three edit folders only', () => {
    expect(['first-edits', 'refined', 'design'].every(isEditTarget)).toBe(true);
    expect(['originals', 'Refined', '', null, 3].some(isEditTarget)).toBe(false);
  });
});
