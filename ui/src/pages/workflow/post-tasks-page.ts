// Post-production tasks (O4, docs/workflow.md): first edits, refined photos and design pages of
// orders, each for a person with a state and a due time (overdue in red). "Mine" is the list of
// the person logged in; with workflow:edit everyone's, new tasks and any change. A task closes
// itself when its edited files are imported into the order's folder; the list follows live.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { Banner, SelectField, TextField } from '../../components/fields';
import { EDIT_KINDS, type PostTask, type PostTaskList, type PostTaskState, type WorkflowBoard } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

/** The next state a button offers, by the current one. */
const NEXT: Partial<Record<PostTaskState, PostTaskState>> = { open: 'in_progress', in_progress: 'done' };

function NewTask(p: { people: { id: number; name: string }[]; onDone(): void }) {
  const orders = useValue<{ value: string; label: string; raw: boolean }[]>([]);
  const form = useValue({ orderId: '', kind: 'refined', assigneeId: '', note: '' });
  const failure = useValue<string | null>(null);
  useEffect(() => {
    void api<WorkflowBoard>('GET', '/api/workflow/board').then(
      (b) => orders.set(b.columns.flatMap((c) => c.items).map((i) => ({ value: String(i.orderId), label: `${i.orderNo} ${i.customer.name}`, raw: true }))),
      (err) => failure.set(errorText(err)),
    );
  }, []);
  const set = (k: keyof typeof form.value) => (v: string) => form.set({ ...form.value, [k]: v });
  const submit = async (e: Event) => {
    e.preventDefault();
    try {
      const f = form.value;
      await api<PostTask>('POST', '/api/post-tasks', { orderId: Number(f.orderId), kind: f.kind, assigneeId: f.assigneeId ? Number(f.assigneeId) : null, note: f.note });
      form.set({ ...f, orderId: '', note: '' });
      failure.set(null);
      p.onDone();
    } catch (err) {
      failure.set(errorText(err));
    }
  };
  return html`<form class="pt-new" aria-label=${t('postTasks.new')} onSubmit=${submit}>
    <${SelectField} label=${t('postTasks.order')} value=${form.value.orderId} options=${[{ value: '', label: '—' }, ...orders.value]} onValue=${set('orderId')} />
    <${SelectField} label=${t('postTasks.kind')} value=${form.value.kind} options=${EDIT_KINDS.map((k) => ({ value: k, label: t(`postTasks.kind.${k}`) }))} onValue=${set('kind')} />
    <${SelectField}
      label=${t('postTasks.person')}
      value=${form.value.assigneeId}
      options=${[{ value: '', label: t('workflow.unassigned') }, ...p.people.map((u) => ({ value: String(u.id), label: u.name, raw: true }))]}
      onValue=${set('assigneeId')}
    />
    <${TextField} label=${t('postTasks.note')} value=${form.value.note} onValue=${set('note')} />
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <button type="submit" disabled=${!form.value.orderId}>${t('postTasks.add')}</button>
  </form>`;
}

export function PostTasksPage() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const mayEdit = can(me, 'workflow', 'edit');
  const filters = useValue({ assignee: mayEdit ? '' : 'me', state: 'active' });
  const data = useValue<PostTaskList | null>(null);
  const failure = useValue<string | null>(null);
  const adding = useValue(false);

  const latest = useLatestOnly();
  const load = useCallback(
    () =>
      latest(
        api<PostTaskList>('GET', withQuery('/api/post-tasks', filters.value)),
        (d) => (data.set(d), failure.set(null)),
        (err) => failure.set(errorText(err)),
      ),
    [filters.value],
  );
  useEffect(() => void load(), [load]);
  useServerEvents(['hello', 'postTasks.changed'], () => void load());

  const change = async (task: PostTask, state: PostTaskState) => {
    try {
      await api<PostTask>('PATCH', `/api/post-tasks/${task.id}`, { state });
      await load();
    } catch (err) {
      failure.set(errorText(err));
    }
  };

  const row = (x: PostTask) => {
    const mine = x.assignee?.id === me.user.id;
    const next = NEXT[x.state];
    return html`<tr key=${x.id} class=${`due-${x.dueStatus}`} data-task=${x.id}>
      <td><strong>${x.orderNo}</strong> <a href=${`#/customers/${x.customer.id}`}>${x.customer.name}</a><div class="muted">${x.orderTitle}</div></td>
      <td>${t(`postTasks.kind.${x.kind}`)}</td>
      <td>${x.assignee ? x.assignee.name : t('workflow.unassigned')}</td>
      <td>
        ${x.dueAt ? formatDateTime(x.dueAt, tz) : t('workflow.noDue')}
        ${x.dueStatus === 'overdue' || x.dueStatus === 'today' ? html` <span class=${`badge ${x.dueStatus}`}>${t(`workflow.status.${x.dueStatus}`)}</span>` : null}
      </td>
      <td>
        ${t(`postTasks.state.${x.state}`)}
        ${x.doneJobId !== null ? html`<div class="muted">${t('postTasks.byImport')}</div>` : x.doneBy ? html`<div class="muted">${x.doneBy.name}</div>` : null}
      </td>
      <td>${x.note}</td>
      <td>
        ${next && (mayEdit || mine) ? html`<button type="button" onClick=${() => void change(x, next)}>${t(next === 'done' ? 'postTasks.to.done' : 'postTasks.to.in_progress')}</button>` : null}
        ${mayEdit && next ? html` <button type="button" class="link-button" onClick=${() => void change(x, 'cancelled')}>${t('postTasks.cancel')}</button>` : null}
        ${(mayEdit || mine) && !next ? html`<button type="button" class="link-button" onClick=${() => void change(x, 'open')}>${t('postTasks.reopen')}</button>` : null}
      </td>
    </tr>`;
  };

  const d = data.value;
  return html`<section class="post-tasks-page">
    <h1>${t('postTasks.title')}</h1>
    <p><a href="#/workflow">${t('workflow.title')}</a></p>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    <div class="filters">
      <${SelectField}
        label=${t('postTasks.person')}
        value=${filters.value.assignee}
        options=${[{ value: 'me', label: t('postTasks.mine') }, { value: '', label: t('postTasks.everyone') }, ...(d?.people ?? []).map((p) => ({ value: String(p.id), label: p.name, raw: true }))]}
        onValue=${(v: string) => filters.set({ ...filters.value, assignee: v })}
      />
      <${SelectField}
        label=${t('postTasks.show')}
        value=${filters.value.state}
        options=${(['active', 'done', 'all'] as const).map((s) => ({ value: s, label: t(`postTasks.show.${s}`) }))}
        onValue=${(v: string) => filters.set({ ...filters.value, state: v })}
      />
      ${mayEdit ? html`<button type="button" class="link-button" onClick=${() => adding.set(!adding.value)}>${t('postTasks.new')}</button>` : null}
    </div>
    ${adding.value ? html`<${NewTask} people=${d?.people ?? []} onDone=${() => void load()} />` : null}
    ${d && d.items.length === 0 ? html`<p class="muted">${t('postTasks.empty')}</p>` : null}
    ${d && d.items.length
      ? html`<table class="pt-list">
          <thead>
            <tr>
              <th>${t('postTasks.order')}</th><th>${t('postTasks.kind')}</th><th>${t('postTasks.person')}</th><th>${t('postTasks.due')}</th>
              <th>${t('postTasks.state')}</th><th>${t('postTasks.note')}</th><th></th>
            </tr>
          </thead>
          <tbody>${d.items.map(row)}</tbody>
        </table>`
      : null}
  </section>`;
}
