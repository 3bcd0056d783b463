// The grid's side of thumbnail sheets (ui/src/components/selection/thumb-sheets.ts): which sheet and slot
// each photo is in, and how one slot is shown in a cell.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { THUMB_SHEET_BACKDROP, THUMB_SHEET_MAX, thumbSheetSlot } from '../../firmware/src/api/ingest.js';
import { sheetPlaces, slotBox } from '../src/components/selection/thumb-sheets.js';

const key = (i: number) => i.toString(16).padStart(32, '0');

describe('sheetPlaces', () => {
  it('puts the photos with thumbnails, in order, 24 to a sheet; the others nowhere', () => {
    const photos = Array.from({ length: 30 }, (_, i) => ({ key: key(i), thumbnail: i !== 3 }));
    const places = sheetPlaces(photos, 160);
    expect(places[3]).toBeNull();
    expect(places[0]).toEqual({ url: `/api/thumb-sheets/160/${[0, 1, 2, ...Array.from({ length: 21 }, (_, i) => i + 4)].map(key).join('.')}`, slot: 0, count: 24 });
    expect(places[4]!.slot).toBe(3);
    expect(places[24]!.slot).toBe(23);
    expect(places[25]).toEqual({ url: `/api/thumb-sheets/160/${[25, 26, 27, 28, 29].map(key).join('.')}`, slot: 0, count: 5 });
  });

  it('for any list: every photo with a thumbnail has one place, slots run 0..count-1 in order, no sheet holds more than 24', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { maxLength: 200 }), (thumbs) => {
        const photos = thumbs.map((thumbnail, i) => ({ key: key(i), thumbnail }));
        const places = sheetPlaces(photos, 320);
        const bySheet = new Map<string, number[]>();
        places.forEach((p, i) => {
          expect(p === null).toBe(!photos[i]!.thumbnail);
          if (!p) return;
          bySheet.set(p.url, [...(bySheet.get(p.url) ?? []), i]);
        });
        for (const [url, members] of bySheet) {
          expect(members.length).toBeLessThanOrEqual(THUMB_SHEET_MAX);
          expect(url).toBe(`/api/thumb-sheets/320/${members.map((i) => photos[i]!.key).join('.')}`);
          members.forEach((i, slot) => expect(places[i]).toEqual({ url, slot, count: members.length }));
        }
      }),
    );
  });
});

describe('slotBox', () => {
  it('fits the ¾-high slot into the cell and moves the sheet so only that slot shows', () => {
    const slot = thumbSheetSlot(160);
    // A cell picture 200 × 140: height-bound (140 / 120), scale 7/6.
    const b = slotBox({ url: '', slot: 5, count: 24 }, 160, 200, 140);
    const scale = 140 / 120;
    expect(b.width).toBe(Math.floor(160 * scale));
    expect(b.height).toBe(140);
    expect(b.backgroundSize).toBe(`${Math.round(160 * scale * 100) / 100}px ${Math.round((24 * slot.pitch - (slot.pitch - slot.height)) * scale * 100) / 100}px`);
    expect(b.backgroundPosition).toBe(`0 ${Math.round(-5 * slot.pitch * scale * 100) / 100}px`);
    // Width-bound, and the first slot at the top.
    const w = slotBox({ url: '', slot: 0, count: 3 }, 320, 150, 300);
    expect([w.width, w.height]).toEqual([150, Math.floor(240 * (150 / 320))]);
    expect(w.backgroundPosition).toBe('0 0px');
  });
});

it('the sheets’ backdrop is the grid cell’s own colour, so a letterbox does not show', () => {
  const css = readFileSync(join(__dirname, '..', 'styles.css'), 'utf8');
  const rule = /\.sel-open \{[^}]*\}/.exec(css)?.[0] ?? '';
  expect(rule).toContain(`background: ${THUMB_SHEET_BACKDROP};`);
});
