// Who did what (A1, A2): newest first, older pages on demand, filtered by kind of record.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api, withQuery } from '../../api';
import { useApp } from '../../app-context';
import { Banner, SelectField } from '../../components/fields';
import type { AuditEntry, AuditPage as Page } from '../../contract';
import { t } from '../../i18n/catalog';
import { auditSummary } from '../../i18n/audit-summary';
import { auditActionLabel, entityLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';

/** Every kind of record the box audits (the filter offers each; firmware's audit.record calls name them). */
const ENTITIES = ['customer', 'contact', 'order', 'payment', 'member_card', 'member_card_type', 'points', 'call', 'sms', 'ingest_job', 'photo', 'user', 'group', 'settings', 'session', 'report'];

export function AuditPage() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const entity = useValue('');
  const items = useValue<AuditEntry[] | null>(null);
  const nextBefore = useValue<number | null>(null);
  const error = useValue<unknown>(null);
  const busy = useValue(false);

  const load = useCallback(
    async (before: number | null) => {
      busy.set(true);
      try {
        const page = await api<Page>('GET', withQuery('/api/audit', { limit: 100, before: before ?? undefined, entity: entity.value || undefined }));
        items.set((prev) => (before === null ? page.items : [...(prev ?? []), ...page.items]));
        nextBefore.set(page.nextBefore);
        error.set(null);
      } catch (err) {
        error.set(err);
      } finally {
        busy.set(false);
      }
    },
    [entity.value],
  );
  useEffect(() => void load(null), [load]);

  return html`<section>
    <h1>${t('audit.title')}</h1>
    <${SelectField}
      class="inline"
      label=${t('audit.filter')}
      value=${entity.value}
      options=${[{ value: '', label: t('audit.all') }, ...ENTITIES.map((e) => ({ value: e, label: entityLabel(e) }))]}
      onValue=${(v: string) => (items.set(null), entity.set(v))}
    />
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${items.value === null
      ? html`<p>${t('app.loading')}</p>`
      : items.value.length === 0
        ? html`<p class="empty">${t('audit.empty')}</p>`
        : html`<table class="list audit">
            <thead>
              <tr>
                <th scope="col">${t('audit.colTime')}</th>
                <th scope="col">${t('audit.colUser')}</th>
                <th scope="col">${t('audit.colAction')}</th>
                <th scope="col">${t('audit.colEntity')}</th>
                <th scope="col">${t('audit.colSummary')}</th>
              </tr>
            </thead>
            <tbody>
              ${items.value.map(
                (a) => html`<tr key=${a.id}>
                  <td data-label=${t('audit.colTime')} class="nowrap">${formatDateTime(a.at, tz)}</td>
                  <td data-label=${t('audit.colUser')}>${a.user?.name ?? t('common.system')}</td>
                  <td data-label=${t('audit.colAction')}>${auditActionLabel(a.action)}</td>
                  <td data-label=${t('audit.colEntity')}>
                    ${a.entity === 'customer' && a.entityId && a.action !== 'delete'
                      ? html`<a href=${`#/customers/${a.entityId}`}>${entityLabel(a.entity)} #${a.entityId}</a>`
                      : html`${entityLabel(a.entity)}${a.entityId ? ` #${a.entityId}` : ''}`}
                  </td>
                  <td data-label=${t('audit.colSummary')}>${auditSummary(a)}</td>
                </tr>`,
              )}
            </tbody>
          </table>`}
    ${items.value && items.value.length > 0
      ? nextBefore.value !== null
        ? html`<div class="actions"><button type="button" disabled=${busy.value} onClick=${() => void load(nextBefore.value)}>${t('audit.older')}</button></div>`
        : html`<p class="muted">${t('audit.end')}</p>`
      : null}
  </section>`;
}
