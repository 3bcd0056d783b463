// On the settings page: quiet hours and the studio phone shown in messages (issue 14). Read
// with settings:view, saved with settings:edit. A form: read once when shown (re-reading on the
// event stream's greeting would throw away what the person is typing).
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { AUTO_SMS_KINDS, SCHEDULED_AUTO_SMS, type AutoSmsKind, type AutoSmsRule, type CareSettings, type SmsTemplate } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, Checkbox, SelectField, TextField } from '../fields';
import { purposeLabel } from '../../i18n/enum-labels';

export function CareSettingsCard() {
  const me = useApp().me;
  const editable = can(me, 'settings', 'edit');
  const value = useValue<CareSettings | null>(null);
  const error = useValue<string | null>(null);
  const saved = useValue(false);
  const sub = useSubmission();
  const latest = useLatestOnly();
  const load = useCallback(() => latest(api<CareSettings>('GET', '/api/care/settings'), (v) => (value.set(v), error.set(null)), (err) => error.set(errorText(err))), []);
  useEffect(() => void load(), [load]);

  // The studio's templates, to choose one per automatic message (templates:view; else only the default).
  const templates = useValue<SmsTemplate[]>([]);
  useEffect(() => {
    if (can(me, 'templates', 'view')) void api<SmsTemplate[]>('GET', '/api/care/templates').then(templates.set, () => templates.set([]));
  }, []);

  const v = value.value;
  if (!v) return error.value ? html`<${Banner} kind="error">${error.value}<//>` : null;
  // Each change applies to the newest value (two quick changes before a render both count).
  const change = (edit: (cur: CareSettings) => CareSettings) => (value.set((cur) => (cur ? edit(cur) : cur)), saved.set(false));
  const save = async (e: Event) => {
    e.preventDefault();
    if (await sub.run(async () => void value.set(await api<CareSettings>('PUT', '/api/care/settings', v)))) saved.set(true);
  };
  const errors = sub.errors.value;
  return html`<section class="card care-settings">
    <h2>${t('care.heading')}</h2>
    <form onSubmit=${save} novalidate class="narrow-form">
      <div class="inline-fields">
        <${TextField} label=${t('care.quietStart')} value=${v.quietHours.start} placeholder="21:00" inputMode="numeric" disabled=${!editable}
          error=${errors['quietHours.start']} onValue=${(s: string) => change((c) => ({ ...c, quietHours: { ...c.quietHours, start: s } }))} />
        <${TextField} label=${t('care.quietEnd')} value=${v.quietHours.end} placeholder="08:00" inputMode="numeric" disabled=${!editable}
          error=${errors['quietHours.end']} onValue=${(s: string) => change((c) => ({ ...c, quietHours: { ...c.quietHours, end: s } }))} />
      </div>
      <small class="hint">${t('care.quietHint')}</small>
      <fieldset class="auto-sms">
        <legend>${t('care.automatic')}</legend>
        ${AUTO_SMS_KINDS.map((k: AutoSmsKind) => {
          const r = v.automatic[k];
          const set = (patch: Partial<AutoSmsRule>) => change((c) => ({ ...c, automatic: { ...c.automatic, [k]: { ...c.automatic[k], ...patch } } }));
          const own = templates.value.filter((x) => x.purpose === k);
          return html`<div class="auto-sms-row" key=${k} data-auto=${k}>
            <${Checkbox} label=${purposeLabel(k)} checked=${r.enabled} disabled=${!editable} onValue=${(on: boolean) => set({ enabled: on })} />
            <${SelectField} label=${t('care.template')} value=${r.templateId === null ? '' : String(r.templateId)} disabled=${!editable}
              options=${[{ value: '', label: t('care.templateInUse') }, ...own.map((x) => ({ value: String(x.id), label: x.name }))]}
              onValue=${(s: string) => set({ templateId: s ? Number(s) : null })} />
            ${SCHEDULED_AUTO_SMS.includes(k)
              ? html`<${SelectField} label=${t('care.hour')} value=${String(r.hour)} disabled=${!editable}
                  options=${Array.from({ length: 24 }, (_, h) => ({ value: String(h), label: `${String(h).padStart(2, '0')}:00` }))}
                  onValue=${(s: string) => set({ hour: Number(s) })} />`
              : null}
            ${k === 'balance_due'
              ? html`<${TextField} label=${t('care.balanceDueEvery')} inputMode="numeric" value=${String(v.balanceDueEveryDays ?? 7)} disabled=${!editable}
                  error=${errors.balanceDueEveryDays}
                  onValue=${(s: string) => change((c) => ({ ...c, balanceDueEveryDays: (/^\d+$/.test(s.trim()) ? Number(s) : s) as number }))} />`
              : null}
          </div>`;
        })}
        <small class="hint">${t('care.automaticHint')}</small>
      </fieldset>
      <${TextField} type="tel" label=${t('care.storePhone')} hint=${t('care.storePhoneHint', { placeholder: '{store_phone}' })} value=${v.storePhone} disabled=${!editable}
        error=${errors.storePhone} onValue=${(s: string) => change((c) => ({ ...c, storePhone: s }))} />
      <${TextField} type="tel" label=${t('box.ownerPhone')} hint=${t('box.ownerPhoneHint')} value=${v.ownerPhone ?? ''} disabled=${!editable}
        error=${errors.ownerPhone} onValue=${(s: string) => change((c) => ({ ...c, ownerPhone: s }))} />
      ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
      ${saved.value ? html`<${Banner} kind="ok">${t('care.saved')}<//>` : null}
      ${editable ? html`<div class="actions"><button type="submit" disabled=${sub.busy.value}>${t('common.save')}</button></div>` : null}
    </form>
  </section>`;
}
