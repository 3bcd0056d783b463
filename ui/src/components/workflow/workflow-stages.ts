// The admin's stage list (O2, settings:edit): name, post, default person, the customer stage it
// puts the customer in, the order state it counts as, days to due; reorder, add, remove. Saved
// whole (PUT /api/workflow/stages); the box refuses a list that breaks the rules and says why.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { Banner, SelectField, TextField } from '../fields';
import { ORDER_LIFECYCLES, PHASES, POSTS, type UserRef, type WorkflowStage, type WorkflowStageInput } from '../../contract';
import { orderStateLabel, stageLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { t } from '../../i18n/catalog';
import { postLabel, stageName } from './workflow-labels';
import { useValue } from '../../use-value';

type Row = WorkflowStageInput & { key: string | null };

export function WorkflowStages(p: { people: UserRef[]; onClose(): void; onSaved(): void }) {
  const rows = useValue<Row[] | null>(null);
  const failure = useValue<string | null>(null);
  const saved = useValue(false);
  const busy = useValue(false);

  const toRows = (list: WorkflowStage[]): Row[] =>
    list.map((s) => ({ id: s.id, key: s.key, name: s.name, post: s.post, defaultUserId: s.defaultUser?.id ?? null, lifecycle: s.lifecycle, phase: s.phase, dueDays: s.dueDays }));
  useEffect(() => {
    void api<WorkflowStage[]>('GET', '/api/workflow/stages').then((l) => rows.set(toRows(l)), (err) => failure.set(errorText(err)));
  }, []);

  const list = rows.value;
  if (!list) return failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null;
  const change = (i: number, patch: Partial<Row>) => (rows.set(list.map((r, j) => (j === i ? { ...r, ...patch } : r))), saved.set(false));
  const swap = (i: number, j: number) => {
    const next = [...list];
    [next[i], next[j]] = [next[j]!, next[i]!];
    rows.set(next);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    busy.set(true);
    try {
      const stages = list.map(({ key: _key, ...r }) => r);
      rows.set(toRows(await api<WorkflowStage[]>('PUT', '/api/workflow/stages', { stages })));
      failure.set(null);
      saved.set(true);
      p.onSaved();
    } catch (err) {
      failure.set(errorText(err));
    } finally {
      busy.set(false);
    }
  };

  return html`<form class="wf-stages" onSubmit=${save} aria-label=${t('workflow.stages.title')}>
    <h2>${t('workflow.stages.title')}</h2>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${saved.value ? html`<${Banner} kind="ok">${t('workflow.stages.saved')}<//>` : null}
    <ol>
      ${list.map(
        (r, i) => html`<li key=${r.id ?? `new-${i}`} class="wf-stage-row">
          <${TextField} label=${t('workflow.stages.name')} value=${r.name} placeholder=${r.key ? stageName({ name: '', key: r.key }) : ''} onValue=${(v: string) => change(i, { name: v })} />
          <${SelectField} label=${t('workflow.stages.post')} value=${r.post} options=${POSTS.map((v) => ({ value: v, label: postLabel(v) }))} onValue=${(v: string) => change(i, { post: v as Row['post'] })} />
          <${SelectField}
            label=${t('workflow.stages.person')}
            value=${r.defaultUserId === null ? '' : String(r.defaultUserId)}
            options=${[{ value: '', label: t('workflow.unassigned') }, ...p.people.map((u) => ({ value: String(u.id), label: u.name, raw: true }))]}
            onValue=${(v: string) => change(i, { defaultUserId: v ? Number(v) : null })}
          />
          <${SelectField}
            label=${t('workflow.stages.lifecycle')}
            value=${r.lifecycle ?? ''}
            options=${[{ value: '', label: t('workflow.stages.unchanged') }, ...ORDER_LIFECYCLES.map((v) => ({ value: v, label: stageLabel(v) }))]}
            onValue=${(v: string) => change(i, { lifecycle: (v || null) as Row['lifecycle'] })}
          />
          <${SelectField} label=${t('workflow.stages.phase')} value=${r.phase} options=${PHASES.map((v) => ({ value: v, label: orderStateLabel(v) }))} onValue=${(v: string) => change(i, { phase: v as Row['phase'] })} />
          <${TextField}
            label=${t('workflow.stages.dueDays')}
            hint=${t('workflow.stages.noDue')}
            value=${r.dueDays === null ? '' : String(r.dueDays)}
            onValue=${(v: string) => change(i, { dueDays: v.trim() === '' ? null : Number.isFinite(Number(v)) ? Number(v) : (v as unknown as number) })}
          />
          <div class="wf-stage-actions">
            <button type="button" class="link-button" disabled=${i === 0} onClick=${() => swap(i, i - 1)}>${t('workflow.stages.up')}</button>
            <button type="button" class="link-button" disabled=${i === list.length - 1} onClick=${() => swap(i, i + 1)}>${t('workflow.stages.down')}</button>
            <button type="button" class="link-button" onClick=${() => rows.set(list.filter((_, j) => j !== i))}>${t('workflow.stages.remove')}</button>
          </div>
        </li>`,
      )}
    </ol>
    <button
      type="button"
      class="link-button"
      onClick=${() => rows.set([...list, { key: null, name: '', post: 'front_desk', defaultUserId: null, lifecycle: null, phase: list[list.length - 1]?.phase ?? 'booked', dueDays: 7 }])}
    >
      ${t('workflow.stages.add')}
    </button>
    <div class="form-end">
      <button type="submit" disabled=${busy.value}>${t('workflow.stages.save')}</button>
      <button type="button" class="link-button" onClick=${p.onClose}>${t('workflow.stages.close')}</button>
    </div>
  </form>`;
}
