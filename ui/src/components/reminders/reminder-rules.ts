// Each reminder kind's settings (C4), in the settings page: on/off, days before, hour (studio
// time), repeat daily until done, text the customer. Read with reminders:view; saved with
// settings:edit (the box re-plans open reminders at once).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { REMINDER_DAYS_BEFORE_MAX, REMINDER_KINDS, type ReminderKind, type ReminderRule, type ReminderRules as Rules } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner } from '../fields';
import { reminderKindLabel } from './reminder-list';

export function ReminderRules() {
  const me = useApp().me;
  const editable = can(me, 'settings', 'edit');
  const rules = useValue<Rules | null>(null);
  const message = useValue<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const busy = useValue(false);

  useEffect(() => {
    api<Rules>('GET', '/api/reminders/rules').then(rules.set, (err: unknown) => message.set({ kind: 'error', text: errorText(err) }));
  }, []);

  const r = rules.value;
  if (!r) return message.value ? html`<${Banner} kind="error">${message.value.text}<//>` : null;

  const set = (kind: ReminderKind, patch: Partial<ReminderRule>) => (rules.set({ ...r, [kind]: { ...r[kind], ...patch } }), message.set(null));
  const num = (e: Event) => Number((e.currentTarget as HTMLInputElement).value);
  const checked = (e: Event) => (e.currentTarget as HTMLInputElement).checked;

  const save = async (e: Event) => {
    e.preventDefault();
    busy.set(true);
    try {
      const body = Object.fromEntries(REMINDER_KINDS.map((k) => [k, { enabled: r[k].enabled, daysBefore: r[k].daysBefore, hour: r[k].hour, repeatDaily: r[k].repeatDaily, sms: r[k].sms }]));
      rules.set(await api<Rules>('PUT', '/api/reminders/rules', body));
      message.set({ kind: 'ok', text: t('reminders.rule.saved') });
    } catch (err) {
      message.set({ kind: 'error', text: errorText(err) });
    } finally {
      busy.set(false);
    }
  };

  return html`<section class="card" aria-labelledby="reminder-rules-title">
    <h2 id="reminder-rules-title">${t('reminders.settings')}</h2>
    <p class="muted">${t('reminders.settingsHint')} (${me.settings.timeZone})</p>
    <form onSubmit=${save} novalidate>
      <table class="list rules-table">
        <thead><tr>
          <th scope="col">${t('reminders.kind')}</th>
          <th scope="col">${t('reminders.rule.enabled')}</th>
          <th scope="col">${t('reminders.rule.daysBefore')}</th>
          <th scope="col">${t('reminders.rule.hour')}</th>
          <th scope="col">${t('reminders.rule.repeat')}</th>
          <th scope="col">${t('reminders.rule.sms')}</th>
        </tr></thead>
        <tbody>
          ${REMINDER_KINDS.map((k) => {
            const label = reminderKindLabel(k);
            return html`<tr key=${k} data-kind=${k}>
              <th scope="row">${label}</th>
              <td><input type="checkbox" aria-label=${`${label}: ${t('reminders.rule.enabled')}`} checked=${r[k].enabled} disabled=${!editable} onChange=${(e: Event) => set(k, { enabled: checked(e) })} /></td>
              <td><input type="number" min="0" max=${REMINDER_DAYS_BEFORE_MAX} aria-label=${`${label}: ${t('reminders.rule.daysBefore')}`} value=${r[k].daysBefore} disabled=${!editable} onInput=${(e: Event) => set(k, { daysBefore: num(e) })} /></td>
              <td><select aria-label=${`${label}: ${t('reminders.rule.hour')}`} value=${String(r[k].hour)} disabled=${!editable} onChange=${(e: Event) => set(k, { hour: num(e) })}>
                ${Array.from({ length: 24 }, (_, h) => html`<option key=${h} value=${String(h)}>${String(h).padStart(2, '0')}:00</option>`)}
              </select></td>
              <td><input type="checkbox" aria-label=${`${label}: ${t('reminders.rule.repeat')}`} checked=${r[k].repeatDaily} disabled=${!editable} onChange=${(e: Event) => set(k, { repeatDaily: checked(e) })} /></td>
              <td><input type="checkbox" aria-label=${`${label}: ${t('reminders.rule.sms')}`} checked=${r[k].sms} disabled=${!editable} onChange=${(e: Event) => set(k, { sms: checked(e) })} /></td>
            </tr>`;
          })}
        </tbody>
      </table>
      ${message.value ? html`<${Banner} kind=${message.value.kind}>${message.value.text}<//>` : null}
      ${editable ? html`<div class="actions"><button type="submit" class="primary" disabled=${busy.value}>${t('reminders.rule.save')}</button></div>` : null}
    </form>
  </section>`;
}
