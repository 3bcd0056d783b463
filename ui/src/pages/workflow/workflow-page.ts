// The order workflow board (O2): every open order by stage with its due time (overdue in red),
// filtered by post and person; moving an order is one action — its button to the next stage,
// or a drag to any stage on a desktop. Open boards follow each other live (workflow.changed,
// order.changed; everything re-read on 'hello'). With settings:edit, the stages are edited here.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { Banner, SelectField } from '../../components/fields';
import { WorkflowStages } from '../../components/workflow/workflow-stages';
import { POSTS, type WorkflowBoard, type WorkflowCard, type WorkflowStage } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { postLabel, stageName } from '../../components/workflow/workflow-labels';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

const DRAG_TYPE = 'application/x-studio-box-order';

export function WorkflowPage() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const mayMove = can(me, 'workflow', 'edit');
  const mayDefine = can(me, 'settings', 'edit');
  const filters = useValue({ post: '', person: '' });
  const board = useValue<WorkflowBoard | null>(null);
  const failure = useValue<string | null>(null);
  const notice = useValue<string | null>(null);
  const editing = useValue(false);
  const over = useValue<number | null>(null);

  const latest = useLatestOnly();
  const load = useCallback(
    () =>
      latest(
        api<WorkflowBoard>('GET', withQuery('/api/workflow/board', filters.value)),
        (b) => (board.set(b), failure.set(null)),
        (err) => failure.set(errorText(err)),
      ),
    [filters.value],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'workflow.changed', 'order.changed'], () => void load());

  const b = board.value;
  // The full list (the next stage of an order is in it even when the post filter hides its column).
  const allStages = useValue<WorkflowStage[]>([]);
  useEffect(() => {
    void api<WorkflowStage[]>('GET', '/api/workflow/stages').then((s) => allStages.set(s), () => {});
  }, [b]);
  const stages = allStages.value.length ? allStages.value : (b?.columns.map((c) => c.stage) ?? []);

  const moveTo = async (card: WorkflowCard, stage: WorkflowStage) => {
    if (stage.id === card.stageId) return;
    try {
      await api<WorkflowCard>('POST', `/api/workflow/orders/${card.orderId}/move`, { stageId: stage.id });
      notice.set(t('workflow.moved', { order: card.orderNo, stage: stageName(stage) }));
      failure.set(null);
      await load();
    } catch (err) {
      notice.set(null);
      failure.set(errorText(err));
    }
  };
  const cardById = (id: number) => b?.columns.flatMap((c) => c.items).find((i) => i.orderId === id) ?? null;
  const nextOf = (card: WorkflowCard) => stages[stages.findIndex((s) => s.id === card.stageId) + 1] ?? null;

  const onDrop = (stage: WorkflowStage) => (e: DragEvent) => {
    e.preventDefault();
    over.set(null);
    const id = Number(e.dataTransfer?.getData(DRAG_TYPE));
    const card = cardById(id);
    if (card) void moveTo(card, stage);
  };

  const cardView = (c: WorkflowCard) => {
    const next = nextOf(c);
    return html`<li
      key=${c.orderId}
      class=${`wf-card due-${c.dueStatus}`}
      draggable=${mayMove}
      data-order=${c.orderNo}
      onDragStart=${(e: DragEvent) => e.dataTransfer?.setData(DRAG_TYPE, String(c.orderId))}
    >
      <div><strong>${c.orderNo}</strong> <a href=${`#/customers/${c.customer.id}`}>${c.customer.name}</a></div>
      <div class="muted">${c.title}</div>
      <div class="wf-due">
        ${c.dueAt ? t('workflow.due', { time: formatDateTime(c.dueAt, tz) }) : t('workflow.noDue')}
        ${c.dueStatus === 'overdue' || c.dueStatus === 'today' ? html` <span class=${`badge ${c.dueStatus}`}>${t(`workflow.status.${c.dueStatus}`)}</span>` : null}
      </div>
      <div class="muted">${c.assignee ? c.assignee.name : t('workflow.unassigned')}</div>
      ${mayMove && next ? html`<button type="button" onClick=${() => void moveTo(c, next)}>${t('workflow.next', { stage: stageName(next) })}</button>` : null}
    </li>`;
  };

  return html`<section class="workflow-page">
    <h1>${t('workflow.title')}</h1>
    <p><a href="#/tasks">${t('workflow.tasksLink')}</a></p>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${notice.value ? html`<${Banner} kind="ok">${notice.value}<//>` : null}
    <div class="filters">
      <${SelectField}
        label=${t('workflow.filter.post')}
        value=${filters.value.post}
        options=${[{ value: '', label: t('workflow.filter.any') }, ...POSTS.map((p) => ({ value: p, label: postLabel(p) }))]}
        onValue=${(v: string) => filters.set({ ...filters.value, post: v })}
      />
      <${SelectField}
        label=${t('workflow.filter.person')}
        value=${filters.value.person}
        options=${[{ value: '', label: t('workflow.filter.any') }, ...(b?.people ?? []).map((p) => ({ value: String(p.id), label: p.name, raw: true }))]}
        onValue=${(v: string) => filters.set({ ...filters.value, person: v })}
      />
      ${mayDefine ? html`<button type="button" class="link-button" onClick=${() => editing.set(!editing.value)}>${t('workflow.editStages')}</button>` : null}
    </div>
    ${editing.value ? html`<${WorkflowStages} people=${b?.people ?? []} onClose=${() => editing.set(false)} onSaved=${() => void load()} />` : null}
    ${mayMove ? html`<p class="muted wf-hint">${t('workflow.dragHint')}</p>` : null}
    <div class="wf-board">
      ${(b?.columns ?? []).map(
        (col) => html`<section
          key=${col.stage.id}
          class=${`wf-column${over.value === col.stage.id ? ' drop' : ''}`}
          aria-label=${stageName(col.stage)}
          data-stage=${col.stage.id}
          onDragOver=${mayMove ? (e: DragEvent) => (e.preventDefault(), over.set(col.stage.id)) : undefined}
          onDragLeave=${() => over.value === col.stage.id && over.set(null)}
          onDrop=${mayMove ? onDrop(col.stage) : undefined}
        >
          <h2>${stageName(col.stage)}</h2>
          <p class="muted">
            ${postLabel(col.stage.post)} · ${t('workflow.count', { count: col.count })}
            ${col.overdue ? html` <span class="badge overdue">${t('workflow.overdue', { count: col.overdue })}</span>` : null}
          </p>
          ${col.stage.phase === 'delivered'
            ? html`<p class="muted">${t('workflow.closed')}</p>`
            : col.items.length === 0
              ? html`<p class="muted">${t('workflow.empty')}</p>`
              : html`<ul class="wf-cards">${col.items.map(cardView)}</ul>`}
          ${col.items.length < col.count ? html`<p class="muted">${t('workflow.more', { shown: col.items.length, count: col.count })}</p>` : null}
        </section>`,
      )}
    </div>
  </section>`;
}
