// The front panel's LEDs on the status page (H5, issue 17 item 5): which are lit, blinking or
// off, and for each the reasons in words — every cause of the fault LED at once. Off the Pi
// nothing is wired, and the card says these are the LEDs the box would light.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import type { LedPanel, LedReason, LedState } from '../../contract';
import { t, tOr, type MessageKey, type Params } from '../../i18n/catalog';
import { gigabytes } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner } from '../fields';

const REFRESH_MS = 10_000;

/** A reason's figures as the sentence shows them: sizes in GB, a disk's role and state, the SIM's state in words. */
function reasonText(r: LedReason): string {
  const p: Params = { ...r.params };
  if (typeof r.params.freeBytes === 'number') p.free = gigabytes(r.params.freeBytes);
  if (typeof r.params.thresholdBytes === 'number') p.threshold = gigabytes(r.params.thresholdBytes);
  if (typeof r.params.role === 'string') p.role = tOr(`leds.role.${r.params.role}`, r.params.role);
  if (typeof r.params.why === 'string') p.why = tOr(`leds.why.${r.params.why}`, r.params.why);
  if (typeof r.params.sim === 'string') p.sim = tOr(`leds.sim.${r.params.sim}`, r.params.sim);
  return tOr(`leds.reason.${r.code}`, r.code, p);
}

function LedRow(p: { led: LedState }) {
  const l = p.led;
  return html`<li class=${`led led-${l.mode}`} data-led=${l.led} data-mode=${l.mode}>
    <span class="led-lamp" aria-hidden="true"></span>
    <span class="led-name">${t(`leds.name.${l.led}` as MessageKey)}</span>
    <span class="led-mode">${t(`leds.mode.${l.mode}` as MessageKey)}</span>
    <ul class="led-reasons">
      ${l.reasons.map((r, i) => html`<li key=${i} data-reason=${r.code}>${reasonText(r)}</li>`)}
    </ul>
  </li>`;
}

export function LedCard() {
  const panel = useValue<LedPanel | null>(null);
  const failure = useValue<unknown>(null);
  const latest = useLatestOnly();
  useEffect(() => {
    const load = () => latest(api<LedPanel>('GET', '/api/system/leds'), (p) => (panel.set(p), failure.set(null)), (e) => failure.set(e));
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);
  const p = panel.value;
  const faulty = p?.leds.some((l) => l.led === 'fault' && l.mode !== 'off');
  return html`<section class=${`card status-card state-${faulty ? 'degraded' : 'ok'}`} data-testid="led-card">
    <h2>${t('leds.title')}</h2>
    ${failure.value ? html`<${Banner} kind="error">${errorText(failure.value)}<//>` : null}
    ${p
      ? html`${p.driven ? null : html`<p class="muted" data-testid="led-would-light">${t('leds.wouldLight')}</p>`}
          <ul class="leds">
            ${p.leds.map((l) => html`<${LedRow} key=${l.led} led=${l} />`)}
          </ul>`
      : failure.value
        ? null
        : html`<p class="muted">…</p>`}
  </section>`;
}
