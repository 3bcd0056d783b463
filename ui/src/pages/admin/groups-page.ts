// Groups (A1): each gives its members a set of rights; members' rights add up.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { Banner } from '../../components/fields';
import { FEATURES, type Group } from '../../contract';
import { t } from '../../i18n/catalog';
import { actionLabel, featureLabel } from '../../i18n/enum-labels';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';

export function GroupsPage() {
  const me = useApp().me;
  const groups = useValue<Group[] | null>(null);
  const error = useValue<unknown>(null);
  useEffect(() => void api<Group[]>('GET', '/api/groups').then(groups.set, error.set), []);

  return html`<section>
    <div class="page-head">
      <h1>${t('groups.title')}</h1>
      ${can(me, 'groups', 'add') ? html`<a class="button primary" href="#/groups/new">${t('groups.new')}</a>` : null}
    </div>
    <p class="hint">${t('groups.unionHint')}</p>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${groups.value === null
      ? error.value
        ? null
        : html`<p>${t('app.loading')}</p>`
      : groups.value.length === 0
        ? html`<p class="empty">${t('groups.empty')}</p>`
        : html`<ul class="group-list">
            ${groups.value.map(
              (g) => html`<li key=${g.id} class="card">
                <h2><a href=${`#/groups/${g.id}`}>${g.name}</a></h2>
                ${g.description ? html`<p>${g.description}</p>` : null}
                <p class="muted">${t('groups.members')}: ${g.memberIds.length}</p>
                <p>
                  ${FEATURES.filter((f) => g.permissions[f]?.length).map(
                    (f) => html`<span class="tag" key=${f}>${featureLabel(f)}: ${g.permissions[f]!.map(actionLabel).join(', ')}</span> `,
                  )}
                </p>
              </li>`,
            )}
          </ul>`}
  </section>`;
}
