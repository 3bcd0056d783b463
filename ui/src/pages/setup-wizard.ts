// First run (H6, A2) in three short steps: the studio (name, language), its region (time zone,
// country, currency), then the first administrator. Each field is checked when it is left and
// again on Next, and says what is wrong under it; the box checks everything again on Finish,
// and a field it refuses sends the wizard back to that field's step. It opens in the browser's
// language when that is one of the box's three (App picks it); picking another re-renders it
// at once. There is no default password.
import { html } from 'htm/preact';
import { useValue } from '../use-value';
import { ApiFailure, api } from '../api';
import { Banner, TextField } from '../components/fields';
import { StudioSettingsFields } from '../components/system/studio-settings-fields';
import type { Language, Me, SetupRequest, StudioSettings } from '../contract';
import { t, type MessageKey } from '../i18n/catalog';
import { errorText, fieldErrors } from '../i18n/server-messages';

export interface SetupWizardProps {
  defaults: StudioSettings;
  onLanguage(l: Language): void;
  onDone(me: Me): void;
  onAlreadyDone(): void;
}

interface Admin {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
}

const MIN_PASSWORD = 8;
const STEPS: { title: MessageKey; fields: string[] }[] = [
  { title: 'setup.stepStudio', fields: ['studioName', 'language'] },
  { title: 'setup.stepRegion', fields: ['timeZone', 'country', 'currency'] },
  { title: 'setup.admin', fields: ['admin.username', 'admin.displayName', 'admin.password', 'admin.confirm'] },
];

/** What is wrong with each field, as far as the browser can tell (a convenience: the box checks again). */
export function wizardProblems(s: StudioSettings, a: Admin): Record<string, string> {
  const out: Record<string, string> = {};
  if (!s.studioName.trim()) out.studioName = t('setup.nameRequired');
  const user = a.username.trim();
  if (!user) out['admin.username'] = t('setup.usernameRequired');
  else if (!/^[\p{L}\p{N}._-]+$/u.test(user)) out['admin.username'] = t('field.usernameChars');
  else if (user.length < 2) out['admin.username'] = t('field.min2');
  if (!a.displayName.trim()) out['admin.displayName'] = t('setup.displayNameRequired');
  if (a.password.length < MIN_PASSWORD) out['admin.password'] = t('field.min8');
  else if (a.password.trim() !== a.password) out['admin.password'] = t('field.spaceEnds');
  if (a.confirm !== a.password && (a.confirm || !out['admin.password'])) out['admin.confirm'] = t('field.passwordMismatch');
  return out;
}

export function SetupWizard(p: SetupWizardProps) {
  const settings = useValue<StudioSettings>(p.defaults);
  const admin = useValue<Admin>({ username: '', displayName: '', password: '', confirm: '' });
  const step = useValue(0);
  // Fields typed in and left (or tried with Next) show their problem; the box's refusals show as
  // they are. An untouched field passed by says nothing yet: a message appearing on blur would
  // move the button being clicked.
  const touched = useValue<string[]>([]);
  const edited = useValue<string[]>([]);
  const serverErrors = useValue<Record<string, string>>({});
  const failure = useValue<string | null>(null);
  const busy = useValue(false);

  const problems = wizardProblems(settings.value, admin.value);
  const errors: Record<string, string> = { ...serverErrors.value };
  for (const f of touched.value) if (problems[f]) errors[f] = problems[f]!;
  const touch = (...fields: string[]) => touched.set((prev) => [...new Set([...prev, ...fields])]);
  const left = (field: string) => {
    if (edited.value.includes(field)) touch(field);
  };
  const changed = (field: string) => {
    if (!edited.value.includes(field)) edited.set((prev) => [...prev, field]);
    if (serverErrors.value[field])
      serverErrors.set((prev) => {
        const rest = { ...prev };
        delete rest[field];
        return rest;
      });
  };

  const changeSettings = (next: StudioSettings) => {
    if (next.language !== settings.value.language) p.onLanguage(next.language);
    for (const k of Object.keys(next) as (keyof StudioSettings)[]) if (next[k] !== settings.value[k]) changed(k);
    settings.set(next);
  };
  const setA = (patch: Partial<Admin>) => {
    for (const k of Object.keys(patch)) changed(`admin.${k}`);
    admin.set({ ...admin.value, ...patch });
  };

  const current = STEPS[step.value]!;
  const last = step.value === STEPS.length - 1;

  const submit = async (e: Event) => {
    e.preventDefault();
    touch(...current.fields);
    failure.set(null);
    if (current.fields.some((f) => problems[f])) return;
    if (!last) return step.set(step.value + 1);
    busy.set(true);
    try {
      const body: SetupRequest = { ...settings.value, admin: { username: admin.value.username.trim(), displayName: admin.value.displayName.trim(), password: admin.value.password } };
      p.onDone(await api<Me>('POST', '/api/setup', body));
    } catch (err) {
      if (err instanceof ApiFailure && err.code === 'setup_done') return p.onAlreadyDone();
      const fields = fieldErrors(err);
      serverErrors.set(fields);
      failure.set(errorText(err));
      // Back to the first step with a field the box refused.
      const first = STEPS.findIndex((s) => s.fields.some((f) => fields[f]));
      if (first >= 0) step.set(first);
    } finally {
      busy.set(false);
    }
  };

  return html`<main class="narrow wizard">
    <h1>${t('setup.title')}</h1>
    ${step.value === 0 ? html`<p>${t('setup.intro')}</p>` : null}
    <ol class="steps" aria-label=${t('setup.step', { n: step.value + 1, total: STEPS.length })}>
      ${STEPS.map(
        (s, i) => html`<li key=${s.title} class=${i === step.value ? 'now' : i < step.value ? 'done' : ''} aria-current=${i === step.value ? 'step' : undefined}>${t(s.title)}</li>`,
      )}
    </ol>
    <form onSubmit=${submit} novalidate key=${step.value}>
      <fieldset>
        <legend>${t(current.title)} <span class="muted small">${t('setup.step', { n: step.value + 1, total: STEPS.length })}</span></legend>
        ${step.value < 2
          ? html`<${StudioSettingsFields}
              part=${step.value === 0 ? 'studio' : 'region'}
              value=${settings.value}
              onChange=${changeSettings}
              errors=${errors}
              onBlur=${left}
            />`
          : html`<${TextField} label=${t('user.username')} value=${admin.value.username} onValue=${(v: string) => setA({ username: v })} onBlur=${() => left('admin.username')} error=${errors['admin.username']} required autoComplete="username" autoFocus />
              <${TextField} label=${t('user.displayName')} value=${admin.value.displayName} onValue=${(v: string) => setA({ displayName: v })} onBlur=${() => left('admin.displayName')} error=${errors['admin.displayName']} required autoComplete="name" />
              <${TextField} type="password" label=${t('user.password')} value=${admin.value.password} onValue=${(v: string) => setA({ password: v })} onBlur=${() => left('admin.password')} error=${errors['admin.password']} hint=${t('user.passwordHint')} required autoComplete="new-password" />
              <${TextField} type="password" label=${t('user.passwordConfirm')} value=${admin.value.confirm} onValue=${(v: string) => setA({ confirm: v })} onBlur=${() => left('admin.confirm')} error=${errors['admin.confirm']} required autoComplete="new-password" />
              <p class="hint">${t('setup.noDefaultPassword')}</p>`}
      </fieldset>
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy.value}>${busy.value ? t('common.saving') : last ? t('setup.submit') : t('setup.next')}</button>
        ${step.value > 0 ? html`<button type="button" onClick=${() => (failure.set(null), step.set(step.value - 1))}>${t('common.back')}</button>` : null}
      </div>
    </form>
  </main>`;
}
