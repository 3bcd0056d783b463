// The "no good copy" alarm on every screen of an admin: files the scrub found bad on BOTH disks
// and no admin has acknowledged yet. Asked for once, then followed with the scrub.alarm event.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { useServerEvents } from '../app-context';
import type { ScrubAlarmEvent } from '../contract';
import { t } from '../i18n/catalog';
import { useValue } from '../use-value';
import { Banner } from './fields';

export function ScrubAlarm() {
  const open = useValue(0);
  useEffect(() => {
    api<ScrubAlarmEvent>('GET', '/api/scrub/alarm').then(
      (a) => open.set(a.open),
      () => undefined, // the banner is extra: a failed look leaves it as it was
    );
  }, []);
  useServerEvents(['scrub.alarm'], (e) => open.set((e.data as ScrubAlarmEvent).open));
  if (!open.value) return null;
  return html`<div class="scrub-alarm" data-testid="scrub-alarm"><${Banner} kind="error">
    ${t('scrub.alarm', { count: open.value })} <a href="#/status">${t('scrub.alarmLink')}</a>
  <//></div>`;
}
