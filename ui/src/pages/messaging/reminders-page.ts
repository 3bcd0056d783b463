// Reminders (C4): today's list with its actions, and a calendar with day, week and month views.
// The day and week views list the reminders of their days; the month view shows per day how
// many there are and how many are still open (a studio with many customers has thousands a
// month), and a click on a day opens it. Re-read on every reminders.changed and on 'hello'.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useServerEvents } from '../../app-context';
import { addDaysTo, addMonths, monthGrid, weekDays } from '../../calendar-dates';
import { Banner } from '../../components/fields';
import { ReminderList, reminderKindLabel } from '../../components/reminders/reminder-list';
import type { ReminderDays, ReminderRange, RemindersToday } from '../../contract';
import { getLanguage, t } from '../../i18n/catalog';
import { formatDate } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

type View = 'day' | 'week' | 'month';
const VIEWS: View[] = ['day', 'week', 'month'];
const LIST_LIMIT = 500;

/** What was read, for which view and day: the screen shows it until the next read lands. */
type Shown = { today: RemindersToday; day: string } & ({ view: 'day' | 'week'; range: ReminderRange } | { view: 'month'; days: ReminderDays });

export function RemindersPage() {
  const view = useValue<View>('day');
  /** The day the calendar shows (or shows the week / month of); null = the studio's today. */
  const anchor = useValue<string | null>(null);
  const shown = useValue<Shown | null>(null);
  const failure = useValue<string | null>(null);
  const latest = useLatestOnly();

  const load = useCallback(() => {
    const read = async (): Promise<Shown> => {
      const today = await api<RemindersToday>('GET', '/api/reminders/today');
      const day = anchor.value ?? today.today;
      const v = view.value;
      if (v === 'month') {
        const grid = monthGrid(day);
        return { today, day, view: v, days: await api<ReminderDays>('GET', withQuery('/api/reminders/days', { from: grid[0]!, to: grid.at(-1)! })) };
      }
      const days = v === 'week' ? weekDays(day) : [day];
      const range = await api<ReminderRange>('GET', withQuery('/api/reminders', { from: days[0]!, to: days.at(-1)!, limit: LIST_LIMIT }));
      return { today, day, view: v, range };
    };
    return latest(read(), (s) => (shown.set(s), failure.set(null)), (err) => failure.set(errorText(err)));
  }, [view.value, anchor.value]);
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'reminders.changed'], () => void load());

  const s = shown.value;
  const today = s?.today.today ?? null;
  const day = anchor.value ?? today;
  const step = (n: number) => {
    if (!day) return;
    anchor.set(view.value === 'month' ? addMonths(day, n) : addDaysTo(day, view.value === 'week' ? 7 * n : n));
  };
  const openDay = (d: string) => (anchor.set(d), view.set('day'));

  return html`<section class="reminders-page">
    <h1>${t('reminders.title')}</h1>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <section aria-labelledby="today-title" class="card">
      <h2 id="today-title">${t('reminders.todayTitle')} ${s ? html`<span class="muted">(${s.today.count})</span>` : null}</h2>
      ${s ? html`<div data-testid="today-list"><${ReminderList} items=${s.today.items} today=${s.today.today} showDate empty=${t('reminders.todayEmpty')} onChanged=${() => void load()} /></div>` : null}
    </section>
    <section aria-label=${t('reminders.title')}>
      <div class="calendar-bar">
        <div class="tabs" role="tablist">
          ${VIEWS.map(
            (v) => html`<button type="button" role="tab" key=${v} aria-selected=${view.value === v ? 'true' : 'false'} onClick=${() => view.set(v)}>${t(`reminders.view.${v}`)}</button>`,
          )}
        </div>
        <button type="button" onClick=${() => step(-1)} aria-label=${t('reminders.prev')}>‹</button>
        <button type="button" onClick=${() => anchor.set(null)}>${t('reminders.goToday')}</button>
        <button type="button" onClick=${() => step(1)} aria-label=${t('reminders.next')}>›</button>
        <strong class="calendar-title">${s ? calendarTitle(s.view, s.day) : ''}</strong>
      </div>
      ${s ? (s.view === 'month' ? monthView(s.day, s.today.today, s.days, openDay) : listView(s.view, s.day, s.today.today, s.range, load)) : null}
    </section>
  </section>`;
}

function calendarTitle(view: View, day: string): string {
  if (view === 'day') return formatDate(day);
  if (view === 'week') {
    const w = weekDays(day);
    return `${formatDate(w[0])} – ${formatDate(w.at(-1))}`;
  }
  return new Intl.DateTimeFormat(getLanguage(), { year: 'numeric', month: 'long', timeZone: 'UTC' }).format(new Date(`${day}T00:00:00Z`));
}

function listView(view: View, day: string, today: string, range: ReminderRange, reload: () => void) {
  const days = view === 'week' ? weekDays(day) : [day];
  return html`<div data-testid="calendar-list">
    ${days.map((d) => {
      const items = range.items.filter((r) => r.occurrenceDate === d);
      return html`<section key=${d} class=${d === today ? 'calendar-day is-today' : 'calendar-day'}>
        ${view === 'week' ? html`<h3>${formatDate(d)}</h3>` : null}
        <${ReminderList} items=${items} today=${today} empty=${t('reminders.dayEmpty')} onChanged=${reload} />
      </section>`;
    })}
    ${range.more ? html`<p class="muted">${t('reminders.more', { shown: range.items.length })}</p>` : null}
  </div>`;
}

function monthView(day: string, today: string, days: ReminderDays, openDay: (d: string) => void) {
  const byDate = new Map(days.days.map((d) => [d.date, d]));
  const month = day.slice(0, 7);
  return html`<div class="month-grid" data-testid="month-grid">
    ${monthGrid(day).map((d) => {
      const info = byDate.get(d);
      const cls = ['month-cell', d.slice(0, 7) === month ? '' : 'other-month', d === today ? 'is-today' : ''].filter(Boolean).join(' ');
      const kinds = info ? Object.entries(info.byKind).map(([k, n]) => `${reminderKindLabel(k)} ${n}`).join(', ') : '';
      return html`<button type="button" key=${d} class=${cls} title=${kinds} onClick=${() => openDay(d)} data-date=${d}>
        <span class="month-day">${Number(d.slice(8))}</span>
        ${info ? html`<span class="month-count">${t('reminders.dayCount', { count: info.total })}</span>` : null}
        ${info?.open ? html`<span class="month-open">${t('reminders.dayOpen', { count: info.open })}</span>` : null}
      </button>`;
    })}
  </div>`;
}
