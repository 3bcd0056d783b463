// The clash warning of a booking or a move (O3): what is wrong (a room or a person taken, a day
// off, outside the hours, the past), the nearest free times as one-click choices, and "book
// anyway" with a reason (kept on the appointment and in the audit log).
import { html } from 'htm/preact';
import type { Appointment, AppointmentCheck, AppointmentSlot, AppointmentWarning } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDate, formatDateTime } from '../../i18n/format';
import { useValue } from '../../use-value';

function whoOf(a: Appointment | undefined, tz: string): string {
  return a ? `${a.customer.name} ${formatDateTime(a.startsAt, tz)}` : '';
}

function warningText(w: AppointmentWarning, clash: AppointmentCheck, tz: string): string {
  switch (w.type) {
    case 'room':
      return t('appt.warn.room', { who: whoOf(clash.clashesWith.find((a) => a.id === w.appointmentId), tz) });
    case 'person': {
      const other = clash.clashesWith.find((a) => a.id === w.appointmentId);
      const person = other?.people.find((p) => p.userId === w.userId)?.name ?? String(w.userId);
      return t('appt.warn.person', { person, who: whoOf(other, tz) });
    }
    case 'past':
      return t('appt.warn.past');
    default:
      return t(`appt.warn.${w.type}`, { date: formatDate(w.date) });
  }
}

export function ClashPanel(p: { clash: AppointmentCheck; timeZone: string; onPick(slot: AppointmentSlot): void; onOverride(reason: string): void }) {
  const reason = useValue('');
  return html`<div class="appt-clash banner banner-error" role="alert">
    <strong>${t('appt.warn.title')}</strong>
    <ul>${p.clash.warnings.map((w, i) => html`<li key=${i}>${warningText(w, p.clash, p.timeZone)}</li>`)}</ul>
    ${p.clash.slots.length
      ? html`<p>${t('appt.slots')}</p>
          <div class="appt-slots">
            ${p.clash.slots.map((s) => html`<button type="button" key=${s.startsAt} class="appt-slot" onClick=${() => p.onPick(s)}>${formatDateTime(s.startsAt, p.timeZone)}</button>`)}
          </div>`
      : html`<p>${t('appt.noSlots')}</p>`}
    <div class="appt-override">
      <label>${t('appt.override')} <input type="text" maxlength="200" value=${reason.value} onInput=${(e: Event) => reason.set((e.currentTarget as HTMLInputElement).value)} /></label>
      <button type="button" disabled=${reason.value.trim() === ''} onClick=${() => p.onOverride(reason.value.trim())}>${t('appt.overrideButton')}</button>
    </div>
  </div>`;
}
