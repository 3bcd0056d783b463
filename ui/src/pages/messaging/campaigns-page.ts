// Group SMS (S3) and send records (S5): the sends with their progress (live over
// campaign.changed), pause / resume / cancel, each one's records per recipient with a download,
// a new send (components/campaigns/campaign-new.ts) and the SMS of the last 30 days by day and origin.
// campaigns:view to open; add to check, edit to send and steer, print to download.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp } from '../../app-context';
import { useCampaignList } from '../../components/campaigns/campaign-list';
import { CampaignNew } from '../../components/campaigns/campaign-new';
import { Banner } from '../../components/fields';
import type { Campaign, CampaignRecipient, RecipientState, SendRecordDay } from '../../contract';
import { OUTBOX_STATES } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { tc } from '../../components/campaigns/campaign-words';
import { outboxStateLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

function stateText(c: Campaign, zone: string): string {
  if (c.state === 'running' && Date.parse(c.sendAt) > Date.now()) return tc('stateScheduled', { at: formatDateTime(c.sendAt, zone) });
  return tc(({ building: 'stateBuilding', running: 'stateRunning', paused: 'statePaused', done: 'stateDone', cancelled: 'stateCancelled' } as const)[c.state]);
}

function recipientStateText(s: RecipientState): string {
  return s === 'pending' ? tc('waiting') : s === 'excluded' ? tc('leftOut') : outboxStateLabel(s);
}

function Progress(p: { c: Campaign }) {
  const n = p.c.counts;
  const waiting = n.pending + n.queued + n.sending;
  const total = n.recipients;
  return html`<div class="campaign-progress">
    <progress max=${Math.max(total, 1)} value=${n.delivered + n.sent + n.failed + n.unknown} aria-label=${p.c.name}></progress>
    <div class="small" data-testid="progress">${tc('progress', { delivered: n.delivered, sent: n.sent, failed: n.failed + n.unknown, waiting, total })}</div>
  </div>`;
}

function Records(p: { c: Campaign; onClose(): void }) {
  const me = useApp().me;
  const zone = me.settings.timeZone;
  const state = useValue<RecipientState | ''>('');
  const rows = useValue<CampaignRecipient[] | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const load = () =>
    void latest(
      api<{ items: CampaignRecipient[] }>('GET', withQuery(`/api/campaigns/${p.c.id}/recipients`, { state: state.value || undefined, limit: 200 })),
      (r) => rows.set(r.items),
      (err) => error.set(errorText(err)),
    );
  useEffect(load, [p.c.id, state.value, p.c.counts.delivered, p.c.counts.sent, p.c.counts.pending]);
  const states: (RecipientState | '')[] = ['', 'pending', 'excluded', ...OUTBOX_STATES.filter((s) => s !== 'sending')];
  const reason = (r: CampaignRecipient) =>
    r.reason === 'opted_out' ? tc('reasonOptedOut') : r.reason === 'no_phone' ? tc('reasonNoPhone') : r.reason === 'invalid_phone' ? tc('reasonInvalid') : (r.error ?? '');
  return html`<section class="card campaign-records">
    <h2>${tc('recordsOf', { name: p.c.name })}</h2>
    <p>${tc('replies', { replies: p.c.counts.replies, optOuts: p.c.counts.optOuts })}</p>
    <div class="actions">
      <label>${tc('state')}
        <select value=${state.value} onChange=${(e: Event) => state.set((e.currentTarget as HTMLSelectElement).value as RecipientState | '')}>
          ${states.map((s) => html`<option key=${s} value=${s}>${s ? recipientStateText(s) : tc('allStates')}</option>`)}
        </select>
      </label>
      ${can(me, 'campaigns', 'print') ? html`<a class="button" href=${withQuery(`/api/exports/campaigns/${p.c.id}`, { state: state.value || undefined, lang: me.settings.language })} download>${tc('download')}</a>` : null}
      <button type="button" onClick=${p.onClose}>${t('common.back')}</button>
    </div>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${rows.value
      ? html`<table class="list">
          <thead><tr><th scope="col">${tc('customer')}</th><th scope="col">${tc('number')}</th><th scope="col">${tc('text')}</th><th scope="col">${tc('state')}</th><th scope="col">${tc('why')}</th></tr></thead>
          <tbody>
            ${rows.value.map(
              (r) => html`<tr key=${r.customer.id}>
                <td data-label=${tc('customer')}>${r.customer.name ?? r.customer.id}</td>
                <td data-label=${tc('number')} class="nowrap">${r.to ?? ''}</td>
                <td data-label=${tc('text')}>${r.text ?? ''}</td>
                <td data-label=${tc('state')}>${recipientStateText(r.state)}${r.deliveredAt ? html`<div class="small muted">${formatDateTime(r.deliveredAt, zone)}</div>` : null}</td>
                <td data-label=${tc('why')}>${reason(r)}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : html`<p>${t('app.loading')}</p>`}
  </section>`;
}

function ByDay() {
  const me = useApp().me;
  const rows = useValue<SendRecordDay[] | null>(null);
  useEffect(() => void api<SendRecordDay[]>('GET', '/api/sms/records?days=30').then(rows.set, () => rows.set([])), []);
  if (!rows.value) return null;
  return html`<section class="card">
    <h2>${tc('byDay')}</h2>
    ${can(me, 'sms', 'print') ? html`<p><a class="button" href=${withQuery('/api/exports/sms-records', { days: 30, lang: me.settings.language })} download>${tc('download')}</a></p>` : null}
    ${rows.value.length === 0
      ? html`<p class="empty">${tc('nothingYet')}</p>`
      : html`<table class="list">
          <thead><tr><th scope="col">${tc('day')}</th><th scope="col">${tc('origin')}</th><th scope="col">${tc('messages')}</th><th scope="col">${tc('partsCol')}</th>
            <th scope="col">${outboxStateLabel('delivered')}</th><th scope="col">${outboxStateLabel('failed')}</th></tr></thead>
          <tbody>
            ${rows.value.map(
              (r) => html`<tr key=${`${r.day}-${r.origin}`}>
                <td data-label=${tc('day')}>${r.day}</td><td data-label=${tc('origin')}>${tOr(`origin.${r.origin}`, r.origin)}</td>
                <td data-label=${tc('messages')}>${r.messages}</td><td data-label=${tc('partsCol')}>${r.parts}</td>
                <td data-label=${outboxStateLabel('delivered')}>${r.delivered}</td><td data-label=${outboxStateLabel('failed')}>${r.failed + r.unknown}</td>
              </tr>`,
            )}
          </tbody>
        </table>`}
  </section>`;
}

export function CampaignsPage(p: { openId?: number | null }) {
  const me = useApp().me;
  const zone = me.settings.timeZone;
  const { list, open, failure, shown, load, steer } = useCampaignList<Campaign>('/api/campaigns', 'campaign.changed', p.openId ?? null);
  const act = (c: Campaign, action: 'pause' | 'resume' | 'cancel') => steer(`/api/campaigns/${c.id}/${action}`);
  return html`<div class="page campaigns-page">
    <h1>${tc('title')}</h1>
    <p class="muted">${tc('intro')} <a href="#/campaigns/mail">${tc('toMail')}</a></p>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${shown ? html`<${Records} c=${shown} onClose=${() => open.set(null)} />` : null}
    <section class="card">
      <h2>${tc('list')}</h2>
      ${list.value === null
        ? html`<p>${t('app.loading')}</p>`
        : list.value.length === 0
          ? html`<p class="empty">${tc('none')}</p>`
          : html`<table class="list campaigns">
              <thead><tr><th scope="col">${tc('name')}</th><th scope="col">${tc('state')}</th><th scope="col">${tc('recipients', { count: '' }).trim()}</th><th scope="col"><span class="sr-only">${tc('records')}</span></th></tr></thead>
              <tbody>
                ${list.value.map(
                  (c) => html`<tr key=${c.id} data-id=${c.id}>
                    <td data-label=${tc('name')}><strong>${c.name}</strong><div class="small muted">${formatDateTime(c.createdAt, zone)}</div></td>
                    <td data-label=${tc('state')} data-testid="state">${stateText(c, zone)}${c.finishBy ? html`<div class="small muted">${tc('finishBy', { at: formatDateTime(c.finishBy, zone) })}</div>` : null}</td>
                    <td data-label=${tc('recipients', { count: '' }).trim()}><${Progress} c=${c} /></td>
                    <td class="actions">
                      ${can(me, 'campaigns', 'edit') && (c.state === 'running' || c.state === 'building') ? html`<button type="button" onClick=${() => act(c, 'pause')}>${tc('pause')}</button>` : null}
                      ${can(me, 'campaigns', 'edit') && c.state === 'paused' ? html`<button type="button" onClick=${() => act(c, 'resume')}>${tc('resume')}</button>` : null}
                      ${can(me, 'campaigns', 'edit') && ['building', 'running', 'paused'].includes(c.state) ? html`<button type="button" onClick=${() => act(c, 'cancel')}>${tc('cancel')}</button>` : null}
                      <button type="button" onClick=${() => open.set(c.id)}>${tc('records')}</button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    </section>
    ${can(me, 'campaigns', 'add') && can(me, 'customers', 'view') ? html`<${CampaignNew} onStarted=${load} />` : null}
    ${can(me, 'sms', 'view') ? html`<${ByDay} />` : null}
  </div>`;
}
