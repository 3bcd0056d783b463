// Card ingest on every screen (H3), mounted once in the shell:
//  - a dialog per inserted card: "Card inserted: N files, X GB, shot between … and …", both
//    disks' free space and warnings, the customers it probably belongs to (today's shoots first),
//    an order label, a missing backup disk with the admin's override, and one click to start;
//  - a bar at the bottom while a card is copied (files, bytes, MB/s, time left), then the
//    result with "safe to remove"; and "next card goes to …" when it is set.
// The box pushes card.* and ingest.* events; the lists are asked for again on each.
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import { api, withQuery } from '../api';
import { useApp, useServerEvents } from '../app-context';
import { PHOTO_KINDS, type CustomerPage, type CustomerRef, type IngestCard, type IngestEnded, type IngestJobInfo, type IngestProgressInfo, type Me, type PhotoKind } from '../contract';
import { t, tOr } from '../i18n/catalog';
import { formatDateTime, gigabytes } from '../i18n/format';
import { errorText } from '../i18n/server-messages';
import { can } from '../permissions';
import { useValue } from '../use-value';
import { Banner, Checkbox, SelectField, TextField } from './fields';
import { durationText, endedText, isActive, jobOutcome, sizeText, useNextCard } from './ingest-bits';
import { useDebounced } from './use-debounced';

function cardTitle(c: IngestCard, tz: string): string {
  const s = c.scan;
  if (!s) return t('ingest.reading');
  let title = t('ingest.cardInserted', { files: s.files, size: sizeText(s.bytes) });
  if (s.shotFrom && s.shotTo) title += `, ${t('ingest.shotBetween', { from: formatDateTime(s.shotFrom, tz), to: formatDateTime(s.shotTo, tz) })}`;
  return title;
}

function Disks(p: { card: IngestCard }) {
  const pf = p.card.preflight;
  const rows = [
    { name: t('status.disk.library'), d: pf.library },
    { name: t('status.disk.backup'), d: pf.backup },
  ];
  return html`<ul class="ingest-disks plain">
    ${rows.map(
      (r) => html`<li key=${r.name}>
        <strong>${r.name}:</strong>${' '}
        ${!r.d || r.d.state === 'down'
          ? html`<span class="field-error">${t('ingest.diskMissing', { reason: r.d?.error ?? r.d?.reason ?? '' })}</span>`
          : r.d.freeBytes !== null && r.d.totalBytes !== null
            ? t('status.free', { free: gigabytes(r.d.freeBytes), total: gigabytes(r.d.totalBytes) })
            : t('status.freeUnknown')}
      </li>`,
    )}
  </ul>`;
}

interface Choice {
  customer: CustomerRef;
  note: string;
}

function CardDialog(p: { card: IngestCard; me: Me; onHide(): void }) {
  const c = p.card;
  const me = p.me;
  const tz = me.settings.timeZone;
  const pf = c.preflight;
  const first = c.suggestions[0];
  const chosen = useValue<number | null>(first && first.reason !== 'recent' ? first.customer.id : null);
  const order = useValue('');
  const into = useValue<PhotoKind>('originals');
  const override = useValue(false);
  const busy = useValue(false);
  const error = useValue<string | null>(null);
  const q = useValue('');
  const query = useDebounced(q.value.trim(), 200);
  const found = useValue<CustomerRef[]>([]);
  const titleId = `ingest-card-${c.card.cardId}`;

  useEffect(() => {
    if (!query || !can(me, 'customers', 'view')) return found.set([]);
    let live = true;
    api<CustomerPage>('GET', withQuery('/api/customers', { q: query, limit: 6 })).then(
      (page) => live && found.set(page.items.map((i) => ({ id: i.id, customerNo: i.customerNo, name: i.name }))),
      () => live && found.set([]),
    );
    return () => {
      live = false;
    };
  }, [query]);

  const choices: Choice[] = c.suggestions.map((s) => ({ customer: s.customer, note: t(`ingest.reason.${s.reason}` as 'ingest.reason.today') }));
  for (const f of found.value) if (!choices.some((x) => x.customer.id === f.id)) choices.push({ customer: f, note: '' });

  const canStart = can(me, 'ingest', 'add');
  const overriding = override.value && pf.overridable && me.user.isAdmin;
  const blocked = !pf.ok && !overriding;

  const start = async () => {
    if (chosen.value === null) return error.set(t('ingest.pickCustomer'));
    busy.set(true);
    error.set(null);
    try {
      await api<IngestJobInfo>('POST', '/api/ingest/jobs', {
        cardId: c.card.cardId,
        customerId: chosen.value,
        orderLabel: order.value.trim() || null,
        override: overriding || undefined,
        subfolder: into.value === 'originals' ? undefined : into.value,
      });
    } catch (err) {
      error.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };
  const eject = async () => {
    try {
      await api('POST', `/api/ingest/cards/${encodeURIComponent(c.card.cardId)}/eject`);
    } catch (err) {
      error.set(errorText(err));
    }
  };

  const s = c.scan;
  return html`<section class="ingest-dialog" role="dialog" aria-modal="false" aria-labelledby=${titleId} data-card-id=${c.card.cardId}>
    <h2 id=${titleId}>${cardTitle(c, tz)}</h2>
    <p class="muted small">
      ${c.card.label ? t('ingest.cardName', { label: c.card.label }) : null}
      ${s ? html` · ${t('ingest.kinds', { photos: s.photos, raws: s.raws, videos: s.videos })}` : null}
    </p>
    ${s && s.others > 0 ? html`<p class="muted small">${t('ingest.others', { count: s.others })}</p>` : null}
    ${c.scanError ? html`<${Banner} kind="error">${t('ingest.scanError', { message: c.scanError })}<//>` : null}
    ${c.autoStartProblem ? html`<${Banner} kind="info">${t('ingest.autoStartProblem', { message: c.autoStartProblem })}<//>` : null}
    ${c.job && !isActive(c.job) ? html`<p class="small">${t('ingest.lastCopy', { message: jobOutcome(c.job) })}</p>` : null}
    <${Disks} card=${c} />
    ${pf.blockers.map((b) => html`<div class="banner banner-error" role="alert" key=${b.code}>${tOr(`preflight.${b.code}`, b.message)}</div>`)}
    ${pf.warnings.map((w) => html`<div class="banner banner-warning" key=${w.code}>${tOr(`preflight.${w.code}`, w.message)}</div>`)}
    ${pf.overridable
      ? me.user.isAdmin
        ? html`<${Checkbox} label=${t('ingest.override')} checked=${override.value} onValue=${override.set} />`
        : html`<p class="hint">${t('ingest.overrideAdminOnly')}</p>`
      : null}
    ${canStart
      ? html`<fieldset class="ingest-customers">
            <legend>${t('ingest.whichCustomer')}</legend>
            ${choices.map(
              (ch) => html`<label class="check" key=${ch.customer.id}>
                <input type="radio" name=${`customer-${c.card.cardId}`} checked=${chosen.value === ch.customer.id} onChange=${() => chosen.set(ch.customer.id)} />
                <span>${ch.customer.name} <span class="muted small">${ch.customer.customerNo}</span>${ch.note ? html` <span class="tag">${ch.note}</span>` : null}</span>
              </label>`,
            )}
            ${can(me, 'customers', 'view')
              ? html`<${TextField} type="search" label=${t('ingest.searchCustomer')} placeholder=${t('ingest.searchPlaceholder')} value=${q.value} onValue=${q.set} />
                  ${query && found.value.length === 0 ? html`<p class="muted small">${t('ingest.noMatches')}</p>` : null}`
              : null}
          </fieldset>
          <${TextField} label=${t('ingest.orderLabel')} hint=${t('ingest.orderHint')} value=${order.value} onValue=${order.set} />
          <${SelectField}
            label=${t('photos.importInto')}
            value=${into.value}
            options=${PHOTO_KINDS.map((k) => ({ value: k, label: t(`photos.kind.${k}` as 'photos.kind.originals') }))}
            onValue=${(v: string) => into.set(v as PhotoKind)}
          />`
      : null}
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    <div class="actions">
      ${canStart
        ? html`<button type="button" class="primary" disabled=${busy.value || blocked || !s} onClick=${() => void start()}>${busy.value ? t('ingest.starting') : t('ingest.start')}</button>
            <button type="button" onClick=${() => void eject()}>${t('ingest.eject')}</button>`
        : null}
      <button type="button" class="link-button" onClick=${p.onHide}>${t('ingest.later')}</button>
    </div>
  </section>`;
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

export function IngestCenter() {
  const me = useApp().me;
  const cards = useValue<IngestCard[]>([]);
  const hidden = useValue<string[]>([]);
  const running = useValue<IngestJobInfo | null>(null);
  const progress = useValue<IngestProgressInfo | null>(null);
  const ended = useValue<IngestEnded | null>(null);
  const next = useNextCard();
  const runningRef = useRef<IngestJobInfo | null>(null);
  const askedAt = useRef(0);
  runningRef.current = running.value;

  const loadCards = () =>
    api<IngestCard[]>('GET', '/api/ingest/cards').then(
      (list) => cards.set(list),
      () => undefined,
    );
  const loadJobs = () =>
    api<IngestJobInfo[]>('GET', '/api/ingest/jobs?limit=10').then(
      (jobs) => {
        const active = jobs.find((j) => j.kind !== 'upload' && isActive(j)) ?? null;
        running.set(active);
        progress.set(active?.progress ?? null);
      },
      () => undefined,
    );

  useEffect(() => {
    void loadCards();
    void loadJobs();
  }, []);
  useServerEvents(['hello'], () => {
    void loadCards();
    void loadJobs();
  });
  useServerEvents(['card.inserted'], (e) => {
    const id = (e.data as { cardId: string }).cardId;
    hidden.set((prev) => prev.filter((h) => h !== id));
    void loadCards();
  });
  useServerEvents(['card.removed', 'card.ejected', 'ingest.card'], () => void loadCards());
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
    void loadCards();
  });

  const dialogs = cards.value.filter((c) => !hidden.value.includes(c.card.cardId) && !(c.job && isActive(c.job)));
  const e = ended.value;
  const showBar = running.value || e || next.value;
  return html`<div class="ingest-center">
    ${dialogs.length
      ? html`<div class="ingest-dialogs">
          ${dialogs.map((c) => html`<${CardDialog} key=${c.card.cardId} card=${c} me=${me} onHide=${() => hidden.set((prev) => [...prev, c.card.cardId])} />`)}
        </div>`
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
