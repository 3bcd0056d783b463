// Create a user (users:add) or change one (users:edit): name, password reset, admin flag,
// disabled, and groups.value. Without the edit right the form is read-only.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { DeleteButton } from '../../components/confirm-button';
import { Banner, Checkbox, TextField } from '../../components/fields';
import type { Group, User, UserCreate, UserPatch } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useSubmission } from '../../use-submission';
import { can } from '../../permissions';
import { navigate } from '../../router';

interface Draft {
  username: string;
  displayName: string;
  password: string;
  confirm: string;
  isAdmin: boolean;
  disabled: boolean;
  groupIds: number[];
}

export function UserForm(props: { id: number | null }) {
  const id = props.id;
  const me = useApp().me;
  const creating = id === null;
  const editable = creating ? can(me, 'users', 'add') : can(me, 'users', 'edit');
  const draft = useValue<Draft | null>(creating ? { username: '', displayName: '', password: '', confirm: '', isAdmin: false, disabled: false, groupIds: [] } : null);
  const groups = useValue<Group[]>([]);
  const sub = useSubmission();
  const errors = sub.errors;
  const failure = sub.failure;
  const busy = sub.busy;

  useEffect(() => {
    api<Group[]>('GET', '/api/groups').then(groups.set, (err) => failure.set(errorText(err)));
    if (id === null) return;
    api<User>('GET', `/api/users/${id}`).then(
      (u) => draft.set({ username: u.username, displayName: u.displayName, password: '', confirm: '', isAdmin: u.isAdmin, disabled: u.disabled, groupIds: u.groupIds }),
      (err) => failure.set(errorText(err)),
    );
  }, [id]);

  if (!draft.value) return failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : html`<p>${t('app.loading')}</p>`;
  const d = draft.value;
  const set = (patch: Partial<Draft>) => draft.set({ ...d, ...patch });

  const submit = async (e: Event) => {
    e.preventDefault();
    const local: Record<string, string> = {};
    if ((creating || d.password) && d.password.length < 8) local.password = t('field.min8');
    if (d.password !== d.confirm) local.confirm = t('field.passwordMismatch');
    if (!sub.check(local)) return;
    const saved = await sub.run(async () => {
      if (creating) {
        const body: UserCreate = { username: d.username, displayName: d.displayName, password: d.password, isAdmin: d.isAdmin, groupIds: d.groupIds };
        await api<User>('POST', '/api/users', body);
      } else {
        const body: UserPatch = { displayName: d.displayName, isAdmin: d.isAdmin, disabled: d.disabled, groupIds: d.groupIds, ...(d.password ? { password: d.password } : {}) };
        await api<User>('PATCH', `/api/users/${id}`, body);
      }
    });
    if (saved) navigate('/users');
  };

  const remove = async () => {
    if (await sub.run(() => api('DELETE', `/api/users/${id}`).then(() => undefined))) navigate('/users');
  };

  const toggleGroup = (gid: number, on: boolean) => set({ groupIds: on ? [...d.groupIds, gid] : d.groupIds.filter((g) => g !== gid) });
  const ro = !editable;
  return html`<section>
    <p><a href="#/users">← ${t('users.title')}</a></p>
    <div class="page-head">
      <h1>${creating ? t('users.newTitle') : t('users.editTitle', { name: d.displayName })}</h1>
      ${!creating && can(me, 'users', 'delete') && id !== me.user.id
        ? html`<${DeleteButton} question=${t('users.deleteConfirm', { name: d.displayName })} onConfirmed=${remove} />`
        : null}
    </div>
    <form onSubmit=${submit} novalidate class="narrow-form">
      <${TextField} label=${t('user.username')} value=${d.username} onValue=${(v: string) => set({ username: v })} error=${errors.value.username} disabled=${!creating || ro} required autoComplete="off" />
      <${TextField} label=${t('user.displayName')} value=${d.displayName} onValue=${(v: string) => set({ displayName: v })} error=${errors.value.displayName} disabled=${ro} required />
      <${TextField}
        type="password"
        label=${creating ? t('user.password') : t('user.newPassword')}
        value=${d.password}
        onValue=${(v: string) => set({ password: v })}
        error=${errors.value.password}
        hint=${creating ? t('user.passwordHint') : t('user.newPasswordHint')}
        disabled=${ro}
        autoComplete="new-password"
      />
      <${TextField} type="password" label=${t('user.passwordConfirm')} value=${d.confirm} onValue=${(v: string) => set({ confirm: v })} error=${errors.value.confirm} disabled=${ro} autoComplete="new-password" />
      <${Checkbox} label=${t('user.isAdmin')} checked=${d.isAdmin} onValue=${(v: boolean) => set({ isAdmin: v })} disabled=${ro} />
      ${creating ? null : html`<${Checkbox} label=${t('user.disabled')} checked=${d.disabled} onValue=${(v: boolean) => set({ disabled: v })} disabled=${ro} />`}
      <fieldset>
        <legend>${t('user.groups')}</legend>
        ${groups.value.length === 0 ? html`<p class="hint">${t('users.noGroupsYet')}</p>` : null}
        ${groups.value.map((g) => html`<${Checkbox} key=${g.id} label=${g.name} checked=${d.groupIds.includes(g.id)} onValue=${(v: boolean) => toggleGroup(g.id, v)} disabled=${ro} />`)}
        ${errors.value.groupIds ? html`<small class="field-error" role="alert">${errors.value.groupIds}</small>` : null}
        <p class="hint">${t('groups.unionHint')}</p>
      </fieldset>
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      ${editable
        ? html`<div class="actions">
            <button type="submit" class="primary" disabled=${busy.value}>${busy.value ? t('common.saving') : t('common.save')}</button>
            <a class="button" href="#/users">${t('common.cancel')}</a>
          </div>`
        : null}
    </form>
  </section>`;
}
