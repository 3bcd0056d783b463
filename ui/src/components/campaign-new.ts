// A new group SMS (S3): the customers (a saved segment, or a filter built here with a live
// count and the first names), the text (a template or one's own), the send time, then "Check
// before sending" (exclusions, three personalised previews, parts, cost, finish time) and Send.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { useApp } from '../app-context';
import {
  BUSINESS_TYPES, LANGUAGES, STAGES, type BusinessType, type Campaign, type CampaignEstimate, type Language, type MemberCardType, type Segment,
  type SegmentCount, type SegmentFilter, type SmsTemplate, type Stage,
} from '../contract';
import { LANGUAGE_NAMES } from '../i18n/catalog';
import { tc } from './campaign-words';
import { businessLabel, stageLabel } from '../i18n/enum-labels';
import { formatDateTime } from '../i18n/format';
import { errorText } from '../i18n/server-messages';
import { useLatestOnly } from '../latest-only';
import { formatMoney } from '../money';
import { can } from '../permissions';
import { useSubmission } from '../use-submission';
import { useValue } from '../use-value';
import { Banner, Checkbox, SelectField, TextField } from './fields';

const list = (s: string) => s.split(/[,，、]/).map((x) => x.trim()).filter(Boolean);
const num = (s: string) => (s.trim() === '' || !/^-?\d+$/.test(s.trim()) ? undefined : Number(s.trim()));

interface Draft {
  stages: Stage[];
  businessTypes: BusinessType[];
  tags: string;
  sources: string;
  areas: string;
  month: string;
  visitDays: string;
  orderDays: string;
  cardType: string;
  pointsMin: string;
  pointsMax: string;
  notOptedOut: boolean;
}

const EMPTY: Draft = { stages: [], businessTypes: [], tags: '', sources: '', areas: '', month: '', visitDays: '', orderDays: '', cardType: '', pointsMin: '', pointsMax: '', notOptedOut: true };

export function filterOf(d: Draft): SegmentFilter {
  const f: SegmentFilter = {};
  if (d.stages.length) f.stages = d.stages;
  if (d.businessTypes.length) f.businessTypes = d.businessTypes;
  if (list(d.tags).length) f.tags = list(d.tags);
  if (list(d.sources).length) f.sources = list(d.sources);
  if (list(d.areas).length) f.areas = list(d.areas);
  if (d.month) f.birthdayMonths = [Number(d.month)];
  if (num(d.visitDays) !== undefined) f.lastVisit = { olderThanDays: num(d.visitDays)! };
  if (num(d.orderDays) !== undefined) f.lastOrder = { olderThanDays: num(d.orderDays)! };
  if (d.cardType) f.cardTypeIds = [Number(d.cardType)];
  const min = num(d.pointsMin);
  const max = num(d.pointsMax);
  if (min !== undefined || max !== undefined) f.points = { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
  if (d.notOptedOut) f.notOptedOut = true;
  return f;
}

function draftOf(f: SegmentFilter): Draft {
  return {
    stages: f.stages ?? [], businessTypes: f.businessTypes ?? [], tags: (f.tags ?? []).join(', '), sources: (f.sources ?? []).join(', '),
    areas: (f.areas ?? []).join(', '), month: f.birthdayMonths?.[0] ? String(f.birthdayMonths[0]) : '', visitDays: f.lastVisit?.olderThanDays?.toString() ?? '',
    orderDays: f.lastOrder?.olderThanDays?.toString() ?? '', cardType: f.cardTypeIds?.[0] ? String(f.cardTypeIds[0]) : '',
    pointsMin: f.points?.min?.toString() ?? '', pointsMax: f.points?.max?.toString() ?? '', notOptedOut: f.notOptedOut ?? false,
  };
}

function toggle<T>(xs: T[], x: T, on: boolean): T[] {
  return on ? [...xs.filter((y) => y !== x), x] : xs.filter((y) => y !== x);
}

export function CampaignNew(p: { onStarted(c: Campaign): void }) {
  const me = useApp().me;
  const zone = me.settings.timeZone;
  const segments = useValue<Segment[]>([]);
  const segmentId = useValue('');
  const draft = useValue<Draft>(EMPTY);
  const count = useValue<SegmentCount | null>(null);
  const countError = useValue<string | null>(null);
  const cardTypes = useValue<MemberCardType[]>([]);
  const templates = useValue<SmsTemplate[]>([]);
  const templateId = useValue('');
  const name = useValue('');
  const body = useValue('');
  const language = useValue<Language>(me.settings.language);
  const sendAt = useValue('');
  const segmentName = useValue('');
  const estimate = useValue<CampaignEstimate | null>(null);
  const note = useValue<string | null>(null);
  const sub = useSubmission();
  const saving = useSubmission();
  const latest = useLatestOnly();
  const errors = sub.errors.value;
  const filter = filterOf(draft.value);
  const key = JSON.stringify(filter);

  useEffect(() => {
    void api<Segment[]>('GET', '/api/segments').then(segments.set, () => segments.set([]));
    if (can(me, 'membership', 'view')) void api<MemberCardType[]>('GET', '/api/member-card-types').then(cardTypes.set, () => cardTypes.set([]));
    if (can(me, 'templates', 'view')) void api<SmsTemplate[]>('GET', '/api/care/templates').then(templates.set, () => templates.set([]));
  }, []);
  // The live count: a moment after the last change.
  useEffect(() => {
    const timer = setTimeout(() => {
      void latest(
        api<SegmentCount>('POST', '/api/segments/count', { filter, first: 5 }),
        (c) => (count.set(c), countError.set(null)),
        (err) => countError.set(errorText(err)),
      );
    }, 250);
    estimate.set(null);
    return () => clearTimeout(timer);
  }, [key]);

  const set = (patch: Partial<Draft>) => (segmentId.set(''), draft.set({ ...draft.value, ...patch }));
  const pickSegment = (v: string) => {
    segmentId.set(v);
    const s = segments.value.find((x) => String(x.id) === v);
    if (s) draft.set(draftOf(s.filter));
  };
  const pickTemplate = (v: string) => {
    templateId.set(v);
    const tpl = templates.value.find((x) => String(x.id) === v);
    if (tpl) (body.set(tpl.body), language.set(tpl.language));
  };
  const input = () => ({
    name: name.value.trim(), filter, body: body.value, language: language.value,
    templateId: templateId.value ? Number(templateId.value) : null, sendAt: sendAt.value || null,
    ...(segmentId.value ? { segmentId: Number(segmentId.value) } : {}),
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
  const saveSegment = async () => {
    const out: { s?: Segment } = {};
    if (await saving.run(async () => void (out.s = await api<Segment>('POST', '/api/segments', { name: segmentName.value.trim(), filter })))) {
      segments.set([...segments.value, out.s!]);
      segmentId.set(String(out.s!.id));
      segmentName.set('');
    }
  };
  const d = draft.value;
  const e = estimate.value;
  const months = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));

  return html`<section class="card campaign-new">
    <h2>${tc('new')}</h2>
    <div class="campaign-grid">
      <fieldset class="campaign-filter">
        <legend>${tc('segment')}</legend>
        <${SelectField} label=${tc('segment')} value=${segmentId.value} onValue=${pickSegment}
          options=${[{ value: '', label: tc('adHoc') }, ...segments.value.map((s) => ({ value: String(s.id), label: s.name }))]} />
        <div class="checks" role="group" aria-label=${tc('stages')}>
          <span class="label">${tc('stages')}</span>
          ${STAGES.map((s) => html`<${Checkbox} key=${s} label=${stageLabel(s)} checked=${d.stages.includes(s)} onValue=${(on: boolean) => set({ stages: toggle(d.stages, s, on) })} />`)}
        </div>
        <div class="checks" role="group" aria-label=${tc('businessTypes')}>
          <span class="label">${tc('businessTypes')}</span>
          ${BUSINESS_TYPES.map((b) => html`<${Checkbox} key=${b} label=${businessLabel(b)} checked=${d.businessTypes.includes(b)} onValue=${(on: boolean) => set({ businessTypes: toggle(d.businessTypes, b, on) })} />`)}
        </div>
        <${TextField} label=${tc('tags')} value=${d.tags} onValue=${(v: string) => set({ tags: v })} />
        <${TextField} label=${tc('sources')} value=${d.sources} onValue=${(v: string) => set({ sources: v })} />
        <${TextField} label=${tc('areas')} value=${d.areas} onValue=${(v: string) => set({ areas: v })} />
        <${SelectField} label=${tc('birthdayMonth')} value=${d.month} onValue=${(v: string) => set({ month: v })} options=${[{ value: '', label: tc('anyMonth') }, ...months]} />
        <${TextField} label=${tc('lastVisit')} value=${d.visitDays} inputMode="numeric" onValue=${(v: string) => set({ visitDays: v })} />
        <${TextField} label=${tc('lastOrder')} value=${d.orderDays} inputMode="numeric" onValue=${(v: string) => set({ orderDays: v })} />
        ${cardTypes.value.length
          ? html`<${SelectField} label=${tc('cardType')} value=${d.cardType} onValue=${(v: string) => set({ cardType: v })}
              options=${[{ value: '', label: tc('anyCard') }, ...cardTypes.value.map((c) => ({ value: String(c.id), label: c.name }))]} />`
          : null}
        <${TextField} label=${tc('pointsMin')} value=${d.pointsMin} inputMode="numeric" onValue=${(v: string) => set({ pointsMin: v })} />
        <${TextField} label=${tc('pointsMax')} value=${d.pointsMax} inputMode="numeric" onValue=${(v: string) => set({ pointsMax: v })} />
        <${Checkbox} label=${tc('notOptedOut')} checked=${d.notOptedOut} onValue=${(v: boolean) => set({ notOptedOut: v })} />
        <div class="segment-count" role="status" aria-live="polite">
          ${countError.value ? html`<${Banner} kind="error">${countError.value}<//>` : null}
          ${count.value ? html`<strong class="count">${tc('count', { count: count.value.count })}</strong>
            ${count.value.first.length ? html`<div class="muted small">${tc('first', { names: count.value.first.map((c) => c.name).join('、') })}</div>` : null}` : null}
        </div>
        ${can(me, 'campaigns', 'add') && !segmentId.value
          ? html`<div class="inline-form">
              <${TextField} label=${tc('saveSegmentAs')} value=${segmentName.value} onValue=${segmentName.set} error=${saving.errors.value.name} />
              <button type="button" onClick=${saveSegment} disabled=${saving.busy.value || !segmentName.value.trim()}>${tc('saveSegment')}</button>
              ${saving.failure.value ? html`<${Banner} kind="error">${saving.failure.value}<//>` : null}
            </div>`
          : null}
      </fieldset>
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
