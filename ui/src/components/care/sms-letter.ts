// The letter in the top bar (S4): how many received SMS nobody has opened yet, flashing while
// there are any (a steady highlight for people who asked their system for less motion).
// Clicking it opens the inbox. Counts come from the box: at start, on every (re)connection
// of the event stream, and with each 'sms.unread' event.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useServerEvents } from '../../app-context';
import { t } from '../../i18n/catalog';
import { useValue } from '../../use-value';

export function SmsLetter() {
  const count = useValue(0);
  const load = () =>
    api<{ count: number }>('GET', '/api/sms/unread').then(
      (r) => count.set(r.count),
      () => undefined,
    );
  useEffect(() => void load(), []);
  useServerEvents(['sms.unread', 'hello'], (e) => {
    const n = (e.data as { count?: unknown } | null)?.count;
    if (e.type === 'sms.unread' && typeof n === 'number') count.set(n);
    else void load();
  });
  const n = count.value;
  const label = n ? t('sms.letterUnread', { n }) : t('sms.letterNone');
  return html`<a class=${n ? 'sms-letter unread' : 'sms-letter'} href="#/sms" title=${label} aria-label=${label}>
    <svg viewBox="0 0 24 24" width="22" height="22" aria-hidden="true" focusable="false">
      <rect x="2.5" y="5" width="19" height="14" rx="2" fill="none" stroke="currentColor" stroke-width="1.8" />
      <path d="M3 6.5l9 6.5 9-6.5" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linejoin="round" />
    </svg>
    ${n ? html`<span class="count" aria-hidden="true">${n > 99 ? '99+' : n}</span>` : null}
  </a>`;
}
