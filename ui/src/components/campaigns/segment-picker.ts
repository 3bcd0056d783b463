// Who a group send goes to (S3, S6): a saved segment, or a filter built here (stage, business
// type, tags, source, area, birthday month, last visit / order, member card, points, stored
// value, an imported list, "not opted out") with a live count and the first names. The group
// SMS and the group e-mail both choose their customers with it; it tells its parent the
// segment id (or null) and the filter on every change.
import { ExportLink } from '../export-link';
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { BUSINESS_TYPES, STAGES, type BusinessType, type MemberCardType, type Segment, type SegmentCount, type SegmentFilter, type Stage } from '../../contract';
import { tc } from './campaign-words';
import { businessLabel, stageLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { moneyInput, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, Checkbox, SelectField, TextField } from '../fields';
import { ImportedList } from './segment-list';

const list = (s: string) => s.split(/[,，、]/).map((x) => x.trim()).filter(Boolean);
const num = (s: string) => (s.trim() === '' || !/^-?\d+$/.test(s.trim()) ? undefined : Number(s.trim()));

export interface Draft {
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
  /** Stored value, as staff type amounts ("1,000.50"). */
  balanceMin: string;
  balanceMax: string;
  /** Customer ids of an imported list (null: no list). */
  customerIds: number[] | null;
  notOptedOut: boolean;
}

export const EMPTY_DRAFT: Draft = {
  stages: [], businessTypes: [], tags: '', sources: '', areas: '', month: '', visitDays: '', orderDays: '', cardType: '', pointsMin: '', pointsMax: '',
  balanceMin: '', balanceMax: '', customerIds: null, notOptedOut: true,
};

function range(min: number | undefined | null, max: number | undefined | null): { min?: number; max?: number } | undefined {
  const lo = min ?? undefined;
  const hi = max ?? undefined;
  if (lo === undefined && hi === undefined) return undefined;
  return { ...(lo !== undefined ? { min: lo } : {}), ...(hi !== undefined ? { max: hi } : {}) };
}

/** The filter the form says; a stored-value bound that is not an amount is left out (the field says so). */
export function filterOf(d: Draft, currency: string): SegmentFilter {
  const f: SegmentFilter = {};
  if (d.customerIds) f.customerIds = d.customerIds;
  if (d.stages.length) f.stages = d.stages;
  if (d.businessTypes.length) f.businessTypes = d.businessTypes;
  if (list(d.tags).length) f.tags = list(d.tags);
  if (list(d.sources).length) f.sources = list(d.sources);
  if (list(d.areas).length) f.areas = list(d.areas);
  if (d.month) f.birthdayMonths = [Number(d.month)];
  if (num(d.visitDays) !== undefined) f.lastVisit = { olderThanDays: num(d.visitDays)! };
  if (num(d.orderDays) !== undefined) f.lastOrder = { olderThanDays: num(d.orderDays)! };
  if (d.cardType) f.cardTypeIds = [Number(d.cardType)];
  const points = range(num(d.pointsMin), num(d.pointsMax));
  if (points) f.points = points;
  const money = (s: string) => (s.trim() === '' ? undefined : parseMoney(s, currency));
  const balance = range(money(d.balanceMin), money(d.balanceMax));
  if (balance) f.balanceMinor = balance;
  if (d.notOptedOut) f.notOptedOut = true;
  return f;
}

export function draftOf(f: SegmentFilter, currency: string): Draft {
  const money = (n: number | undefined) => (n === undefined ? '' : moneyInput(n, currency));
  return {
    stages: f.stages ?? [], businessTypes: f.businessTypes ?? [], tags: (f.tags ?? []).join(', '), sources: (f.sources ?? []).join(', '),
    areas: (f.areas ?? []).join(', '), month: f.birthdayMonths?.[0] ? String(f.birthdayMonths[0]) : '', visitDays: f.lastVisit?.olderThanDays?.toString() ?? '',
    orderDays: f.lastOrder?.olderThanDays?.toString() ?? '', cardType: f.cardTypeIds?.[0] ? String(f.cardTypeIds[0]) : '',
    pointsMin: f.points?.min?.toString() ?? '', pointsMax: f.points?.max?.toString() ?? '',
    balanceMin: money(f.balanceMinor?.min), balanceMax: money(f.balanceMinor?.max), customerIds: f.customerIds ?? null, notOptedOut: f.notOptedOut ?? false,
  };
}

function toggle<T>(xs: T[], x: T, on: boolean): T[] {
  return on ? [...xs.filter((y) => y !== x), x] : xs.filter((y) => y !== x);
}

export interface Chosen {
  segmentId: number | null;
  filter: SegmentFilter;
}

export function SegmentPicker(p: { onChange(c: Chosen): void }) {
  const me = useApp().me;
  const currency = me.settings.currency;
  const segments = useValue<Segment[]>([]);
  const segmentId = useValue('');
  const draft = useValue<Draft>(EMPTY_DRAFT);
  const count = useValue<SegmentCount | null>(null);
  const countError = useValue<string | null>(null);
  const cardTypes = useValue<MemberCardType[]>([]);
  const segmentName = useValue('');
  const saving = useSubmission();
  const latest = useLatestOnly();
  const filter = filterOf(draft.value, currency);
  const key = JSON.stringify(filter);

  useEffect(() => {
    void api<Segment[]>('GET', '/api/segments').then(segments.set, () => segments.set([]));
    if (can(me, 'membership', 'view')) void api<MemberCardType[]>('GET', '/api/member-card-types').then(cardTypes.set, () => cardTypes.set([]));
  }, []);
  // The parent hears of every change; the live count comes a moment after the last one.
  useEffect(() => {
    p.onChange({ segmentId: segmentId.value ? Number(segmentId.value) : null, filter });
    const timer = setTimeout(() => {
      void latest(
        api<SegmentCount>('POST', '/api/segments/count', { filter, first: 5 }),
        (c) => (count.set(c), countError.set(null)),
        (err) => countError.set(errorText(err)),
      );
    }, 250);
    return () => clearTimeout(timer);
  }, [key, segmentId.value]);

  const set = (patch: Partial<Draft>) => (segmentId.set(''), draft.set({ ...draft.value, ...patch }));
  const pickSegment = (v: string) => {
    segmentId.set(v);
    const s = segments.value.find((x) => String(x.id) === v);
    if (s) draft.set(draftOf(s.filter, currency));
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
  const months = Array.from({ length: 12 }, (_, i) => ({ value: String(i + 1), label: String(i + 1) }));
  const badMoney = (s: string) => (s.trim() !== '' && parseMoney(s, currency) === null ? tc('notAmount') : undefined);

  return html`<fieldset class="campaign-filter">
    <legend>${tc('segment')}</legend>
    <${SelectField} label=${tc('segment')} value=${segmentId.value} onValue=${pickSegment}
      options=${[{ value: '', label: tc('adHoc') }, ...segments.value.map((s) => ({ value: String(s.id), label: s.name }))]} />
    ${segmentId.value ? html`<${ExportLink} feature="customers" path=${`/api/exports/segments/${segmentId.value}`} query=${{}} />` : null}
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
    <${TextField} label=${tc('balanceMin')} value=${d.balanceMin} inputMode="decimal" error=${badMoney(d.balanceMin)} onValue=${(v: string) => set({ balanceMin: v })} />
    <${TextField} label=${tc('balanceMax')} value=${d.balanceMax} inputMode="decimal" error=${badMoney(d.balanceMax)} onValue=${(v: string) => set({ balanceMax: v })} />
    <${ImportedList} ids=${d.customerIds} onIds=${(ids: number[] | null) => set({ customerIds: ids })} />
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
  </fieldset>`;
}
