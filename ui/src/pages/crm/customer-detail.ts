// One customer's card (C1, C2): every field, phones as people write them, the stage with
// its dates, and who created and last changed the record. Reloads when changed elsewhere.
import { html } from 'htm/preact';
import { useCallback, useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import { DeleteButton } from '../../components/confirm-button';
import { CustomerSms } from '../../components/crm/customer-sms';
import { CustomerPhotos } from '../../components/crm/customer-photos';
import { CustomerContacts } from '../../components/crm/contact-records';
import { CustomerOrders } from '../../components/crm/customer-orders';
import { CustomerCards } from '../../components/crm/customer-cards';
import { CustomerFeedback, CustomerVisitPlans } from '../../components/crm/customer-visits';
import { CustomerReferrals } from '../../components/crm/customer-referrals';
import { Banner } from '../../components/fields';
import { SmsOptOutLine } from '../../components/care/sms-opt-out';
import type { Customer, UserRef } from '../../contract';
import { t } from '../../i18n/catalog';
import { businessLabel, genderLabel, phoneTypeLabel, stageLabel } from '../../i18n/enum-labels';
import { formatDate, formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { can } from '../../permissions';
import { navigate } from '../../router';

function Row(p: { label: string; value: unknown }) {
  const empty = p.value === null || p.value === undefined || p.value === '';
  return html`<div class="row"><dt>${p.label}</dt><dd class=${empty ? 'muted' : ''}>${empty ? t('common.notSet') : p.value}</dd></div>`;
}

export function CustomerDetail(props: { id: number }) {
  const id = props.id;
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const customer = useValue<Customer | null>(null);
  const error = useValue<unknown>(null);

  const load = useCallback(async () => {
    try {
      customer.set(await api<Customer>('GET', `/api/customers/${id}`));
      error.set(null);
    } catch (err) {
      error.set(err);
    }
  }, [id]);
  useEffect(() => void load(), [load]);
  useServerEvents(['customer.updated', 'customer.deleted'], (e) => {
    if ((e.data as { id?: number } | null)?.id === id) void load();
  });

  const remove = async () => {
    try {
      await api('DELETE', `/api/customers/${id}`);
      navigate('/customers');
    } catch (err) {
      error.set(err);
    }
  };

  const byAt = (at: string, who: UserRef | null) => t('common.byAt', { at: formatDateTime(at, tz), name: who?.name ?? t('common.system') });

  if (!customer.value) return error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : html`<p>${t('app.loading')}</p>`;
  const c = customer.value;
  return html`<section>
    <p><a href="#/customers">← ${t('customers.title')}</a></p>
    <div class="page-head">
      <h1>${c.name} <small class="muted">${c.customerNo}</small></h1>
      <div class="actions">
        ${can(me, 'customers', 'edit') ? html`<a class="button" href=${`#/customers/${id}/edit`}>${t('common.edit')}</a>` : null}
        ${can(me, 'customers', 'delete') ? html`<${DeleteButton} question=${t('customers.deleteConfirm', { name: c.name })} onConfirmed=${remove} />` : null}
      </div>
    </div>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    <div class="cards">
      <section class="card">
        <h2>${t('customers.sections.contact')}</h2>
        <dl>
          <${Row} label=${t('customer.no')} value=${c.customerNo} />
          <${Row}
            label=${t('customer.phones')}
            value=${c.phones.length
              ? html`<ul class="plain">${c.phones.map((p) => html`<li key=${p.e164}><a href=${`tel:${p.e164}`}>${p.display}</a>${p.label ? html` <span class="tag">${phoneTypeLabel(p.label)}</span>` : null}</li>`)}</ul>`
              : null}
          />
          <${Row} label=${t('customer.email')} value=${c.email ? html`<a href=${`mailto:${c.email}`}>${c.email}</a>` : null} />
          <${Row} label=${t('customer.address')} value=${c.address} />
          <${Row} label=${t('customer.area')} value=${c.area} />
          <${Row} label=${t('optOut.label')} value=${html`<${SmsOptOutLine} customerId=${c.id} />`} />
        </dl>
      </section>
      <section class="card">
        <h2>${t('customers.sections.stage')}</h2>
        <dl>
          <${Row} label=${t('customer.stage')} value=${html`<span class=${`stage stage-${c.stage}`}>${stageLabel(c.stage)}</span>`} />
          <${Row} label=${t('customer.stageAddedAt')} value=${formatDateTime(c.stageAddedAt, tz)} />
          <${Row} label=${t('customer.stageDueAt')} value=${formatDateTime(c.stageDueAt, tz)} />
        </dl>
      </section>
      <section class="card">
        <h2>${t('customers.sections.profile')}</h2>
        <dl>
          <${Row} label=${t('customer.gender')} value=${c.gender ? genderLabel(c.gender) : null} />
          <${Row} label=${t('customer.birthday')} value=${c.birthday && c.birthdayLunar ? `${formatDate(c.birthday)} (${t('customer.birthdayLunar')})` : formatDate(c.birthday)} />
          <${Row} label=${t('customer.occupation')} value=${c.occupation} />
          <${Row} label=${t('customer.source')} value=${c.source} />
          <${Row} label=${t('customer.businessType')} value=${c.businessType ? businessLabel(c.businessType) : null} />
          <${Row} label=${t('customer.babyBirthDate')} value=${formatDate(c.babyBirthDate)} />
          <${Row} label=${t('customer.weddingDate')} value=${formatDate(c.weddingDate)} />
          <${Row} label=${t('customer.tags')} value=${c.tags.length ? c.tags.map((tag) => html`<span class="tag" key=${tag}>${tag}</span> `) : null} />
          <${Row} label=${t('customer.notes')} value=${c.notes ? html`<span class="pre">${c.notes}</span>` : null} />
        </dl>
      </section>
      <section class="card">
        <h2>${t('customers.sections.record')}</h2>
        <dl>
          <${Row} label=${t('customer.created')} value=${byAt(c.createdAt, c.createdBy)} />
          <${Row} label=${t('customer.updated')} value=${byAt(c.updatedAt, c.updatedBy)} />
        </dl>
      </section>
    </div>
    <div class="panels">
      ${can(me, 'orders', 'view') ? html`<${CustomerOrders} customer=${c} />` : null}
      ${can(me, 'membership', 'view') ? html`<${CustomerCards} customer=${c} />` : null}
      ${can(me, 'contacts', 'view') ? html`<${CustomerContacts} customer=${c} />` : null}
      ${can(me, 'contacts', 'view') ? html`<${CustomerVisitPlans} customer=${c} />` : null}
      ${can(me, 'contacts', 'view') ? html`<${CustomerFeedback} customer=${c} />` : null}
      <${CustomerReferrals} customer=${c} />
      ${can(me, 'sms', 'view') ? html`<${CustomerSms} customer=${c} />` : null}
      ${can(me, 'photos', 'view') ? html`<${CustomerPhotos} customer=${c} />` : null}
    </div>
  </section>`;
}
