// Rooms, working hours and days off of the appointment calendar (O3), for settings:edit. A room
// is retired (not in use), never removed: its appointments keep it.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, ApiFailure } from '../../api';
import type { AppointmentSettings, AppointmentSettingsInput, DayHours } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';
import { Banner, Checkbox, TextField } from '../fields';

export function AppointmentSettingsForm(p: { onClose(): void; onSaved(): void }) {
  const rooms = useValue<AppointmentSettingsInput['rooms']>([]);
  const hours = useValue<DayHours[]>([]);
  const daysOff = useValue('');
  const failure = useValue<string | null>(null);
  const notice = useValue<string | null>(null);
  const fill = (s: AppointmentSettings) => {
    rooms.set(s.rooms.map((r) => ({ id: r.id, name: r.name, active: r.active })));
    hours.set(s.workingHours);
    daysOff.set(s.daysOff.join('\n'));
  };
  useEffect(() => {
    void api<AppointmentSettings>('GET', '/api/appointments/settings').then(fill, (err) => failure.set(errorText(err)));
  }, []);

  const setRoom = (i: number, patch: Partial<AppointmentSettingsInput['rooms'][number]>) => rooms.set(rooms.value.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const setDay = (i: number, h: DayHours) => hours.set(hours.value.map((x, j) => (j === i ? h : x)));
  const save = async (e: Event) => {
    e.preventDefault();
    const body: AppointmentSettingsInput = { workingHours: hours.value, daysOff: daysOff.value.split(/\s+/).filter(Boolean), rooms: rooms.value };
    try {
      fill(await api<AppointmentSettings>('PUT', '/api/appointments/settings', body));
      notice.set(t('appt.settings.saved'));
      failure.set(null);
      p.onSaved();
    } catch (err) {
      notice.set(null);
      failure.set(err instanceof ApiFailure && err.fields.length ? err.fields.map((f) => `${f.path}: ${f.message}`).join('; ') : errorText(err));
    }
  };

  return html`<form class="appt-settings card" aria-label=${t('appt.settings.title')} onSubmit=${save}>
    <h2>${t('appt.settings.title')}</h2>
    <fieldset>
      <legend>${t('appt.settings.rooms')}</legend>
      ${rooms.value.map(
        (r, i) => html`<div key=${i} class="appt-room-row">
          <${TextField} label=${t('appt.settings.roomName')} value=${r.name} onValue=${(v: string) => setRoom(i, { name: v })} />
          <${Checkbox} label=${t('appt.settings.active')} checked=${r.active} onValue=${(v: boolean) => setRoom(i, { active: v })} />
        </div>`,
      )}
      <button type="button" onClick=${() => rooms.set([...rooms.value, { name: '', active: true }])}>${t('appt.settings.addRoom')}</button>
    </fieldset>
    <fieldset>
      <legend>${t('appt.settings.hours')}</legend>
      ${hours.value.map(
        (h, i) => html`<div key=${i} class="appt-hours-row">
          <${Checkbox} label=${`${t(`appt.weekday.${i}` as 'appt.weekday.0')} · ${t('appt.settings.open')}`} checked=${h !== null} onValue=${(v: boolean) => setDay(i, v ? { open: '09:00', close: '18:00' } : null)} />
          ${h
            ? html`<label>${t('appt.settings.from')} <input type="time" value=${h.open} onInput=${(e: Event) => setDay(i, { ...h, open: (e.currentTarget as HTMLInputElement).value })} /></label>
                <label>${t('appt.settings.to')} <input type="time" value=${h.close} onInput=${(e: Event) => setDay(i, { ...h, close: (e.currentTarget as HTMLInputElement).value })} /></label>`
            : null}
        </div>`,
      )}
    </fieldset>
    <${TextField} label=${t('appt.settings.daysOff')} multiline=${true} value=${daysOff.value} onValue=${(v: string) => daysOff.set(v)} />
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${notice.value ? html`<${Banner} kind="ok">${notice.value}<//>` : null}
    <div class="actions">
      <button type="submit" class="primary">${t('common.save')}</button>
      <button type="button" onClick=${p.onClose}>${t('common.cancel')}</button>
    </div>
  </form>`;
}
