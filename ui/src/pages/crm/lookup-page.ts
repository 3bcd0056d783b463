// A customer's own order (O2), public, no login: the order number and the last 4 digits of
// their phone give the stage and the next date. Sent by POST (nothing in the address bar);
// the box answers "no match" alike for a wrong number and wrong digits, and throttles guesses.
import { html } from 'htm/preact';
import { api } from '../../api';
import { Banner, TextField } from '../../components/fields';
import { stageName } from '../../components/workflow/workflow-labels';
import type { OrderLookupAnswer } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';

export function LookupPage() {
  const orderNo = useValue('');
  const digits = useValue('');
  const answer = useValue<OrderLookupAnswer | null>(null);
  const failure = useValue<string | null>(null);
  const busy = useValue(false);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

  const submit = async (e: Event) => {
    e.preventDefault();
    busy.set(true);
    answer.set(null);
    try {
      answer.set(await api<OrderLookupAnswer>('POST', '/api/lookup', { orderNo: orderNo.value, phoneLast4: digits.value }));
      failure.set(null);
    } catch (err) {
      failure.set((err as { code?: string }).code === 'no_match' ? t('lookup.noMatch') : errorText(err));
    } finally {
      busy.set(false);
    }
  };
  const a = answer.value;
  return html`<main class="center lookup-page">
    <h1>${t('lookup.title')}</h1>
    <form onSubmit=${submit}>
      <${TextField} label=${t('lookup.orderNo')} value=${orderNo.value} autoComplete="off" onValue=${orderNo.set} />
      <${TextField} label=${t('lookup.phoneLast4')} value=${digits.value} autoComplete="off" onValue=${digits.set} />
      <button type="submit" disabled=${busy.value}>${t('lookup.submit')}</button>
    </form>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${a
      ? html`<${Banner} kind="info">
          ${a.status === 'cancelled'
            ? t('lookup.cancelled')
            : a.status === 'done'
              ? t('lookup.done')
              : html`<p>${t('lookup.stage', { stage: stageName({ name: a.stageName, key: a.stageKey }) })}</p>
                  <p>${a.nextAt ? t('lookup.next', { time: formatDateTime(a.nextAt, zone) }) : t('lookup.noNext')}</p>`}
        <//>`
      : null}
    <p><a href="#/">${t('lookup.back')}</a></p>
  </main>`;
}
