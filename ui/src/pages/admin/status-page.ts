// The box's health (H6): database, modem, card slot and disks, refreshed every 10 s, so a
// front desk can see at a glance that the backup disk is full or the modem is gone.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useValue } from '../../use-value';
import { api } from '../../api';
import { useApp } from '../../app-context';
import { Banner } from '../../components/fields';
import { ModemCard } from '../../components/system/modem-card';
import { NetworkCard } from '../../components/system/network-card';
import { LedCard } from '../../components/system/led-card';
import { UpdateCard } from '../../components/system/update-card';
import { ScrubCard } from '../../components/system/scrub-card';
import { MirrorCard } from '../../components/system/mirror-card';
import { BackupCard } from '../../components/system/backup-card';
import { SimulatorPanel } from '../../components/system/simulator-panel';
import { can } from '../../permissions';
import type { ComponentState, DiskHealth, Health } from '../../contract';
import { t } from '../../i18n/catalog';
import { stateLabel } from '../../i18n/enum-labels';
import { formatTime, gigabytes } from '../../i18n/format';
import { cardKindLabel, cardSlotSentence } from '../../i18n/health-text';
import { errorText } from '../../i18n/server-messages';
import { DiskProblem, TechDetails, quoted } from '../../components/system/tech-details';

const REFRESH_MS = 10_000;

function duration(seconds: number): string {
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  if (d) return t('status.durationDays', { d, h });
  if (h) return t('status.durationHours', { h, m });
  return t('status.durationMinutes', { m });
}

function Card(p: { title: string; state: ComponentState; children?: unknown }) {
  return html`<section class=${`card status-card state-${p.state}`}>
    <h2>${p.title}</h2>
    <p class="state"><span class="dot" aria-hidden="true"></span>${stateLabel(p.state)}</p>
    ${p.children}
  </section>`;
}

function DiskCard(props: { disk: DiskHealth }) {
  const disk = props.disk;
  const pct = disk.freeBytes !== null && disk.totalBytes ? Math.round((100 * (disk.totalBytes - disk.freeBytes)) / disk.totalBytes) : null;
  return html`<${Card} title=${disk.role === 'library' ? t('status.disk.library') : t('status.disk.backup')} state=${disk.state}>
    ${disk.freeBytes !== null && disk.totalBytes !== null
      ? html`<p>${t('status.free', { free: gigabytes(disk.freeBytes), total: gigabytes(disk.totalBytes) })}</p>
          ${pct !== null ? html`<meter min="0" max="100" low="80" high="90" optimum="0" value=${pct}>${pct}%</meter>` : null}`
      : html`<p class="muted">${t('status.freeUnknown')}</p>`}
    <p class="muted small">${quoted('status.path', 'path', disk.path)}</p>
    ${disk.state === 'down' || disk.error ? html`<p><${DiskProblem} disk=${disk} /></p><${TechDetails} text=${disk.error} />` : null}
  <//>`;
}

export function StatusPage() {
  const me = useApp().me;
  const health = useValue<Health | null>(null);
  const at = useValue<Date | null>(null);
  const error = useValue<unknown>(null);

  useEffect(() => {
    let alive = true;
    const load = () =>
      api<Health>('GET', '/api/health').then(
        (h) => alive && (health.set(h), at.set(new Date()), error.set(null)),
        (err) => alive && error.set(err),
      );
    void load();
    const timer = setInterval(load, REFRESH_MS);
    return () => ((alive = false), clearInterval(timer));
  }, []);

  return html`<section>
    <h1>${t('status.title')}</h1>
    ${me.user.isAdmin ? html`<p><a href="#/system">${t('box.link')}</a></p>` : null}
    ${error.value ? html`<${Banner} kind="error">${errorText(error.value)}<//>` : null}
    ${health.value
      ? html`<${Banner} kind=${health.value.status === 'ok' ? 'ok' : 'error'}>${health.value.status === 'ok' ? t('status.overall.ok') : t('status.overall.degraded')}<//>
          <p class="muted">
            ${t('status.version', { version: health.value.version })} · ${t('status.uptime', { duration: duration(health.value.uptimeSeconds) })}
            ${at.value ? html`<br />${t('status.refreshed', { time: formatTime(at.value, me.settings.timeZone) })}` : null}
          </p>
          <div class="cards">
            <${Card} title=${t('status.db')} state=${health.value.db.state}>
              <p>${t('status.schema', { n: health.value.db.schemaVersion })}</p>
              ${health.value.db.error ? html`<p class="field-error">${t('db.problem')}</p><${TechDetails} text=${health.value.db.error} />` : null}
            <//>
            <${ModemCard} summary=${health.value.modem} />
            <${Card} title=${t('status.cardSlot')} state=${health.value.cardSource.state}>
              <p>${health.value.cardSource.cardPresent ? t('status.cardIn') : t('status.cardOut')}</p>
              <p class="muted small">${t('status.kind', { kind: cardKindLabel(health.value.cardSource.kind) })}</p>
              ${health.value.cardSource.detail
                ? html`<p class="muted small">${cardSlotSentence(health.value.cardSource.detail)}</p><${TechDetails} text=${health.value.cardSource.detail} />`
                : null}
              ${health.value.cardSource.path ? html`<p class="muted small">${quoted('status.path', 'path', health.value.cardSource.path)}</p>` : null}
            <//>
            ${health.value.disks.map((d) => html`<${DiskCard} key=${d.role + d.path} disk=${d} />`)}
            ${health.value.landline
              ? html`<${Card} title=${t('status.landline')} state=${health.value.landline.state}>
                  ${health.value.landline.detail
                    ? html`<p class="field-error">${t('landline.problem')}</p><p class="muted small">${quoted('status.path', 'path', health.value.landline.port)}</p><${TechDetails} text=${health.value.landline.detail} />`
                    : html`<p>${quoted('status.landlineReady', 'port', health.value.landline.port)}</p>`}
                <//>`
              : null}
            <${LedCard} />
            <${NetworkCard} />
            ${me.user.isAdmin ? html`<${UpdateCard} />` : null}
            ${can(me, 'ingest', 'view') ? html`<${ScrubCard} />` : null}
            ${can(me, 'ingest', 'view') ? html`<${MirrorCard} />` : null}
            ${me.user.isAdmin ? html`<${BackupCard} />` : null}
          </div>
          ${me.user.isAdmin && health.value.modem.kind === 'simulator' ? html`<${SimulatorPanel} />` : null}`
      : error.value
        ? null
        : html`<p>${t('app.loading')}</p>`}
  </section>`;
}
