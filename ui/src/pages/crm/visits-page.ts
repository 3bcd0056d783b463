// Visit plans due (C3): the signed-in staff member's open plans due today or earlier, oldest
// first, overdue ones in red; "Done" records the contact they became. With the right to move and
// reassign plans (contacts: edit) another staff member's list, or everyone's. The top bar's sign
// (components/crm/visit-badge.ts) counts the same plans and links here. Follows the event stream.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { api, withQuery } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { DoneForm } from '../../components/crm/customer-visits';
import { Banner, SelectField } from '../../components/fields';
import type { UserRef, VisitPlanList } from '../../contract';
import { t } from '../../i18n/catalog';
import { formatDate } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { can } from '../../permissions';
import { useValue } from '../../use-value';

export function VisitsPage() {
  const me = useApp().me;
  const manager = can(me, 'contacts', 'edit');
  const mayDo = can(me, 'contacts', 'add');
  // '' is everyone (managers only); otherwise a staff member's id.
  const staffId = useValue(String(me.user.id));
  const days = useValue('0');
  const staff = useValue<UserRef[]>([]);
  const data = useValue<VisitPlanList | null>(null);
  const failure = useValue<string | null>(null);
  const doing = useValue<number | null>(null);
  const latest = useLatestOnly();

  const load = useCallback(
    () =>
      latest(
        api<VisitPlanList>('GET', withQuery('/api/visit-plans', { staffId: staffId.value, days: days.value })),
        (d) => (data.set(d), failure.set(null)),
        (err) => failure.set(errorText(err)),
      ),
    [staffId.value, days.value],
  );
  useEffect(() => void load(), [load]);
  useEffect(() => {
    if (manager) api<UserRef[]>('GET', '/api/visit-plans/staff').then(staff.set, () => {});
  }, []);
  useServerEvents(['hello', 'visit_plan.changed', 'visit_plan.due'], () => void load());

  const d = data.value;
  const people = [{ value: String(me.user.id), label: me.user.displayName, raw: true }, ...staff.value.filter((u) => u.id !== me.user.id).map((u) => ({ value: String(u.id), label: u.name, raw: true }))];
  return html`<section class="visits-page">
    <h1>${t('visits.dueTitle')}</h1>
    <p class="muted">${t('visits.dueIntro')}</p>
    <div class="filters">
      ${manager ? html`<${SelectField} label=${t('visits.staff')} value=${staffId.value} options=${[...people, { value: '', label: t('visits.everyone') }]} onValue=${staffId.set} />` : null}
      <${SelectField}
        label=${t('visits.dueDate')}
        value=${days.value}
        options=${[
          { value: '0', label: t('visits.dueBy.today') },
          { value: '7', label: t('visits.dueBy.week') },
        ]}
        onValue=${days.set}
      />
    </div>
    ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
    ${d === null
      ? html`<p>${t('app.loading')}</p>`
      : d.items.length === 0
        ? html`<p class="empty">${t('visits.dueNone')}</p>`
        : html`<table class="data visit-due">
            <thead>
              <tr><th>${t('visits.dueDate')}</th><th>${t('visits.customer')}</th><th>${t('visits.staff')}</th><th>${t('visits.purpose')}</th><th></th></tr>
            </thead>
            <tbody>
              ${d.items.map(
                (v) => html`<tr key=${v.id} data-plan=${v.id} class=${v.overdue ? 'due-overdue' : v.dueDate === d.today ? 'due-today' : ''}>
                  <td>${formatDate(v.dueDate)}${v.overdue ? html` <span class="badge overdue">${t('visits.overdue')}</span>` : null}</td>
                  <td><a href=${`#/customers/${v.customerId}`}>${v.customerName}</a> <span class="muted">${v.customerNo}</span></td>
                  <td>${v.staff.name}</td>
                  <td>${v.purpose}</td>
                  <td>
                    ${mayDo && doing.value !== v.id ? html`<button type="button" onClick=${() => doing.set(v.id)}>${t('visits.done')}</button>` : null}
                    ${doing.value === v.id ? html`<${DoneForm} plan=${v} onDone=${() => (doing.set(null), void load())} onCancel=${() => doing.set(null)} />` : null}
                  </td>
                </tr>`,
              )}
            </tbody>
          </table>`}
  </section>`;
}
