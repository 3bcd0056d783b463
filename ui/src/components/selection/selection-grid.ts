// The selection grid (O4): thumbnails of a shoot, virtualised. Only the rows in view (and two
// above and below) are in the DOM, so a shoot of 1,500 photos costs what a screenful costs; the
// scroll listener is passive and measures once per frame. Cells are placed with transforms in
// one tall box, so the browser only composites while scrolling. The pictures come 24 to an
// image (thumbnail sheets, thumb-sheets.ts): one image per thumbnail cost the tablet's main
// thread more than a frame's time while the grid was flicked.
import { html } from 'htm/preact';
import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { SelectionPhoto } from '../../contract';
import { t } from '../../i18n/catalog';
import { useValue } from '../../use-value';
import { sheetPlaces, slotBox, useSheets } from './thumb-sheets';

/** A thumbnail that asks again while the box is still making it (503 thumbnail_pending). */
export function Thumb(p: { photo: SelectionPhoto; size: number; className?: string }) {
  const tries = useValue(0);
  const url = `/api/thumbs/${p.photo.key}/${p.size}${tries.value ? `?try=${tries.value}` : ''}`;
  if (!p.photo.thumbnail) return html`<span class=${`sel-nothumb ${p.className ?? ''}`}>${p.photo.name}</span>`;
  return html`<img class=${p.className ?? ''} src=${url} alt=${p.photo.name} decoding="async" draggable=${false}
    onError=${() => tries.value < 30 && setTimeout(() => tries.set((n) => n + 1), 1500)} />`;
}

const MIN_CELL = 150;
const OVERSCAN_ROWS = 2;
/** The cell's padding and the button's border, both sides (styles.css .sel-cell, .sel-open). */
const CELL_FRAME = 2 * 2 + 2 * 3;
/** A thumbnail may be drawn up to this much larger than it is (a few per cent do not show). */
const MAX_ENLARGE = 1.1;

/**
 * Pure: the grid's thumbnail size: the smallest that fills a cell's picture at the screen's
 * pixel ratio (160 on a 1× screen, 320 on a 2× tablet), else the largest there is. Smaller
 * files are quicker to fetch, to hand to the decoder and to draw while the grid scrolls.
 */
export function gridThumbSize(sizes: readonly number[], cellWidth: number, pixelRatio: number): number {
  const need = Math.max(1, (cellWidth - CELL_FRAME) * (pixelRatio || 1)) / MAX_ENLARGE;
  const sorted = [...sizes].sort((a, b) => a - b);
  return sorted.find((s) => s >= need) ?? sorted[sorted.length - 1] ?? 320;
}

export interface GridProps {
  photos: SelectionPhoto[];
  /** The sizes the box makes for grids (the session's thumbSizes but the full-screen one). */
  thumbSizes: readonly number[];
  picked: readonly number[];
  onOpen(index: number): void;
  onPick(fileId: number): void;
}

export function SelectionGrid(p: GridProps) {
  const box = useRef<HTMLDivElement>(null);
  const view = useValue({ top: 0, width: 0, height: 0 });

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      view.set({ top: el.scrollTop, width: el.clientWidth, height: el.clientHeight });
    };
    const onScroll = () => {
      if (!frame) frame = requestAnimationFrame(measure);
    };
    measure();
    const ro = new ResizeObserver(() => measure());
    ro.observe(el);
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
      if (frame) cancelAnimationFrame(frame);
    };
  }, []);

  const v = view.value;
  const cols = Math.max(2, Math.floor(v.width / MIN_CELL));
  const cellW = v.width / cols;
  const rowH = Math.round(cellW * 0.75);
  const rows = Math.ceil(p.photos.length / cols);
  const size = gridThumbSize(p.thumbSizes, cellW, window.devicePixelRatio);
  // By key and order only: a new mark (a new photos array) keeps the same sheets.
  const keys = p.photos.map((x) => (x.thumbnail ? x.key : '')).join(' ');
  const places = useMemo(() => sheetPlaces(p.photos, size), [keys, size]);
  const sheet = useSheets();
  const first = rowH > 0 ? Math.max(0, Math.floor(v.top / rowH) - OVERSCAN_ROWS) : 0;
  const last = rowH > 0 ? Math.min(rows, Math.ceil((v.top + v.height) / rowH) + OVERSCAN_ROWS) : 0;
  const picture = (photo: SelectionPhoto, i: number) => {
    const place = places[i];
    if (!place) return html`<span class="sel-nothumb">${photo.name}</span>`;
    const src = sheet(place.url);
    const b = slotBox(place, size, cellW - CELL_FRAME, rowH - CELL_FRAME);
    const style = src
      ? { width: `${b.width}px`, height: `${b.height}px`, backgroundImage: `url("${src}")`, backgroundSize: b.backgroundSize, backgroundPosition: b.backgroundPosition }
      : { width: `${b.width}px`, height: `${b.height}px` };
    return html`<span class="sel-sheet" data-ready=${src ? 'yes' : 'no'} style=${style}></span>`;
  };
  const cells = [];
  for (let i = first * cols; i < Math.min(p.photos.length, last * cols); i++) {
    const photo = p.photos[i]!;
    const x = (i % cols) * cellW;
    const y = Math.floor(i / cols) * rowH;
    const picked = p.picked.includes(photo.fileId);
    cells.push(html`<div key=${photo.fileId} class=${`sel-cell mark-${photo.mark ?? 'none'}`} data-name=${photo.name}
      style=${{ width: `${cellW}px`, height: `${rowH}px`, transform: `translate(${x}px, ${y}px)` }}>
      <button type="button" class="sel-open" aria-label=${photo.name} onClick=${() => p.onOpen(i)}>${picture(photo, i)}</button>
      ${photo.mark ? html`<span class="sel-badge">${t(`selection.mark.${photo.mark}`)}</span>` : null}
      ${photo.note ? html`<span class="sel-noted" aria-hidden="true">✎</span>` : null}
      <button type="button" class="sel-pick" aria-pressed=${picked} aria-label=${t('selection.pick', { name: photo.name })} onClick=${() => p.onPick(photo.fileId)}>${picked ? '✓' : ''}</button>
    </div>`);
  }
  return html`<div class="sel-grid" ref=${box}>
    ${p.photos.length === 0 ? html`<p class="muted">${t('selection.empty')}</p>` : null}
    <div class="sel-grid-inner" style=${{ height: `${rows * rowH}px` }}>${cells}</div>
  </div>`;
}
