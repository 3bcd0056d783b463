// The selection grid's thumbnail size: the smallest that fills a cell at the screen's pixel ratio.
import { describe, expect, it } from 'vitest';
import { gridThumbSize } from '../src/components/selection/selection-grid';

describe('gridThumbSize', () => {
  const sizes = [160, 320];
  it('a 1× screen takes 160 for a ~170 px cell (a picture of ~161 px: under 1 % enlarged)', () => {
    expect(gridThumbSize(sizes, 1024 / 6, 1)).toBe(160);
  });
  it('a 1.5× or 2× tablet takes 320; a wide cell on a 1× screen too', () => {
    expect(gridThumbSize(sizes, 1024 / 6, 2)).toBe(320);
    expect(gridThumbSize(sizes, 1024 / 6, 1.5)).toBe(320);
    expect(gridThumbSize(sizes, 200, 1)).toBe(320);
  });
  it('larger than every size: the largest; a box that makes only 320 (older sessions): 320', () => {
    expect(gridThumbSize(sizes, 300, 3)).toBe(320);
    expect(gridThumbSize([320], 170, 1)).toBe(320);
    expect(gridThumbSize([320, 160], 170, 1)).toBe(160);
  });
});
