// Booking or changing an appointment (O3): what, the customer (searched by name or phone) and
// maybe one of their orders, the room, the photographer and the make-up artist, the start in
// the studio's time, the length and set-up minutes. A booking with a warning shows the clash
// panel: pick an offered time (booked at once) or book anyway with a reason.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, ApiFailure, withQuery } from '../../api';
import {
  APPOINTMENT_KINDS, DEFAULT_SETUP,
  type Appointment, type AppointmentCalendar, type AppointmentCheck, type AppointmentInput, type AppointmentKind, type CustomerOrders, type CustomerPage, type Post,
} from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime, fromZonedInput, toZonedInput } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';
import { ClashPanel } from './appointment-clash';
import { Banner, SelectField, TextField } from '../fields';

const LENGTHS = [15, 30, 45, 60, 90, 120, 180, 240, 360, 480];

export interface FormStart {
  appointment: Appointment | null;
  /** For a new one: the start (UTC ISO) and room clicked. */
  startsAt: string;
  roomId: number | null;
}

export function AppointmentForm(p: { cal: AppointmentCalendar; start: FormStart; onDone(message: string): void; onClose(): void }) {
  const tz = p.cal.timeZone;
  const a = p.start.appointment;
  const personOf = (post: Post) => String(a?.people.find((x) => x.post === post)?.userId ?? '');
  const kind = useValue<AppointmentKind>(a?.kind ?? 'shoot');
  const customer = useValue<{ id: number; name: string } | null>(a ? { id: a.customer.id, name: a.customer.name } : null);
  const query = useValue('');
  const found = useValue<CustomerPage['items']>([]);
  const orders = useValue<CustomerOrders['orders']>([]);
  const orderId = useValue(a?.order ? String(a.order.id) : '');
  const roomId = useValue(String(a ? (a.room?.id ?? '') : (p.start.roomId ?? '')));
  const photographer = useValue(personOf('photographer'));
  const makeup = useValue(personOf('makeup'));
  const start = useValue(toZonedInput(a?.startsAt ?? p.start.startsAt, tz));
  const minutes = useValue(String(a ? Math.round((Date.parse(a.endsAt) - Date.parse(a.startsAt)) / 60000) : 60));
  const setupBefore = useValue(String(a?.setupBefore ?? DEFAULT_SETUP.shoot.before));
  const setupAfter = useValue(String(a?.setupAfter ?? DEFAULT_SETUP.shoot.after));
  const note = useValue(a?.note ?? '');
  const clash = useValue<AppointmentCheck | null>(null);
  const failure = useValue<string | null>(null);
  const fieldErrors = useValue<Record<string, string>>({});
  const busy = useValue(false);

  useEffect(() => {
    const q = query.value.trim();
    if (q.length < 1) return;
    const timer = setTimeout(() => {
      void api<CustomerPage>('GET', withQuery('/api/customers', { q, limit: 8 })).then((r) => found.set(r.items), () => found.set([]));
    }, 250);
    return () => clearTimeout(timer);
  }, [query.value]);
  useEffect(() => {
    if (!customer.value) return;
    // Orders need orders:view; without it the order stays unchosen.
    void api<CustomerOrders>('GET', `/api/customers/${customer.value.id}/orders`).then((r) => orders.set(r.orders), () => orders.set([]));
  }, [customer.value?.id]);

  const setKind = (k: AppointmentKind) => {
    kind.set(k);
    if (!a) {
      setupBefore.set(String(DEFAULT_SETUP[k].before));
      setupAfter.set(String(DEFAULT_SETUP[k].after));
    }
  };

  const inputAt = (startsAt: string | null, overrideReason?: string): AppointmentInput | null => {
    if (!customer.value || !startsAt) return null;
    const people: AppointmentInput['people'] = [];
    if (photographer.value) people.push({ userId: Number(photographer.value), post: 'photographer' });
    if (makeup.value && makeup.value !== photographer.value) people.push({ userId: Number(makeup.value), post: 'makeup' });
    return {
      kind: kind.value, customerId: customer.value.id, orderId: orderId.value ? Number(orderId.value) : null, roomId: roomId.value ? Number(roomId.value) : null, people,
      startsAt, endsAt: new Date(Date.parse(startsAt) + Number(minutes.value) * 60000).toISOString(),
      setupBefore: Number(setupBefore.value), setupAfter: Number(setupAfter.value), note: note.value,
      ...(overrideReason ? { overrideReason } : {}),
    };
  };

  const send = async (startsAt: string | null, overrideReason?: string) => {
    if (!customer.value) {
      failure.set(t('appt.form.needCustomer'));
      return;
    }
    const body = inputAt(startsAt, overrideReason);
    if (!body) return;
    busy.set(true);
    try {
      const saved = a ? await api<Appointment>('PUT', `/api/appointments/${a.id}`, body) : await api<Appointment>('POST', '/api/appointments', body);
      p.onDone(t('appt.booked', { kind: t(`appt.kind.${saved.kind}`), name: saved.customer.name, time: formatDateTime(saved.startsAt, tz) }));
    } catch (err) {
      if (err instanceof ApiFailure && err.clash) {
        clash.set(err.clash);
        failure.set(null);
      } else {
        clash.set(null);
        failure.set(errorText(err));
        fieldErrors.set(err instanceof ApiFailure ? Object.fromEntries(err.fields.map((f) => [f.path, f.message])) : {});
      }
    } finally {
      busy.set(false);
    }
  };

  const cancelAppointment = async () => {
    if (!a) return;
    try {
      await api<Appointment>('POST', `/api/appointments/${a.id}/cancel`, {});
      p.onDone(t('appt.cancelled'));
    } catch (err) {
      failure.set(errorText(err));
    }
  };

  const peopleOptions = [{ value: '', label: t('appt.nobody') }, ...p.cal.people.map((u) => ({ value: String(u.id), label: u.name, raw: true }))];
  const err = (path: string) => fieldErrors.value[path];
  return html`<form
    class="appt-form card"
    aria-label=${a ? t('appt.form.editTitle') : t('appt.form.title')}
    onSubmit=${(e: Event) => {
      e.preventDefault();
      void send(fromZonedInput(start.value, tz));
    }}
  >
    <h2>${a ? t('appt.form.editTitle') : t('appt.form.title')}</h2>
    <${SelectField} label=${t('appt.form.kind')} value=${kind.value} options=${APPOINTMENT_KINDS.map((k) => ({ value: k, label: t(`appt.kind.${k}`) }))} onValue=${(v: string) => setKind(v as AppointmentKind)} />
    ${customer.value
      ? html`<p class="appt-customer"><strong translate="no">${customer.value.name}</strong> ${a ? null : html`<button type="button" class="link-button" onClick=${() => customer.set(null)}>×</button>`}</p>`
      : html`<${TextField} label=${t('appt.form.customer')} type="search" value=${query.value} onValue=${(v: string) => query.set(v)} error=${err('customerId')} />
          ${found.value.length
            ? html`<${SelectField}
                label=${t('appt.form.pick')}
                value=""
                options=${[{ value: '', label: '—' }, ...found.value.map((c) => ({ value: String(c.id), label: `${c.name} ${c.customerNo}`, raw: true }))]}
                onValue=${(v: string) => {
                  const c = found.value.find((x) => String(x.id) === v);
                  if (c) customer.set({ id: c.id, name: c.name });
                }}
              />`
            : null}`}
    <${SelectField}
      label=${t('appt.form.order')}
      value=${orderId.value}
      error=${err('orderId')}
      options=${[{ value: '', label: t('appt.form.noOrder') }, ...orders.value.filter((o) => o.state !== 'cancelled').map((o) => ({ value: String(o.id), label: `${o.orderNo} ${o.title}`, raw: true }))]}
      onValue=${(v: string) => orderId.set(v)}
    />
    <${SelectField}
      label=${t('appt.form.room')}
      value=${roomId.value}
      error=${err('roomId')}
      options=${[{ value: '', label: t('appt.noRoom') }, ...p.cal.rooms.filter((r) => r.active || String(r.id) === roomId.value).map((r) => ({ value: String(r.id), label: r.name, raw: true }))]}
      onValue=${(v: string) => roomId.set(v)}
    />
    <${SelectField} label=${t('appt.form.photographer')} value=${photographer.value} options=${peopleOptions} onValue=${(v: string) => photographer.set(v)} />
    <${SelectField} label=${t('appt.form.makeup')} value=${makeup.value} options=${peopleOptions} onValue=${(v: string) => makeup.set(v)} />
    <${TextField} label=${t('appt.form.start')} type="datetime-local" value=${start.value} onValue=${(v: string) => start.set(v)} error=${err('startsAt')} />
    <${SelectField} label=${t('appt.form.minutes')} value=${minutes.value} error=${err('endsAt')} options=${LENGTHS.map((m) => ({ value: String(m), label: String(m), raw: true }))} onValue=${(v: string) => minutes.set(v)} />
    <${TextField} label=${t('appt.form.setupBefore')} inputMode="numeric" value=${setupBefore.value} onValue=${(v: string) => setupBefore.set(v)} error=${err('setupBefore')} />
    <${TextField} label=${t('appt.form.setupAfter')} inputMode="numeric" value=${setupAfter.value} onValue=${(v: string) => setupAfter.set(v)} error=${err('setupAfter')} />
    <${TextField} label=${t('appt.form.note')} value=${note.value} onValue=${(v: string) => note.set(v)} error=${err('note')} />
    ${clash.value
      ? html`<${ClashPanel}
          clash=${clash.value}
          timeZone=${tz}
          onPick=${(s: { startsAt: string }) => {
            start.set(toZonedInput(s.startsAt, tz));
            clash.set(null);
            void send(s.startsAt);
          }}
          onOverride=${(reason: string) => void send(fromZonedInput(start.value, tz), reason)}
        />`
      : null}
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <div class="actions">
      <button type="submit" class="primary" disabled=${busy.value}>${a ? t('appt.form.save') : t('appt.form.book')}</button>
      ${a ? html`<button type="button" onClick=${() => void cancelAppointment()}>${t('appt.form.cancelAppt')}</button>` : null}
      <button type="button" onClick=${p.onClose}>${t('common.cancel')}</button>
    </div>
  </form>`;
}
