// Scan (M1): a member card's barcode or QR code through the device's camera finds the card and
// opens its holder's page. A live picture where the browser allows the camera (a secure
// context: HTTPS or the box's own address on localhost), else a photo taken with the phone's
// camera app (a file input with `capture`, which works over plain HTTP on the studio's LAN).
// Loaded only when Scan is pressed (shell's first load stays small); the code reader is
// barcode-detect.ts.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../api';
import type { MemberCard } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { navigate } from '../../router';
import { useValue } from '../../use-value';
import { cardCodeReader } from '../till/barcode-detect';
import { Banner } from '../fields';
import { Modal } from '../modal';

/** How often a live frame is read: often enough to feel instant, rarely enough for an old phone. */
const FRAME_MS = 250;

const liveCamera = () => window.isSecureContext && typeof navigator.mediaDevices?.getUserMedia === 'function';

export function CardScanDialog(p: { onClose(): void }) {
  const video = useRef<HTMLVideoElement>(null);
  const status = useValue<string>(t('scan.starting'));
  const problem = useValue<string | null>(null);
  const live = useValue(liveCamera());
  const tried = useRef(new Set<string>());
  const done = useRef(false);

  // A code read: the card it names opens its holder's page; an unknown number says so once.
  const found = async (texts: string[]): Promise<boolean> => {
    for (const text of texts) {
      if (done.current || tried.current.has(text)) continue;
      tried.current.add(text);
      try {
        const card = await api<MemberCard>('GET', `/api/member-cards/by-no/${encodeURIComponent(text)}`);
        done.current = true;
        p.onClose();
        navigate(`/customers/${card.customer.id}`);
        return true;
      } catch (err) {
        problem.set((err as { status?: number }).status === 404 ? t('scan.notFound', { cardNo: text }) : errorText(err));
      }
    }
    return false;
  };

  useEffect(() => {
    if (!live.value) return;
    let stream: MediaStream | null = null;
    let timer = 0;
    let stopped = false;
    (async () => {
      try {
        const reader = await cardCodeReader();
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
        if (stopped) return;
        const v = video.current!;
        v.srcObject = stream;
        await v.play();
        status.set(t('scan.hint'));
        const tick = async () => {
          if (stopped || done.current) return;
          if (v.readyState >= 2 && (await found(await reader.read(v).catch(() => [])))) return;
          timer = window.setTimeout(() => void tick(), FRAME_MS);
        };
        void tick();
      } catch (err) {
        if (stopped) return;
        // No camera, refused, or no reader: a photo may still do.
        problem.set(t('scan.noCamera', { reason: err instanceof Error ? err.message : String(err) }));
        live.set(false);
      }
    })();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
  }, [live.value]);

  const photo = async (e: Event) => {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    problem.set(null);
    tried.current.clear();
    try {
      const reader = await cardCodeReader();
      const texts = await reader.read(await createImageBitmap(file));
      if (!texts.length) return problem.set(t('scan.noCode'));
      await found(texts);
    } catch (err) {
      problem.set(errorText(err));
    }
  };

  const footer = html`<button type="button" onClick=${p.onClose}>${t('scan.cancel')}</button>`;
  return html`<${Modal} class="card-scan" labelledBy="card-scan-title" onClose=${p.onClose} footer=${footer}>
    <h2 id="card-scan-title">${t('scan.title')}</h2>
    ${live.value
      ? html`<p class="hint" role="status">${status.value}</p><video ref=${video} muted playsInline autoPlay></video>`
      : html`<p class="hint">${t('scan.photoHint')}</p>
          <label class="button primary file-button">${t('scan.photo')}
            <input type="file" accept="image/*" capture="environment" class="sr-only" onChange=${(e: Event) => void photo(e)} />
          </label>`}
    ${problem.value ? html`<${Banner} kind="error">${problem.value}<//>` : null}
  <//>`;
}
