// The status page's Simulator panel (admins, when the modem is simulated): make the phone ring
// and hang up, let an SMS arrive from a number, switch delivery reports — the same controls as
// `studio-box sim`, through /api/simulator. The box handles them as it would a real network.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { SimulatorSmsResult, SimulatorState } from '../../contract';
import { t } from '../../i18n/catalog';
import { useSubmission } from '../../use-submission';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';
import { Banner, Checkbox, TextField } from '../fields';

/** A number of the studio's country to start from, in the form the network shows callers. */
function sampleNumber(country: string): string {
  return country === 'CN' ? '+8613812345678' : country === 'VN' ? '+84912345678' : '';
}

export function SimulatorPanel() {
  const me = useApp().me;
  const state = useValue<SimulatorState | null>(null);
  const number = useValue(sampleNumber(me.settings.country));
  const from = useValue(sampleNumber(me.settings.country));
  const text = useValue('');
  const arrived = useValue<number | null>(null);
  const call = useSubmission();
  const sms = useSubmission();
  const reports = useSubmission();

  const latest = useLatestOnly();
  const load = () => void latest(api<SimulatorState>('GET', '/api/simulator'), state.set);
  useEffect(load, []);
  // The call's end (the caller gave up, the box hung up) comes as the box's own call events.
  useServerEvents(['call.ringing', 'call.answered', 'call.ended'], load);

  const ring = (answer: boolean) => {
    if (!call.check(number.value.trim() ? {} : { number: t('sim.required') })) return;
    void call.run(async () => state.set(await api<SimulatorState>('POST', '/api/simulator/ring', { number: number.value.trim(), ...(answer ? { answer: true } : {}) })));
  };
  const hangUp = () => void call.run(async () => state.set(await api<SimulatorState>('POST', '/api/simulator/hang-up')));
  const send = (e: Event) => {
    e.preventDefault();
    arrived.set(null);
    const local: Record<string, string> = {};
    if (!from.value.trim()) local.from = t('sim.required');
    if (!text.value.trim()) local.text = t('sim.required');
    if (!sms.check(local)) return;
    void sms.run(async () => {
      const r = await api<SimulatorSmsResult>('POST', '/api/simulator/sms', { from: from.value.trim(), text: text.value });
      arrived.set(r.parts);
      text.set('');
    });
  };
  const setReports = (on: boolean) => {
    // Shown at once; the box's answer (or a reload after a failure) has the last word.
    if (state.value) state.set({ ...state.value, deliveryReports: on });
    void reports.run(async () => state.set(await api<SimulatorState>('PUT', '/api/simulator/delivery-reports', { on }))).then((ok) => ok || load());
  };

  const s = state.value;
  if (!s) return null;
  const c = s.call;
  // Spaced here, not in styles.css: the panel stays one self-contained piece.
  return html`<section class="card simulator-panel" aria-labelledby="sim-title" style="margin-top:1rem;max-width:48rem">
    <h2 id="sim-title">${t('sim.title')}</h2>
    <p class="muted">${t('sim.intro')}</p>
    ${!s.running
      ? html`<${Banner} kind="error">${t('sim.notRunning', { detail: s.detail ?? '' })}<//>`
      : html`
          <h3>${t('sim.ring.heading')}</h3>
          <${TextField} label=${t('sim.ring.number')} value=${number.value} onValue=${number.set} inputMode="tel" error=${call.errors.value.number} />
          <p role="status" class="sim-call">
            ${c ? (c.state === 'ringing' ? t('sim.call.ringing', { number: c.number }) : t('sim.call.active', { number: c.number })) : t('sim.call.none')}
          </p>
          <div class="actions">
            <button type="button" onClick=${() => ring(false)} disabled=${call.busy.value || c !== null}>${t('sim.ring.ring')}</button>
            <button type="button" onClick=${() => ring(true)} disabled=${call.busy.value || c !== null}>${t('sim.ring.answer')}</button>
            <button type="button" onClick=${hangUp} disabled=${call.busy.value || c === null}>${t('sim.ring.hangUp')}</button>
          </div>
          ${call.failure.value ? html`<${Banner} kind="error">${call.failure.value}<//>` : null}

          <h3>${t('sim.sms.heading')}</h3>
          <form onSubmit=${send} novalidate>
            <${TextField} label=${t('sim.sms.from')} value=${from.value} onValue=${from.set} inputMode="tel" error=${sms.errors.value.from} />
            <${TextField} label=${t('sim.sms.text')} value=${text.value} onValue=${text.set} multiline=${true} error=${sms.errors.value.text} />
            <div class="actions"><button type="submit" disabled=${sms.busy.value}>${t('sim.sms.send')}</button></div>
          </form>
          ${sms.failure.value ? html`<${Banner} kind="error">${sms.failure.value}<//>` : null}
          ${arrived.value !== null ? html`<${Banner} kind="ok">${t('sim.sms.arrived', { parts: arrived.value })}<//>` : null}

          <${Checkbox} label=${t('sim.reports.label')} checked=${s.deliveryReports} disabled=${reports.busy.value} onValue=${setReports} />
          ${reports.failure.value ? html`<${Banner} kind="error">${reports.failure.value}<//>` : null}
        `}
  </section>`;
}
