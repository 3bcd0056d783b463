// Closing the day (F2): for a studio-local day, what the ledgers say came in per money method
// (payments, top-ups, the cash book), what was counted, the difference, and the reason; "Close the day"
// signs it. A closed day shows what was counted and by whom; it is never changed again.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { ClosingInput, DayTakings } from '../../contract';
import { t } from '../../i18n/catalog';
import { paymentMethodLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { formatMoney, moneyInput, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { studioToday } from '../../studio-day';
import { useValue } from '../../use-value';
import { Banner, FormEnd, TextField } from '../fields';

export function DayClosing() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const day = useValue(studioToday(me));
  const data = useValue<DayTakings | null>(null);
  const counted = useValue<Record<string, string>>({});
  const reason = useValue('');
  const error = useValue<string | null>(null);
  const sub = useSubmission();
  const latest = useLatestOnly();

  const load = useCallback(
    () =>
      latest(
        api<DayTakings>('GET', `/api/closings/${day.value}`),
        (d) => {
          data.set(d);
          error.set(null);
          counted.set(Object.fromEntries(d.lines.map((l) => [l.method, moneyInput(l.countedMinor ?? l.expectedMinor, d.currency)])));
        },
        (err) => error.set(errorText(err)),
      ),
    [day.value],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'payment.changed', 'membership.changed', 'closing.changed', 'books.changed'], () => void load());

  const d = data.value;
  const open = d !== null && d.closed === null;
  const read = (method: string) => (d ? parseMoney(counted.value[method] ?? '', d.currency) : null);

  const close = async (e: Event) => {
    e.preventDefault();
    if (!d) return;
    const local: Record<string, string> = {};
    const body: ClosingInput = { day: d.day, counted: {}, reason: reason.value.trim() };
    for (const l of d.lines) {
      const v = read(l.method);
      if (v === null) local[`counted.${l.method}`] = t('money.invalid');
      else body.counted[l.method] = v;
    }
    if (d.lines.some((l) => read(l.method) !== null && read(l.method) !== l.expectedMinor) && !body.reason) local.reason = t('closing.reasonNeeded');
    if (!sub.check(local)) return;
    if (await sub.run(() => api('POST', '/api/closings', body))) void load();
  };

  return html`<section class="card day-closing">
    <h2>${t('closing.heading')}</h2>
    <${TextField} type="date" label=${t('closing.day')} value=${day.value} onValue=${(v: string) => v && day.set(v)} />
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${d
      ? html`<form onSubmit=${close} novalidate>
          <table class="closing-lines">
            <thead><tr><th>${t('payment.method')}</th><th class="num">${t('closing.payments')}</th><th class="num">${t('closing.topUps')}</th><th class="num">${t('closing.cashBook')}</th><th class="num">${t('closing.expected')}</th><th class="num">${t('closing.counted')}</th><th class="num">${t('closing.difference')}</th></tr></thead>
            <tbody>
              ${d.lines.map((l) => {
                const c = open ? read(l.method) : l.countedMinor;
                const diff = c === null ? null : c - l.expectedMinor;
                return html`<tr key=${l.method} data-method=${l.method}>
                  <td>${paymentMethodLabel(l.method)}</td>
                  <td class="num">${formatMoney(l.paymentsMinor, d.currency)}</td>
                  <td class="num">${formatMoney(l.topUpsMinor, d.currency)}</td>
                  <td class="num">${formatMoney(l.cashBookMinor, d.currency)}</td>
                  <td class="num">${formatMoney(l.expectedMinor, d.currency)}</td>
                  <td class="num">${open && can(me, 'closing', 'add')
                    ? html`<${TextField} class="inline" label=${t('closing.countedOf', { method: paymentMethodLabel(l.method) })} value=${counted.value[l.method] ?? ''}
                        onValue=${(v: string) => counted.set({ ...counted.value, [l.method]: v })} inputMode="decimal" error=${sub.errors.value[`counted.${l.method}`]} />`
                    : c === null ? '—' : formatMoney(c, d.currency)}</td>
                  <td class=${`num ${diff ? 'due' : ''}`}>${diff === null ? '—' : formatMoney(diff, d.currency)}</td>
                </tr>`;
              })}
            </tbody>
          </table>
          <p class="hint">${t('closing.fromCards', { amounts: d.fromCards.map((x) => `${paymentMethodLabel(x.method)} ${formatMoney(x.amountMinor, d.currency)}`).join(' · ') })}</p>
          ${d.closed
            ? html`<${Banner} kind="info">${t('closing.closedBy', { at: formatDateTime(d.closed.at, tz), name: d.closed.by?.name ?? '' })}${d.closed.reason ? ` — ${d.closed.reason}` : ''}<//>`
            : can(me, 'closing', 'add')
              ? html`<${TextField} label=${t('closing.reason')} value=${reason.value} onValue=${reason.set} error=${sub.errors.value.reason} />
                  <${FormEnd} failure=${sub.failure.value} busy=${sub.busy.value} label=${t('closing.close')} />`
              : null}
        </form>`
      : null}
  </section>`;
}
