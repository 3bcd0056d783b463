// The "no good copy" alarm on every screen of an admin: files the scrub found bad on BOTH disks
// and no admin has acknowledged yet. Asked for once, then followed with the scrub.alarm event.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useServerEvents } from '../../app-context';
import type { ScrubAlarmEvent } from '../../contract';
import { t } from '../../i18n/catalog';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner } from '../fields';

export function ScrubAlarm() {
  const open = useValue(0);
  const latest = useLatestOnly();
  // The banner is extra: a failed look leaves it as it was.
  const load = () => void latest(api<ScrubAlarmEvent>('GET', '/api/scrub/alarm'), (a) => open.set(a.open));
  useEffect(load, []);
  // 'hello': the stream (re)opened, and an alarm raised before it did was never seen here.
  useServerEvents(['hello'], load);
  useServerEvents(['scrub.alarm'], (e) => open.set((e.data as ScrubAlarmEvent).open));
  if (!open.value) return null;
  return html`<div class="scrub-alarm" data-testid="scrub-alarm"><${Banner} kind="error">
    ${t('scrub.alarm', { count: open.value })} <a href="#/status">${t('scrub.alarmLink')}</a>
  <//></div>`;
}
