// On a customer's page: whether they take reminders and marketing SMS (issue 14.5). A reply of
// STOP / TD / 退订 / HUY opts them out by itself; staff with customers:edit can mark or clear it.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { ServerEvent, SmsOptOutState } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

export function SmsOptOutLine(p: { customerId: number }) {
  const me = useApp().me;
  const state = useValue<SmsOptOutState | null>(null);
  const error = useValue<string | null>(null);
  const busy = useValue(false);
  const latest = useLatestOnly();
  const load = useCallback(
    () => latest(api<SmsOptOutState>('GET', `/api/customers/${p.customerId}/sms-opt-out`), (s) => (state.set(s), error.set(null)), (err) => error.set(errorText(err))),
    [p.customerId],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['customer.optOut', 'hello'], (e: ServerEvent) => {
    const id = (e.data as { customerId?: number } | null)?.customerId;
    if (e.type === 'hello' || id === p.customerId) void load();
  });

  const set = async (optedOut: boolean) => {
    busy.set(true);
    try {
      state.set(await api<SmsOptOutState>('PUT', `/api/customers/${p.customerId}/sms-opt-out`, { optedOut }));
      error.set(null);
    } catch (err) {
      error.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };

  const s = state.value;
  if (!s) return error.value ? html`<small class="field-error">${error.value}</small>` : null;
  const o = s.optOut;
  const tz = me.settings.timeZone;
  const editable = can(me, 'customers', 'edit');
  return html`<div class="opt-out" data-testid="sms-opt-out">
    ${o
      ? html`<strong class="tag tag-bad">${o.via === 'sms' ? t('optOut.bySms', { at: formatDateTime(o.at, tz) }) : t('optOut.byStaff', { at: formatDateTime(o.at, tz), name: o.by?.name ?? t('common.system') })}</strong>
          <small class="muted"> ${t('optOut.note')}</small>`
      : html`<span>${t('optOut.takes')}</span>`}
    ${editable ? html` <button type="button" class="link-button" disabled=${busy.value} onClick=${() => set(!o)}>${o ? t('optOut.clear') : t('optOut.mark')}</button>` : null}
    ${error.value ? html`<small class="field-error" role="alert">${error.value}</small>` : null}
  </div>`;
}
