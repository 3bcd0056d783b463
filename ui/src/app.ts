// The root: finds out whether the box needs its first-run wizard, whether we are logged
// in, and in which language to speak; then shows the wizard, the login or the app.
import { html } from 'htm/preact';
import { useCallback, useEffect, useMemo, useRef } from 'preact/hooks';
import { ApiFailure, api, onUnauthenticated } from './api';
import { AppCtx, type AppContext } from './app-context';
import type { Language, Me, SetupState } from './contract';
import { createSharedEvents } from './events';
import { setLanguage, storeLanguage, storedLanguage, t } from './i18n/catalog';
import { errorText } from './i18n/server-messages';
import { Banner } from './components/fields';
import { LoginPage } from './pages/login-page';
import { SetupWizard } from './pages/setup-wizard';
import { Shell } from './shell';
import { useValue } from './use-value';

type Phase = { kind: 'loading' } | { kind: 'failed'; error: unknown } | { kind: 'setup'; setup: SetupState } | { kind: 'login'; setup: SetupState } | { kind: 'app'; me: Me };

export function App() {
  const state = useValue<Phase>({ kind: 'loading' });
  const phase = state.value;
  const setPhase = state.set;
  // The language a person picked in this browser wins; otherwise the studio's.
  const picked = useValue<Language | null>(storedLanguage);
  const wizardLanguage = useValue<Language | null>(null);

  const studioLanguage = phase.kind === 'app' ? phase.me.settings.language : phase.kind === 'setup' || phase.kind === 'login' ? phase.setup.defaults.language : null;
  const lang: Language = (phase.kind === 'setup' ? wizardLanguage.value : null) ?? picked.value ?? studioLanguage ?? 'en';
  setLanguage(lang);

  const events = useMemo(
    () =>
      createSharedEvents({
        // The stream was refused: ask who we are, which sends us to the login on a 401.
        onStreamRefused: () => void api<Me>('GET', '/api/auth/me').catch(() => undefined),
      }),
    [],
  );

  const load = useCallback(async () => {
    try {
      const setup = await api<SetupState>('GET', '/api/setup');
      if (setup.needed) return setPhase({ kind: 'setup', setup });
      try {
        setPhase({ kind: 'app', me: await api<Me>('GET', '/api/auth/me') });
      } catch (err) {
        if (err instanceof ApiFailure && err.status === 401) return setPhase({ kind: 'login', setup });
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

  const pickLanguage = (l: Language) => {
    storeLanguage(l);
    picked.set(l);
  };

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
        defaults=${phase.setup.defaults}
        onLanguage=${wizardLanguage.set}
        onDone=${(me: Me) => setPhase({ kind: 'app', me })}
        onAlreadyDone=${() => void load()}
      />`;
    case 'login':
      return html`<${LoginPage} studioName=${phase.setup.defaults.studioName} language=${lang} onLanguage=${pickLanguage} onDone=${(me: Me) => setPhase({ kind: 'app', me })} />`;
    case 'app':
      return html`<${AppCtx.Provider} value=${ctx}>
        <${Shell} language=${lang} onLanguage=${pickLanguage} onLoggedOut=${() => void load()} />
      <//>`;
  }
}
