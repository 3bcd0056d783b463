// The GSM modem on the status page (H1): for people who may see SMS, everything the box knows
// (port, model, IMEI, SIM, operator, registration, signal, SMS centre, the serial link and its
// last error, a power warning), from GET /api/modem, again on each 'modem.status' event and
// with each health refresh. Others see the health summary only (the IMEI is not for everyone).
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp, useServerEvents } from '../../app-context';
import type { Health, ModemStatus } from '../../contract';
import { t } from '../../i18n/catalog';
import { linkStateLabel, registrationLabel, simLabel, stateLabel } from '../../i18n/enum-labels';
import { formatDateTime } from '../../i18n/format';
import { modemKindLabel, modemSentence, modemTechnical } from '../../i18n/health-text';
import { TechDetails, quoted } from './tech-details';
import { can } from '../../permissions';
import { useLatestOnly } from '../../latest-only';
import { useValue } from '../../use-value';

/** Bars out of 4 for a +CSQ rssi (0–31; 99 unknown): <10 marginal, 10–14 ok, 15–19 good, 20+ excellent. */
export function signalBars(csq: number | null): number | null {
  if (csq === null || csq < 0 || csq > 31) return null;
  if (csq < 2) return 0;
  if (csq < 10) return 1;
  if (csq < 15) return 2;
  if (csq < 20) return 3;
  return 4;
}

/** How many of these times (ISO) fall on today's date in the studio's time zone. */
export function countToday(times: readonly string[], timeZone: string, now = new Date()): number {
  const day = (d: Date) => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const today = day(now);
  return times.filter((x) => day(new Date(x)) === today).length;
}

/** The module restarting by itself: on a Pi, almost always its power supply sagging (issue 13.3). */
function Restarts(p: { times: readonly string[]; frequent: boolean; timeZone: string }) {
  const n = countToday(p.times, p.timeZone);
  if (n === 0 && !p.frequent) return null;
  const text = p.frequent && n < 2 ? t('modem.restartsDay', { n: p.times.length }) : n === 1 ? t('modem.restartedOnce') : t('modem.restarts', { n });
  return html`<p class=${p.frequent ? 'field-warning' : 'muted small'} role="status">${text}</p>`;
}

function Row(p: { label: string; children: unknown }) {
  return html`<div class="row"><dt>${p.label}</dt><dd>${p.children}</dd></div>`;
}

function Signal(p: { csq: number | null; dbm: number | null }) {
  const bars = signalBars(p.csq);
  if (bars === null) return html`<span class="muted">${t('modem.unknown')}</span>`;
  return html`<span class="signal-bars" role="img" aria-label=${t('modem.signalBars', { n: bars })}>
      ${[1, 2, 3, 4].map((i) => html`<span key=${i} class=${i <= bars ? 'on' : ''} style=${`height:${i * 25}%`}></span>`)}
    </span>
    ${t('modem.signalValue', { csq: p.csq ?? '', dbm: p.dbm ?? '' })}`;
}

export function ModemCard(p: { summary: Health['modem'] }) {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const full = can(me, 'sms', 'view');
  const status = useValue<ModemStatus | null>(null);
  const latest = useLatestOnly();
  const load = () => {
    if (full) void latest(api<ModemStatus>('GET', '/api/modem'), status.set);
  };
  // The health summary is new every refresh: read the full status with it.
  useEffect(load, [p.summary, full]);
  useServerEvents(['hello', 'modem.status'], load);

  const s = status.value;
  const state = s?.state ?? p.summary.state;
  const detail = s ? s.detail : p.summary.detail;
  const port = s?.port ?? p.summary.port;
  const i = s?.info ?? null;
  const link = s?.link ?? null;
  const at = (iso: string) => formatDateTime(iso, tz);
  const kind = s?.kind ?? p.summary.kind;
  const view = { kind: kind as ModemStatus['kind'], state, detail, link };
  const sentence = modemSentence(view);

  return html`<section class=${`card status-card modem-card state-${state}`}>
    <h2>${t('status.modem')}</h2>
    <p class="state"><span class="dot" aria-hidden="true"></span>${stateLabel(state)}</p>
    <p>${t('status.kind', { kind: modemKindLabel(kind) })}</p>
    ${sentence ? html`<p class="muted small">${sentence}</p>` : null}
    <${TechDetails} text=${modemTechnical(view)} />
    ${s ? html`<${Restarts} times=${s.restarts.last24h} frequent=${s.restarts.frequent} timeZone=${tz} />` : null}
    ${s?.powerWarning ? html`<p class="field-warning" role="status">${t('modem.power', { kind: s.powerWarning.kind, at: at(s.powerWarning.at) })}</p>` : null}
    ${!full
      ? port
        ? html`<p class="muted small">${quoted('status.port', 'port', port)}</p>`
        : null
      : html`<dl>
          ${port ? html`<${Row} label=${t('modem.port')}><code translate=${false}>${port}</code><//>` : null}
          ${link
            ? html`<${Row} label=${t('modem.link')}>
                ${t('modem.linkSince', { state: linkStateLabel(link.state), at: at(link.since) })}
                ${link.attempts > 1 ? html`<br /><small class="muted">${t('modem.attempts', { n: link.attempts })}</small>` : null}
              <//>`
            : null}
          ${s && s.restarts.total > 0 && s.restarts.lastAt
            ? html`<${Row} label=${t('modem.selfRestarts')}>${t('modem.selfRestartsValue', { n: s.restarts.total, at: at(s.restarts.lastAt) })}<//>`
            : null}
          ${link?.lastError
            ? html`<${Row} label=${t('modem.lastError')}><code class="field-error small">${link.lastError}</code>${link.lastErrorAt ? html` <small class="muted">${at(link.lastErrorAt)}</small>` : null}<//>`
            : null}
          ${i
            ? html`<${Row} label=${t('modem.model')}>${[i.manufacturer, i.model, i.revision].filter(Boolean).join(' · ') || t('modem.unknown')}<//>
                <${Row} label=${t('modem.imei')}>${i.imei ?? t('modem.unknown')}<//>
                <${Row} label=${t('modem.sim')}>
                  <span class=${i.sim === 'ready' ? '' : 'field-error'}>${simLabel(i.sim)}</span>
                  ${i.sim !== 'ready' && i.simDetail ? html` <code class="muted small">${i.simDetail}</code>` : null}
                <//>
                <${Row} label=${t('modem.operator')}>${i.operator ? html`<span translate=${false}>${i.operator}</span>` : t('modem.unknown')}<//>
                <${Row} label=${t('modem.registration')}>
                  <span class=${i.registration === 'home' || i.registration === 'roaming' ? '' : 'field-error'}>${registrationLabel(i.registration)}</span>
                <//>
                <${Row} label=${t('modem.signal')}><${Signal} csq=${i.csq} dbm=${i.signalDbm} /><//>
                <${Row} label=${t('modem.smsCentre')}>${i.smsCentre ?? t('modem.unknown')}<//>`
            : null}
        </dl>
        ${i ? html`<p class="muted small">${t('modem.readAt', { at: at(i.readAt) })}</p>` : s && s.kind !== 'none' ? html`<p class="muted small">${t('modem.noInfo')}</p>` : null}`}
  </section>`;
}
