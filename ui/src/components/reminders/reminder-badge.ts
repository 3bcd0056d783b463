// The top bar's reminders badge: how many reminders are open on today's list. Read once, then
// followed with the reminders.changed event (it carries the count); re-read on 'hello' (a run
// or an action while the stream was closed was never seen here) and on the hour, when the next
// run may have made reminders due without changing any row.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useServerEvents } from '../../app-context';
import type { RemindersToday } from '../../contract';
import { t } from '../../i18n/catalog';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

const REREAD_MS = 5 * 60_000;

export function ReminderBadge() {
  const count = useValue<number | null>(null);
  const latest = useLatestOnly();
  // The badge is extra: a failed look leaves it as it was.
  const load = () => void latest(api<Pick<RemindersToday, 'today' | 'count'>>('GET', '/api/reminders/today/count'), (r) => count.set(r.count));
  useEffect(() => {
    load();
    const timer = setInterval(load, REREAD_MS);
    return () => clearInterval(timer);
  }, []);
  useServerEvents(['hello'], load);
  // Applied through latest() too, so that an older read still in flight cannot overwrite it.
  useServerEvents(['reminders.changed'], (e) => void latest(Promise.resolve((e.data as { count: number }).count), (n) => count.set(n)));
  const n = count.value ?? 0;
  return html`<a href="#/reminders" class=${n ? 'reminder-badge has-open' : 'reminder-badge'} data-testid="reminder-badge" title=${t('reminders.badge', { count: n })} aria-label=${t('reminders.badge', { count: n })}>
    <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M12 3a6 6 0 0 0-6 6v4l-2 3h16l-2-3V9a6 6 0 0 0-6-6zm-2 15a2 2 0 0 0 4 0" fill="none" stroke="currentColor" stroke-width="1.8" /></svg>
    ${n ? html`<span class="count" data-testid="reminder-count">${n}</span>` : null}
  </a>`;
}
