// The System page (H6, issue 17 item 4), for admins: the computer's temperature, power supply
// (the Pi's throttle bits), memory, load, uptime, the disks' SMART verdicts, and the daemon's
// recent log with a level filter and a download. A reading this computer does not have (a
// laptop: no vcgencmd, no thermal zone, no smartctl) says so instead of failing.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { Banner } from '../../components/fields';
import { TechDetails } from '../../components/system/tech-details';
import { LOG_LEVELS, type HostStatus, type LoadState, type LogRead, type MemoryState, type Reading, type SmartHealth, type TemperatureZone, type ThrottleState } from '../../contract';
import { t, type MessageKey } from '../../i18n/catalog';
import { formatDateTime } from '../../i18n/format';
import { errorText } from '../../i18n/server-messages';
import { useValue } from '../../use-value';

type Level = (typeof LOG_LEVELS)[number];

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? t('box.days', { d, h }) : h ? t('box.hours', { h, m }) : t('box.minutes', { m });
}

const mb = (bytes: number) => `${Math.round(bytes / (1024 * 1024)).toLocaleString()} MB`;

/** A reading's body, or why there is none (the source's own words folded away). */
function Shown<T>(p: { reading: Reading<T>; children: (v: T) => unknown }) {
  const r = p.reading;
  if (r.available) return html`${p.children(r.value)}`;
  return html`<p class=${r.reason === 'absent' ? 'muted' : 'field-error'} data-missing=${r.reason}>${t(r.reason === 'absent' ? 'box.absent' : 'box.failed')}</p>
    <${TechDetails} text=${r.detail} />`;
}

const FLAGS: [MessageKey, keyof ThrottleState, keyof ThrottleState][] = [
  ['box.underVoltage', 'underVoltageNow', 'underVoltageSinceBoot'],
  ['box.freqCapped', 'freqCappedNow', 'freqCappedSinceBoot'],
  ['box.throttled', 'throttledNow', 'throttledSinceBoot'],
  ['box.softTemp', 'softTempLimitNow', 'softTempLimitSinceBoot'],
];

function Power(p: { s: ThrottleState }) {
  const on = FLAGS.filter(([, now, since]) => p.s[now] || p.s[since]);
  return html`${on.length === 0
      ? html`<p>${t('box.powerOk')}</p>`
      : html`<table class="list">
            <thead><tr><th></th><th>${t('box.now')}</th><th>${t('box.sinceBoot')}</th></tr></thead>
            <tbody>
              ${on.map(([key, now, since]) => html`<tr key=${key}><td>${t(key)}</td><td>${p.s[now] ? '●' : '–'}</td><td>${p.s[since] ? '●' : '–'}</td></tr>`)}
            </tbody>
          </table>
          ${p.s.underVoltageNow || p.s.underVoltageSinceBoot ? html`<p class="field-error">${t('box.powerAdvice')}</p>` : null}`}
    ${p.s.unknownBits.length ? html`<p class="muted small">${t('box.unknownBits', { bits: p.s.unknownBits.join(', ') })}</p>` : null}
    <p class="muted small"><code translate=${false}>throttled=${p.s.raw}</code></p>`;
}

function Smart(p: { h: SmartHealth }) {
  const unknown = t('box.unknown');
  return html`<p class=${p.h.passed === false ? 'field-error' : ''}>${t(p.h.passed === true ? 'box.smartPassed' : p.h.passed === false ? 'box.smartFailed' : 'box.smartNoVerdict')}</p>
    <p class="muted small">${t('box.smartDetails', { model: p.h.model ?? p.h.device, hours: p.h.powerOnHours ?? unknown, celsius: p.h.temperatureCelsius ?? unknown })}</p>
    <p class="muted small">${t('box.smartSectors', { reallocated: p.h.reallocatedSectors ?? unknown, pending: p.h.pendingSectors ?? unknown })}</p>`;
}

function LogCard() {
  const tz = useApp().me.settings.timeZone;
  const level = useValue<Level>('info');
  const read = useValue<LogRead | null>(null);
  const error = useValue<unknown>(null);
  const load = (lv: Level) => {
    error.set(null);
    api<LogRead>('GET', `/api/system/log?level=${lv}&limit=500`).then(
      (r) => level.value === lv && read.set(r),
      (err) => error.set(err),
    );
  };
  useEffect(() => load(level.value), [level.value]);
  const r = read.value;
  return html`<section class="card system-log">
    <h2>${t('box.log')}</h2>
    <p class="row">
      <label>${t('box.level')} <select value=${level.value} onChange=${(e: Event) => level.set((e.target as HTMLSelectElement).value as Level)}>
        ${LOG_LEVELS.map((l) => html`<option value=${l}>${t(`box.level.${l}` as MessageKey)}</option>`)}
      </select></label>
      <button type="button" onClick=${() => load(level.value)}>${t('box.refresh')}</button>
      <a class="button" href=${`/api/system/log.txt?level=${level.value}&limit=2000`} download>${t('box.download')}</a>
    </p>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${r
      ? html`<p class="muted small">${r.source === 'journal' ? t('box.logJournal') : r.journalProblem ? t('box.logJournalProblem') : t('box.logMemory')}</p>
          ${r.journalProblem ? html`<${TechDetails} text=${r.journalProblem} />` : null}
          ${r.entries.length === 0
            ? html`<p class="muted">${t('box.logEmpty')}</p>`
            : html`<div class="log-scroll"><table class="list log-lines">
                <thead><tr><th>${t('box.col.time')}</th><th>${t('box.col.level')}</th><th>${t('box.col.text')}</th></tr></thead>
                <tbody>
                  ${[...r.entries].reverse().map(
                    (e, i) => html`<tr key=${i} class=${`log-${e.level}`}><td class="nowrap">${formatDateTime(e.at, tz)}</td><td translate=${false}>${e.level}</td><td><code translate=${false}>${e.text}</code></td></tr>`,
                  )}
                </tbody>
              </table></div>`}`
      : null}
  </section>`;
}

export function SystemPage() {
  const host = useValue<HostStatus | null>(null);
  const error = useValue<unknown>(null);
  const load = () =>
    api<HostStatus>('GET', '/api/system/host').then(
      (h) => (host.set(h), error.set(null)),
      (err) => error.set(err),
    );
  useEffect(() => void load(), []);
  const h = host.value;
  return html`<section>
    <h1>${t('box.title')}</h1>
    <p class="muted">${t('box.intro')} <button type="button" onClick=${load}>${t('box.refresh')}</button></p>
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${h
      ? html`<div class="cards">
          <section class="card" data-part="computer">
            <h2>${t('box.computer')}</h2>
            <p>${t('box.version', { version: h.version })}</p>
            <p>${t('box.daemonUp', { duration: duration(h.daemonUptimeSeconds) })}</p>
            <${Shown} reading=${h.systemUptimeSeconds}>${(s: number) => html`<p>${t('box.systemUp', { duration: duration(s) })}</p>`}<//>
            <${Shown} reading=${h.load}>${(l: LoadState) => html`<p>${t('box.load', { one: l.one.toFixed(2), five: l.five.toFixed(2), fifteen: l.fifteen.toFixed(2), cpus: l.cpus })}</p>`}<//>
            <${Shown} reading=${h.memory}>${(m: MemoryState) => html`<p>${t('box.memory', { available: mb(m.availableBytes), total: mb(m.totalBytes) })}</p>`}<//>
          </section>
          <section class="card" data-part="temperature">
            <h2>${t('box.temperature')}</h2>
            <${Shown} reading=${h.temperature}>${(zones: TemperatureZone[]) => html`${zones.map((z) => html`<p key=${z.type}>${t('box.zone', { zone: z.type, celsius: z.celsius.toFixed(1) })}</p>`)}
              ${zones.some((z) => z.celsius >= 80) ? html`<p class="field-error">${t('box.hot')}</p>` : null}`}<//>
          </section>
          <section class="card" data-part="power">
            <h2>${t('box.power')}</h2>
            <${Shown} reading=${h.throttle}>${(s: ThrottleState) => html`<${Power} s=${s} />`}<//>
          </section>
          <section class="card" data-part="disks">
            <h2>${t('box.disks')}</h2>
            ${h.smart.map(
              (d) => html`<h3 key=${d.role}>${t(d.role === 'library' ? 'box.role.library' : 'box.role.backup')}</h3>
                <${Shown} reading=${d.health}>${(s: SmartHealth) => html`<${Smart} h=${s} />`}<//>`,
            )}
          </section>
        </div>`
      : error.value
        ? null
        : html`<p class="muted">…</p>`}
    <${LogCard} />
  </section>`;
}
