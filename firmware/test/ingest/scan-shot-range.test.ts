import { describe, expect, it } from 'vitest';
import { pickTimeSample, shotRange } from '../../src/ingest/card/shot-range.js';

const f = (relPath: string, mtimeMs: number) => ({ relPath, mtimeMs });

describe('pickTimeSample', () => {
  it('earliest and latest by mtime plus first and last by name, without duplicates', () => {
    const files = Array.from({ length: 100 }, (_, i) => f(`DCIM/100CANON/IMG_${String(i).padStart(4, '0')}.JPG`, 1000 + ((i * 37) % 100)));
    const sample = pickTimeSample(files, 3, 2);
    const byTime = [...files].sort((a, b) => a.mtimeMs - b.mtimeMs);
    for (const x of [...byTime.slice(0, 3), ...byTime.slice(-3)]) expect(sample).toContain(x);
    for (const x of [files[0], files[1], files[98], files[99]]) expect(sample).toContain(x);
    expect(new Set(sample).size).toBe(sample.length);
    expect(sample.length).toBeLessThanOrEqual(10);
  });

  it('small sets are taken whole, once', () => {
    const files = [f('a', 3), f('b', 1), f('c', 2)];
    expect(pickTimeSample(files, 4, 2).sort((a, b) => a.mtimeMs - b.mtimeMs)).toEqual([f('b', 1), f('c', 2), f('a', 3)]);
    expect(pickTimeSample([], 4, 2)).toEqual([]);
  });

  it('the size is bounded whatever the card holds', () => {
    const files = Array.from({ length: 20_000 }, (_, i) => f(`p${i}`, i % 7));
    expect(pickTimeSample(files, 4, 2).length).toBeLessThanOrEqual(12);
  });
});

describe('shotRange', () => {
  it('EXIF times win; nulls and garbage are ignored', () => {
    expect(shotRange(['2024-05-01T03:00:00.000Z', null, '2024-05-01T01:00:00.000Z', 'nonsense'], [0, 1e12])).toEqual({
      from: '2024-05-01T01:00:00.000Z', to: '2024-05-01T03:00:00.000Z', source: 'exif',
    });
  });
  it('falls back to mtimes, then to nothing', () => {
    expect(shotRange([null], [Date.UTC(2024, 0, 2), Date.UTC(2024, 0, 1), 0, NaN])).toEqual({ from: '2024-01-01T00:00:00.000Z', to: '2024-01-02T00:00:00.000Z', source: 'mtime' });
    expect(shotRange([], [])).toEqual({ from: null, to: null, source: null });
  });
  it('handles a card of 100,000 files without blowing the stack', () => {
    const m = Array.from({ length: 100_000 }, (_, i) => Date.UTC(2024, 0, 1) + i * 1000);
    expect(shotRange([], m).to).toBe(new Date(m.at(-1)!).toISOString());
  });
});
