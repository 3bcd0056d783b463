// Create or edit a customer (C1, C2). Client checks are a convenience; the box validates
// and its field errors appear next to the fields. A phone that already belongs to someone
// else is refused with the matches listed, and "Save anyway" sends it again knowingly.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { ApiFailure, api } from '../../api';
import { useApp } from '../../app-context';
import { Banner, Checkbox, SelectField, TextField } from '../../components/fields';
import { PhoneRows, newPhoneRow, type PhoneRow } from '../../components/crm/phone-rows';
import { BUSINESS_TYPES, GENDERS, STAGES, type BusinessType, type Customer, type CustomerCreate, type Gender, type PhoneMatch, type Stage } from '../../contract';
import { t } from '../../i18n/catalog';
import { businessLabel, genderLabel, stageLabel } from '../../i18n/enum-labels';
import { fromZonedInput, toZonedInput } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useSubmission } from '../../use-submission';
import { currentQuery, navigate } from '../../router';

interface Draft {
  name: string;
  gender: string;
  birthday: string;
  birthdayLunar: boolean;
  address: string;
  area: string;
  occupation: string;
  source: string;
  businessType: string;
  babyBirthDate: string;
  weddingDate: string;
  tags: string;
  email: string;
  notes: string;
  stage: Stage;
  stageDue: string;
}

const EMPTY: Draft = {
  name: '',
  gender: '',
  birthday: '',
  birthdayLunar: false,
  address: '',
  area: '',
  occupation: '',
  source: '',
  businessType: '',
  babyBirthDate: '',
  weddingDate: '',
  tags: '',
  email: '',
  notes: '',
  stage: 'lead',
  stageDue: '',
};

function draftOf(c: Customer, tz: string): Draft {
  return {
    name: c.name,
    gender: c.gender ?? '',
    birthday: c.birthday ?? '',
    birthdayLunar: c.birthdayLunar,
    address: c.address,
    area: c.area,
    occupation: c.occupation,
    source: c.source,
    businessType: c.businessType ?? '',
    babyBirthDate: c.babyBirthDate ?? '',
    weddingDate: c.weddingDate ?? '',
    tags: c.tags.join(', '),
    email: c.email ?? '',
    notes: c.notes,
    stage: c.stage,
    stageDue: toZonedInput(c.stageDueAt, tz),
  };
}

function bodyOf(d: Draft, phones: PhoneRow[], tz: string): CustomerCreate {
  return {
    name: d.name.trim(),
    gender: (d.gender || null) as Gender | null,
    birthday: d.birthday || null,
    birthdayLunar: d.birthdayLunar,
    address: d.address,
    area: d.area,
    occupation: d.occupation,
    source: d.source,
    businessType: (d.businessType || null) as BusinessType | null,
    babyBirthDate: d.babyBirthDate || null,
    weddingDate: d.weddingDate || null,
    // Commas as people type them in Chinese and Vietnamese too.
    tags: [...new Set(d.tags.split(/[,，、;；]/).map((s) => s.trim()).filter(Boolean))],
    email: d.email.trim() || null,
    notes: d.notes,
    stage: d.stage,
    stageDueAt: d.stageDue ? fromZonedInput(d.stageDue, tz) : null,
    phones: phones.filter((p) => p.number.trim()).map((p) => ({ number: p.number.trim(), label: p.label })),
  };
}

/** Server paths ("tags.3", "phones.0.number" stays exact) onto the field that shows them. */
function byField(errors: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const path of Object.keys(errors)) {
    const message = errors[path]!;
    const key = path.startsWith('phones.') ? path : path.split('.')[0]!;
    out[key] ??= message;
  }
  return out;
}

export function CustomerForm(props: { id: number | null }) {
  const id = props.id;
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const draft = useValue<Draft | null>(id === null ? EMPTY : null);
  // A new customer may come with a number ("New customer" on the popup of an unknown caller).
  const phones = useValue<PhoneRow[]>(() => [newPhoneRow(id === null ? (currentQuery().get('phone') ?? '') : '')]);
  const sub = useSubmission();
  const errors = sub.errors;
  const failure = sub.failure;
  const busy = sub.busy;
  const duplicates = useValue<PhoneMatch[]>([]);

  useEffect(() => {
    if (id === null) return;
    api<Customer>('GET', `/api/customers/${id}`).then(
      (c) => {
        draft.set(draftOf(c, tz));
        phones.set(c.phones.length ? c.phones.map((p) => newPhoneRow(p.display, p.label)) : [newPhoneRow()]);
      },
      (err) => failure.set(errorText(err)),
    );
  }, [id, tz]);

  if (!draft.value) return failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : html`<p>${t('app.loading')}</p>`;
  const d = draft.value;

  const set = (patch: Partial<Draft>) => draft.set({ ...d, ...patch });

  const save = async (allowDuplicatePhone: boolean) => {
    duplicates.set([]);
    if (!sub.check(d.name.trim() ? {} : { name: t('field.required') })) return;
    const body = { ...bodyOf(d, phones.value, tz), ...(allowDuplicatePhone ? { allowDuplicatePhone } : {}) };
    let savedId = id;
    const ok = await sub.run(
      async () => {
        savedId = (id === null ? await api<Customer>('POST', '/api/customers', body) : await api<Customer>('PATCH', `/api/customers/${id}`, body)).id;
      },
      {
        // A phone already known is not an error: the form lists whose it is and offers to save anyway.
        handled: (err) => err instanceof ApiFailure && err.code === 'duplicate_phone' && (duplicates.set(err.duplicates), true),
        mapFields: byField,
      },
    );
    if (ok) navigate(`/customers/${savedId}`);
  };

  const text = (key: 'name' | 'address' | 'area' | 'occupation' | 'source', label: string, extra: Record<string, unknown> = {}) =>
    html`<${TextField} label=${label} value=${d[key]} onValue=${(v: string) => set({ [key]: v })} error=${errors.value[key]} ...${extra} />`;
  const date = (key: 'birthday' | 'babyBirthDate' | 'weddingDate', label: string) =>
    html`<${TextField} type="date" label=${label} value=${d[key]} onValue=${(v: string) => set({ [key]: v })} error=${errors.value[key]} />`;

  return html`<section>
    <p><a href=${id === null ? '#/customers' : `#/customers/${id}`}>← ${t('common.back')}</a></p>
    <h1>${id === null ? t('customers.newTitle') : t('customers.editTitle', { name: d.name })}</h1>
    <form onSubmit=${(e: Event) => (e.preventDefault(), void save(false))} novalidate>
      <div class="form-grid">
        ${text('name', t('customer.name'), { required: true, autoFocus: id === null })}
        <${PhoneRows} rows=${phones.value} onRows=${phones.set} excludeId=${id} errors=${errors.value} />
        <${TextField} type="email" label=${t('customer.email')} value=${d.email} onValue=${(v: string) => set({ email: v })} error=${errors.value.email} autoComplete="off" />
        <${SelectField}
          label=${t('customer.gender')}
          value=${d.gender}
          options=${[{ value: '', label: t('gender.unset') }, ...GENDERS.map((g) => ({ value: g, label: genderLabel(g) }))]}
          onValue=${(v: string) => set({ gender: v })}
          error=${errors.value.gender}
        />
        ${date('birthday', t('customer.birthday'))}
        <${Checkbox} label=${t('customer.birthdayLunar')} checked=${d.birthdayLunar} onValue=${(v: boolean) => set({ birthdayLunar: v })} />
        ${text('address', t('customer.address'), { autoComplete: 'off' })}
        ${text('area', t('customer.area'))}
        ${text('occupation', t('customer.occupation'))}
        ${text('source', t('customer.source'))}
        <${SelectField}
          label=${t('customer.businessType')}
          value=${d.businessType}
          options=${[{ value: '', label: t('business.unset') }, ...BUSINESS_TYPES.map((b) => ({ value: b, label: businessLabel(b) }))]}
          onValue=${(v: string) => set({ businessType: v })}
          error=${errors.value.businessType}
        />
        ${date('babyBirthDate', t('customer.babyBirthDate'))}
        ${date('weddingDate', t('customer.weddingDate'))}
        <${TextField} label=${t('customer.tags')} value=${d.tags} onValue=${(v: string) => set({ tags: v })} hint=${t('customer.tagsHint')} error=${errors.value.tags} />
        <${SelectField}
          label=${t('customer.stage')}
          value=${d.stage}
          options=${STAGES.map((s) => ({ value: s, label: stageLabel(s) }))}
          onValue=${(v: string) => set({ stage: v as Stage })}
          error=${errors.value.stage}
        />
        <${TextField} type="datetime-local" label=${t('customer.stageDueAt')} value=${d.stageDue} onValue=${(v: string) => set({ stageDue: v })} error=${errors.value.stageDueAt} hint=${tz} />
        <${TextField} multiline class="wide" label=${t('customer.notes')} value=${d.notes} onValue=${(v: string) => set({ notes: v })} error=${errors.value.notes} />
      </div>
      ${duplicates.value.length
        ? html`<div class="banner banner-warning" role="alert">
            <p>${t('customers.duplicateTitle')}</p>
            <ul>${duplicates.value.map((d) => html`<li key=${`${d.customerId}-${d.e164}`}><a href=${`#/customers/${d.customerId}`}>${d.name} (${d.customerNo})</a> · ${d.e164}</li>`)}</ul>
            <button type="button" disabled=${busy.value} onClick=${() => void save(true)}>${t('customers.saveAnyway')}</button>
          </div>`
        : null}
      ${failure.value ? html`<${Banner} kind="error">${failure.value}<//>` : null}
      <div class="actions">
        <button type="submit" class="primary" disabled=${busy.value}>${busy.value ? t('common.saving') : t('common.save')}</button>
        <a class="button" href=${id === null ? '#/customers' : `#/customers/${id}`}>${t('common.cancel')}</a>
      </div>
    </form>
  </section>`;
}
