// The root: finds out whether the box needs its first-run wizard, whether we are logged
// in, and in which language to speak; then shows the wizard, the login or the app.
// main.ts has already loaded the first language's catalog; another language (picked in the
// top bar or the wizard, or the studio's after a settings change) is fetched first, and the
// screen stays in the language it is in until it has arrived.
import { html } from 'htm/preact';
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { ApiFailure, api, onUnauthenticated } from './api';
import { AppCtx, type AppContext } from './app-context';
import type { Language, Me, SetupDone, SetupNeeded, SetupState } from './contract';
import { createSharedEvents } from './events';
import { browserLanguage, getLanguage, hasFailed, isLoaded, loadLanguage, setLanguage, storeLanguage, storedLanguage, t } from './i18n/catalog';
import { errorText } from './i18n/server-messages';
import { Banner } from './components/fields';
import { LoginPage } from './pages/login-page';
import { SetupWizard } from './pages/setup-wizard';
import { Shell } from './shell';
import { lazy } from './lazy';
import { useRoute } from './router';

// The public order look-up (#/lookup, no login): its own chunk, with the workflow's words.
const LookupPage = lazy(() => import('./pages/crm/lookup-page').then((m) => m.LookupPage), ['workflow']);

/** The login, or at #/lookup the customer's order look-up. */
function LoginOrLookup(p: { login: () => ReturnType<typeof html> }) {
  return useRoute()[0] === 'lookup' ? html`<${LookupPage} />` : p.login();
}
import { useValue } from './use-value';
import { noteBoxClock } from './studio-day';

type Phase = { kind: 'loading' } | { kind: 'failed'; error: unknown } | { kind: 'setup'; setup: SetupNeeded } | { kind: 'login'; login: SetupDone['login'] } | { kind: 'app'; me: Me };

export interface AppProps {
  /** /api/setup, already asked by main.ts (it carries the studio's language): used by the first load. */
  setup?: Promise<SetupState>;
  /**
   * /api/auth/me, asked by main.ts at the same time as /api/setup (a 401 when nobody is logged
   * in or the box is not set up): the first load saves a round trip. Used once.
   */
  me?: Promise<Me>;
}

export function App(p: AppProps) {
  const state = useValue<Phase>({ kind: 'loading' });
  const phase = state.value;
  const setPhase = useCallback((p: Phase) => {
    if (p.kind === 'app') noteBoxClock(p.me);
    state.set(p);
  }, [state.set]);
  // The language a person picked in this browser wins; otherwise the studio's.
  const picked = useValue<Language | null>(storedLanguage);
  const wizardLanguage = useValue<Language | null>(null);
  // The language being fetched after a pick in the top bar (the switch shows it meanwhile).
  const choosing = useValue<Language | null>(null);
  const lastPick = useRef<Language | null>(null);
  const arrived = useValue(0);

  // The wizard opens in the browser's language when the box speaks it (and suggests it as the studio's).
  const setupDefaults = useMemo(() => (phase.kind === 'setup' ? { ...phase.setup.defaults, language: browserLanguage() ?? phase.setup.defaults.language } : null), [phase]);
  const studioLanguage = phase.kind === 'app' ? phase.me.settings.language : setupDefaults ? setupDefaults.language : phase.kind === 'login' ? phase.login.language : null;
  const wanted: Language = (phase.kind === 'setup' ? wizardLanguage.value : null) ?? picked.value ?? studioLanguage ?? getLanguage();
  // Shown at once when its catalog is here; otherwise the effect below fetches it, and until
  // then the screen stays in the language it is in. One that could not be fetched (main.ts
  // fell back to English, or the effect tried) is not asked again until picked again.
  setLanguage(wanted);
  const lang = getLanguage();
  useEffect(() => {
    if (isLoaded(wanted) || hasFailed(wanted)) return;
    let live = true;
    loadLanguage(wanted).then(
      () => live && arrived.set((n) => n + 1),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [wanted]);

  const events = useMemo(
    () =>
      createSharedEvents({
        // The stream was refused: ask who we are, which sends us to the login on a 401.
        onStreamRefused: () => void api<Me>('GET', '/api/auth/me').catch(() => undefined),
      }),
    [],
  );

  const prefetched = useRef(p.setup);
  const prefetchedMe = useRef(p.me);
  const load = useCallback(async () => {
    try {
      const first = prefetched.current;
      const firstMe = prefetchedMe.current;
      prefetched.current = undefined;
      prefetchedMe.current = undefined;
      const setup = await (first ?? api<SetupState>('GET', '/api/setup'));
      if (setup.needed) return setPhase({ kind: 'setup', setup });
      try {
        setPhase({ kind: 'app', me: await (firstMe ?? api<Me>('GET', '/api/auth/me')) });
      } catch (err) {
        if (err instanceof ApiFailure && err.status === 401) return setPhase({ kind: 'login', login: setup.login });
        throw err;
      }
    } catch (error) {
      setPhase({ kind: 'failed', error });
    }
  }, [setPhase]);

  // A 401 while logged in means the session ended (expired, logged out in another tab).
  const phaseRef = useRef(phase);
  phaseRef.current = phase;
  useEffect(() => {
    void load();
    return onUnauthenticated(() => {
      if (phaseRef.current.kind === 'app') void load();
    });
  }, [load]);

  const loggedIn = phase.kind === 'app';
  useEffect(() => {
    if (!loggedIn) return;
    events.start();
    return () => events.stop();
  }, [loggedIn, events]);

  // A pick in the top bar: fetch the language, then switch (and remember it in this browser).
  // If it cannot be fetched the screen stays as it is and the switch goes back to it.
  const pickLanguage = async (l: Language) => {
    lastPick.current = l;
    choosing.set(l);
    try {
      await loadLanguage(l);
      if (lastPick.current !== l) return;
      storeLanguage(l);
      picked.set(l);
    } catch {
      // Fetched twice in vain (the box restarting?): nothing changes.
    } finally {
      if (lastPick.current === l) choosing.set(null);
    }
  };
  const switchValue = choosing.value ?? lang;

  const ctx: AppContext | null = useMemo(
    () =>
      phase.kind === 'app'
        ? {
            me: phase.me,
            events,
            refreshMe: async () => setPhase({ kind: 'app', me: await api<Me>('GET', '/api/auth/me') }),
          }
        : null,
    [phase, events, setPhase],
  );

  switch (phase.kind) {
    case 'loading':
      return html`<main class="center"><p>${t('app.loading')}</p></main>`;
    case 'failed':
      return html`<main class="center">
        <${Banner} kind="error">${errorText(phase.error)}<//>
        <button type="button" onClick=${() => (setPhase({ kind: 'loading' }), void load())}>${t('app.retry')}</button>
      </main>`;
    case 'setup':
      return html`<${SetupWizard}
        defaults=${setupDefaults}
        onLanguage=${wizardLanguage.set}
        onDone=${(me: Me) => setPhase({ kind: 'app', me })}
        onAlreadyDone=${() => void load()}
      />`;
    case 'login':
      return html`<${LoginOrLookup}
        login=${() => html`<${LoginPage} studioName=${phase.login.studioName} language=${switchValue} onLanguage=${pickLanguage} onDone=${(me: Me) => setPhase({ kind: 'app', me })} />`}
      />`;
    case 'app':
      return html`<${AppCtx.Provider} value=${ctx}>
        <${Shell} language=${switchValue} onLanguage=${pickLanguage} onLoggedOut=${() => void load()} />
      <//>`;
  }
}
