// The bar on every screen: studio name, the sections this user may open, language,
// who is logged in, and log out. On the right, the card indicator while cards wait (a click
// brings their dialog back) and the unread-SMS letter (for users with sms:view). On a phone the
// sections, language and log out fold into a Menu button; the two signs stay in sight.
import { html } from 'htm/preact';
import { useEffect } from 'preact/hooks';
import { useApp } from '../app-context';
import type { Action, Feature, Language } from '../contract';
import { t, type MessageKey } from '../i18n/catalog';
import { can } from '../permissions';
import { LanguageSwitch } from './language-switch';
import { CardIndicator, type CardDesk } from './ingest/ingest-center';
import { ReminderBadge } from './reminders/reminder-badge';
import { SmsLetter } from './care/sms-letter';
import { VisitBadge } from './crm/visit-badge';
import { useValue } from '../use-value';

interface NavItem {
  path: string;
  label: MessageKey;
  needs: [Feature, Action] | null;
}

export const NAV: NavItem[] = [
  { path: 'customers', label: 'nav.customers', needs: ['customers', 'view'] },
  { path: 'stages', label: 'nav.stages', needs: ['customers', 'view'] },
  { path: 'workflow', label: 'nav.workflow', needs: ['workflow', 'view'] },
  { path: 'appointments', label: 'nav.appointments', needs: ['workflow', 'view'] },
  { path: 'reminders', label: 'nav.reminders', needs: ['reminders', 'view'] },
  { path: 'sms', label: 'nav.sms', needs: ['sms', 'view'] },
  { path: 'templates', label: 'nav.templates', needs: ['templates', 'view'] },
  { path: 'campaigns', label: 'nav.campaigns', needs: ['campaigns', 'view'] },
  { path: 'calls', label: 'nav.calls', needs: ['calls', 'view'] },
  { path: 'till/arrears', label: 'nav.till', needs: ['finance', 'view'] },
  { path: 'reports', label: 'nav.reports', needs: ['reports', 'view'] },
  { path: 'users', label: 'nav.users', needs: ['users', 'view'] },
  { path: 'groups', label: 'nav.groups', needs: ['users', 'view'] },
  { path: 'audit', label: 'nav.audit', needs: ['audit', 'view'] },
  { path: 'status', label: 'nav.status', needs: null },
  { path: 'settings', label: 'nav.settings', needs: ['settings', 'view'] },
];

export interface TopBarProps {
  section: string;
  language: Language;
  onLanguage(l: Language): void;
  onLogout(): void;
  /** The inserted cards, for users who may see card ingest. */
  desk: CardDesk | null;
}

export function TopBar(p: TopBarProps) {
  const me = useApp().me;
  const items = NAV.filter((n) => !n.needs || can(me, n.needs[0], n.needs[1]));
  const open = useValue(false);
  // A section picked from the phone menu closes it.
  useEffect(() => open.set(false), [p.section]);
  return html`<header class=${open.value ? 'top-bar menu-open' : 'top-bar'}>
    <a class="studio-name" href="#/" title=${t('nav.home')}>${me.settings.studioName || t('app.name')}</a>
    <button type="button" class="menu-toggle" aria-expanded=${open.value ? 'true' : 'false'} aria-controls="top-menu" onClick=${() => open.set(!open.value)}>
      <svg viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false"><path d="M4 6.5h16M4 12h16M4 17.5h16" stroke="currentColor" stroke-width="2" /></svg>
      ${t('nav.menu')}
    </button>
    <div class="top-signs">
      ${p.desk ? html`<${CardIndicator} desk=${p.desk} />` : null}
      ${can(me, 'reminders', 'view') ? html`<${ReminderBadge} />` : null}
      ${can(me, 'contacts', 'view') ? html`<${VisitBadge} />` : null}
      ${can(me, 'sms', 'view') ? html`<${SmsLetter} />` : html`<span class="slot-letter" aria-hidden="true"></span>`}
    </div>
    <div class="top-menu" id="top-menu">
      <nav aria-label=${t('nav.main')}>
        <ul>
          ${items.map(
            (n) => html`<li key=${n.path}><a href=${`#/${n.path}`} aria-current=${p.section === n.path.split('/')[0] ? 'page' : undefined}>${t(n.label)}</a></li>`,
          )}
        </ul>
      </nav>
      <div class="top-tools">
        <${LanguageSwitch} value=${p.language} onValue=${p.onLanguage} />
        <span class="who" title=${t('nav.signedInAs', { name: me.user.displayName })}>${me.user.displayName}</span>
        <button type="button" class="link-button" onClick=${p.onLogout}>${t('nav.logout')}</button>
      </div>
    </div>
  </header>`;
}
