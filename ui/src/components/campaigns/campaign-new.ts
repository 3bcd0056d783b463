// A new group SMS (S3): the customers (a saved segment, or a filter built here with a live
// count and the first names), the text (a template or one's own), the send time, then "Check
// before sending" (exclusions, three personalised previews, parts, cost, finish time) and Send.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { LANGUAGES, type Campaign, type CampaignEstimate, type Language, type SmsTemplate } from '../../contract';
import { LANGUAGE_NAMES } from '../../i18n/catalog';
import { tc } from './campaign-words';
import { formatDateTime } from '../../i18n/format';
import { formatMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, SelectField, TextField } from '../fields';
import { PartPrice } from '../till/part-price';
import { SegmentPicker, type Chosen } from './segment-picker';

export function CampaignNew(p: { onStarted(c: Campaign): void }) {
  const me = useApp().me;
  const zone = me.settings.timeZone;
  const chosen = useValue<Chosen>({ segmentId: null, filter: {} });
  const templates = useValue<SmsTemplate[]>([]);
  const templateId = useValue('');
  const name = useValue('');
  const body = useValue('');
  const language = useValue<Language>(me.settings.language);
  const sendAt = useValue('');
  const estimate = useValue<CampaignEstimate | null>(null);
  const note = useValue<string | null>(null);
  const sub = useSubmission();
  const errors = sub.errors.value;

  useEffect(() => {
    if (can(me, 'templates', 'view')) void api<SmsTemplate[]>('GET', '/api/care/templates').then(templates.set, () => templates.set([]));
  }, []);
  const choose = (c: Chosen) => (chosen.set(c), estimate.set(null));
  const pickTemplate = (v: string) => {
    templateId.set(v);
    const tpl = templates.value.find((x) => String(x.id) === v);
    if (tpl) (body.set(tpl.body), language.set(tpl.language));
  };
  const input = () => ({
    name: name.value.trim(), filter: chosen.value.filter, body: body.value, language: language.value,
    templateId: templateId.value ? Number(templateId.value) : null, sendAt: sendAt.value || null,
    ...(chosen.value.segmentId !== null ? { segmentId: chosen.value.segmentId } : {}),
  });
  const check = async () => {
    note.set(null);
    const out: { e?: CampaignEstimate } = {};
    if (await sub.run(async () => void (out.e = await api<CampaignEstimate>('POST', '/api/campaigns/estimate', input())))) estimate.set(out.e ?? null);
  };
  const send = async () => {
    const out: { c?: Campaign } = {};
    if (await sub.run(async () => void (out.c = await api<Campaign>('POST', '/api/campaigns', input())))) {
      estimate.set(null);
      note.set(tc('sent'));
      if (out.c) p.onStarted(out.c);
    }
  };
  const e = estimate.value;

  return html`<section class="card campaign-new">
    <h2>${tc('new')}</h2>
    <div class="campaign-grid">
      <${SegmentPicker} onChange=${choose} />
      <div class="campaign-text">
        <${TextField} label=${tc('name')} value=${name.value} onValue=${name.set} error=${errors.name} required />
        ${templates.value.length
          ? html`<${SelectField} label=${tc('template')} value=${templateId.value} onValue=${pickTemplate}
              options=${[{ value: '', label: tc('ownText') }, ...templates.value.map((x) => ({ value: String(x.id), label: x.name }))]} />`
          : null}
        <${TextField} multiline label=${tc('text')} value=${body.value} onValue=${(v: string) => (body.set(v), estimate.set(null))} error=${errors.body} required />
        <${SelectField} label=${tc('language')} value=${language.value} onValue=${(v: string) => language.set(v as Language)}
          options=${LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))} />
        <${TextField} type="datetime-local" label=${tc('sendAt')} value=${sendAt.value} onValue=${(v: string) => (sendAt.set(v), estimate.set(null))} error=${errors.sendAt} />
        ${errors.filter || errors.segmentId ? html`<${Banner} kind="error">${errors.filter ?? errors.segmentId}<//>` : null}
        ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
        ${note.value ? html`<${Banner} kind="ok">${note.value}<//>` : null}
        <div class="actions">
          <button type="button" onClick=${check} disabled=${sub.busy.value}>${tc('check')}</button>
        </div>
        ${e
          ? html`<div class="campaign-estimate">
              <p><strong>${tc('recipients', { count: e.recipients })}</strong></p>
              <p>${tc('excluded', { optedOut: e.excluded.opted_out, noPhone: e.excluded.no_phone, invalid: e.excluded.invalid_phone })}</p>
              <p>${tc('parts', { parts: e.totalParts, gsm7: e.gsm7, ucs2: e.ucs2, cost: formatMoney(e.costMinor, e.currency) })}</p>
              <${PartPrice} onSaved=${check} />
              ${e.finishBy ? html`<p>${tc('finish', { start: formatDateTime(e.startAt, zone), finish: formatDateTime(e.finishBy, zone) })}</p>` : null}
              <h3>${tc('previews')}</h3>
              <ul class="previews">
                ${e.previews.map((x) => html`<li key=${x.customer.id}><div>${x.text}</div><small class="muted">${tc('partsOf', { parts: x.parts, encoding: x.encoding === 'gsm7' ? 'GSM-7' : 'Unicode' })}</small></li>`)}
              </ul>
              ${can(me, 'campaigns', 'edit') && e.recipients > 0
                ? html`<div class="actions"><button type="button" class="primary" onClick=${send} disabled=${sub.busy.value}>${sendAt.value ? tc('schedule') : tc('send')}</button></div>`
                : null}
            </div>`
          : null}
      </div>
    </div>
  </section>`;
}
