// The language picker: each language written in itself, so anyone can find their own.
import { html } from 'htm/preact';
import { LANGUAGES, type Language } from '../contract';
import { LANGUAGE_NAMES, t } from '../i18n/catalog';
import { SelectField } from './fields';

export function LanguageSwitch(p: { value: Language; onValue(l: Language): void }) {
  return html`<${SelectField}
    class="language-switch"
    label=${t('language.label')}
    value=${p.value}
    options=${LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] }))}
    onValue=${(v: string) => p.onValue(v as Language)}
  />`;
}
