// The studio's settings (A3). Everyone with settings:view sees them; settings:edit saves.
import { html } from 'htm/preact';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { Banner } from '../../components/fields';
import { CardTypes } from '../../components/ingest/card-types';
import { CareSettingsCard } from '../../components/care/care-settings';
import { MailSettingsCard } from '../../components/system/mail-settings';
import { PriceList } from '../../components/till/price-list';
import { GiftListCard } from '../../components/till/gifts';
import { TillSettingsCard } from '../../components/till/till-settings';
import { ReminderRules } from '../../components/reminders/reminder-rules';
import { StageMap } from '../../components/workflow/stage-map';
import { StudioSettingsFields } from '../../components/system/studio-settings-fields';
import type { StudioSettings } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText, fieldErrors } from '../../i18n/server-messages';
import { can } from '../../permissions';

export function SettingsPage() {
  const app = useApp();
  const me = app.me;
  const editable = can(me, 'settings', 'edit');
  const value = useValue<StudioSettings>(me.settings);
  const errors = useValue<Record<string, string>>({});
  const message = useValue<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const busy = useValue(false);

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.set(true);
    message.set(null);
    try {
      await api<StudioSettings>('PUT', '/api/settings', value.value);
      errors.set({});
      // Everyone's view of the studio (name, zone, language) comes from "me": reload it.
      await app.refreshMe();
      message.set({ kind: 'ok', text: t('settings.saved') });
    } catch (err) {
      errors.set(fieldErrors(err));
      message.set({ kind: 'error', text: errorText(err) });
    } finally {
      busy.set(false);
    }
  };

  return html`<section>
    <h1>${t('settings.title')}</h1>
    ${editable ? null : html`<${Banner} kind="info">${t('settings.readOnly')}<//>`}
    <form onSubmit=${submit} novalidate class="narrow-form">
      <${StudioSettingsFields} value=${value.value} onChange=${(v: StudioSettings) => (value.set(v), message.set(null))} errors=${errors.value} disabled=${!editable} />
      ${message.value ? html`<${Banner} kind=${message.value.kind}>${message.value.text}<//>` : null}
      ${editable ? html`<div class="actions"><button type="submit" class="primary" disabled=${busy.value}>${busy.value ? t('common.saving') : t('common.save')}</button></div>` : null}
    </form>
    <${CareSettingsCard} />
    <${MailSettingsCard} />
    <${PriceList} />
    <${TillSettingsCard} />
    <${GiftListCard} />
    ${can(me, 'membership', 'view') ? html`<${CardTypes} />` : null}
    <${StageMap} />
    ${can(me, 'reminders', 'view') ? html`<${ReminderRules} />` : null}
  </section>`;
}
