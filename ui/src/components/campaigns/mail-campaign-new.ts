// A new group e-mail (S6): the customers (components/campaigns/segment-picker.ts, as for the group SMS),
// the subject and text with the templates' placeholders, then "Check before sending" (who gets
// it, who is skipped and why, three personalised previews, unknown placeholders) and Send. The
// send carries a key made when the form is checked: a double click sends nothing twice.
import { html } from 'htm/preact';
import { PLACEHOLDERS } from '../../../../firmware/src/care/template-render';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { LANGUAGES, type Language, type MailCampaign, type MailCampaignEstimate } from '../../contract';
import { LANGUAGE_NAMES } from '../../i18n/catalog';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { tc } from './campaign-words';
import { Banner, SelectField, TextField } from '../fields';
import { SegmentPicker, type Chosen } from './segment-picker';

const newKey = () => `mail-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;

export function MailCampaignNew(p: { onStarted(c: MailCampaign): void }) {
  const me = useApp().me;
  const chosen = useValue<Chosen>({ segmentId: null, filter: {} });
  const subject = useValue('');
  const body = useValue('');
  const language = useValue<Language>(me.settings.language);
  const estimate = useValue<MailCampaignEstimate | null>(null);
  const key = useValue(newKey());
  const note = useValue<string | null>(null);
  const sub = useSubmission();
  const errors = sub.errors.value;
  const stale = () => (estimate.set(null), note.set(null));
  const input = () => ({
    subject: subject.value.trim(), body: body.value, language: language.value, filter: chosen.value.filter,
    ...(chosen.value.segmentId !== null ? { segmentId: chosen.value.segmentId } : {}),
  });
  const check = async () => {
    note.set(null);
    const out: { e?: MailCampaignEstimate } = {};
    if (await sub.run(async () => void (out.e = await api<MailCampaignEstimate>('POST', '/api/mail-campaigns/preview', input())))) {
      estimate.set(out.e ?? null);
      key.set(newKey());
    }
  };
  const send = async () => {
    const out: { c?: MailCampaign } = {};
    if (await sub.run(async () => void (out.c = await api<MailCampaign>('POST', '/api/mail-campaigns', { ...input(), requestKey: key.value })))) {
      estimate.set(null);
      note.set(tc('mailStarted'));
      if (out.c) p.onStarted(out.c);
    }
  };
  const insert = (ph: string) => (body.set(`${body.value}{${ph}}`), stale());
  const e = estimate.value;
  return html`<section class="card campaign-new mail-campaign-new">
    <h2>${tc('mailNew')}</h2>
    <div class="campaign-grid">
      <${SegmentPicker} onChange=${(c: Chosen) => (chosen.set(c), stale())} />
      <div class="campaign-text">
        <${TextField} label=${tc('mailSubject')} value=${subject.value} onValue=${(v: string) => (subject.set(v), stale())} error=${errors.subject} required />
        <${TextField} multiline label=${tc('mailBody')} value=${body.value} onValue=${(v: string) => (body.set(v), stale())} error=${errors.body} required />
        <p class="placeholder-buttons small">${tc('mailPlaceholders')}
          ${PLACEHOLDERS.map((ph) => html` <button type="button" class="chip" key=${ph} onClick=${() => insert(ph)}>{${ph}}</button>`)}
        </p>
        <${SelectField} label=${tc('language')} value=${language.value} onValue=${(v: string) => (language.set(v as Language), stale())}
          options=${LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
        ${errors.filter || errors.segmentId ? html`<${Banner} kind="error">${errors.filter ?? errors.segmentId}<//>` : null}
        ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
        ${note.value ? html`<${Banner} kind="ok">${note.value}<//>` : null}
        <div class="actions"><button type="button" onClick=${check} disabled=${sub.busy.value}>${tc('check')}</button></div>
        ${e
          ? html`<div class="campaign-estimate mail-estimate">
              <p><strong data-testid="mail-count">${tc('mailCount', { count: e.recipients, chosen: e.chosen })}</strong></p>
              <p>${tc('mailSkipped', { noEmail: e.skipped.noEmail, optedOut: e.skipped.optedOut, duplicate: e.skipped.duplicateEmail })}</p>
              ${e.unknownPlaceholders.length ? html`<${Banner} kind="info">${tc('mailUnknown', { names: e.unknownPlaceholders.join(' ') })}<//>` : null}
              <h3>${tc('previews')}</h3>
              <ul class="previews mail-previews">
                ${e.previews.map((x) => html`<li key=${x.customerId}><div class="small muted">${x.name} &lt;${x.email}&gt;</div><strong>${x.subject}</strong><pre class="mail-body">${x.body}</pre></li>`)}
              </ul>
              ${can(me, 'campaigns', 'edit') && e.recipients > 0
                ? html`<div class="actions"><button type="button" class="primary" onClick=${send} disabled=${sub.busy.value}>${tc('mailSend', { count: e.recipients })}</button></div>`
                : null}
            </div>`
          : null}
      </div>
    </div>
  </section>`;
}
