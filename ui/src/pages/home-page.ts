// The home page after login (issue 10): a search box, today's numbers the box already knows
// (unread SMS, calls to return, the last card copies, the disks and the modem), and quick
// actions. Each part only for a user who may see it (the server checks again), kept current
// by the event stream; today's reminders (issue 14). The full dashboard comes with the reports.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { api } from '../api';
import { useApp, useServerEvents } from '../app-context';
import { TextField } from '../components/fields';
import { isActive, jobOutcome } from '../components/ingest-bits';
import type { Health, IngestJobInfo, MissedCaller, RemindersToday } from '../contract';
import { t, tOr } from '../i18n/catalog';
import { stateLabel } from '../i18n/enum-labels';
import { formatDateTime } from '../i18n/format';
import { can } from '../permissions';
import { navigate } from '../router';
import { useLatestOnly } from '../latest-only';
import { useValue } from '../use-value';
import { rememberSearch } from './customers-page';

/** Reminders listed on the home page; the reminders page has them all, with their actions. */
const HOME_REMINDERS = 5;

/** Fetches on mount and again on each of these events; null until the first answer. */
function useLive<T>(enabled: boolean, path: string, events: string[]): T | null {
  const value = useValue<T | null>(null);
  const latest = useLatestOnly();
  const load = () => {
    if (enabled) void latest(api<T>('GET', path), value.set);
  };
  useEffect(load, [enabled, path]);
  useServerEvents(['hello', ...events], load);
  return value.value;
}

function Tile(p: { label: string; value: number | null; href: string }) {
  return html`<a class=${p.value ? 'tile tile-hot' : 'tile'} href=${p.href}>
    <span class="tile-value">${p.value ?? '–'}</span>
    <span class="tile-label">${p.label}</span>
  </a>`;
}

function Search() {
  const q = useValue('');
  const submit = (e: Event) => {
    e.preventDefault();
    rememberSearch(q.value.trim());
    navigate('/customers');
  };
  return html`<form class="home-search" role="search" onSubmit=${submit}>
    <${TextField} type="search" label=${t('home.search')} hint=${t('home.searchHint')} value=${q.value} onValue=${q.set} autoFocus class="grow" />
    <button type="submit" class="primary">${t('home.searchButton')}</button>
  </form>`;
}

export function HomePage() {
  const me = useApp().me;
  const tz = me.settings.timeZone;
  const sms = can(me, 'sms', 'view');
  const calls = can(me, 'calls', 'view');
  const ingest = can(me, 'ingest', 'view');
  const reminders = can(me, 'reminders', 'view');
  const unread = useLive<{ count: number }>(sms, '/api/sms/unread', ['sms.unread', 'sms.received']);
  const missed = useLive<MissedCaller[]>(calls, '/api/calls/missed', ['call.ended', 'call.calledBack']);
  const jobs = useLive<IngestJobInfo[]>(ingest, '/api/ingest/jobs?limit=10', ['ingest.started', 'ingest.finished', 'ingest.failed']);
  const due = useLive<RemindersToday>(reminders, '/api/reminders/today', ['reminders.changed']);
  const health = useLive<Health>(true, '/api/health', ['modem.status', 'card.inserted', 'card.removed', 'ingest.finished', 'ingest.failed']);
  const copies = (jobs ?? []).filter((j) => j.kind !== 'upload').slice(0, 3);
  const actions = [
    can(me, 'customers', 'add') ? html`<a class="button primary" href="#/customers/new" key="c">${t('customers.new')}</a>` : null,
    can(me, 'sms', 'add') ? html`<a class="button" href="#/sms/compose" key="s">${t('home.sendSms')}</a>` : null,
  ].filter(Boolean);

  return html`<section class="home">
    <h1>${t('home.title')}</h1>
    ${can(me, 'customers', 'view') ? html`<${Search} />` : null}
    ${actions.length ? html`<div class="actions home-actions" aria-label=${t('home.actions')} role="group">${actions}</div>` : null}
    ${sms || calls || reminders
      ? html`<div class="tiles">
          ${reminders ? html`<${Tile} label=${t('home.remindersToday')} value=${due ? due.count : null} href="#/reminders" />` : null}
          ${sms ? html`<${Tile} label=${t('home.unreadSms')} value=${unread?.count ?? null} href="#/sms" />` : null}
          ${calls ? html`<${Tile} label=${t('home.callsToReturn')} value=${missed ? missed.length : null} href="#/calls" />` : null}
        </div>`
      : null}
    <div class="cards home-cards">
      ${reminders
        ? html`<section class="card" data-testid="home-reminders">
            <h2>${t('home.remindersToday')}</h2>
            ${due && due.items.length
              ? html`<ul class="plain home-list">
                  ${due.items.slice(0, HOME_REMINDERS).map(
                    (r) => html`<li key=${r.id}>
                      <a href=${`#/customers/${r.customer.id}`}>${r.customer.name}</a>
                      <span class="muted small"> · ${tOr(`reminderKind.${r.kind}`, r.kind)}${r.orderNo ? ` · ${r.orderNo}` : ''}</span>
                    </li>`,
                  )}
                </ul>
                <p><a href="#/reminders">${t('home.seeAll')}</a></p>`
              : html`<p class="muted">${due ? t('home.noReminders') : t('app.loading')}</p>`}
          </section>`
        : null}
      ${ingest
        ? html`<section class="card">
            <h2>${t('home.lastCopies')}</h2>
            ${copies.length
              ? html`<ul class="plain home-list">
                  ${copies.map(
                    (j) => html`<li key=${j.id}>
                      <a href=${`#/customers/${j.customerId}`}>${j.customer?.name ?? j.customerId}</a>
                      <span class="muted small"> · ${formatDateTime(j.finishedAt ?? j.createdAt, tz)}</span><br />
                      <span class=${j.state === 'done' ? 'small' : isActive(j) ? 'small muted' : 'small field-error'}>${isActive(j) ? t('ingest.queued') : jobOutcome(j)}</span>
                    </li>`,
                  )}
                </ul>`
              : html`<p class="muted">${jobs ? t('home.noCopies') : t('app.loading')}</p>`}
          </section>`
        : null}
      <section class="card">
        <h2>${t('home.box')}</h2>
        ${health
          ? html`<ul class="plain home-list">
              <li><span class=${`dot-state state-${health.modem.state}`}></span>${t('home.diskLine', { disk: t('status.modem'), state: stateLabel(health.modem.state) })}</li>
              ${health.disks.map(
                (d) =>
                  html`<li key=${d.role}><span class=${`dot-state state-${d.state}`}></span>${t('home.diskLine', { disk: d.role === 'library' ? t('status.disk.library') : t('status.disk.backup'), state: stateLabel(d.state) })}</li>`,
              )}
            </ul>
            <p><a href="#/status">${health.status === 'ok' ? t('status.overall.ok') : t('status.overall.degraded')}</a></p>`
          : html`<p class="muted">${t('app.loading')}</p>`}
      </section>
    </div>
  </section>`;
}
