// Small pieces card ingest's screens share: sizes, durations, a job's outcome in words, and the
// "next card goes to …" control (on the customer page and in the ingest bar).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { CustomerRef, IngestEnded, IngestJobInfo, NextCard } from '../../contract';
import { getLanguage, t, tOr } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

/** 1234567890 → "1.2 GB", 34567890 → "35 MB" (decimal units, as disks and cards are sold). */
export function sizeText(bytes: number): string {
  const gb = bytes >= 1e9;
  const n = new Intl.NumberFormat(getLanguage(), { maximumFractionDigits: gb ? 1 : 0 }).format(bytes / (gb ? 1e9 : 1e6));
  return `${n} ${gb ? 'GB' : 'MB'}`;
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h > 0 ? `${h}:${pad(m)}:${pad(s % 60)}` : `${m}:${pad(s % 60)}`;
}

export const ACTIVE_STATES = ['queued', 'copying', 'verifying'];
export const isActive = (j: Pick<IngestJobInfo, 'state'>) => ACTIVE_STATES.includes(j.state);

/** What became of a job, for people: the issue's sentence when done, the reason otherwise. */
export function jobOutcome(j: IngestJobInfo): string {
  if (j.state === 'done') return t(j.backupPending ? 'ingest.doneLibraryOnly' : 'ingest.done', { copied: j.filesCopied, skipped: j.filesSkipped });
  const why = j.errorCode ? tOr(`ingest.error.${j.errorCode}`, j.error ?? j.errorCode) : (j.error ?? j.state);
  return `${why} ${t('ingest.counts', { copied: j.filesCopied, skipped: j.filesSkipped, failed: j.filesFailed })}`;
}

/** The end of a card's copy, with "safe to remove" only when the box unmounted it. */
export function endedText(e: IngestEnded): string {
  const base = jobOutcome(e.job);
  if (e.job.state !== 'done' || e.job.kind !== 'card') return base;
  return `${base} ${e.safeToRemove ? t('ingest.safeToRemove') : t('ingest.notEjected')}`;
}

/** The pre-selected customer for the next card, kept current through `ingest.next` events. */
export function useNextCard(): { value: NextCard | null; set(customer: CustomerRef | null, orderLabel?: string | null): Promise<void>; error: unknown } {
  const next = useValue<NextCard | null>(null);
  const error = useValue<unknown>(null);
  const load = () =>
    api<NextCard | null>('GET', '/api/ingest/next').then(
      (n) => next.set(n),
      () => undefined,
    );
  useEffect(() => void load(), []);
  useServerEvents(['ingest.next'], (e) => next.set(e.data as NextCard | null));
  useServerEvents(['hello'], () => void load());
  return {
    value: next.value,
    error: error.value,
    async set(customer, orderLabel = null) {
      try {
        next.set(await api<NextCard | null>('PUT', '/api/ingest/next', { customerId: customer?.id ?? null, orderLabel }));
        error.set(null);
      } catch (err) {
        error.set(err);
      }
    },
  };
}

/** "Next card goes to this customer" / "Next card goes to Lan · Cancel" on a customer's page. */
export function NextCardButton(p: { customer: CustomerRef }) {
  const me = useApp().me;
  const next = useNextCard();
  if (!can(me, 'ingest', 'view')) return null;
  const mine = next.value?.customer.id === p.customer.id;
  const editable = can(me, 'ingest', 'add');
  return html`<div class="next-card">
    ${next.value ? html`<span class=${mine ? 'tag next-mine' : 'tag'}>${t('next.label', { name: next.value.customer.name })}</span>` : null}
    ${editable && mine ? html`<button type="button" class="link-button" onClick=${() => void next.set(null)}>${t('next.cancel')}</button>` : null}
    ${editable && !mine ? html`<button type="button" onClick=${() => void next.set(p.customer)}>${t('next.setHere')}</button>` : null}
    ${next.error ? html`<small class="field-error" role="alert">${errorText(next.error)}</small>` : null}
  </div>`;
}
