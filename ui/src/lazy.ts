// A page fetched when first opened (its own chunk in the build), so the first load stays small
// for the front desk's old PCs: the customer list and the home page are in app.js; a customer's
// page, SMS, calls, users, the audit log, status and settings arrive on demand. A chunk that
// cannot be fetched (the box restarting) says so, with a retry.
// A page names the i18n domains whose strings it shows (ui/src/i18n/domains.ts): they are
// fetched in the language on screen together with the page's chunk, before it first shows.
import { html } from 'htm/preact';
import type { ComponentType } from 'preact';
import { useEffect } from 'preact/hooks';
import { Banner } from './components/fields';
import { loadDomains, t, type Domain } from './i18n/catalog';
import { useValue } from './use-value';

export function lazy<P extends object>(load: () => Promise<ComponentType<P>>, domains: readonly Domain[] | 'all' = []): ComponentType<P> {
  let loaded: ComponentType<P> | null = null;
  let pending: Promise<ComponentType<P>> | null = null;
  const get = () =>
    (pending ??= Promise.all([load(), loadDomains(domains)]).then(
      ([c]) => (loaded = c),
      (err: unknown) => {
        pending = null;
        throw err;
      },
    ));
  return function Lazy(props: P) {
    const state = useValue<'loading' | 'failed' | 'ready'>(loaded ? 'ready' : 'loading');
    const attempt = () => {
      state.set('loading');
      get().then(
        () => state.set('ready'),
        () => state.set('failed'),
      );
    };
    useEffect(() => {
      if (!loaded) attempt();
    }, []);
    if (loaded) return html`<${loaded} ...${props} />`;
    if (state.value === 'failed')
      return html`<${Banner} kind="error">${t('error.network')}<//><button type="button" onClick=${attempt}>${t('app.retry')}</button>`;
    return html`<p class="muted">${t('app.loading')}</p>`;
  };
}
