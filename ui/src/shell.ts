// The logged-in app: the top bar and the page the hash names, each page behind the right
// it needs (the server checks again; this only avoids showing doors that will not open).
import { html } from 'htm/preact';
import { api } from './api';
import { useApp } from './app-context';
import type { Language } from './contract';
import { Banner } from './components/fields';
import { CallPopup } from './components/call-popup';
import { IngestCenter } from './components/ingest-center';
import { ScrubAlarm } from './components/scrub-alarm';
import { TopBar } from './components/top-bar';
import { t } from './i18n/catalog';
import { AuditPage } from './pages/audit-page';
import { CallsPage } from './pages/calls-page';
import { CustomerDetail } from './pages/customer-detail';
import { CustomerForm } from './pages/customer-form';
import { CustomersPage } from './pages/customers-page';
import { GroupForm } from './pages/group-form';
import { GroupsPage } from './pages/groups-page';
import { SettingsPage } from './pages/settings-page';
import { SmsComposePage } from './pages/sms-compose-page';
import { SmsPage } from './pages/sms-page';
import { StatusPage } from './pages/status-page';
import { UserForm } from './pages/user-form';
import { UsersPage } from './pages/users-page';
import { can } from './permissions';
import { useRoute } from './router';

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
  const section = route[0] ?? (can(me, 'customers', 'view') ? 'customers' : 'status');
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
    case 'customers':
      if (!can(me, 'customers', 'view')) page = forbidden;
      else if (sub === 'new') page = can(me, 'customers', 'add') ? html`<${CustomerForm} key=${location.hash} id=${null} />` : forbidden;
      else if (id !== null && route[2] === 'edit') page = can(me, 'customers', 'edit') ? html`<${CustomerForm} key=${`edit-${id}`} id=${id} />` : forbidden;
      else if (id !== null) page = html`<${CustomerDetail} key=${id} id=${id} />`;
      else page = html`<${CustomersPage} />`;
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
    case 'calls':
      page = can(me, 'calls', 'view') ? html`<${CallsPage} />` : forbidden;
      break;
    case 'audit':
      page = can(me, 'audit', 'view') ? html`<${AuditPage} />` : forbidden;
      break;
    case 'status':
      page = html`<${StatusPage} />`;
      break;
    case 'settings':
      page = can(me, 'settings', 'view') ? html`<${SettingsPage} />` : forbidden;
      break;
    default:
      page = notFound;
  }

  return html`<a class="skip" href="#main" onClick=${(e: Event) => (e.preventDefault(), document.getElementById('main')?.focus())}>${t('app.skipToContent')}</a>
    <${TopBar} section=${section} language=${p.language} onLanguage=${p.onLanguage} onLogout=${logout} />
    ${me.user.isAdmin ? html`<${ScrubAlarm} />` : null}
    <main id="main" tabindex="-1">${page}</main>
    ${can(me, 'calls', 'view') ? html`<${CallPopup} />` : null}
    ${can(me, 'ingest', 'view') ? html`<${IngestCenter} />` : null}`;
}
