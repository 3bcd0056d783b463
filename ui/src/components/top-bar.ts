// The bar on every screen: studio name, the sections this user may open, language,
// who is logged in, and log out. On the right, the unread-SMS letter (for users with sms:view).
import { html } from 'htm/preact';
import { useApp } from '../app-context';
import type { Action, Feature, Language } from '../contract';
import { t, type MessageKey } from '../i18n/catalog';
import { can } from '../permissions';
import { LanguageSwitch } from './language-switch';
import { SmsLetter } from './sms-letter';

interface NavItem {
  path: string;
  label: MessageKey;
  needs: [Feature, Action] | null;
}

export const NAV: NavItem[] = [
  { path: 'customers', label: 'nav.customers', needs: ['customers', 'view'] },
  { path: 'sms', label: 'nav.sms', needs: ['sms', 'view'] },
  { path: 'calls', label: 'nav.calls', needs: ['calls', 'view'] },
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
}

export function TopBar(p: TopBarProps) {
  const me = useApp().me;
  const items = NAV.filter((n) => !n.needs || can(me, n.needs[0], n.needs[1]));
  return html`<header class="top-bar">
    <a class="studio-name" href="#/">${me.settings.studioName || t('app.name')}</a>
    <nav aria-label=${t('nav.main')}>
      <ul>
        ${items.map(
          (n) => html`<li key=${n.path}><a href=${`#/${n.path}`} aria-current=${p.section === n.path ? 'page' : undefined}>${t(n.label)}</a></li>`,
        )}
      </ul>
    </nav>
    <div class="top-tools">
      <${LanguageSwitch} value=${p.language} onValue=${p.onLanguage} />
      <span class="who" title=${t('nav.signedInAs', { name: me.user.displayName })}>${me.user.displayName}</span>
      <button type="button" class="link-button" onClick=${p.onLogout}>${t('nav.logout')}</button>
      ${can(me, 'sms', 'view') ? html`<${SmsLetter} />` : html`<span class="slot-letter" aria-hidden="true"></span>`}
    </div>
  </header>`;
}
