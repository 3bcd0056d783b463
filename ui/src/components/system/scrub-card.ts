// The scrub on the status page: the run now (progress, why paused), the last one, the next
// scheduled one, the files with no good copy (admins acknowledge them) and recent findings.
// Admins start, pause, resume and stop it. Follows the box's scrub.* events.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { ScrubFinding, ScrubStatus } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner } from '../fields';

function FindingLine(p: { f: ScrubFinding; timeZone: string; onAck?: () => void }) {
  const f = p.f;
  return html`<li>
    <strong>${t(`scrub.outcome.${f.outcome}`)}</strong> · ${t(`scrub.disk.${f.disk}`)} · ${formatDateTime(f.at, p.timeZone)}
    ${f.customer ? html` · <a href=${`#/customers/${f.customer.id}`}>${f.customer.customerNo} ${f.customer.name}</a>` : null}
    <br /><span class="muted small">${f.path}</span>
    ${p.onAck ? html` <button type="button" onClick=${p.onAck}>${t('scrub.acknowledge')}</button>` : null}
  </li>`;
}

export function ScrubCard() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const status = useValue<ScrubStatus | null>(null);
  const failure = useValue<unknown>(null);
  const latest = useLatestOnly();
  const load = () => latest(api<ScrubStatus>('GET', '/api/scrub'), (s) => (status.set(s), failure.set(null)), (e) => failure.set(e));
  useEffect(() => void load(), []);
  useServerEvents(['hello', 'scrub.run', 'scrub.finding', 'scrub.alarm'], () => void load());
  const act = (path: string) => api('POST', path).then(load, (e) => failure.set(e));

  const s = status.value;
  const run = s?.current ?? null;
  const admin = me.user.isAdmin;
  return html`<section class=${`card status-card state-${s && s.alarms.length ? 'down' : 'ok'}`} data-testid="scrub-card">
    <h2>${t('scrub.title')}</h2>
    ${failure.value ? html`<${Banner} kind="error">${errorText(failure.value)}<//>` : null}
    ${s
      ? html`
          ${run
            ? html`<p>
                ${t(`scrub.state.${run.state}`)}${run.pauseReason ? ` (${t(`scrub.pause.${run.pauseReason}`)})` : ''}:
                ${t('scrub.progress', { checked: run.filesChecked, total: run.filesTotal, repaired: run.filesRepaired })}
              </p>
              ${run.filesTotal ? html`<meter min="0" max=${run.filesTotal} value=${run.filesChecked}></meter>` : null}`
            : null}
          ${s.last
            ? html`<p>${t('scrub.last', { state: t(`scrub.state.${s.last.state}`), when: formatDateTime(s.last.finishedAt ?? s.last.updatedAt, tz), checked: s.last.filesChecked, repaired: s.last.filesRepaired, lost: s.last.filesLost })}</p>`
            : run
              ? null
              : html`<p class="muted">${t('scrub.noRun')}</p>`}
          ${s.nextScheduledAt ? html`<p class="muted small">${t('scrub.next', { when: formatDateTime(s.nextScheduledAt, tz) })}</p>` : null}
          ${admin
            ? html`<div class="actions">
                ${!run ? html`<button type="button" onClick=${() => act('/api/scrub/runs')}>${t('scrub.start')}</button>` : null}
                ${run && run.state !== 'paused' ? html`<button type="button" onClick=${() => act('/api/scrub/pause')}>${t('scrub.pauseButton')}</button>` : null}
                ${run?.state === 'paused' ? html`<button type="button" onClick=${() => act('/api/scrub/resume')}>${t('scrub.resume')}</button>` : null}
                ${run ? html`<button type="button" onClick=${() => act('/api/scrub/cancel')}>${t('scrub.cancel')}</button>` : null}
              </div>`
            : null}
          ${s.alarms.length
            ? html`<h3>${t('scrub.alarmsTitle')}</h3>
                <p class="field-error">${t('scrub.alarmHelp')}</p>
                <ul class="scrub-alarms">
                  ${s.alarms.map((f) => html`<${FindingLine} key=${f.id} f=${f} timeZone=${tz} onAck=${admin ? () => act(`/api/scrub/findings/${f.id}/acknowledge`) : undefined} />`)}
                </ul>`
            : null}
          ${s.recent.length
            ? html`<details>
                <summary>${t('scrub.recent')}</summary>
                <ul>${s.recent.slice(0, 20).map((f) => html`<${FindingLine} key=${f.id} f=${f} timeZone=${tz} />`)}</ul>
              </details>`
            : null}
        `
      : html`<p>${t('app.loading')}</p>`}
  </section>`;
}
