// "Export to Excel" for a list: a download link to the box's .xlsx of what the list shows (its
// search and filters), headers in the language on the screen. Shown only with the "print"
// right of the feature; the box checks it again and audits the export.
import { html } from 'htm/preact';
import { withQuery, type Query } from '../api';
import { useApp } from '../app-context';
import type { Feature } from '../contract';
import { getLanguage, t } from '../i18n/catalog';
import { can } from '../permissions';

export function ExportLink(p: { feature: Feature; path: string; query: Query }) {
  if (!can(useApp().me, p.feature, 'print')) return null;
  return html`<div class="actions"><a class="button export-link" href=${withQuery(p.path, { ...p.query, lang: getLanguage() })} download>${t('export.button')}</a></div>`;
}
