// Thumbnail sheets in a grid (api/ingest.ts THUMB_SHEET_MAX): where each photo's picture is in
// which sheet, how to show one slot of a sheet in a cell, and the loading of the sheets. A grid
// of 1,500 photos loads 63 images instead of 1,500; in Chromium each image costs the page's main
// thread a few milliseconds (on a tablet), and a grid scrolled quickly needs eight a frame.
import { useRef } from 'preact/hooks';
import { THUMB_SHEET_MAX, thumbSheetGroups, thumbSheetSlot } from '../../contract';
import { useValue } from '../../use-value';

export interface SheetPlace {
  /** The sheet's address (GET /api/thumb-sheets/:size/:keys). */
  url: string;
  /** Slot in the sheet, from 0. */
  slot: number;
  /** Slots in the sheet. */
  count: number;
}

/**
 * Pure: each photo's place in the sheets of `size`, null for a photo without a thumbnail. The
 * photos with thumbnails, in order, `max` a sheet: the same list gives the same addresses, so
 * the browser's cache (and the box's) serves a sheet again after a reload or a new mark.
 */
export function sheetPlaces(photos: readonly { key: string; thumbnail: boolean }[], size: number, max = THUMB_SHEET_MAX): (SheetPlace | null)[] {
  const out: (SheetPlace | null)[] = photos.map(() => null);
  for (const g of thumbSheetGroups(photos, max)) {
    const url = `/api/thumb-sheets/${size}/${g.keys.join('.')}`;
    g.members.forEach((i, slot) => (out[i] = { url, slot, count: g.members.length }));
  }
  return out;
}

export interface SlotBox {
  width: number;
  height: number;
  backgroundSize: string;
  backgroundPosition: string;
}

/**
 * Pure: slot `place.slot` of its sheet (of `size`) shown in a box of boxW × boxH px: the slot
 * scaled to fit (as `object-fit: contain` would) and the sheet moved so only that slot shows.
 */
export function slotBox(place: SheetPlace, size: number, boxW: number, boxH: number): SlotBox {
  const slot = thumbSheetSlot(size);
  const scale = Math.max(0, Math.min(boxW / slot.width, boxH / slot.height));
  const sheetH = place.count * slot.pitch - (slot.pitch - slot.height);
  const px = (n: number) => `${Math.round(n * 100) / 100}px`;
  return {
    width: Math.floor(slot.width * scale),
    height: Math.floor(slot.height * scale),
    backgroundSize: `${px(slot.width * scale)} ${px(sheetH * scale)}`,
    backgroundPosition: `0 ${px(-place.slot * slot.pitch * scale)}`,
  };
}

interface Loading {
  img: HTMLImageElement;
  /** The address that loaded (with its retry), once it has. */
  src: string | null;
  tries: number;
}

/**
 * Loads sheets as a grid asks for them, once each, and re-renders the grid when one is ready
 * (loaded and decoded, so showing it does not stall a frame). While the box is still making
 * thumbnails it answers 503: asked again 1.5 s later, at most 30 times.
 */
export function useSheets(): (url: string) => string | null {
  const loads = useRef(new Map<string, Loading>());
  const arrived = useValue(0);
  return (url) => {
    const known = loads.current.get(url);
    if (known) return known.src;
    const l: Loading = { img: new Image(), src: null, tries: 0 };
    loads.current.set(url, l);
    l.img.decoding = 'async';
    l.img.onload = () => {
      const ready = () => {
        l.src = l.img.src;
        arrived.set((n) => n + 1);
      };
      l.img.decode().then(ready, ready);
    };
    l.img.onerror = () => {
      if (l.tries >= 30) return;
      setTimeout(() => (l.img.src = `${url}?try=${++l.tries}`), 1500);
    };
    l.img.src = url;
    return null;
  };
}
