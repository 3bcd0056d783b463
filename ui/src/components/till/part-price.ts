// The price of one SMS part (S3), for the group SMS's cost estimate: shown beside the cost,
// changed with campaigns:edit (PUT /api/campaigns/settings), in the studio's currency.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import type { CampaignSettings } from '../../contract';
import { tc } from '../campaigns/campaign-words';
import { moneyInput, parseMoney } from '../../money';
import { can } from '../../permissions';
import { useSubmission } from '../../use-submission';
import { useValue } from '../../use-value';
import { Banner, TextField } from '../fields';

export function PartPrice(p: { onSaved(): void }) {
  const me = useApp().me;
  const currency = me.settings.currency;
  const price = useValue<string | null>(null);
  const sub = useSubmission();
  useEffect(() => void api<CampaignSettings>('GET', '/api/campaigns/settings').then((s) => price.set(moneyInput(s.pricePerPartMinor, currency)), () => price.set(null)), []);
  if (price.value === null) return null;
  const minor = parseMoney(price.value, currency);
  const editable = can(me, 'campaigns', 'edit');
  const save = async (e: Event) => {
    e.preventDefault();
    if (minor === null) return;
    if (await sub.run(async () => void (await api('PUT', '/api/campaigns/settings', { pricePerPartMinor: minor })))) p.onSaved();
  };
  return html`<form class="inline-form part-price" onSubmit=${save} novalidate>
    <${TextField} label=${tc('pricePerPart')} value=${price.value} inputMode="decimal" disabled=${!editable}
      error=${minor === null ? tc('notAmount') : sub.errors.value.pricePerPartMinor} onValue=${price.set} />
    ${editable ? html`<button type="submit" disabled=${sub.busy.value || minor === null}>${tc('savePrice')}</button>` : null}
    ${sub.failure.value ? html`<${Banner} kind="error">${sub.failure.value}<//>` : null}
  </form>`;
}
