// The full-screen view of one photo (O4): the large preview (never the original) until the
// customer zooms in past 1.5×, then the original. Touch: swipe left/right for the next photo,
// pinch or double-tap to zoom, drag to pan a zoomed photo. Keys: ←/→, Esc. Marks and the
// retouch wish of the photo on screen are set here.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { SELECTION_MARKS, type SelectionMark, type SelectionPhoto } from '../../contract';
import { t } from '../../i18n/catalog';
import { useValue } from '../../use-value';
import { Thumb } from './selection-grid';

const SWIPE_PX = 60;
const MAX_SCALE = 5;
const ORIGINAL_AT = 1.5;

interface Pt {
  x: number;
  y: number;
}

export interface ViewerProps {
  sessionId: number;
  photos: SelectionPhoto[];
  index: number;
  largeSize: number;
  editable: boolean;
  onIndex(i: number): void;
  onClose(): void;
  onMark(photo: SelectionPhoto, mark: SelectionMark | null): void;
  onNote(photo: SelectionPhoto, note: string): Promise<void>;
}

export function MarkButtons(p: { photo: SelectionPhoto; editable: boolean; onMark(photo: SelectionPhoto, mark: SelectionMark | null): void }) {
  return html`<div class="sel-marks" role="group">
    ${SELECTION_MARKS.map((m) => html`<button type="button" class=${`mark-${m}`} aria-pressed=${p.photo.mark === m} disabled=${!p.editable}
      onClick=${() => p.onMark(p.photo, p.photo.mark === m ? null : m)}>${t(`selection.mark.${m}`)}</button>`)}
  </div>`;
}

export function SelectionViewer(p: ViewerProps) {
  const photo = p.photos[p.index];
  const zoom = useValue({ scale: 1, x: 0, y: 0 });
  const draft = useValue(photo?.note ?? '');
  const saved = useValue(false);
  const pointers = useRef(new Map<number, Pt>());
  const gesture = useRef<{ start: Pt; startZoom: { scale: number; x: number; y: number }; dist: number; moved: boolean; lastTap: number }>({
    start: { x: 0, y: 0 }, startZoom: { scale: 1, x: 0, y: 0 }, dist: 0, moved: false, lastTap: 0,
  });

  useEffect(() => {
    zoom.set({ scale: 1, x: 0, y: 0 });
    draft.set(photo?.note ?? '');
    saved.set(false);
  }, [photo?.fileId]);

  const go = (d: number) => {
    const i = p.index + d;
    if (i >= 0 && i < p.photos.length) p.onIndex(i);
  };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.target as HTMLElement | null)?.tagName === 'TEXTAREA') return;
      if (e.key === 'ArrowRight') go(1);
      else if (e.key === 'ArrowLeft') go(-1);
      else if (e.key === 'Escape') p.onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [p.index, p.photos.length]);

  if (!photo) return null;
  const z = zoom.value;
  const dist = (a: Pt, b: Pt) => Math.hypot(a.x - b.x, a.y - b.y);
  const two = () => [...pointers.current.values()];

  const down = (e: PointerEvent) => {
    (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    g.startZoom = zoom.value;
    g.moved = false;
    if (pointers.current.size === 1) g.start = { x: e.clientX, y: e.clientY };
    if (pointers.current.size === 2) {
      const pts = two();
      g.dist = dist(pts[0]!, pts[1]!);
    }
  };
  const move = (e: PointerEvent) => {
    if (!pointers.current.has(e.pointerId)) return;
    pointers.current.set(e.pointerId, { x: e.clientX, y: e.clientY });
    const g = gesture.current;
    if (pointers.current.size >= 2) {
      const pts = two();
      const d = dist(pts[0]!, pts[1]!);
      if (g.dist > 0) {
        const scale = Math.min(MAX_SCALE, Math.max(1, g.startZoom.scale * (d / g.dist)));
        zoom.set({ scale, x: scale === 1 ? 0 : g.startZoom.x, y: scale === 1 ? 0 : g.startZoom.y });
      }
      g.moved = true;
      return;
    }
    const dx = e.clientX - g.start.x;
    const dy = e.clientY - g.start.y;
    if (Math.abs(dx) > 8 || Math.abs(dy) > 8) g.moved = true;
    if (zoom.value.scale > 1) zoom.set({ scale: zoom.value.scale, x: g.startZoom.x + dx, y: g.startZoom.y + dy });
  };
  const up = (e: PointerEvent) => {
    if (!pointers.current.has(e.pointerId)) return;
    const wasPinch = pointers.current.size >= 2;
    pointers.current.delete(e.pointerId);
    const g = gesture.current;
    if (wasPinch) {
      if (pointers.current.size === 1) {
        g.start = two()[0]!;
        g.startZoom = zoom.value;
      }
      return;
    }
    const dx = e.clientX - g.start.x;
    if (zoom.value.scale === 1 && g.moved && Math.abs(dx) > SWIPE_PX && Math.abs(dx) > Math.abs(e.clientY - g.start.y)) {
      go(dx < 0 ? 1 : -1);
      return;
    }
    if (!g.moved) {
      const now = e.timeStamp;
      if (now - g.lastTap < 350) {
        zoom.set(zoom.value.scale > 1 ? { scale: 1, x: 0, y: 0 } : { scale: 2.5, x: 0, y: 0 });
        g.lastTap = 0;
      } else g.lastTap = now;
    }
  };

  const original = z.scale > ORIGINAL_AT;
  const saveNote = async () => {
    if (draft.value.trim() === photo.note) return;
    await p.onNote(photo, draft.value);
    saved.set(true);
  };

  return html`<div class="sel-viewer" role="dialog" aria-modal="true" aria-label=${photo.name}>
    <div class="sel-stage" data-zoomed=${original ? 'original' : 'preview'}
      onPointerDown=${down} onPointerMove=${move} onPointerUp=${up} onPointerCancel=${up}>
      <div class="sel-zoom" style=${{ transform: `translate(${z.x}px, ${z.y}px) scale(${z.scale})` }}>
        ${original
          ? html`<img class="sel-large" src=${`/api/selections/${p.sessionId}/photos/${photo.fileId}/original`} alt=${photo.name} draggable=${false} />`
          : html`<${Thumb} key=${photo.fileId} photo=${photo} size=${p.largeSize} className="sel-large" />`}
      </div>
    </div>
    <div class="sel-viewer-bar">
      <button type="button" aria-label=${t('selection.prev')} disabled=${p.index === 0} onClick=${() => go(-1)}>‹</button>
      <span class="sel-pos">${t('selection.position', { n: p.index + 1, total: p.photos.length })} · ${photo.name}</span>
      <button type="button" aria-label=${t('selection.next')} disabled=${p.index >= p.photos.length - 1} onClick=${() => go(1)}>›</button>
      <${MarkButtons} photo=${photo} editable=${p.editable} onMark=${p.onMark} />
      <button type="button" class="sel-close" onClick=${p.onClose}>${t('selection.close')}</button>
    </div>
    <div class="sel-wish">
      <label>${t('selection.wish')}
        <textarea rows="2" maxlength="2000" value=${draft.value} disabled=${!p.editable}
          onInput=${(e: Event) => (draft.set((e.target as HTMLTextAreaElement).value), saved.set(false))} onBlur=${() => void saveNote()}></textarea>
      </label>
      ${p.editable ? html`<button type="button" onClick=${() => void saveNote()}>${t('selection.saveWish')}</button>` : null}
      ${saved.value ? html`<span class="ok" role="status">${t('selection.wishSaved')}</span>` : html`<span class="muted">${t('selection.zoomHint')}</span>`}
    </div>
  </div>`;
}
