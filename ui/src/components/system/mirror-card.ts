// The copy on the studio PC's shared folder (H4) on the status page: where the mirror is
// (queue, last copy, last problem, time to catch up); admins set the share, test it and ask
// for everything to be copied again. The mirror sends no events: the card reads every few
// seconds (and on the event stream's greeting, like every screen that shows the box's state).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { MirrorStatus, ShareSettings, ShareTestResult } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime, gigabytes } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner, Checkbox, TextField } from '../fields';

const POLL_MS = 5000;

function TestSteps(p: { r: ShareTestResult }) {
  return html`<ol class="mirror-test" data-testid="mirror-test">
    ${p.r.steps.map(
      (s) => html`<li key=${s.step} class=${`step-${s.state}`}>
        ${t(`mirror.step.${s.step}`)}: <strong>${t(`mirror.stepState.${s.state}`)}</strong>
        ${s.problem ? html` — ${t(`mirror.problem.${s.problem}`)}${s.detail ? html`<br /><span class="muted small">${s.detail}</span>` : null}` : null}
      </li>`,
    )}
  </ol>
  ${p.r.ok ? html`<${Banner} kind="ok">${t('mirror.testOk')}<//>` : null}`;
}

function ShareForm(p: { onSaved: () => void }) {
  const address = useValue('');
  const port = useValue('445');
  const user = useValue('');
  const password = useValue('');
  const domain = useValue('');
  const enabled = useValue(true);
  const passwordSet = useValue(false);
  const busy = useValue(false);
  const failure = useValue<string | null>(null);
  const done = useValue<string | null>(null);
  const tested = useValue<ShareTestResult | null>(null);
  useEffect(() => {
    void api<ShareSettings | null>('GET', '/api/mirror/share').then((s) => {
      if (!s) return;
      address.set(s.address);
      port.set(String(s.port));
      user.set(s.user);
      domain.set(s.domain);
      enabled.set(s.enabled);
      passwordSet.set(s.passwordSet);
    }, (e) => failure.set(errorText(e)));
  }, []);
  const body = () => ({ address: address.value, port: Number(port.value) || 445, user: user.value, domain: domain.value, enabled: enabled.value, password: password.value === '' ? null : password.value });
  const run = async (fn: () => Promise<void>) => {
    busy.set(true);
    failure.set(null);
    done.set(null);
    try {
      await fn();
    } catch (e) {
      failure.set(errorText(e));
    } finally {
      busy.set(false);
    }
  };
  const save = (e: Event) => {
    e.preventDefault();
    void run(async () => {
      const s = await api<ShareSettings>('PUT', '/api/mirror/share', body());
      passwordSet.set(s.passwordSet);
      password.set('');
      done.set(t('mirror.saved'));
      p.onSaved();
    });
  };
  const test = () =>
    void run(async () => {
      tested.set(null);
      tested.set(await api<ShareTestResult>('POST', '/api/mirror/share/test', body()));
    });
  return html`<details class="mirror-settings">
    <summary>${t('mirror.settings')}</summary>
    <form onSubmit=${save} data-testid="share-form">
      <${TextField} label=${t('mirror.address')} value=${address.value} onValue=${address.set} hint=${t('mirror.addressHint')} required />
      <${TextField} label=${t('mirror.port')} value=${port.value} onValue=${port.set} inputMode="numeric" />
      <${TextField} label=${t('mirror.user')} value=${user.value} onValue=${user.set} autoComplete="off" required />
      <${TextField} label=${t('mirror.password')} type="password" value=${password.value} onValue=${password.set} autoComplete="new-password" placeholder=${passwordSet.value ? t('mirror.passwordStored') : ''} />
      <${TextField} label=${t('mirror.domain')} value=${domain.value} onValue=${domain.set} />
      <${Checkbox} label=${t('mirror.enabled')} checked=${enabled.value} onValue=${enabled.set} />
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      ${done.value ? html`<${Banner} kind="ok">${done.value}<//>` : null}
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy.value}>${t('mirror.save')}</button>
        <button type="button" disabled=${busy.value} onClick=${test}>${busy.value ? t('mirror.testing') : t('mirror.test')}</button>
      </div>
      ${tested.value ? html`<${TestSteps} r=${tested.value} />` : null}
    </form>
  </details>`;
}

export function MirrorCard() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const status = useValue<MirrorStatus | null>(null);
  const failure = useValue<unknown>(null);
  const note = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = () => latest(api<MirrorStatus>('GET', '/api/mirror'), (s) => (status.set(s), failure.set(null)), (e) => failure.set(e));
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    return () => clearInterval(timer);
  }, []);
  useServerEvents(['hello'], () => void load());
  const recheck = () =>
    api<{ files: number }>('POST', '/api/mirror/recheck').then(
      (r) => (note.set(t('mirror.rechecking', { files: r.files })), void load()),
      (e) => failure.set(e),
    );

  const s = status.value;
  const admin = me.user.isAdmin;
  const cardState = !s || s.state === 'off' ? 'unknown' : s.state === 'waiting' ? 'down' : 'ok';
  return html`<section class=${`card status-card state-${cardState}`} data-testid="mirror-card">
    <h2>${t('mirror.title')}</h2>
    ${failure.value ? html`<${Banner} kind="error">${errorText(failure.value)}<//>` : null}
    ${s
      ? html`<p><strong>${t(`mirror.state.${s.state}`)}</strong></p>
          ${s.share ? html`<p class="muted small" translate="no">${t('mirror.share', { share: s.share })}</p>` : html`<p class="field-error">${t('mirror.notSetUp')}</p>`}
          ${s.share
            ? html`<p>${t('mirror.queue', { files: s.queueFiles, gb: gigabytes(s.queueBytes) })}</p>
                ${s.etaSeconds ? html`<p class="muted small">${t('mirror.eta', { minutes: Math.max(1, Math.round(s.etaSeconds / 60)) })}</p>` : null}
                <p class="muted small">${t('mirror.mirrored', { files: s.mirroredFiles })}</p>
                ${s.failedFiles ? html`<p class="field-error">${t('mirror.failed', { files: s.failedFiles })}</p>` : null}
                ${s.lastSuccessAt ? html`<p class="muted small">${t('mirror.lastSuccess', { when: formatDateTime(s.lastSuccessAt, tz) })}</p>` : null}
                ${s.lastError
                  ? html`<p class="field-error">${t('mirror.lastError', { when: formatDateTime(s.lastError.at, tz), reason: t(`mirror.problem.${s.lastError.problem}`) })}</p>
                      <p class="muted small">${s.lastError.message}</p>`
                  : null}
                ${s.nextTryAt ? html`<p class="muted small">${t('mirror.nextTry', { when: formatDateTime(s.nextTryAt, tz) })}</p>` : null}`
            : null}`
      : html`<p>${t('app.loading')}</p>`}
    ${admin
      ? html`<${ShareForm} onSaved=${() => void load()} />
          ${s?.share
            ? html`<div class="actions">
                <button type="button" title=${t('mirror.recheckHelp')} onClick=${recheck}>${t('mirror.recheck')}</button>
              </div>`
            : null}
          ${note.value ? html`<p class="muted small">${note.value}</p>` : null}`
      : null}
  </section>`;
}
