// The order state → customer stage map (C2), read-only in the settings: which order states
// move a customer, to which stage. The map is the daemon's (ORDER_STATE_STAGE).
import { html } from 'htm/preact';
import { ORDER_STATE_STAGE, type OrderState, type Stage } from '../../contract';
import { t } from '../../i18n/catalog';
import { orderStateLabel, stageLabel } from '../../i18n/enum-labels';

export function StageMap() {
  const rows = Object.entries(ORDER_STATE_STAGE) as [OrderState, Stage][];
  return html`<section class="card stage-map">
    <h2>${t('stages.map.title')}</h2>
    <p class="muted">${t('stages.map.help')}</p>
    <table class="list">
      <thead><tr><th scope="col">${t('stages.map.order')}</th><th scope="col">${t('stages.map.stage')}</th></tr></thead>
      <tbody>${rows.map(([state, stage]) => html`<tr key=${state}><td>${orderStateLabel(state)}</td><td>${stageLabel(stage)}</td></tr>`)}</tbody>
    </table>
  </section>`;
}
