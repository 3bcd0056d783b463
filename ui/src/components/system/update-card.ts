// A software update from the status page (H6), for admins: the release file with its
// SHA256SUMS (and signature) goes up as one upload; the box checks the checksum on arrival and
// hands it to its root helper, which installs, restarts and rolls back by itself. The card
// shows the last update's result and log, and follows an update while it runs.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, upload } from '../../api';
import type { UpdateStarted, UpdateStatus } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner } from '../fields';

const POLL_MS = 5_000;

/** Bytes as URL-safe base64 (the query string carries the small files). */
function base64url(bytes: ArrayBuffer): string {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function UpdateCard() {
  const status = useValue<UpdateStatus | null>(null);
  const failure = useValue<string | null>(null);
  const started = useValue(false);
  const busy = useValue(false);
  const release = useValue<File | null>(null);
  const sums = useValue<File | null>(null);
  const sig = useValue<File | null>(null);
  const latest = useLatestOnly();
  const load = () => latest(api<UpdateStatus>('GET', '/api/system/update'), (s) => status.set(s), (e) => failure.set(errorText(e)));
  useEffect(() => void load(), []);
  // While an update runs the box restarts under the page: keep asking until it answers with a result.
  useEffect(() => {
    if (status.value?.state !== 'running') return;
    const timer = setInterval(load, POLL_MS);
    return () => clearInterval(timer);
  }, [status.value?.state]);

  const submit = async (e: Event) => {
    e.preventDefault();
    failure.set(null);
    started.set(false);
    if (!release.value || !sums.value) return failure.set(t('update.missingFiles'));
    busy.set(true);
    try {
      const q = new URLSearchParams({ name: release.value.name, sha256sums: base64url(await sums.value.arrayBuffer()) });
      if (sig.value) q.set('signature', base64url(await sig.value.arrayBuffer()));
      await upload<UpdateStarted>(`/api/system/update?${q}`, release.value);
      started.set(true);
      void load();
    } catch (err) {
      failure.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };
  const file = (label: string, v: typeof release, accept: string, testId: string) =>
    html`<div class="field"><label>${label}<input type="file" accept=${accept} data-testid=${testId} onChange=${(e: Event) => v.set((e.currentTarget as HTMLInputElement).files?.[0] ?? null)} /></label></div>`;

  const s = status.value;
  return html`<section class=${`card status-card state-${s?.state === 'failed' ? 'degraded' : 'ok'}`} data-testid="update-card">
    <h2>${t('update.title')}</h2>
    ${s ? html`<p data-testid="update-state">${t(`update.state.${s.state}`)}</p>` : null}
    ${s && s.log.length ? html`<pre class="small">${s.log.join('\n')}</pre>` : null}
    ${s && !s.available ? html`<p class="muted small">${t('update.unavailable')}</p>` : null}
    ${s && s.available
      ? html`<form onSubmit=${submit} novalidate>
          ${file(t('update.release'), release, '.gz,application/gzip', 'update-release')}
          ${file(t('update.sums'), sums, '', 'update-sums')}
          ${file(t('update.sig'), sig, '.sig', 'update-sig')}
          ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
          ${started.value ? html`<${Banner} kind="ok">${t('update.started')}<//>` : null}
          <div class="actions"><button type="submit" class="primary" disabled=${busy.value}>${t('update.start')}</button></div>
        </form>`
      : failure.value
        ? html`<${Banner} kind="error">${failure.value}<//>`
        : null}
  </section>`;
}
