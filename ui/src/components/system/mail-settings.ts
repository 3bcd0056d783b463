// On the settings page: the studio's outgoing mail server (S6) and "Send test", which says in
// the reader's language what is wrong when the mail does not go (the name, the connection, TLS,
// the login, an address). Read with settings:view, saved and tested with settings:edit. A form:
// read once when shown.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { SMTP_SECURITY, type MailTestResult, type SmtpSecurity, type SmtpSettingsInput, type SmtpSettingsView } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, Checkbox, SelectField, TextField } from '../fields';

interface Form {
  host: string;
  port: string;
  security: SmtpSecurity;
  user: string;
  password: string;
  from: string;
  allowInvalidCertificate: boolean;
}

const EMPTY: Form = { host: '', port: '465', security: 'tls', user: '', password: '', from: '', allowInvalidCertificate: false };
const PORTS: Record<SmtpSecurity, string> = { tls: '465', starttls: '587', none: '25' };

export function MailSettingsCard() {
  const editable = can(useApp().me, 'settings', 'edit');
  const form = useValue<Form | null>(null);
  const hasPassword = useValue(false);
  const loadError = useValue<string | null>(null);
  const saved = useValue(false);
  const to = useValue('');
  const testing = useValue(false);
  const result = useValue<MailTestResult | null>(null);
  const sub = useSubmission();

  useEffect(() => {
    api<SmtpSettingsView | null>('GET', '/api/mail/settings').then(
      (v) => {
        form.set(v ? { host: v.host, port: String(v.port), security: v.security, user: v.user, password: '', from: v.from, allowInvalidCertificate: v.allowInvalidCertificate } : EMPTY);
        hasPassword.set(v?.hasPassword ?? false);
      },
      (err) => loadError.set(errorText(err)),
    );
  }, []);

  const f = form.value;
  if (!f) return loadError.value ? html`<${Banner} kind="error">${loadError.value}<//>` : null;
  const change = (edit: Partial<Form>) => (form.set((cur) => (cur ? { ...cur, ...edit } : cur)), saved.set(false), result.set(null));
  const save = async (e: Event) => {
    e.preventDefault();
    const body: SmtpSettingsInput = { host: f.host.trim(), port: Number(f.port), security: f.security, user: f.user.trim(), from: f.from.trim(), allowInvalidCertificate: f.allowInvalidCertificate };
    // An empty password field keeps the saved one.
    if (f.password !== '') body.password = f.password;
    const ok = await sub.run(async () => {
      const v = await api<SmtpSettingsView>('PUT', '/api/mail/settings', body);
      hasPassword.set(v.hasPassword);
      change({ password: '' });
    });
    if (ok) saved.set(true);
  };
  const sendTest = async () => {
    testing.set(true);
    result.set(null);
    try {
      result.set(await api<MailTestResult>('POST', '/api/mail/test', { to: to.value.trim() }));
    } catch (err) {
      result.set({ ok: false, to: to.value, reason: 'other', detail: errorText(err) });
    } finally {
      testing.set(false);
    }
  };
  const errors = sub.errors.value;
  const r = result.value;
  return html`<section class="card mail-settings">
    <h2>${t('mail.heading')}</h2>
    <p class="hint">${t('mail.help')}</p>
    <form onSubmit=${save} novalidate class="narrow-form">
      <${TextField} label=${t('mail.host')} value=${f.host} placeholder="smtp.qq.com" disabled=${!editable} error=${errors.host} onValue=${(s: string) => change({ host: s })} />
      <div class="inline-fields">
        <${SelectField}
          label=${t('mail.security')}
          value=${f.security}
          disabled=${!editable}
          error=${errors.security}
          options=${SMTP_SECURITY.map((s) => ({ value: s, label: t(`mail.security.${s}`) }))}
          onValue=${(s: string) => change({ security: s as SmtpSecurity, port: PORTS[s as SmtpSecurity] })}
        />
        <${TextField} label=${t('mail.port')} value=${f.port} inputMode="numeric" disabled=${!editable} error=${errors.port} onValue=${(s: string) => change({ port: s })} />
      </div>
      <${TextField} label=${t('mail.user')} value=${f.user} autoComplete="off" disabled=${!editable} error=${errors.user} onValue=${(s: string) => change({ user: s })} />
      <${TextField} type="password" label=${t('mail.password')} value=${f.password} autoComplete="new-password" hint=${hasPassword.value ? t('mail.passwordKept') : undefined} disabled=${!editable} error=${errors.password} onValue=${(s: string) => change({ password: s })} />
      <${TextField} label=${t('mail.from')} value=${f.from} disabled=${!editable} error=${errors.from} onValue=${(s: string) => change({ from: s })} />
      <${Checkbox} label=${t('mail.allowInvalid')} checked=${f.allowInvalidCertificate} disabled=${!editable} onValue=${(b: boolean) => change({ allowInvalidCertificate: b })} />
      ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
      ${saved.value ? html`<${Banner} kind="ok">${t('mail.saved')}<//>` : null}
      ${editable ? html`<div class="actions"><button type="submit" class="primary" disabled=${sub.busy.value}>${t('common.save')}</button></div>` : null}
    </form>
    ${editable
      ? html`<div class="mail-test">
          <${TextField} label=${t('mail.testTo')} value=${to.value} onValue=${(s: string) => (to.set(s), result.set(null))} />
          <div class="actions"><button type="button" disabled=${testing.value || to.value.trim() === ''} onClick=${() => void sendTest()}>${testing.value ? t('mail.testing') : t('mail.sendTest')}</button></div>
          ${r ? (r.ok ? html`<${Banner} kind="ok">${t('mail.testOk', { to: r.to })}<//>` : html`<${Banner} kind="error">${tOr(`mail.failure.${r.reason}`, r.detail)}<details class="tech"><summary>${t('mail.details')}</summary><code>${r.detail}</code></details><//>`) : null}
        </div>`
      : null}
  </section>`;
}
