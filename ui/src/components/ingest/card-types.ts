// The studio's member card types (M1), on the settings page: listed for membership:view,
// added and renamed with settings:edit (a type is part of how the studio is set up).
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import type { MemberCardType } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, Checkbox, TextField } from '../fields';

export function CardTypes() {
  const me = useApp().me;
  const editable = can(me, 'settings', 'edit');
  const list = useValue<MemberCardType[] | null>(null);
  const name = useValue('');
  const note = useValue('');
  const shares = useValue(false);
  const error = useValue<string | null>(null);
  const sub = useSubmission();

  const load = useCallback(async () => {
    try {
      list.set(await api<MemberCardType[]>('GET', '/api/member-card-types'));
    } catch (err) {
      error.set(errorText(err));
    }
  }, []);
  useEffect(() => void load(), [load]);

  const add = async (e: Event) => {
    e.preventDefault();
    if (!sub.check(name.value.trim() ? {} : { name: t('field.required') })) return;
    const ok = await sub.run(() => api('POST', '/api/member-card-types', { name: name.value.trim(), note: note.value.trim(), sharesStoredValue: shares.value }));
    if (ok) {
      name.set('');
      note.set('');
      shares.set(false);
      void load();
    }
  };

  const rename = async (x: MemberCardType) => {
    const next = window.prompt(t('cardTypes.rename'), x.name)?.trim();
    if (!next || next === x.name) return;
    try {
      await api('PATCH', `/api/member-card-types/${x.id}`, { name: next });
      error.set(null);
      void load();
    } catch (err) {
      error.set(errorText(err));
    }
  };

  const setShares = async (x: MemberCardType, on: boolean) => {
    try {
      await api('PATCH', `/api/member-card-types/${x.id}`, { sharesStoredValue: on });
      error.set(null);
      void load();
    } catch (err) {
      error.set(errorText(err));
    }
  };

  return html`<section class="card card-types">
    <h2>${t('cardTypes.heading')}</h2>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${list.value && list.value.length
      ? html`<ul class="plain">
          ${list.value.map(
            (x) => html`<li key=${x.id}>
              <strong>${x.name}</strong> <small class="muted">${t('cardTypes.cards', { count: x.activeCards })}${x.sharesStoredValue ? ` · ${t('cardTypes.shares')}` : ''}${x.note ? ` · ${x.note}` : ''}</small>
              ${editable ? html` <button type="button" class="link-button" onClick=${() => rename(x)}>${t('common.edit')}</button>` : null}
              ${editable ? html`<${Checkbox} label=${t('cardTypes.sharesStoredValue')} checked=${x.sharesStoredValue} onValue=${(on: boolean) => void setShares(x, on)} />` : null}
            </li>`,
          )}
        </ul>`
      : list.value ? html`<p class="empty">${t('cardTypes.none')}</p>` : null}
    ${editable
      ? html`<form onSubmit=${add} novalidate class="narrow-form">
          <${TextField} label=${t('cardTypes.name')} value=${name.value} onValue=${name.set} error=${sub.errors.value.name} />
          <${TextField} label=${t('cardTypes.note')} value=${note.value} onValue=${note.set} error=${sub.errors.value.note} />
          <${Checkbox} label=${t('cardTypes.sharesStoredValue')} checked=${shares.value} onValue=${shares.set} />
          ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
          <div class="actions"><button type="submit" disabled=${sub.busy.value}>${t('cardTypes.add')}</button></div>
        </form>`
      : null}
  </section>`;
}
