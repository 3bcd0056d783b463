// Calls (H2): who to call back (known customers whose calls were missed), then the call log,
// newest first. Both follow the box's events, so a call that ends elsewhere appears here.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { Banner, Checkbox } from '../../components/fields';
import { callerTitle } from '../../components/call-popup';
import { CALL_PAGE_MAX, type CallPage, type CallRecord, type MissedCaller } from '../../contract';
import { t } from '../../i18n/catalog';
import { callLineLabel, callOutcomeLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

const PAGE = 50;

function CallNumber(p: { call: CallRecord }) {
  const c = p.call;
  if (!c.display) return html`<span class="muted">${callerTitle({ customer: null, absence: c.absence, number: c.number })}</span>`;
  return html`<a href=${`tel:${c.e164 ?? c.number ?? ''}`} class="nowrap">${c.display}</a>`;
}

function Outcome(p: { call: CallRecord }) {
  const c = p.call;
  const label = c.outcome ? callOutcomeLabel(c.outcome) : callOutcomeLabel(c.state);
  return html`<span class=${`tag call-outcome-${c.outcome ?? c.state}`}>${label}</span>`;
}

export function CallsPage() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const missed = useValue<MissedCaller[] | null>(null);
  const log = useValue<CallRecord[] | null>(null);
  const nextBefore = useValue<number | null>(null);
  const missedOnly = useValue(false);
  const error = useValue<unknown>(null);
  const canEdit = can(me, 'calls', 'edit');

  const loadMissed = useCallback(async () => {
    try {
      missed.set(await api<MissedCaller[]>('GET', '/api/calls/missed'));
    } catch (err) {
      error.set(err);
    }
  }, []);

  const loadLog = useCallback(
    async (before: number | null, keep = PAGE) => {
      try {
        // A refresh re-reads as many rows as are shown; the route answers at most CALL_PAGE_MAX
        // at a time, so a longer log is read page by page and replaced once all have come.
        const want = before === null ? Math.max(PAGE, keep) : PAGE;
        const got: CallRecord[] = [];
        let cursor = before;
        do {
          const limit = Math.min(CALL_PAGE_MAX, want - got.length);
          const page = await api<CallPage>('GET', withQuery('/api/calls', { limit, before: cursor ?? undefined, outcome: missedOnly.value ? 'missed' : undefined }));
          got.push(...page.items);
          cursor = page.nextBefore;
        } while (cursor !== null && got.length < want);
        log.set((prev) => (before === null ? got : [...(prev ?? []), ...got]));
        nextBefore.set(cursor);
        error.set(null);
      } catch (err) {
        error.set(err);
      }
    },
    [missedOnly.value],
  );

  useEffect(() => void loadMissed(), [loadMissed]);
  useEffect(() => void loadLog(null), [loadLog]);
  const shown = log.value?.length ?? 0;
  useServerEvents(['hello', 'call.ringing', 'call.answered', 'call.ended', 'call.calledBack'], () => {
    void loadMissed();
    void loadLog(null, shown);
  });

  const calledBack = async (id: number) => {
    try {
      await api('POST', `/api/calls/${id}/called-back`);
      await loadMissed();
    } catch (err) {
      error.set(err);
    }
  };

  return html`<section>
    <div class="page-head"><h1>${t('calls.title')}</h1></div>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}

    <h2>${t('calls.callBack')}</h2>
    ${missed.value === null
      ? html`<p>${t('app.loading')}</p>`
      : missed.value.length === 0
        ? html`<p class="empty">${t('calls.callBackEmpty')}</p>`
        : html`<ul class="call-back-list">
            ${missed.value.map(
              (m) => html`<li key=${m.customer.id} class="card call-back">
                <div>
                  <a href=${`#/customers/${m.customer.id}`}><strong>${m.customer.name}</strong></a> <small class="muted">${m.customer.customerNo}</small>
                  <div><${CallNumber} call=${m.call} /> · ${formatDateTime(m.call.startedAt, tz)}${m.count > 1 ? html` · <span class="tag tag-bad">${t('calls.missedCount', { n: m.count })}</span>` : null}</div>
                </div>
                ${canEdit ? html`<button type="button" onClick=${() => void calledBack(m.call.id)}>${t('calls.markCalledBack')}</button>` : null}
              </li>`,
            )}
          </ul>`}

    <div class="page-head calls-log-head">
      <h2>${t('calls.log')}</h2>
      <${Checkbox} label=${t('calls.missedOnly')} checked=${missedOnly.value} onValue=${missedOnly.set} />
    </div>
    ${log.value === null
      ? html`<p>${t('app.loading')}</p>`
      : log.value.length === 0
        ? html`<p class="empty">${t('calls.empty')}</p>`
        : html`<table class="list calls-table">
            <thead>
              <tr>
                <th>${t('calls.colTime')}</th>
                <th>${t('calls.colCaller')}</th>
                <th>${t('calls.colNumber')}</th>
                <th>${t('calls.colLine')}</th>
                <th>${t('calls.colOutcome')}</th>
              </tr>
            </thead>
            <tbody>
              ${log.value.map(
                (c) => html`<tr key=${c.id} data-call-id=${c.id}>
                  <td data-label=${t('calls.colTime')} class="nowrap">${formatDateTime(c.startedAt, tz)}</td>
                  <td data-label=${t('calls.colCaller')}>
                    ${c.customer ? html`<a href=${`#/customers/${c.customer.id}`}>${c.customer.name}</a>` : html`<span class="muted">${c.callerName ?? t('call.unknownCaller')}</span>`}
                  </td>
                  <td data-label=${t('calls.colNumber')}><${CallNumber} call=${c} /></td>
                  <td data-label=${t('calls.colLine')}>${callLineLabel(c.line)}</td>
                  <td data-label=${t('calls.colOutcome')}>
                    <${Outcome} call=${c} />
                    ${c.calledBackAt ? html` <small class="muted">${t('calls.calledBackAt', { at: formatDateTime(c.calledBackAt, tz), name: c.calledBackBy?.name ?? t('common.system') })}</small>` : null}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    ${nextBefore.value !== null ? html`<p><button type="button" onClick=${() => void loadLog(nextBefore.value)}>${t('common.loadMore')}</button></p>` : null}
  </section>`;
}
