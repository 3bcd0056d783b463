// The studio's own settings (name, language, time zone, country, currency): the same fields
// in the first-run wizard and on the Settings page.
import { html } from 'htm/preact';
import { LANGUAGES, type Language, type StudioSettings } from '../../contract';
import { LANGUAGE_NAMES, t } from '../../i18n/catalog';
import { COUNTRY_CURRENCY, TIME_ZONES, browserTimeZone, countryName, currencies, currencyName, withCurrent } from '../../regions';
import { SelectField, TextField } from '../fields';

export interface StudioSettingsFieldsProps {
  value: StudioSettings;
  onChange(next: StudioSettings): void;
  errors: Record<string, string>;
  disabled?: boolean;
  /** One step of the first-run wizard: the studio (name, language) or its region (time zone, country, currency); both when absent. */
  part?: 'studio' | 'region';
  /** A field left: the wizard checks it at once. */
  onBlur?: (field: keyof StudioSettings) => void;
}

export function StudioSettingsFields(p: StudioSettingsFieldsProps) {
  const value = p.value;
  const errors = p.errors;
  const disabled = p.disabled ?? false;
  const set = (patch: Partial<StudioSettings>) => p.onChange({ ...value, ...patch });
  const own = browserTimeZone();
  const zones = withCurrent(own && !TIME_ZONES.includes(own) ? [own, ...TIME_ZONES] : TIME_ZONES, value.timeZone);
  const countries = withCurrent(Object.keys(COUNTRY_CURRENCY), value.country);
  const money = withCurrent(currencies(), value.currency);
  const studio = p.part !== 'region';
  const region = p.part !== 'studio';
  return html`
    ${studio
      ? html`<${TextField}
            label=${t('settings.studioName')}
            value=${value.studioName}
            onValue=${(v: string) => set({ studioName: v })}
            onBlur=${() => p.onBlur?.('studioName')}
            error=${errors.studioName}
            required
            disabled=${disabled}
            autoComplete="organization"
          />`
      : null}
    ${studio
      ? html`<${SelectField}
      label=${t('settings.language')}
      value=${value.language}
      options=${LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
      onValue=${(v: string) => set({ language: v as Language })}
      error=${errors.language}
      disabled=${disabled}
    />`
      : null}
    ${region
      ? html`<${SelectField}
      label=${t('settings.timeZone')}
      value=${value.timeZone}
      options=${zones.map((z) => ({ value: z, label: z === own ? t('settings.thisComputer', { zone: z }) : z, raw: z !== own }))}
      onValue=${(v: string) => set({ timeZone: v })}
      error=${errors.timeZone}
      disabled=${disabled}
    />
    <${SelectField}
      label=${t('settings.country')}
      value=${value.country}
      options=${countries.map((c) => ({ value: c, label: `${countryName(c)} (${c})` }))}
      onValue=${(v: string) => set({ country: v, currency: COUNTRY_CURRENCY[v] ?? value.currency })}
      error=${errors.country}
      disabled=${disabled}
    />
    <${SelectField}
      label=${t('settings.currency')}
      value=${value.currency}
      options=${money.map((c) => ({ value: c, label: `${c} · ${currencyName(c)}` }))}
      onValue=${(v: string) => set({ currency: v })}
      error=${errors.currency}
      hint=${t('settings.currencyHint')}
      disabled=${disabled}
    />`
      : null}
  `;
}
