// The home dashboard's parts (R1, issue 20): a live fetch, a number tile, today's order lists,
// the box (disks' free space, modem signal and SIM). The home page puts them together.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { useServerEvents } from '../app-context';
import type { Dashboard, DashboardList, Health, SimStatus } from '../contract';
import { getLanguage, t } from '../i18n/catalog';
import { registrationLabel, stateLabel } from '../i18n/enum-labels';
import { gigabytes } from '../i18n/format';
import { useLatestOnly } from '../latest-only';
import { useValue } from '../use-value';

/** Fetches on mount and again on each of these events; null until the first answer. */
export function useLive<T>(enabled: boolean, path: string, events: string[]): T | null {
  const value = useValue<T | null>(null);
  const latest = useLatestOnly();
  const load = () => {
    if (enabled) void latest(api<T>('GET', path), value.set);
  };
  useEffect(load, [enabled, path]);
  useServerEvents(['hello', ...events], load);
  return value.value;
}

/** The dashboard's orders and takings: again when an order, its stage, a payment or the books change. */
export const DASHBOARD_EVENTS = ['order.changed', 'workflow.changed', 'payment.changed', 'membership.changed', 'books.changed', 'closing.changed', 'modem.status'];

export function Tile(p: { label: string; value: number | string | null; href: string; hot?: boolean; testId?: string }) {
  return html`<a class=${p.hot ?? (typeof p.value === 'number' && p.value > 0) ? 'tile tile-hot' : 'tile'} href=${p.href} data-testid=${p.testId}>
    <span class="tile-value">${p.value ?? '–'}</span>
    <span class="tile-label">${p.label}</span>
  </a>`;
}

function time(iso: string | null, timeZone: string, today: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  const day = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(d);
  const opts: Intl.DateTimeFormatOptions = day === today ? { timeStyle: 'short', timeZone } : { dateStyle: 'short', timeZone };
  return new Intl.DateTimeFormat(getLanguage(), opts).format(d);
}

/** One of today's lists (shoots, selections, pickups): its first orders by time, overdue marked. */
export function OrderList(p: { title: string; list: DashboardList; d: Dashboard; testId: string }) {
  return html`<div data-testid=${p.testId}>
    <h3><a href="#/workflow">${p.title}</a> <span class="muted small">${p.list.count}</span></h3>
    ${p.list.items.length
      ? html`<ul class="plain home-list">
          ${p.list.items.map(
            (o) => html`<li key=${o.id}>
              <span class=${o.overdue ? 'small field-error' : 'small muted'}>${o.overdue ? t('home.overdue') : time(o.at, p.d.timeZone, p.d.today)}</span>
              <a href=${`#/customers/${o.customer.id}`}> ${o.customer.name}</a>
              <span class="muted small"> · ${o.orderNo} · ${o.title}</span>
            </li>`,
          )}
        </ul>
        ${p.list.count > p.list.items.length ? html`<p><a href="#/workflow">${t('home.seeAll')}</a></p>` : null}`
      : html`<p class="muted small">${t('home.nothingToday')}</p>`}
  </div>`;
}

/** The SIM's state in words, each key named whole (simLabel's `sim.` prefix would claim the simulator's strings for the first load). */
function simText(s: SimStatus): string {
  const words: Record<SimStatus, () => string> = {
    ready: () => t('sim.ready'),
    'pin-required': () => t('sim.pin-required'),
    'puk-required': () => t('sim.puk-required'),
    'not-inserted': () => t('sim.not-inserted'),
    error: () => t('sim.error'),
    unknown: () => t('sim.unknown'),
  };
  return words[s]();
}

/** Both disks' free space, the modem's state, signal and SIM; links to the status page. */
export function BoxCard(p: { health: Health | null; modem: Dashboard['modem'] | null }) {
  const h = p.health;
  const m = p.modem;
  return html`<section class="card" data-testid="home-box">
    <h2><a href="#/status">${t('home.box')}</a></h2>
    ${h
      ? html`<ul class="plain home-list">
          <li>
            <span class=${`dot-state state-${h.modem.state}`}></span><span>${t('home.diskLine', { disk: t('status.modem'), state: stateLabel(h.modem.state) })}</span>
            ${m && m.sim ? html`<br /><span class="small muted">${t('modem.sim')}: ${simText(m.sim)}${m.registration ? ` · ${registrationLabel(m.registration)}` : ''}</span>${m.operator ? html`<span class="small muted"> · <span translate=${false}>${m.operator}</span></span>` : null}` : null}
            ${m && m.csq !== null && m.signalDbm !== null ? html`<br /><span class="small muted">${t('modem.signal')}: ${t('modem.signalValue', { csq: m.csq, dbm: m.signalDbm })}</span>` : null}
          </li>
          ${h.disks.map(
            (d) => html`<li key=${d.role}>
              <span class=${`dot-state state-${d.state}`}></span><span>${t('home.diskLine', { disk: d.role === 'library' ? t('status.disk.library') : t('status.disk.backup'), state: stateLabel(d.state) })}</span>
              ${d.freeBytes !== null && d.totalBytes !== null ? html`<br /><span class="small muted">${t('status.free', { free: gigabytes(d.freeBytes), total: gigabytes(d.totalBytes) })}</span>` : null}
            </li>`,
          )}
        </ul>
        <p><a href="#/status">${h.status === 'ok' ? t('status.overall.ok') : t('status.overall.degraded')}</a></p>`
      : html`<p class="muted">${t('app.loading')}</p>`}
  </section>`;
}
