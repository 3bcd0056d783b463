// The home page after login, the studio's dashboard (issues 10, 14, 20): a search box, quick
// actions, and what today holds by the box's clock: shoots, selections and pickups, reminders,
// unread SMS, calls to return, the takings (finance:view), the last card copies, both disks'
// free space, the modem's signal and SIM. Each part only for a user who may see it (the server
// checks again), each linking to its page, kept current by the event stream.
import { html } from 'htm/preact';
import { useApp } from '../app-context';
import { BoxCard, DASHBOARD_EVENTS, OrderList, Tile, useLive } from '../components/dashboard-parts';
import { TextField } from '../components/fields';
import { isActive, jobOutcome } from '../components/ingest/ingest-bits';
import type { Dashboard, Health, IngestJobInfo, MissedCaller, RemindersToday } from '../contract';
import { t, tOr } from '../i18n/catalog';
import { formatDate, formatDateTime } from '../i18n/format';
import { formatMoney } from '../money';
import { can } from '../permissions';
import { navigate } from '../router';
import { useValue } from '../use-value';
import { rememberSearch } from './crm/customers-page';

/** Reminders listed on the home page; the reminders page has them all, with their actions. */
const HOME_REMINDERS = 5;

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
  const d = useLive<Dashboard>(true, '/api/dashboard', DASHBOARD_EVENTS);
  const copies = (jobs ?? []).filter((j) => j.kind !== 'upload').slice(0, 3);
  const actions = [
    can(me, 'customers', 'add') ? html`<a class="button primary" href="#/customers/new" key="c">${t('customers.new')}</a>` : null,
    can(me, 'sms', 'add') ? html`<a class="button" href="#/sms/compose" key="s">${t('home.sendSms')}</a>` : null,
  ].filter(Boolean);

  return html`<section class="home">
    <h1>${t('home.title')} <span class="muted small" data-testid="home-today">${d ? formatDate(d.today) : ''}</span></h1>
    ${can(me, 'customers', 'view') ? html`<${Search} />` : null}
    ${actions.length ? html`<div class="actions home-actions" aria-label=${t('home.actions')} role="group">${actions}</div>` : null}
    <div class="tiles">
      ${d?.shoots ? html`<${Tile} label=${t('home.shoots')} value=${d.shoots.count} href="#/workflow" testId="tile-shoots" />` : null}
      ${d?.selections ? html`<${Tile} label=${t('home.selections')} value=${d.selections.count} href="#/workflow" testId="tile-selections" />` : null}
      ${d?.pickups ? html`<${Tile} label=${t('home.pickups')} value=${d.pickups.count} href="#/workflow" testId="tile-pickups" />` : null}
      ${reminders ? html`<${Tile} label=${t('home.remindersToday')} value=${due ? due.count : null} href="#/reminders" testId="tile-reminders" />` : null}
      ${sms ? html`<${Tile} label=${t('home.unreadSms')} value=${unread?.count ?? null} href="#/sms" testId="tile-sms" />` : null}
      ${calls ? html`<${Tile} label=${t('home.callsToReturn')} value=${missed ? missed.length : null} href="#/calls" testId="tile-calls" />` : null}
      ${d?.takings
        ? html`<${Tile} label=${d.takings.closed ? t('home.takingsClosed') : t('home.takings')} value=${formatMoney(d.takings.totalMinor, d.takings.currency)} href="#/till" hot=${false} testId="tile-takings" />`
        : null}
    </div>
    <div class="cards home-cards">
      ${d?.shoots && d.selections && d.pickups
        ? html`<section class="card" data-testid="home-orders">
            <h2>${t('home.todayOrders')}</h2>
            <${OrderList} title=${t('home.shoots')} list=${d.shoots} d=${d} testId="home-shoots" />
            <${OrderList} title=${t('home.selections')} list=${d.selections} d=${d} testId="home-selections" />
            <${OrderList} title=${t('home.pickups')} list=${d.pickups} d=${d} testId="home-pickups" />
          </section>`
        : null}
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
        ? html`<section class="card" data-testid="home-copies">
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
      <${BoxCard} health=${health} modem=${d?.modem ?? null} />
    </div>
  </section>`;
}
