// Create or edit a group: name, description, the rights grid, and who is in it.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { DeleteButton } from '../../components/confirm-button';
import { Banner, TextField } from '../../components/fields';
import { PermissionMatrix } from '../../components/system/permission-matrix';
import type { Group, GroupCreate, PermissionMap, User } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useSubmission } from '../../use-submission';
import { can } from '../../permissions';
import { navigate } from '../../router';

interface Draft {
  name: string;
  description: string;
  permissions: PermissionMap;
  /** As typed: a whole percent 0–100 (the server checks it too). */
  discountLimit: string;
  memberIds: number[];
}

export function GroupForm(props: { id: number | null }) {
  const id = props.id;
  const me = useApp().me;
  const creating = id === null;
  const editable = creating ? can(me, 'groups', 'add') : can(me, 'groups', 'edit');
  const draft = useValue<Draft | null>(creating ? { name: '', description: '', permissions: {}, discountLimit: '0', memberIds: [] } : null);
  const users = useValue<User[]>([]);
  const sub = useSubmission();
  const errors = sub.errors;
  const failure = sub.failure;
  const busy = sub.busy;

  useEffect(() => {
    api<User[]>('GET', '/api/users').then(users.set, () => users.set([]));
    if (id === null) return;
    api<Group>('GET', `/api/groups/${id}`).then(
      (g) => draft.set({ name: g.name, description: g.description, permissions: g.permissions, discountLimit: String(g.discountLimitPct), memberIds: g.memberIds }),
      (err) => failure.set(errorText(err)),
    );
  }, [id]);

  if (!draft.value) return failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : html`<p>${t('app.loading')}</p>`;
  const d = draft.value;
  const set = (patch: Partial<Draft>) => draft.set({ ...d, ...patch });

  const submit = async (e: Event) => {
    e.preventDefault();
    const pct = /^\d{1,3}$/.test(d.discountLimit.trim()) ? Number(d.discountLimit.trim()) : NaN;
    if (!sub.check(pct >= 0 && pct <= 100 ? {} : { discountLimitPct: t('groups.discountLimitInvalid') })) return;
    const body: GroupCreate = { name: d.name, description: d.description, permissions: d.permissions, discountLimitPct: pct };
    if (await sub.run(() => (creating ? api<Group>('POST', '/api/groups', body) : api<Group>('PATCH', `/api/groups/${id}`, body)).then(() => undefined))) navigate('/groups');
  };

  const remove = async () => {
    if (await sub.run(() => api('DELETE', `/api/groups/${id}`).then(() => undefined))) navigate('/groups');
  };

  const members = users.value.filter((u) => d.memberIds.includes(u.id));
  return html`<section>
    <p><a href="#/groups">← ${t('groups.title')}</a></p>
    <div class="page-head">
      <h1>${creating ? t('groups.newTitle') : t('groups.editTitle', { name: d.name })}</h1>
      ${!creating && can(me, 'groups', 'delete') ? html`<${DeleteButton} question=${t('groups.deleteConfirm', { name: d.name })} onConfirmed=${remove} />` : null}
    </div>
    <form onSubmit=${submit} novalidate>
      <div class="narrow-form">
        <${TextField} label=${t('groups.name')} value=${d.name} onValue=${(v: string) => set({ name: v })} error=${errors.value.name} disabled=${!editable} required />
        <${TextField} multiline label=${t('groups.description')} value=${d.description} onValue=${(v: string) => set({ description: v })} error=${errors.value.description} disabled=${!editable} />
        <${TextField} label=${t('groups.discountLimit')} value=${d.discountLimit} onValue=${(v: string) => set({ discountLimit: v })} inputMode="numeric"
          hint=${t('groups.discountLimitHint')} error=${errors.value.discountLimitPct} disabled=${!editable} />
      </div>
      <h2>${t('groups.permissions')}</h2>
      <p class="hint">${t('groups.unionHint')}</p>
      <${PermissionMatrix} value=${d.permissions} onValue=${(p: PermissionMap) => set({ permissions: p })} disabled=${!editable} />
      ${errors.value.permissions ? html`<small class="field-error" role="alert">${errors.value.permissions}</small>` : null}
      ${creating
        ? null
        : html`<h2>${t('groups.members')}</h2>
            ${members.length
              ? html`<ul class="plain">${members.map((u) => html`<li key=${u.id}><a href=${`#/users/${u.id}`}>${u.displayName}</a> <span class="muted">${u.username}</span></li>`)}</ul>`
              : html`<p class="muted">${t('groups.noMembers')}</p>`}
            <p class="hint">${t('groups.membersHint')}</p>`}
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      ${editable
        ? html`<div class="actions">
            <button type="submit" class="primary" disabled=${busy.value}>${busy.value ? t('common.saving') : t('common.save')}</button>
            <a class="button" href="#/groups">${t('common.cancel')}</a>
          </div>`
        : null}
    </form>
  </section>`;
}
