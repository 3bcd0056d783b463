// The stage board (C2): the five stages as tabs with their counts, the chosen stage's customers
// by due time, overdue and due-today marked, one-click next/back asking the due time (the box
// proposes one), the times editable, filters by staff, tag and business type.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { Banner, SelectField, TextField } from '../../components/fields';
import { BUSINESS_TYPES, STAGES, STAGE_TIMES, type Customer, type Stage, type StageBoard, type StageCard, type StageMovePreview } from '../../contract';
import { t, tOr } from '../../i18n/catalog';
import { businessLabel, stageLabel } from '../../i18n/enum-labels';
import { formatDateTime, fromZonedInput, toZonedInput } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

type Editing = { id: number; kind: 'next' | 'back' | 'times'; to: Stage | null; added: string; due: string } | null;

export function StagesPage() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const mayEdit = can(me, 'customers', 'edit');
  const stage = useValue<Stage>('lead');
  const filters = useValue({ staff: '', tag: '', businessType: '' });
  const board = useValue<StageBoard | null>(null);
  const failure = useValue<string | null>(null);
  const editing = useValue<Editing>(null);

  const latest = useLatestOnly();
  const load = useCallback(
    () =>
      latest(
        api<StageBoard>('GET', withQuery('/api/stages', filters.value)),
        (b) => (board.set(b), failure.set(null)),
        (err) => failure.set(errorText(err)),
      ),
    [filters.value],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'customer.created', 'customer.updated', 'customer.deleted'], () => void load());

  const open = async (card: StageCard, kind: 'next' | 'back' | 'times') => {
    try {
      if (kind === 'times') return editing.set({ id: card.id, kind, to: null, added: toZonedInput(card.stageAddedAt, tz), due: toZonedInput(card.stageDueAt, tz) });
      const p = await api<StageMovePreview>('GET', withQuery(`/api/customers/${card.id}/stage/preview`, { direction: kind }));
      editing.set({ id: card.id, kind, to: p.to, added: '', due: toZonedInput(p.defaultDueAt, tz) });
    } catch (err) {
      failure.set(errorText(err));
    }
  };

  const save = async (e: Event) => {
    e.preventDefault();
    const ed = editing.value;
    if (!ed) return;
    const due = ed.due ? fromZonedInput(ed.due, tz) : null;
    try {
      if (ed.kind === 'times') await api<Customer>('PATCH', `/api/customers/${ed.id}/stage`, { addedAt: fromZonedInput(ed.added, tz) ?? undefined, dueAt: due });
      else await api<Customer>('POST', `/api/customers/${ed.id}/stage/move`, { direction: ed.kind, dueAt: due });
      editing.set(null);
      await load();
    } catch (err) {
      failure.set(errorText(err));
    }
  };

  const b = board.value;
  const column = b?.columns.find((c) => c.stage === stage.value);
  const times = STAGE_TIMES[stage.value];
  const setFilter = (key: 'staff' | 'tag' | 'businessType') => (v: string) => filters.set({ ...filters.value, [key]: v });

  const editor = (ed: NonNullable<Editing>) => html`<tr class="stage-edit"><td colspan="4">
    <form onSubmit=${save} aria-label=${ed.to ? t('stages.moveTo', { stage: stageLabel(ed.to) }) : t('stages.editTimes')}>
      ${ed.to ? html`<p><strong>${t('stages.moveTo', { stage: stageLabel(ed.to) })}</strong></p>` : null}
      ${ed.kind === 'times'
        ? html`<${TextField} label=${tOr(`stages.time.${times.added}`, t('stages.added'))} type="datetime-local" value=${ed.added} onValue=${(v: string) => editing.set({ ...ed, added: v })} />`
        : null}
      <${TextField}
        label=${ed.to ? tOr(`stages.time.${STAGE_TIMES[ed.to].due}`, t('stages.dueAsk')) : tOr(`stages.time.${times.due}`, t('stages.due'))}
        hint=${t('stages.noDue')}
        type="datetime-local"
        value=${ed.due}
        onValue=${(v: string) => editing.set({ ...ed, due: v })}
      />
      <button type="submit">${ed.kind === 'times' ? t('stages.save') : t('stages.confirm')}</button>
      <button type="button" class="link-button" onClick=${() => editing.set(null)}>${t('stages.cancel')}</button>
    </form>
  </td></tr>`;

  const row = (c: StageCard) => html`<tr key=${c.id} class=${`due-${c.dueStatus}`}>
      <td><a href=${`#/customers/${c.id}`}>${c.name}</a> <span class="muted">${c.customerNo}</span></td>
      <td>${formatDateTime(c.stageAddedAt, tz)}</td>
      <td>
        ${formatDateTime(c.stageDueAt, tz)}
        ${c.dueStatus === 'overdue' || c.dueStatus === 'today' ? html` <span class="badge ${c.dueStatus}">${t(`stages.status.${c.dueStatus}`)}</span>` : null}
      </td>
      <td>
        ${mayEdit
          ? html`${stage.value !== 'lead' ? html`<button type="button" class="link-button" onClick=${() => void open(c, 'back')}>${t('stages.back')}</button> ` : null}
              ${stage.value !== 'history' ? html`<button type="button" onClick=${() => void open(c, 'next')}>${t('stages.next')}</button> ` : null}
              <button type="button" class="link-button" onClick=${() => void open(c, 'times')}>${t('stages.editTimes')}</button>`
          : null}
      </td>
    </tr>
    ${editing.value?.id === c.id ? editor(editing.value) : null}`;

  return html`<section class="stages-page">
    <h1>${t('stages.title')}</h1>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <div class="filters">
      <${TextField} label=${t('stages.filter.staff')} value=${filters.value.staff} onValue=${setFilter('staff')} />
      <${TextField} label=${t('stages.filter.tag')} value=${filters.value.tag} onValue=${setFilter('tag')} />
      <${SelectField}
        label=${t('stages.filter.business')}
        value=${filters.value.businessType}
        options=${[{ value: '', label: t('stages.filter.any') }, ...BUSINESS_TYPES.map((v) => ({ value: v, label: businessLabel(v) }))]}
        onValue=${setFilter('businessType')}
      />
    </div>
    <div role="tablist" class="tabs">
      ${STAGES.map((s) => {
        const col = b?.columns.find((c) => c.stage === s);
        return html`<button type="button" role="tab" key=${s} aria-selected=${stage.value === s} onClick=${() => (stage.set(s), editing.set(null))}>
          ${stageLabel(s)} <span class="count">${col?.count ?? ''}</span>
          ${col?.overdue ? html` <span class="badge overdue" title=${t('stages.overdue', { count: col.overdue })}>${col.overdue}</span>` : null}
          ${col?.dueToday ? html` <span class="badge today" title=${t('stages.dueToday', { count: col.dueToday })}>${col.dueToday}</span>` : null}
        </button>`;
      })}
    </div>
    ${column
      ? html`<div role="tabpanel" aria-label=${stageLabel(stage.value)}>
          <p class="muted">
            ${t('stages.count', { count: column.count })} · ${t('stages.overdue', { count: column.overdue })} · ${t('stages.dueToday', { count: column.dueToday })}
          </p>
          ${column.items.length === 0
            ? html`<p class="muted">${t('stages.empty')}</p>`
            : html`<table class="list">
                <thead><tr><th>${t('stages.name')}</th><th>${tOr(`stages.time.${times.added}`, t('stages.added'))}</th><th>${tOr(`stages.time.${times.due}`, t('stages.due'))}</th><th></th></tr></thead>
                <tbody>${column.items.map(row)}</tbody>
              </table>`}
          ${column.items.length < column.count ? html`<p class="muted">${t('stages.more', { shown: column.items.length, count: column.count })}</p>` : null}
        </div>`
      : null}
  </section>`;
}
