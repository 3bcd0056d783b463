// First run (H6, A2): the studio's settings.value and the first administrator, in one form.
// Picking a language re-renders the wizard in it at once. There is no default password.
import { html } from 'htm/preact';
import { useValue } from '../use-value';
import { ApiFailure, api } from '../api';
import { Banner, TextField } from '../components/fields';
import { StudioSettingsFields } from '../components/studio-settings-fields';
import type { Language, Me, SetupRequest, StudioSettings } from '../contract';
import { t } from '../i18n/catalog';
import { errorText, fieldErrors } from '../i18n/server-messages';

export interface SetupWizardProps {
  defaults: StudioSettings;
  onLanguage(l: Language): void;
  onDone(me: Me): void;
  onAlreadyDone(): void;
}

const MIN_PASSWORD = 8;

export function SetupWizard(p: SetupWizardProps) {
  const settings = useValue<StudioSettings>(p.defaults);
  const admin = useValue({ username: '', displayName: '', password: '', confirm: '' });
  const errors = useValue<Record<string, string>>({});
  const failure = useValue<string | null>(null);
  const busy = useValue(false);

  const changeSettings = (next: StudioSettings) => {
    if (next.language !== settings.value.language) p.onLanguage(next.language);
    settings.set(next);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    // A convenience only: the box checks everything again.
    const local: Record<string, string> = {};
    if (admin.value.password.length < MIN_PASSWORD) local['admin.password'] = t('field.min8');
    if (admin.value.password !== admin.value.confirm) local['admin.confirm'] = t('field.passwordMismatch');
    errors.set(local);
    failure.set(null);
    if (Object.keys(local).length) return;
    busy.set(true);
    try {
      const body: SetupRequest = { ...settings.value, admin: { username: admin.value.username, displayName: admin.value.displayName, password: admin.value.password } };
      p.onDone(await api<Me>('POST', '/api/setup', body));
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'setup_done') return p.onAlreadyDone();
      errors.set(fieldErrors(err));
      failure.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };

  const setA = (patch: Partial<typeof admin.value>) => admin.set({ ...admin.value, ...patch });
  return html`<main class="narrow">
    <h1>${t('setup.title')}</h1>
    <p>${t('setup.intro')}</p>
    <form onSubmit=${submit} novalidate>
      <fieldset>
        <legend>${t('setup.studio')}</legend>
        <${StudioSettingsFields} value=${settings.value} onChange=${changeSettings} errors=${errors.value} />
      </fieldset>
      <fieldset>
        <legend>${t('setup.admin')}</legend>
        <${TextField} label=${t('user.username')} value=${admin.value.username} onValue=${(v: string) => setA({ username: v })} error=${errors.value['admin.username']} required autoComplete="username" />
        <${TextField} label=${t('user.displayName')} value=${admin.value.displayName} onValue=${(v: string) => setA({ displayName: v })} error=${errors.value['admin.displayName']} required autoComplete="name" />
        <${TextField} type="password" label=${t('user.password')} value=${admin.value.password} onValue=${(v: string) => setA({ password: v })} error=${errors.value['admin.password']} hint=${t('user.passwordHint')} required autoComplete="new-password" />
        <${TextField} type="password" label=${t('user.passwordConfirm')} value=${admin.value.confirm} onValue=${(v: string) => setA({ confirm: v })} error=${errors.value['admin.confirm']} required autoComplete="new-password" />
        <p class="hint">${t('setup.noDefaultPassword')}</p>
      </fieldset>
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      <div class="actions"><button type="submit" class="primary" disabled=${busy.value}>${busy.value ? t('common.saving') : t('setup.submit')}</button></div>
    </form>
  </main>`;
}
