// Card ingest on every screen (H3), mounted once in the shell:
//  - the inserted cards (useCardDesk, shared with the top bar's card indicator): one card's
//    dialog at a time (./card-dialog.ts), put away with "Later" and brought back from the top bar;
//  - a bar at the bottom while a card is copied (files, bytes, MB/s, time left), then the
//    result with "safe to remove"; and "next card goes to …" when it is set.
// The box pushes card.* and ingest.* events; the lists are asked for again on each.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { IngestCard, IngestEnded, IngestJobInfo, IngestProgressInfo } from '../../contract';
import { t } from '../../i18n/catalog';
import { can } from '../../permissions';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { CardDialog, EjectedDialog } from './card-dialog';
import { durationText, endedText, isActive, sizeText, useNextCard } from './ingest-bits';

/** The inserted cards, which of them were put away with "Later", and the one just ejected. */
export interface CardDesk {
  /** Cards waiting for a decision (none of them being copied). */
  waiting: IngestCard[];
  /** Those not put away: the first one's dialog is open. */
  shown: IngestCard[];
  hide(cardId: string): void;
  /** The top bar's card indicator: bring every put-away card back. */
  showAll(): void;
  ejected: IngestCard | null;
  setEjected(card: IngestCard | null): void;
  reload(): void;
}

export function useCardDesk(enabled: boolean): CardDesk {
  const cards = useValue<IngestCard[]>([]);
  const hidden = useValue<string[]>([]);
  const ejected = useValue<IngestCard | null>(null);
  const latestCards = useLatestOnly();
  const reload = () => {
    if (!enabled) return;
    void latestCards(api<IngestCard[]>('GET', '/api/ingest/cards'), (list) => cards.set(list));
  };
  useEffect(reload, [enabled]);
  useServerEvents(['hello', 'card.removed', 'card.ejected', 'ingest.card', 'ingest.finished', 'ingest.failed'], reload);
  useServerEvents(['card.inserted'], (e) => {
    const id = (e.data as { cardId: string }).cardId;
    hidden.set((prev) => prev.filter((h) => h !== id));
    reload();
  });
  const waiting = cards.value.filter((c) => !(c.job && isActive(c.job)));
  return {
    waiting,
    shown: waiting.filter((c) => !hidden.value.includes(c.card.cardId)),
    hide: (id) => hidden.set((prev) => [...prev, id]),
    showAll: () => hidden.set([]),
    ejected: ejected.value,
    setEjected: ejected.set,
    reload,
  };
}

/** In the top bar while cards wait: how many, and a click brings their dialog back. */
export function CardIndicator(p: { desk: CardDesk }) {
  const n = p.desk.waiting.length;
  if (!n) return null;
  const label = n === 1 ? t('cards.indicator') : t('cards.indicatorN', { n });
  return html`<button type="button" class="card-indicator" title=${label} aria-label=${label} onClick=${p.desk.showAll}>
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
      <path d="M7 2.5h8l4 4v15H7z" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
      <path d="M10 3v4M13 3v4M16 5v2" stroke="currentColor" stroke-width="1.6" />
    </svg>
    ${n > 1 ? html`<span class="count" aria-hidden="true">${n}</span>` : null}
  </button>`;
}

function ProgressLine(p: { job: IngestJobInfo; progress: IngestProgressInfo | null }) {
  const j = p.job;
  const pr = p.progress;
  const name = j.customer?.name ?? String(j.customerId);
  const title = j.state === 'queued' ? t('ingest.queued') : pr?.phase === 'verifying' ? t('ingest.verifyingFor', { name }) : t('ingest.copyingFor', { name });
  const total = pr?.totalBytes ?? j.bytesTotal;
  const done = pr?.bytes ?? 0;
  const parts = pr
    ? [
        t('ingest.progressFiles', { done: pr.files, total: pr.totalFiles }),
        t('ingest.progressBytes', { done: sizeText(pr.bytes), total: sizeText(pr.totalBytes) }),
        t('ingest.speed', { mbs: pr.mbPerSecond.toFixed(1) }),
        pr.secondsLeft !== null ? t('ingest.timeLeft', { time: durationText(pr.secondsLeft) }) : null,
      ].filter(Boolean)
    : [];
  return html`<div class="ingest-progress">
    <strong>${title}</strong>
    <progress max=${Math.max(total, 1)} value=${Math.min(done, total)} aria-label=${t('ingest.progressLabel')}></progress>
    <span class="small">${parts.join(' · ')}</span>
  </div>`;
}

export function IngestCenter(p: { desk: CardDesk }) {
  const me = useApp().me;
  const desk = p.desk;
  const running = useValue<IngestJobInfo | null>(null);
  const progress = useValue<IngestProgressInfo | null>(null);
  const ended = useValue<IngestEnded | null>(null);
  const next = useNextCard();
  const runningRef = useRef<IngestJobInfo | null>(null);
  const askedAt = useRef(0);
  runningRef.current = running.value;

  const latestJobs = useLatestOnly();
  const loadJobs = () =>
    latestJobs(api<IngestJobInfo[]>('GET', '/api/ingest/jobs?limit=10'), (jobs) => {
      const active = jobs.find((j) => j.kind !== 'upload' && isActive(j)) ?? null;
      running.set(active);
      progress.set(active?.progress ?? null);
    });

  useEffect(() => void loadJobs(), []);
  useServerEvents(['hello'], () => void loadJobs());
  useServerEvents(['ingest.started'], (e) => {
    const j = e.data as IngestJobInfo;
    if (j.kind === 'upload') return;
    running.set(j);
    progress.set(null);
    ended.set(null);
  });
  useServerEvents(['ingest.progress'], (e) => {
    const pr = e.data as IngestProgressInfo;
    if (runningRef.current?.id === pr.jobId) progress.set(pr);
    else if (!runningRef.current && Date.now() - askedAt.current > 5000) {
      // A copy this screen did not see start (opened mid-copy, or an upload: ignored).
      askedAt.current = Date.now();
      void loadJobs();
    }
  });
  useServerEvents(['ingest.finished', 'ingest.failed'], (e) => {
    const d = e.data as IngestEnded;
    if (d.job.kind === 'upload') return;
    ended.set(d);
    if (runningRef.current?.id === d.job.id) {
      running.set(null);
      progress.set(null);
    }
  });

  // One dialog at a time (a modal); the others wait behind it and in the top bar's indicator.
  const first = desk.shown[0];
  const e = ended.value;
  const showBar = running.value || e || next.value;
  return html`<div class="ingest-center">
    ${desk.ejected
      ? html`<${EjectedDialog} card=${desk.ejected} onClose=${() => desk.setEjected(null)} />`
      : first
        ? html`<${CardDialog}
            key=${first.card.cardId}
            card=${first}
            me=${me}
            onHide=${() => desk.hide(first.card.cardId)}
            onEjected=${() => (desk.hide(first.card.cardId), desk.setEjected(first))}
          />`
        : null}
    ${showBar
      ? html`<div class="ingest-bar" role="status" aria-live="polite">
          ${running.value ? html`<${ProgressLine} job=${running.value} progress=${progress.value} />` : null}
          ${e && !running.value
            ? html`<div class=${`ingest-ended ${e.job.state === 'done' ? 'ok' : 'bad'}`}>
                ${e.job.state !== 'done' ? html`<strong>${t('ingest.failedTitle')} </strong>` : null}
                <span>${endedText(e)}</span>
                <button type="button" class="link-button" onClick=${() => ended.set(null)}>${t('ingest.dismiss')}</button>
              </div>`
            : null}
          ${next.value
            ? html`<div class="ingest-next small">
                ${t('next.label', { name: next.value.customer.name })}
                ${can(me, 'ingest', 'add') ? html` <button type="button" class="link-button" onClick=${() => void next.set(null)}>${t('next.cancel')}</button>` : null}
              </div>`
            : null}
        </div>`
      : null}
  </div>`;
}
