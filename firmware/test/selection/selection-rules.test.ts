// The pure rules of a selection: the tally against the package, when finishing is allowed,
// the Lightroom filter.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SELECTION_MARKS, type SelectionMark } from '../../src/api-types.js';
import { lightroomFilter, tally, whyNotFinish } from '../../src/selection/selection-rules.js';

const mark = fc.constantFrom<SelectionMark | null>(null, ...SELECTION_MARKS);
const pkgArb = fc.record({ photosIncluded: fc.option(fc.nat(50), { nil: null }), extraPhotoMinor: fc.option(fc.nat(100_000), { nil: null }) });

describe('tally', () => {
  it('counts every mark once and prices only photos kept beyond the included number', () => {
    fc.assert(
      fc.property(fc.array(mark, { maxLength: 200 }), pkgArb, (marks, pkg) => {
        const t = tally(marks, pkg);
        expect(t.total).toBe(marks.length);
        expect(t.keep + t.maybe + t.no + t.unmarked).toBe(marks.length);
        expect(t.keep).toBe(marks.filter((m) => m === 'keep').length);
        const extra = pkg.photosIncluded === null ? 0 : Math.max(0, t.keep - pkg.photosIncluded);
        expect(t.extra).toBe(extra);
        expect(t.extraMinor).toBe(pkg.extraPhotoMinor === null ? null : extra * pkg.extraPhotoMinor);
      }),
    );
  });

  it('at the edge: exactly the included number costs nothing, one more costs one extra', () => {
    const pkg = { photosIncluded: 2, extraPhotoMinor: 5000 };
    expect(tally(['keep', 'keep', 'no', 'maybe'], pkg)).toEqual({ total: 4, keep: 2, maybe: 1, no: 1, unmarked: 0, extra: 0, extraMinor: 0 });
    expect(tally(['keep', 'keep', 'keep'], pkg)).toMatchObject({ extra: 1, extraMinor: 5000 });
    expect(tally([], pkg)).toMatchObject({ total: 0, extra: 0, extraMinor: 0 });
  });
});

describe('whyNotFinish', () => {
  it('refuses maybes left, then nothing kept; allows anything else', () => {
    fc.assert(
      fc.property(fc.array(mark, { maxLength: 50 }), (marks) => {
        const t = tally(marks, { photosIncluded: null, extraPhotoMinor: null });
        const why = whyNotFinish(t);
        if (t.maybe > 0) expect(why?.code).toBe('maybes_left');
        else if (t.keep === 0) expect(why?.code).toBe('nothing_kept');
        else expect(why).toBeNull();
      }),
    );
  });
});

describe('lightroomFilter', () => {
  it('joins the names without extension by ", ", once each, in order', () => {
    expect(lightroomFilter(['IMG_0001.JPG', 'IMG_0002.CR2', 'IMG_0001.CR2', 'DSC 7.jpeg'])).toBe('IMG_0001, IMG_0002, DSC 7');
    expect(lightroomFilter([])).toBe('');
    expect(lightroomFilter(['a,b.jpg'])).toBe('a b');
  });

  it('never holds an extra comma: as many parts as distinct names', () => {
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[A-Za-z0-9_,]{1,12}\.(JPG|CR2)$/), { maxLength: 30 }), (names) => {
        const out = lightroomFilter(names);
        const parts = out ? out.split(', ') : [];
        expect(parts.every((p) => p.length > 0 && !p.includes(','))).toBe(true);
        expect(new Set(parts.map((p) => p.toLowerCase())).size).toBe(parts.length);
      }),
    );
  });
});
