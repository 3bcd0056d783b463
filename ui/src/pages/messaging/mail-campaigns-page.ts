// Group e-mail (S6), #/campaigns/mail: the sends with their progress (live over campaign.mail)
// and per-recipient status with the server's reason, cancel the rest, a new send (customers
// chosen as for the group SMS, subject and text with placeholders, three previews, the count)
// and the outgoing mail server with its "Send test" (settings:view to see it, edit to change).
// campaigns:view to open; add to check, edit to send and cancel.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp } from '../../app-context';
import { useCampaignList } from '../../components/campaigns/campaign-list';
import { tc } from '../../components/campaigns/campaign-words';
import { Banner } from '../../components/fields';
import { MailCampaignNew } from '../../components/campaigns/mail-campaign-new';
import { MailSettingsCard } from '../../components/system/mail-settings';
import { MAIL_RECIPIENT_STATES, type MailCampaign, type MailRecipient, type MailRecipientState } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

const stateWord = (s: MailRecipientState) => tc(`mailState.${s}` as 'mailState.queued');

function Progress(p: { c: MailCampaign }) {
  const n = p.c.counts;
  const total = n.queued + n.sending + n.sent + n.failed + n.unknown + n.cancelled;
  return html`<div class="campaign-progress">
    <progress max=${Math.max(total, 1)} value=${n.sent + n.failed + n.unknown + n.cancelled} aria-label=${p.c.subject}></progress>
    <div class="small" data-testid="mail-progress">${tc('mailProgress', { sent: n.sent, failed: n.failed, unknown: n.unknown, waiting: n.queued + n.sending, total })}</div>
    ${p.c.waiting ? html`<div class="small warn">${tc('mailWaiting', { why: tOr(`mail.failure.${p.c.waiting.reason}`, p.c.waiting.detail) })}</div>` : null}
  </div>`;
}

function Recipients(p: { c: MailCampaign; onClose(): void }) {
  const zone = useApp().me.settings.timeZone;
  const state = useValue<MailRecipientState | ''>('');
  const rows = useValue<MailRecipient[] | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const n = p.c.counts;
  useEffect(
    () => void latest(api<MailRecipient[]>('GET', withQuery(`/api/mail-campaigns/${p.c.id}/recipients`, { state: state.value || undefined, limit: 500 })), rows.set, (err) => error.set(errorText(err))),
    [p.c.id, state.value, n.sent, n.failed, n.unknown, n.cancelled],
  );
  return html`<section class="card mail-recipients">
    <h2>${tc('recordsOf', { name: p.c.subject })}</h2>
    <div class="actions">
      <label>${tc('state')}
        <select value=${state.value} onChange=${(e: Event) => state.set((e.currentTarget as HTMLSelectElement).value as MailRecipientState | '')}>
          ${['', ...MAIL_RECIPIENT_STATES].map((s) => html`<option key=${s} value=${s}>${s ? stateWord(s as MailRecipientState) : tc('allStates')}</option>`)}
        </select>
      </label>
      <button type="button" onClick=${p.onClose}>${t('common.back')}</button>
    </div>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${rows.value
      ? html`<table class="list">
          <thead><tr><th scope="col">${tc('customer')}</th><th scope="col">${tc('mailAddress')}</th><th scope="col">${tc('state')}</th><th scope="col">${tc('why')}</th></tr></thead>
          <tbody>
            ${rows.value.map(
              (r) => html`<tr key=${r.id} data-email=${r.email}>
                <td data-label=${tc('customer')}>${r.customerId ? html`<a href=${`#/customers/${r.customerId}`}>${r.name}</a>` : r.name}</td>
                <td data-label=${tc('mailAddress')}>${r.email}</td>
                <td data-label=${tc('state')} data-testid="recipient-state">${stateWord(r.state)}${r.sentAt ? html`<div class="small muted">${formatDateTime(r.sentAt, zone)}</div>` : null}</td>
                <td data-label=${tc('why')}>${r.reason ? html`${r.reason === 'interrupted' ? tc('mailInterrupted') : tOr(`mail.failure.${r.reason}`, r.reason)}<div class="small muted">${r.detail}</div>` : ''}</td>
              </tr>`,
            )}
          </tbody>
        </table>`
      : html`<p>${t('app.loading')}</p>`}
  </section>`;
}

export function MailCampaignsPage(p: { openId?: number | null }) {
  const me = useApp().me;
  const zone = me.settings.timeZone;
  const { list, open, failure, shown, load, steer } = useCampaignList<MailCampaign>('/api/mail-campaigns', 'campaign.mail', p.openId ?? null);
  const cancel = (c: MailCampaign) => steer(`/api/mail-campaigns/${c.id}/cancel`);
  return html`<div class="page campaigns-page mail-campaigns-page">
    <h1>${tc('mailTitle')}</h1>
    <p class="muted">${tc('mailIntro')} <a href="#/campaigns">${tc('toSms')}</a></p>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${shown ? html`<${Recipients} c=${shown} onClose=${() => open.set(null)} />` : null}
    <section class="card">
      <h2>${tc('mailList')}</h2>
      ${list.value === null
        ? html`<p>${t('app.loading')}</p>`
        : list.value.length === 0
          ? html`<p class="empty">${tc('mailNone')}</p>`
          : html`<table class="list mail-campaigns">
              <thead><tr><th scope="col">${tc('mailSubject')}</th><th scope="col">${tc('state')}</th><th scope="col">${tc('mailRecipients')}</th><th scope="col"><span class="sr-only">${tc('records')}</span></th></tr></thead>
              <tbody>
                ${list.value.map(
                  (c) => html`<tr key=${c.id} data-id=${c.id}>
                    <td data-label=${tc('mailSubject')}><strong>${c.subject}</strong><div class="small muted">${formatDateTime(c.createdAt, zone)}</div></td>
                    <td data-label=${tc('state')} data-testid="mail-state">${tc(`mailCampaign.${c.state}` as 'mailCampaign.done')}</td>
                    <td data-label=${tc('mailRecipients')}><${Progress} c=${c} /></td>
                    <td class="actions">
                      ${can(me, 'campaigns', 'edit') && c.state === 'sending' ? html`<button type="button" onClick=${() => cancel(c)}>${tc('cancel')}</button>` : null}
                      <button type="button" onClick=${() => open.set(c.id)}>${tc('records')}</button>
                    </td>
                  </tr>`,
                )}
              </tbody>
            </table>`}
    </section>
    ${can(me, 'campaigns', 'add') && can(me, 'customers', 'view') ? html`<${MailCampaignNew} onStarted=${load} />` : null}
    ${can(me, 'settings', 'view') ? html`<${MailSettingsCard} />` : null}
  </div>`;
}
