// Several phones per customer (C1), each with a type. When a number loses focus the box
// normalises it and says at once, before saving, whether another customer already has it.
import { html } from 'htm/preact';
import { api, withQuery } from '../../api';
import type { PhoneCheck } from '../../contract';
import { t } from '../../i18n/catalog';
import { PHONE_TYPES, phoneTypeLabel } from '../../i18n/enum-labels';
import { fieldMessage } from '../../i18n/server-messages';
import { countryName } from '../../regions';
import { SelectField, TextField } from '../fields';

export interface PhoneRow {
  key: number;
  number: string;
  label: string;
  check: PhoneCheck | null;
  /** The number the check was made for; a changed number hides a stale answer. */
  checked: string;
}

let nextKey = 1;
export function newPhoneRow(number = '', label = 'mobile'): PhoneRow {
  return { key: nextKey++, number, label, check: null, checked: '' };
}

export interface PhoneRowsProps {
  rows: PhoneRow[];
  onRows(update: (rows: PhoneRow[]) => PhoneRow[]): void;
  /** The customer being edited: their own phones are not "taken". */
  excludeId: number | null;
  errors: Record<string, string>;
}

export function PhoneRows(p: PhoneRowsProps) {
  const onRows = p.onRows;
  const patch = (key: number, change: Partial<PhoneRow>) => onRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...change } : r)));

  const check = async (row: PhoneRow) => {
    const number = row.number.trim();
    if (!number || number === row.checked) return;
    try {
      const result = await api<PhoneCheck>('GET', withQuery('/api/customers/phone-check', { phone: number, excludeId: p.excludeId ?? undefined }));
      patch(row.key, { check: result, checked: number });
    } catch {
      // The check is a convenience; saving validates again.
    }
  };

  return html`<fieldset class="phones">
    <legend>${t('customer.phones')}</legend>
    ${p.rows.map((row, i) => {
      const n = i + 1;
      const fresh = row.check && row.checked === row.number.trim() ? row.check : null;
      const error = p.errors[`phones.${i}.number`] ?? (fresh?.error ? fieldMessage(fresh.error) : undefined);
      const typeOptions = (PHONE_TYPES as readonly string[]).includes(row.label) || !row.label ? PHONE_TYPES : [row.label, ...PHONE_TYPES];
      return html`<div class="phone-row" key=${row.key}>
        <${TextField}
          type="tel"
          class="grow"
          label=${n === 1 ? t('customer.phone') : t('customer.phoneN', { n })}
          value=${row.number}
          onValue=${(v: string) => patch(row.key, { number: v })}
          onBlur=${() => void check(row)}
          error=${error}
          autoComplete="off"
          inputMode="tel"
        >
          ${fresh?.phone ? html`<small class="hint ok">${t('phone.willSaveAs', { display: fresh.phone.display })}</small>` : null}
          ${fresh?.foreign
            ? html`<small class="field-warning" role="status">
                ${t('phone.foreign', { country: countryName(fresh.foreign.country), intl: fresh.foreign.display })}
                <button type="button" class="link-button" onClick=${() => {
                  const number = fresh.foreign!.display;
                  patch(row.key, { number });
                  void check({ ...row, number });
                }}>${t('phone.useForeign')}</button>
              </small>`
            : null}
          ${fresh?.matches.length
            ? html`<small class="field-warning" role="status">${t('phone.belongsTo')}
                ${fresh.matches.map((m) => html` <a key=${m.customerId} href=${`#/customers/${m.customerId}`}>${m.name} (${m.customerNo})</a>`)}</small>`
            : null}
        <//>
        <${SelectField}
          label=${n === 1 ? t('customer.phoneType') : t('customer.phoneTypeN', { n })}
          value=${row.label}
          options=${typeOptions.map((l) => ({ value: l, label: phoneTypeLabel(l) }))}
          onValue=${(v: string) => patch(row.key, { label: v })}
        />
        <button type="button" class="link-button remove" onClick=${() => onRows((rs) => rs.filter((r) => r.key !== row.key))}>
          ${t('common.remove')}<span class="sr-only"> ${t('customer.removePhoneN', { n })}</span>
        </button>
      </div>`;
    })}
    <button type="button" onClick=${() => onRows((rs) => [...rs, newPhoneRow()])}>${t('customer.addPhone')}</button>
  </fieldset>`;
}
