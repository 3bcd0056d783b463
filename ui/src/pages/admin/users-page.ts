// Staff accounts (A1): who they are, their role, their groups.value, whether they may log in.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { Banner } from '../../components/fields';
import type { Group, User } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';

export function UsersPage() {
  const me = useApp().me;
  const users = useValue<User[] | null>(null);
  const groups = useValue<Group[]>([]);
  const error = useValue<unknown>(null);

  useEffect(() => {
    Promise.all([api<User[]>('GET', '/api/users'), api<Group[]>('GET', '/api/groups')]).then((both) => (users.set(both[0]), groups.set(both[1])), error.set);
  }, []);

  const groupName = new Map(groups.value.map((g) => [g.id, g.name]));
  return html`<section>
    <div class="page-head">
      <h1>${t('users.title')}</h1>
      ${can(me, 'users', 'add') ? html`<a class="button primary" href="#/users/new">${t('users.new')}</a>` : null}
    </div>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${users.value === null
      ? error.value
        ? null
        : html`<p>${t('app.loading')}</p>`
      : users.value.length === 0
        ? html`<p class="empty">${t('users.empty')}</p>`
        : html`<table class="list">
            <thead>
              <tr>
                <th scope="col">${t('users.colName')}</th>
                <th scope="col">${t('users.colUsername')}</th>
                <th scope="col">${t('users.colRole')}</th>
                <th scope="col">${t('users.colGroups')}</th>
                <th scope="col">${t('users.colStatus')}</th>
              </tr>
            </thead>
            <tbody>
              ${users.value.map(
                (u) => html`<tr key=${u.id}>
                  <td data-label=${t('users.colName')}><a href=${`#/users/${u.id}`}>${u.displayName}</a> ${u.id === me.user.id ? t('users.you') : ''}</td>
                  <td data-label=${t('users.colUsername')}>${u.username}</td>
                  <td data-label=${t('users.colRole')}>${u.isAdmin ? t('users.admin') : t('users.staff')}</td>
                  <td data-label=${t('users.colGroups')}>${u.groupIds.map((id) => html`<span class="tag" key=${id}>${groupName.get(id) ?? `#${id}`}</span> `)}</td>
                  <td data-label=${t('users.colStatus')}>${u.disabled ? html`<span class="tag tag-bad">${t('users.disabled')}</span>` : t('users.active')}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
  </section>`;
}
