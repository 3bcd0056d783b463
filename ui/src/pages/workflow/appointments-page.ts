// The appointment calendar (O3): a day (columns per room or per person) or a week (columns per
// day, filtered by room or person) of shoots, make-up, selections, sample viewings and pickups in
// the studio's time. On a desktop an appointment is dragged to another time (or room) to move
// it; a move with a warning shows the clash panel (an offered time, or anyway with a reason).
// On a phone the grid gives way to a plain list of the day. "Today" is the box's.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, ApiFailure, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { AppointmentForm, type FormStart } from '../../components/appointments/appointment-form';
import { ClashPanel } from '../../components/appointments/appointment-clash';
import { AppointmentSettingsForm } from '../../components/appointments/appointment-settings';
import { Banner, SelectField } from '../../components/fields';
import { addDaysTo, weekStart } from '../../calendar-dates';
import type { Appointment, AppointmentCalendar, AppointmentCheck, AppointmentInput, AppointmentSlot } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDate, formatDateTime, fromZonedInput, toZonedInput } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

const DRAG_TYPE = 'application/x-studio-box-appointment';
const SNAP = 15;

interface Column {
  key: string;
  label: string;
  date: string;
  roomId: number | null | undefined;
  holds(a: Appointment): boolean;
}

/** Minutes after local midnight of an instant, and its local date. */
function localOf(iso: string, tz: string): { date: string; minutes: number } {
  const v = toZonedInput(iso, tz);
  return { date: v.slice(0, 10), minutes: Number(v.slice(11, 13)) * 60 + Number(v.slice(14, 16)) };
}
const hhmm = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
const minutesOf = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3, 5));

/** The body a move sends: everything as it was, at another time (and maybe room). */
function movedInput(a: Appointment, startsAt: string, roomId: number | null | undefined, overrideReason?: string): AppointmentInput {
  const length = Date.parse(a.endsAt) - Date.parse(a.startsAt);
  return {
    kind: a.kind, customerId: a.customer.id, orderId: a.order?.id ?? null, roomId: roomId === undefined ? (a.room?.id ?? null) : roomId,
    people: a.people.map((x) => ({ userId: x.userId, post: x.post })), startsAt, endsAt: new Date(Date.parse(startsAt) + length).toISOString(),
    setupBefore: a.setupBefore, setupAfter: a.setupAfter, note: a.note, ...(overrideReason ? { overrideReason } : {}),
  };
}

export function AppointmentsPage() {
  const me = useApp().me;
  const mayEdit = can(me, 'workflow', 'edit');
  const mayDefine = can(me, 'settings', 'edit');
  const view = useValue<'day' | 'week'>('day');
  const by = useValue<'room' | 'person'>('room');
  const filter = useValue({ room: '', person: '' });
  const date = useValue<string | null>(null);
  const cal = useValue<AppointmentCalendar | null>(null);
  const failure = useValue<string | null>(null);
  const notice = useValue<string | null>(null);
  const form = useValue<FormStart | null>(null);
  const settingsOpen = useValue(false);
  const move = useValue<{ a: Appointment; roomId: number | null | undefined; startsAt: string; clash: AppointmentCheck } | null>(null);
  const latest = useLatestOnly();

  const from = date.value === null ? null : view.value === 'week' ? weekStart(date.value) : date.value;
  const to = from === null ? null : view.value === 'week' ? addDaysTo(from, 6) : from;
  const load = useCallback(
    () =>
      latest(
        api<AppointmentCalendar>('GET', withQuery('/api/appointments', { from: from ?? '', to: to ?? '', ...(view.value === 'week' ? filter.value : {}) })),
        (c) => {
          cal.set(c);
          if (date.value === null) date.set(c.today);
          failure.set(null);
        },
        (err) => failure.set(errorText(err)),
      ),
    [from, to, view.value, filter.value.room, filter.value.person],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'appointments.changed'], () => void load());

  const c = cal.value;
  const tz = c?.timeZone ?? me.settings.timeZone;
  const shift = (days: number) => date.value !== null && date.set(addDaysTo(date.value, days));

  const sendMove = async (a: Appointment, startsAt: string, roomId: number | null | undefined, overrideReason?: string) => {
    try {
      const saved = await api<Appointment>('PUT', `/api/appointments/${a.id}`, movedInput(a, startsAt, roomId, overrideReason));
      move.set(null);
      notice.set(t('appt.moved', { time: formatDateTime(saved.startsAt, tz) }));
      failure.set(null);
      await load();
    } catch (err) {
      if (err instanceof ApiFailure && err.clash) move.set({ a, roomId, startsAt, clash: err.clash });
      else failure.set(errorText(err));
    }
  };

  // Hours shown: the earliest opening to the latest closing of the week (default 08:00–20:00).
  const open = c?.workingHours.filter((h) => h !== null) ?? [];
  const gridFrom = Math.floor((open.length ? Math.min(...open.map((h) => minutesOf(h!.open))) : 8 * 60) / 60) * 60;
  const gridTo = Math.ceil((open.length ? Math.max(...open.map((h) => minutesOf(h!.close))) : 20 * 60) / 60) * 60;
  const days = from === null ? [] : view.value === 'week' ? Array.from({ length: 7 }, (_, i) => addDaysTo(from, i)) : [from];

  const columns: Column[] = !c || from === null
    ? []
    : view.value === 'week'
      ? days.map((d) => ({ key: d, label: formatDate(d), date: d, roomId: undefined, holds: (a: Appointment) => localOf(a.startsAt, tz).date === d }))
      : by.value === 'room'
        ? [
            ...c.rooms.filter((r) => r.active || c.items.some((a) => a.room?.id === r.id)).map((r) => ({ key: `r${r.id}`, label: r.name, date: from, roomId: r.id as number | null, holds: (a: Appointment) => a.room?.id === r.id })),
            { key: 'r-', label: t('appt.noRoom'), date: from, roomId: null, holds: (a: Appointment) => a.room === null },
          ]
        : c.people.map((u) => ({ key: `p${u.id}`, label: u.name, date: from, roomId: undefined, holds: (a: Appointment) => a.people.some((x) => x.userId === u.id) }));

  const onDrop = (col: Column) => (e: DragEvent) => {
    e.preventDefault();
    const a = c?.items.find((x) => String(x.id) === e.dataTransfer?.getData(DRAG_TYPE));
    if (!a) return;
    const body = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const grab = Number(e.dataTransfer?.getData('text/plain') || 0);
    const minute = Math.round((gridFrom + e.clientY - body.top - grab) / SNAP) * SNAP;
    const startsAt = fromZonedInput(`${col.date}T${hhmm(Math.max(0, Math.min(minute, 24 * 60 - SNAP)))}`, tz);
    if (startsAt) void sendMove(a, startsAt, col.roomId);
  };

  const block = (a: Appointment, col: Column) => {
    const s = localOf(a.startsAt, tz);
    const length = Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60000);
    const top = s.date === col.date ? s.minutes - gridFrom : 0;
    return html`<div
      key=${a.id}
      class=${`appt-block kind-${a.kind}${a.overrideReason ? ' overridden' : ''}`}
      style=${`top:${top}px;height:${Math.max(length, 20)}px`}
      draggable=${mayEdit}
      data-appointment=${a.id}
      onDragStart=${(e: DragEvent) => {
        e.dataTransfer?.setData(DRAG_TYPE, String(a.id));
        e.dataTransfer?.setData('text/plain', String(Math.round(e.clientY - (e.currentTarget as HTMLElement).getBoundingClientRect().top)));
      }}
      onClick=${() => mayEdit && form.set({ appointment: a, startsAt: a.startsAt, roomId: a.room?.id ?? null })}
    >
      <strong>${hhmm(s.minutes)} ${t(`appt.kind.${a.kind}`)}</strong>
      <span translate="no"> ${a.customer.name}</span>
      <div class="muted">${[a.room?.name, ...a.people.map((x) => x.name)].filter(Boolean).join(' · ')}</div>
    </div>`;
  };

  const closedNote = (d: string) => {
    if (!c) return null;
    if (c.daysOff.includes(d)) return t('appt.dayOff');
    return c.workingHours[(new Date(`${d}T00:00:00Z`).getUTCDay() + 6) % 7] ? null : t('appt.closed');
  };

  const dayItems = (d: string) => (c?.items ?? []).filter((a) => localOf(a.startsAt, tz).date === d);
  return html`<section class="appointments-page">
    <h1>${t('appt.title')}</h1>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${notice.value ? html`<${Banner} kind="ok">${notice.value}<//>` : null}
    <div class="filters appt-toolbar">
      <div class="segmented" role="group">
        ${(['day', 'week'] as const).map((v) => html`<button type="button" key=${v} aria-pressed=${view.value === v} onClick=${() => view.set(v)}>${t(`appt.view.${v}`)}</button>`)}
      </div>
      <button type="button" onClick=${() => shift(view.value === 'week' ? -7 : -1)}>${t('appt.prev')}</button>
      <button type="button" onClick=${() => c && date.set(c.today)}>${t('appt.today')}</button>
      <button type="button" onClick=${() => shift(view.value === 'week' ? 7 : 1)}>${t('appt.next')}</button>
      <strong class="appt-range">${from ? (from === to ? formatDate(from) : `${formatDate(from)} – ${formatDate(to)}`) : ''}</strong>
      ${view.value === 'day'
        ? html`<${SelectField} label=${t('appt.by')} value=${by.value} options=${[{ value: 'room', label: t('appt.by.room') }, { value: 'person', label: t('appt.by.person') }]} onValue=${(v: string) => by.set(v as 'room' | 'person')} />`
        : html`<${SelectField} label=${t('appt.filter.room')} value=${filter.value.room} options=${[{ value: '', label: t('appt.filter.any') }, ...(c?.rooms ?? []).map((r) => ({ value: String(r.id), label: r.name, raw: true }))]} onValue=${(v: string) => filter.set({ ...filter.value, room: v })} />
            <${SelectField} label=${t('appt.filter.person')} value=${filter.value.person} options=${[{ value: '', label: t('appt.filter.any') }, ...(c?.people ?? []).map((u) => ({ value: String(u.id), label: u.name, raw: true }))]} onValue=${(v: string) => filter.set({ ...filter.value, person: v })} />`}
      ${mayEdit && c && from ? html`<button type="button" class="primary" onClick=${() => form.set({ appointment: null, startsAt: fromZonedInput(`${from}T${hhmm(gridFrom + 60)}`, tz) ?? new Date().toISOString(), roomId: null })}>${t('appt.new')}</button>` : null}
      ${mayDefine ? html`<button type="button" class="link-button" onClick=${() => settingsOpen.set(!settingsOpen.value)}>${t('appt.editSettings')}</button>` : null}
    </div>
    ${settingsOpen.value && c ? html`<${AppointmentSettingsForm} onClose=${() => settingsOpen.set(false)} onSaved=${() => void load()} />` : null}
    ${form.value && c
      ? html`<${AppointmentForm}
          key=${form.value.appointment?.id ?? 'new'}
          cal=${c}
          start=${form.value}
          onDone=${(m: string) => (form.set(null), notice.set(m), void load())}
          onClose=${() => form.set(null)}
        />`
      : null}
    ${move.value
      ? html`<${ClashPanel}
          clash=${move.value.clash}
          timeZone=${tz}
          onPick=${(s: AppointmentSlot) => void sendMove(move.value!.a, s.startsAt, move.value!.roomId)}
          onOverride=${(reason: string) => void sendMove(move.value!.a, move.value!.startsAt, move.value!.roomId, reason)}
        />`
      : null}
    ${mayEdit ? html`<p class="muted appt-hint">${t('appt.dragHint')}</p>` : null}
    <div class="appt-grid" style=${`--appt-height:${gridTo - gridFrom}px`}>
      <div class="appt-hours">${Array.from({ length: (gridTo - gridFrom) / 60 }, (_, i) => html`<div key=${i} class="appt-hour">${hhmm(gridFrom + i * 60)}</div>`)}</div>
      ${columns.map(
        (col) => html`<section key=${col.key} class="appt-column" aria-label=${col.label} data-column=${col.key}>
          <h2 translate=${col.key.startsWith('r') && col.roomId !== null ? 'no' : undefined}>${col.label}${closedNote(col.date) && view.value === 'week' ? html` <small class="muted">${closedNote(col.date)}</small>` : null}</h2>
          <div class="appt-body" data-date=${col.date} onDragOver=${mayEdit ? (e: DragEvent) => e.preventDefault() : undefined} onDrop=${mayEdit ? onDrop(col) : undefined}>
            ${(c?.items ?? []).filter(col.holds).map((a) => block(a, col))}
          </div>
        </section>`,
      )}
    </div>
    <div class="appt-daylist">
      ${days.map(
        (d) => html`<section key=${d} aria-label=${formatDate(d)}>
          <h2>${formatDate(d)} ${closedNote(d) ? html`<small class="muted">${closedNote(d)}</small>` : null}</h2>
          ${dayItems(d).length === 0
            ? html`<p class="muted">${t('appt.empty')}</p>`
            : html`<ol>
                ${dayItems(d).map(
                  (a) => html`<li key=${a.id} class=${`kind-${a.kind}`} onClick=${() => mayEdit && form.set({ appointment: a, startsAt: a.startsAt, roomId: a.room?.id ?? null })}>
                    <strong>${hhmm(localOf(a.startsAt, tz).minutes)}–${hhmm(localOf(a.endsAt, tz).minutes)}</strong> ${t(`appt.kind.${a.kind}`)}
                    <span translate="no">${a.customer.name}</span>
                    <div class="muted">${[a.room?.name, ...a.people.map((x) => x.name)].filter(Boolean).join(' · ')}</div>
                  </li>`,
                )}
              </ol>`}
        </section>`,
      )}
    </div>
  </section>`;
}
