// What a part of the box reported in its own words (an OS error, the modem's answer, a port
// name): kept for whoever services the box, folded away under "Technical details" so the
// screen itself speaks only the reader's language.
import { html } from 'htm/preact';
import type { DiskHealth } from '../../contract';
import { t, type MessageKey, type Params } from '../../i18n/catalog';
import { diskProblemKey } from '../../i18n/health-text';

export function TechDetails(p: { text: string | null | undefined }) {
  if (!p.text) return null;
  return html`<details class="tech">
    <summary class="small">${t('status.technical')}</summary>
    <code class="small">${p.text}</code>
  </details>`;
}

/**
 * A sentence with a name from the machine in it (a path, a port): the name is quoted as it is
 * (<code translate="no">: preact sets the property, so translate=${false}), not taken for words of the sentence's language.
 */
export function quoted(key: MessageKey, name: string, value: string, params: Params = {}) {
  const parts = t(key, { ...params, [name]: '\u0000' }).split('\u0000');
  return html`${parts[0]}<code class="quoted" translate=${false}>${value}</code>${parts.slice(1).join(value)}`;
}

/** Why a disk cannot be used, from its reason code, with its path quoted; nothing when it can. */
export function DiskProblem(p: { disk: Pick<DiskHealth, 'state' | 'reason' | 'error' | 'path'>; class?: string }) {
  const key = diskProblemKey(p.disk);
  return key ? html`<span class=${p.class ?? 'field-error'}>${quoted(key, 'path', p.disk.path)}</span>` : null;
}
