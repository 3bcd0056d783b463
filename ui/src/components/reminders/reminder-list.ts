// A list of reminders with their one-click actions: done, snooze until tomorrow (09:00 studio
// time), "called them" (writes a phone contact record, for those who may add one), reopen.
import { html } from 'htm/preact';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { addDaysTo } from '../../calendar-dates';
import type { Reminder } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { formatDate, formatDateTime, fromZonedInput } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';
import { Banner } from '../fields';

export const reminderKindLabel = (k: string) => tOr(`reminderKind.${k}`, k);

export interface ReminderListProps {
  items: Reminder[];
  /** The studio's date (YYYY-MM-DD), for "snooze until tomorrow". */
  today: string;
  /** Show each reminder's date (lists over several days). */
  showDate?: boolean;
  empty: string;
  onChanged(): void;
}

export function ReminderList(p: ReminderListProps) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const mayEdit = can(me, 'reminders', 'edit');
  const mayCall = mayEdit && can(me, 'contacts', 'add');
  const busy = useValue<number | null>(null);
  const failure = useValue<string | null>(null);

  const act = async (r: Reminder, action: 'done' | 'snooze' | 'called' | 'reopen') => {
    busy.set(r.id);
    failure.set(null);
    try {
      const body =
        action === 'snooze'
          ? { until: fromZonedInput(`${addDaysTo(p.today, 1)}T09:00`, tz) }
          : action === 'called'
            ? { note: t('reminders.calledNote', { kind: reminderKindLabel(r.kind), date: formatDate(r.occurrenceDate) }) }
            : {};
      await api<Reminder>('POST', `/api/reminders/${r.id}/${action}`, body);
      p.onChanged();
    } catch (err) {
      failure.set(errorText(err));
    } finally {
      busy.set(null);
    }
  };

  const state = (r: Reminder) =>
    r.state === 'snoozed' ? t('reminders.state.snoozed', { at: formatDateTime(r.snoozedUntil, tz) }) : t(`reminders.state.${r.state}`);

  return html`${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${p.items.length === 0
      ? html`<p class="muted">${p.empty}</p>`
      : html`<ul class="reminder-list">
          ${p.items.map(
            (r) => html`<li key=${r.id} class=${`reminder reminder-${r.state}`} data-testid="reminder">
              <div class="reminder-what">
                <strong>${reminderKindLabel(r.kind)}</strong>
                ${p.showDate ? html` · <span>${formatDate(r.occurrenceDate)}</span>` : null}
                · <a href=${`#/customers/${r.customer.id}`}>${r.customer.name}</a>
                ${r.customer.phone ? html` · <span class="phone">${r.customer.phone}</span>` : null}
                ${r.orderNo ? html` · <span>${t('reminders.orderNo', { no: r.orderNo })}</span>` : null}
                <div class="muted small">${t('reminders.dueAt', { at: formatDateTime(r.dueAt, tz) })} · <span data-testid="reminder-state">${state(r)}</span></div>
              </div>
              ${mayEdit
                ? html`<div class="reminder-actions">
                    ${r.state === 'done'
                      ? html`<button type="button" disabled=${busy.value === r.id} onClick=${() => void act(r, 'reopen')}>${t('reminders.reopen')}</button>`
                      : html`<button type="button" class="primary" disabled=${busy.value === r.id} onClick=${() => void act(r, 'done')}>${t('reminders.done')}</button>
                          <button type="button" disabled=${busy.value === r.id} onClick=${() => void act(r, 'snooze')}>${t('reminders.snooze')}</button>
                          ${mayCall ? html`<button type="button" disabled=${busy.value === r.id} onClick=${() => void act(r, 'called')}>${t('reminders.called')}</button>` : null}`}
                  </div>`
                : null}
            </li>`,
          )}
        </ul>`}`;
}
