// A template as one customer would get it (S1): rendered in the browser by the daemon's own
// code (firmware/src/care/template-render.ts) from that customer's values, so the preview
// changes as the text is typed; with the character count and SMS parts by the modem's rules,
// and a warning when a customer's details make it Unicode or longer than one part.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { renderTemplate } from '../../../../firmware/src/care/template-render';
import { api, withQuery } from '../../api';
import type { CustomerSummary, Language, TemplateValuesInfo } from '../../contract';
import { t } from '../../i18n/catalog';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { nonGsmCharacters, smsParts } from '../../sms-text';
import { useValue } from '../../use-value';
import { Banner } from '../fields';
import { CustomerSearch, smsPreview } from './sms-compose';

/** The text of the template itself, placeholders taken out: what every customer gets. */
const fixedPart = (body: string) => body.replace(/\{[a-z_]+\}/g, '');

export function TemplatePreview(p: { body: string; language: Language }) {
  const customer = useValue<CustomerSummary | null>(null);
  const values = useValue<TemplateValuesInfo | null>(null);
  const error = useValue<string | null>(null);
  const latest = useLatestOnly();
  const c = customer.value;
  useEffect(() => {
    values.set(null);
    if (!c) return;
    void latest(
      api<TemplateValuesInfo>('GET', withQuery('/api/care/template-values', { customerId: c.id })),
      (v) => (values.set(v), error.set(null)),
      (err) => error.set(errorText(err)),
    );
  }, [c?.id]);

  if (!c) {
    return html`<div class="template-preview">
      <h3>${t('templates.preview')}</h3>
      <p class="muted">${t('templates.pickCustomer')}</p>
      <${CustomerSearch} label=${t('templates.findCustomer')} onPick=${customer.set} />
    </div>`;
  }
  const v = values.value;
  const r = v ? renderTemplate(p.body, p.language, v) : null;
  const fixed = smsParts(fixedPart(p.body));
  const info = r ? smsParts(r.text) : null;
  // Characters the customer's details brought in that keep the message out of GSM-7.
  const brought = r && info && info.encoding === 'ucs2' && fixed.encoding === 'gsm7' ? nonGsmCharacters(r.text).filter((ch) => !fixedPart(p.body).includes(ch)) : [];
  return html`<div class="template-preview" data-preview-for=${c.name}>
    <h3>${t('templates.previewFor', { name: c.name })}
      <button type="button" class="link-button" onClick=${() => customer.set(null)}>${t('templates.changeCustomer')}</button></h3>
    ${error.value ? html`<${Banner} kind="error">${error.value}<//>` : null}
    ${r && info
      ? html`<div class="sms-bubble pre" data-testid="template-preview-text">${r.text}</div>
          <p class="hint" data-testid="template-preview-count">${smsPreview(r.text)}</p>
          ${r.missing.length ? html`<small class="field-warning" role="status">${t('templates.missing', { fields: r.missing.map((m) => `{${m}}`).join(', ') })}</small>` : null}
          ${brought.length ? html`<small class="field-warning" role="status">${t('templates.unicodeBecause', { chars: brought.join(' ') })}</small>` : null}
          ${info.parts > 1 && fixed.parts === 1 ? html`<small class="field-warning" role="status">${t('templates.moreParts', { n: info.parts })}</small>` : null}`
      : error.value ? null : html`<p>${t('app.loading')}</p>`}
  </div>`;
}
