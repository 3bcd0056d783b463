// The logged-in app: the top bar and the page the hash names, each page behind the right
// it needs (the server checks again; this only avoids showing doors that will not open).
import { html } from 'htm/preact';
import { api } from './api';
import { useApp } from './app-context';
import type { Language } from './contract';
import { Banner } from './components/fields';
import { CallPopup } from './components/call-popup';
import { CampaignStrip } from './components/campaigns/campaign-strip';
import { IngestCenter, useCardDesk } from './components/ingest/ingest-center';
import { ScrubAlarm } from './components/system/scrub-alarm';
import { TopBar } from './components/top-bar';
import { t } from './i18n/catalog';
import { CustomersPage } from './pages/crm/customers-page';
import { HomePage } from './pages/home-page';
import { lazy } from './lazy';
import { can } from './permissions';
import { useRoute } from './router';

// The pages a person opens after the first screen, each fetched when first opened, with the
// i18n domains whose strings it shows (ui/src/i18n/domains.ts; 'all' for pages that name every
// domain's actions, record kinds or features). ui/test/i18n-domains.test.ts checks the lists.
const TillPage = lazy(() => import('./pages/till/till-page').then((m) => m.TillPage), ['books', 'commerce', 'reminders', 'selection', 'till']);
const BillPage = lazy(() => import('./pages/till/bill-page').then((m) => m.BillPage), ['commerce', 'reminders', 'selection', 'till']);
const AuditPage = lazy(() => import('./pages/admin/audit-page').then((m) => m.AuditPage), 'all');
const CallsPage = lazy(() => import('./pages/messaging/calls-page').then((m) => m.CallsPage));
const CustomerDetail = lazy(() => import('./pages/crm/customer-detail').then((m) => m.CustomerDetail), ['care', 'commerce', 'crm', 'reminders', 'selection', 'till']);
const CustomerImportPage = lazy(() => import('./pages/crm/customer-import-page').then((m) => m.CustomerImportPage), ['imports', 'reminders']);
const CustomerForm = lazy(() => import('./pages/crm/customer-form').then((m) => m.CustomerForm), ['reminders']);
const GroupForm = lazy(() => import('./pages/admin/group-form').then((m) => m.GroupForm), 'all');
const GroupsPage = lazy(() => import('./pages/admin/groups-page').then((m) => m.GroupsPage), 'all');
const SettingsPage = lazy(() => import('./pages/admin/settings-page').then((m) => m.SettingsPage), ['box', 'care', 'commerce', 'imports', 'reminders', 'stages', 'till']);
const SmsComposePage = lazy(() => import('./pages/messaging/sms-compose-page').then((m) => m.SmsComposePage));
const SmsPage = lazy(() => import('./pages/messaging/sms-page').then((m) => m.SmsPage), ['care']);
const ReportsPage = lazy(() => import('./pages/till/reports-page').then((m) => m.ReportsPage), ['reports']);
const RemindersPage = lazy(() => import('./pages/messaging/reminders-page').then((m) => m.RemindersPage), ['reminders']);
const AppointmentsPage = lazy(() => import('./pages/workflow/appointments-page').then((m) => m.AppointmentsPage), ['appointments']);
const WorkflowPage = lazy(() => import('./pages/workflow/workflow-page').then((m) => m.WorkflowPage), ['workflow']);
const SelectionPage = lazy(() => import('./pages/workflow/selection-page').then((m) => m.SelectionPage), ['selection']);
const PostTasksPage = lazy(() => import('./pages/workflow/post-tasks-page').then((m) => m.PostTasksPage), ['workflow']);
const VisitsPage = lazy(() => import('./pages/crm/visits-page').then((m) => m.VisitsPage), ['crm']);
const StagesPage = lazy(() => import('./pages/crm/stages-page').then((m) => m.StagesPage), ['stages']);
const TemplatesPage = lazy(() => import('./pages/messaging/templates-page').then((m) => m.TemplatesPage), ['care']);
const CampaignsPage = lazy(() => import('./pages/messaging/campaigns-page').then((m) => m.CampaignsPage), ['campaigns', 'care']);
const MailCampaignsPage = lazy(() => import('./pages/messaging/mail-campaigns-page').then((m) => m.MailCampaignsPage), ['campaigns', 'care', 'imports']);
const StatusPage = lazy(() => import('./pages/admin/status-page').then((m) => m.StatusPage), ['box', 'mirror', 'network', 'scrub', 'simulator', 'system']);
const SystemPage = lazy(() => import('./pages/admin/system-page').then((m) => m.SystemPage), ['box']);
const UserForm = lazy(() => import('./pages/admin/user-form').then((m) => m.UserForm));
const UsersPage = lazy(() => import('./pages/admin/users-page').then((m) => m.UsersPage));

export interface ShellProps {
  language: Language;
  onLanguage(l: Language): void;
  onLoggedOut(): void;
}

function idOf(s: string | undefined): number | null {
  return s && /^\d+$/.test(s) ? Number(s) : null;
}

export function Shell(p: ShellProps) {
  const me = useApp().me;
  const route = useRoute();
  const section = route[0] ?? 'home';
  const ingest = can(me, 'ingest', 'view');
  const desk = useCardDesk(ingest);
  const sub = route[1];
  const id = idOf(sub);

  const logout = async () => {
    try {
      await api('POST', '/api/auth/logout');
    } finally {
      p.onLoggedOut();
    }
  };

  const forbidden = html`<${Banner} kind="error">${t('error.forbidden')}<//>`;
  const notFound = html`<${Banner} kind="error">${t('error.notFound')}<//>`;

  let page;
  switch (section) {
    case 'home':
      page = html`<${HomePage} />`;
      break;
    case 'customers':
      if (!can(me, 'customers', 'view')) page = forbidden;
      else if (sub === 'new') page = can(me, 'customers', 'add') ? html`<${CustomerForm} key=${location.hash} id=${null} />` : forbidden;
      else if (sub === 'import') page = can(me, 'customers', 'add') ? html`<${CustomerImportPage} />` : forbidden;
      else if (id !== null && route[2] === 'edit') page = can(me, 'customers', 'edit') ? html`<${CustomerForm} key=${`edit-${id}`} id=${id} />` : forbidden;
      else if (id !== null) page = html`<${CustomerDetail} key=${id} id=${id} />`;
      else page = html`<${CustomersPage} />`;
      break;
    case 'stages':
      page = can(me, 'customers', 'view') ? html`<${StagesPage} />` : forbidden;
      break;
    case 'workflow':
      page = can(me, 'workflow', 'view') ? html`<${WorkflowPage} />` : forbidden;
      break;
    case 'selection':
      page = !can(me, 'photos', 'view') ? forbidden : id !== null ? html`<${SelectionPage} key=${id} orderId=${id} />` : notFound;
      break;
    case 'appointments':
      page = can(me, 'workflow', 'view') ? html`<${AppointmentsPage} />` : forbidden;
      break;
    case 'tasks':
      page = can(me, 'workflow', 'view') ? html`<${PostTasksPage} />` : forbidden;
      break;
    case 'visits':
      page = can(me, 'contacts', 'view') ? html`<${VisitsPage} />` : forbidden;
      break;
    case 'reminders':
      page = can(me, 'reminders', 'view') ? html`<${RemindersPage} />` : forbidden;
      break;
    case 'users':
      if (!can(me, 'users', 'view')) page = forbidden;
      else if (sub === 'new' || id !== null) page = html`<${UserForm} key=${sub} id=${id} />`;
      else page = html`<${UsersPage} />`;
      break;
    case 'groups':
      if (!can(me, 'users', 'view')) page = forbidden;
      else if (sub === 'new' || id !== null) page = html`<${GroupForm} key=${sub} id=${id} />`;
      else page = html`<${GroupsPage} />`;
      break;
    case 'sms':
      if (!can(me, 'sms', 'view')) page = forbidden;
      else if (sub === 'compose') page = can(me, 'sms', 'add') ? html`<${SmsComposePage} key=${location.hash} />` : forbidden;
      else page = html`<${SmsPage} tab=${sub === 'outbox' ? 'outbox' : 'inbox'} />`;
      break;
    case 'templates':
      page = can(me, 'templates', 'view') ? html`<${TemplatesPage} />` : forbidden;
      break;
    case 'campaigns':
      page = !can(me, 'campaigns', 'view') ? forbidden : sub === 'mail' ? html`<${MailCampaignsPage} openId=${idOf(route[2])} />` : html`<${CampaignsPage} openId=${id} />`;
      break;
    case 'calls':
      page = can(me, 'calls', 'view') ? html`<${CallsPage} />` : forbidden;
      break;
    case 'audit':
      page = can(me, 'audit', 'view') ? html`<${AuditPage} />` : forbidden;
      break;
    case 'status':
      page = html`<${StatusPage} />`;
      break;
    case 'system':
      page = me.user.isAdmin ? html`<${SystemPage} />` : forbidden;
      break;
    case 'till':
      page = can(me, 'finance', 'view') ? html`<${TillPage} tab=${sub === 'closing' || sub === 'statements' || sub === 'books' ? sub : 'arrears'} />` : forbidden;
      break;
    case 'reports':
      page = can(me, 'reports', 'view') ? html`<${ReportsPage} name=${sub ?? null} />` : forbidden;
      break;
    case 'bill':
      page = !can(me, 'finance', 'view') ? forbidden : id !== null ? html`<${BillPage} key=${id} orderId=${id} />` : notFound;
      break;
    case 'settings':
      page = can(me, 'settings', 'view') ? html`<${SettingsPage} />` : forbidden;
      break;
    default:
      page = notFound;
  }

  return html`<a class="skip" href="#main" onClick=${(e: Event) => (e.preventDefault(), document.getElementById('main')?.focus())}>${t('app.skipToContent')}</a>
    <${TopBar} section=${section} language=${p.language} onLanguage=${p.onLanguage} onLogout=${logout} desk=${ingest ? desk : null} />
    ${can(me, 'campaigns', 'view') ? html`<${CampaignStrip} />` : null}
    ${me.user.isAdmin ? html`<${ScrubAlarm} />` : null}
    <main id="main" tabindex="-1">${page}</main>
    ${can(me, 'calls', 'view') ? html`<${CallPopup} />` : null}
    ${ingest ? html`<${IngestCenter} desk=${desk} />` : null}`;
}
