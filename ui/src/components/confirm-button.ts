// A Delete button that asks first (window.confirm: plain, accessible, works on phones).
import { html } from 'htm/preact';
import { t } from '../i18n/catalog';

export function DeleteButton(p: { question: string; onConfirmed(): void; disabled?: boolean }) {
  return html`<button type="button" class="danger" disabled=${p.disabled} onClick=${() => window.confirm(p.question) && p.onConfirmed()}>${t('common.delete')}</button>`;
}
