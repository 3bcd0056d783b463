// Log in. A 429 says how long to wait (the box throttles guessing).
import { html } from 'htm/preact';
import { useValue } from '../use-value';
import { ApiFailure, api } from '../api';
import { Banner, TextField } from '../components/fields';
import { LanguageSwitch } from '../components/language-switch';
import type { Language, Me } from '../contract';
import { t } from '../i18n/catalog';
import { errorText, fieldErrors } from '../i18n/server-messages';

export interface LoginPageProps {
  studioName: string;
  language: Language;
  onLanguage(l: Language): void;
  onDone(me: Me): void;
}

export function LoginPage(p: LoginPageProps) {
  const username = useValue('');
  const password = useValue('');
  const errors = useValue<Record<string, string>>({});
  const failure = useValue<string | null>(null);
  const busy = useValue(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.set(true);
    failure.set(null);
    errors.set({});
    try {
      p.onDone(await api<Me>('POST', '/api/auth/login', { username: username.value, password: password.value }));
    } catch (err) {
      if (err instanceof ApiFailure && err.status === 401) failure.set(t('login.wrong'));
      else if (err instanceof ApiFailure && err.status === 429) failure.set(t('login.throttled', { seconds: err.retryAfter ?? 60 }));
      else {
        errors.set(fieldErrors(err));
        failure.set(errorText(err));
      }
    } finally {
      busy.set(false);
    }
  };

  return html`<main class="narrow login">
    <div class="login-language"><${LanguageSwitch} value=${p.language} onValue=${p.onLanguage} /></div>
    <p class="studio-name">${p.studioName || t('app.name')}</p>
    <h1>${t('login.title')}</h1>
    <form onSubmit=${submit} novalidate>
      <${TextField} label=${t('login.username')} value=${username.value} onValue=${username.set} error=${errors.value.username} required autoComplete="username" autoFocus />
      <${TextField} type="password" label=${t('login.password')} value=${password.value} onValue=${password.set} error=${errors.value.password} required autoComplete="current-password" />
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      <div class="actions"><button type="submit" class="primary" disabled=${busy.value}>${t('login.submit')}</button></div>
    </form>
  </main>`;
}
